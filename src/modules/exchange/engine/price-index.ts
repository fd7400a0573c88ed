/**
 * The by-product price index (seed 004 mechanism 6; issue: by-product exchange). Weekly, per cell
 * (category × grade) and for any set of cells (a category, the composite), chained from weekly
 * links with the previous calendar year's volumes as weights:
 *
 *   p_k,t  = Σ tonnes × price / Σ tonnes over week t's trades of cell k (outliers excluded)
 *   link_t = Σ_k q_k,y−1 · p_k,t / Σ_k q_k,y−1 · p_k,s   over the cells priced in both t and s,
 *            s being the last priced week before t (t − 1 when it was priced)
 *   I_t    = I_s × link_t,  I_base = 100 (the base week, or the first priced week after it)
 *
 * q_k,y−1 is the cell's traded tonnes in the calendar year before week t's year (a week's year
 * is that of its Thursday, as ISO 8601 numbers weeks); in the first year with trades the year's
 * own tonnes are the weights. A cell is priced in a week only with at least `minTrades` trades
 * from at least `minSellers` sellers (the disclosure rule: no published price reveals one
 * firm's trade). A week with no cell priced in common with the last priced week is a gap: its
 * index is null, never an invented value, and the next priced week is chained from the last one.
 *
 * Outliers: in a cell-week of at least `OUTLIER_MIN_TRADES` trades, a trade whose log price is
 * more than `OUTLIER_MADS` scaled median absolute deviations from the median log price is
 * excluded (a robust rule: one mistyped price cannot move the median or the MAD).
 */

export interface IndexTrade {
  /** Day of the trade, YYYY-MM-DD. */
  date: string;
  /** Category × grade, e.g. `cellulose-rich|A`. */
  cell: string;
  seller: string;
  tonnes: number;
  /** 元 per tonne. */
  price: number;
}

const OUTLIER_MIN_TRADES = 4;
const OUTLIER_MADS = 3;
/** Scales a median absolute deviation to a standard deviation under normality. */
const MAD_TO_SD = 1.4826;
const INDEX_BASE_VALUE = 100;

export interface PriceIndexOptions {
  /** The cells the index covers (default: every cell that has trades). */
  cells?: readonly string[];
  /** ISO week `YYYY-Www` whose index is 100 (default: the first full week of the first year with trades). */
  baseWeek?: string;
  minTrades?: number;
  minSellers?: number;
}

export interface CellWeek {
  week: string;
  /** Volume-weighted mean price; null when the cell is not priced that week. */
  price: number | null;
  trades: number;
  sellers: number;
  tonnes: number;
  outliers: number;
}

export interface IndexWeek {
  week: string;
  /** Monday of the week. */
  start: string;
  index: number | null;
  /** Ratio to the last priced week; null at the base and in gaps. */
  link: number | null;
  /** The cells the link compared. */
  cellsLinked: number;
}

export interface PriceIndexResult {
  baseWeek: string | null;
  weeks: IndexWeek[];
  /** Per cell, the weeks it traded in. */
  cells: Record<string, CellWeek[]>;
}

// ---------------------------------------------------------------- ISO weeks (UTC, no clock)

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number => {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(ms)) throw new RangeError(`"${date}" is not a date (YYYY-MM-DD)`);
  return Math.floor(ms / DAY_MS);
};
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
const weekday = (day: number): number => (((day + 3) % 7) + 7) % 7;

/** The ISO week of a day: `YYYY-Www`, and the Monday it starts on. */
export function isoWeek(date: string): { week: string; monday: number; year: number } {
  const day = dayNumber(date);
  const monday = day - weekday(day);
  const thursday = monday + 3;
  const year = Number(dateOf(thursday).slice(0, 4));
  const firstThursday = dayNumber(`${year}-01-01`);
  const jan1Thursday = firstThursday + ((3 - weekday(firstThursday) + 7) % 7);
  const n = 1 + Math.round((thursday - jan1Thursday) / 7);
  return { week: `${year}-W${String(n).padStart(2, '0')}`, monday, year };
}

function mondayOfWeek(week: string): number {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new RangeError(`"${week}" is not an ISO week (YYYY-Www)`);
  const jan4 = dayNumber(`${m[1]}-01-04`);
  const monday = jan4 - weekday(jan4) + (Number(m[2]) - 1) * 7;
  if (isoWeek(dateOf(monday)).week !== week) throw new RangeError(`"${week}" does not exist`);
  return monday;
}

/** The first week whose seven days all fall in `year`. */
function firstFullWeek(year: number): number {
  const jan1 = dayNumber(`${year}-01-01`);
  return jan1 + ((7 - weekday(jan1)) % 7);
}

// ---------------------------------------------------------------- elementary prices

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

function cellWeek(week: string, trades: readonly IndexTrade[], minTrades: number, minSellers: number): CellWeek {
  let kept = trades;
  if (trades.length >= OUTLIER_MIN_TRADES) {
    const logs = trades.map((t) => Math.log(t.price));
    const m = median([...logs].sort((a, b) => a - b));
    const mad = median(logs.map((l) => Math.abs(l - m)).sort((a, b) => a - b));
    const limit = OUTLIER_MADS * MAD_TO_SD * mad;
    kept = trades.filter((_, k) => Math.abs(logs[k]! - m) <= limit);
  }
  const tonnes = kept.reduce((s, t) => s + t.tonnes, 0);
  const sellers = new Set(kept.map((t) => t.seller)).size;
  const priced = kept.length >= minTrades && sellers >= minSellers && tonnes > 0;
  return {
    week,
    price: priced ? kept.reduce((s, t) => s + t.tonnes * t.price, 0) / tonnes : null,
    trades: kept.length,
    sellers,
    tonnes,
    outliers: trades.length - kept.length,
  };
}

// ---------------------------------------------------------------- the index

export function priceIndex(trades: readonly IndexTrade[], options: PriceIndexOptions = {}): PriceIndexResult {
  const minTrades = options.minTrades ?? 3;
  const minSellers = options.minSellers ?? 2;
  trades.forEach((t, k) => {
    if (!(t.tonnes > 0 && Number.isFinite(t.tonnes))) throw new RangeError(`trade ${k}: tonnes must be a positive number`);
    if (!(t.price > 0 && Number.isFinite(t.price))) throw new RangeError(`trade ${k}: price must be a positive number`);
  });
  const cellSet = new Set(options.cells ?? trades.map((t) => t.cell));
  const mine = trades.filter((t) => cellSet.has(t.cell));
  if (mine.length === 0) return { baseWeek: null, weeks: [], cells: {} };

  // Weights: tonnes per cell and calendar year.
  const volume = new Map<string, number>();
  for (const t of mine) {
    const key = `${t.cell}|${t.date.slice(0, 4)}`;
    volume.set(key, (volume.get(key) ?? 0) + t.tonnes);
  }
  const firstYear = Math.min(...mine.map((t) => Number(t.date.slice(0, 4))));
  const weightOf = (cell: string, year: number) => volume.get(`${cell}|${year === firstYear ? year : year - 1}`) ?? 0;

  // Elementary prices per cell and week.
  const byCellWeek = new Map<string, Map<string, IndexTrade[]>>();
  let lastMonday = -Infinity;
  for (const t of mine) {
    const { week, monday } = isoWeek(t.date);
    lastMonday = Math.max(lastMonday, monday);
    const weeks = byCellWeek.get(t.cell) ?? new Map<string, IndexTrade[]>();
    weeks.set(week, [...(weeks.get(week) ?? []), t]);
    byCellWeek.set(t.cell, weeks);
  }
  const cells: Record<string, CellWeek[]> = {};
  const priceAt = new Map<string, number>();
  for (const [cell, weeks] of [...byCellWeek].sort(([a], [b]) => (a < b ? -1 : 1))) {
    cells[cell] = [...weeks]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([week, list]) => {
        const cw = cellWeek(week, list, minTrades, minSellers);
        if (cw.price !== null) priceAt.set(`${cell}|${week}`, cw.price);
        return cw;
      });
  }

  const baseMonday = options.baseWeek ? mondayOfWeek(options.baseWeek) : firstFullWeek(firstYear);
  const baseWeek = isoWeek(dateOf(baseMonday)).week;
  const cellList = [...cellSet];
  const pricedCells = (week: string) => cellList.filter((c) => priceAt.has(`${c}|${week}`));

  const weeks: IndexWeek[] = [];
  let lastPriced: { week: string; index: number } | null = null;
  for (let monday = baseMonday; monday <= lastMonday; monday += 7) {
    const { week, year } = isoWeek(dateOf(monday));
    const start = dateOf(monday);
    if (lastPriced === null) {
      // The base: 100 once the base week itself is priced; before that nothing can be said.
      if (pricedCells(week).length > 0) {
        lastPriced = { week, index: INDEX_BASE_VALUE };
        weeks.push({ week, start, index: INDEX_BASE_VALUE, link: null, cellsLinked: 0 });
      } else {
        weeks.push({ week, start, index: null, link: null, cellsLinked: 0 });
      }
      continue;
    }
    let num = 0;
    let den = 0;
    let linked = 0;
    for (const c of pricedCells(week)) {
      const before = priceAt.get(`${c}|${lastPriced.week}`);
      const w = weightOf(c, year);
      if (before === undefined || w === 0) continue;
      num += w * priceAt.get(`${c}|${week}`)!;
      den += w * before;
      linked++;
    }
    if (linked === 0) {
      weeks.push({ week, start, index: null, link: null, cellsLinked: 0 });
      continue;
    }
    const link = num / den;
    lastPriced = { week, index: lastPriced.index * link };
    weeks.push({ week, start, index: lastPriced.index, link, cellsLinked: linked });
  }
  return { baseWeek: weeks.some((w) => w.index !== null) ? baseWeek : null, weeks, cells };
}
