/**
 * The published by-product price index (issue 12; method in engine/price-index.ts): computed from
 * the delivered trades, stored as a whole (`exchange_index_series`) and served without login.
 * The `exchange-price-index` job recomputes it when the trades changed (a digest of them); a
 * database that never had it computed computes it on the first read.
 */
import { createHash } from 'node:crypto';
import type { DB, Trx } from '../../db/database';
import type { Job } from '../../platform/jobs';
import type { ServiceContext } from '../../platform/viewer';
import { writeTable } from '../../platform/table-writer';
import { isoWeek, priceIndex, type IndexTrade, type PriceIndexResult } from './engine/price-index';
import type { IndexQuery, IndexView } from './exchange.auctions.schema';
import type { IndexSeriesRow } from './exchange.auctions.tables';
import * as repo from './exchange.index.repository';

/** The method as published on the index page (the engine's constants). */
export const INDEX_METHOD = { minTrades: 3, minSellers: 2, outlierMads: 3, outlierMinTrades: 4, baseValue: 100 } as const;

function digestOf(trades: readonly IndexTrade[]): string {
  const h = createHash('sha256');
  for (const t of trades) h.update(`${t.date}|${t.cell}|${t.seller}|${t.tonnes}|${t.price}\n`);
  return h.digest('hex');
}

function rowsOf(series: string, result: PriceIndexResult, cell?: string): IndexSeriesRow[] {
  const cellWeeks = cell ? new Map((result.cells[cell] ?? []).map((w) => [w.week, w])) : undefined;
  return result.weeks.map((w) => {
    const c = cellWeeks?.get(w.week);
    const priced = c !== undefined && c.price !== null;
    return {
      series,
      week: w.week,
      week_start: w.start,
      index: w.index,
      link: w.link,
      cells_linked: w.cellsLinked,
      // Only a published (disclosed) cell-week shows its price, trades and tonnes.
      price: priced ? c.price : null,
      trades: priced ? c.trades : null,
      tonnes: priced ? c.tonnes : null,
    };
  });
}

/** Every series: the composite, each category, each cell with at least one published week. */
export function computeSeries(trades: readonly IndexTrade[]): { rows: IndexSeriesRow[]; baseWeek: string | null } {
  const options = { minTrades: INDEX_METHOD.minTrades, minSellers: INDEX_METHOD.minSellers };
  const composite = priceIndex(trades, options);
  const rows = rowsOf('composite', composite);
  const cells = Object.keys(composite.cells).filter((c) => composite.cells[c]!.some((w) => w.price !== null));
  const categories = [...new Set(cells.map((c) => c.split('|')[0]!))].sort();
  // Every series shares the composite's base week, so they can be read side by side.
  const base = composite.baseWeek ?? undefined;
  for (const category of categories) {
    const own = cells.filter((c) => c.startsWith(`${category}|`));
    rows.push(...rowsOf(`category:${category}`, priceIndex(trades, { ...options, cells: own, ...(base ? { baseWeek: base } : {}) })));
  }
  for (const cell of cells) rows.push(...rowsOf(`cell:${cell}`, priceIndex(trades, { ...options, cells: [cell], ...(base ? { baseWeek: base } : {}) }), cell));
  return { rows, baseWeek: composite.baseWeek };
}

/** Recomputes and stores the index when the trades changed (or `force`); true when it did. */
export async function refreshPriceIndex(trx: Trx, opts: { force?: boolean; at?: Date } = {}): Promise<boolean> {
  await repo.lockIndex(trx);
  const trades = await repo.indexTrades(trx);
  const digest = digestOf(trades);
  const last = await repo.lastRun(trx);
  if (!opts.force && last?.source_digest === digest) return false;
  const { rows, baseWeek } = computeSeries(trades);
  await repo.replaceSeries(trx, rows, { computed_at: opts.at ?? new Date(), base_week: baseWeek, trades: trades.length, source_digest: digest });
  return true;
}

export function priceIndexJob(everyMs: number): Job {
  return {
    name: 'exchange-price-index',
    everyMs,
    async run(trx) {
      await refreshPriceIndex(trx);
    },
  };
}

function weekStart(value: string): string {
  return /^\d{4}-W\d{2}$/.test(value) ? mondayOf(value) : isoWeekStart(value);
}
const isoWeekStart = (date: string) => {
  const { monday } = isoWeek(date);
  return new Date(monday * 86_400_000).toISOString().slice(0, 10);
};
/** Monday of `YYYY-Www` (the week of 4 January is week 1). */
function mondayOf(week: string): string {
  const [y, w] = [Number(week.slice(0, 4)), Number(week.slice(6))];
  const jan4 = Date.UTC(y, 0, 4);
  const weekdayJan4 = (new Date(jan4).getUTCDay() + 6) % 7;
  return new Date(jan4 - weekdayJan4 * 86_400_000 + (w - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
}

const seriesKind = (key: string): 'composite' | 'category' | 'cell' => (key === 'composite' ? 'composite' : key.startsWith('category:') ? 'category' : 'cell');

/** The series the query asks for: the composite always; categories and cells narrowed by category and grade. */
function wanted(keys: readonly string[], q: IndexQuery): string[] {
  return keys.filter((key) => {
    const kind = seriesKind(key);
    if (kind === 'composite') return q.grade === undefined;
    const [category, grade] = key.slice(key.indexOf(':') + 1).split('|');
    if (q.category !== undefined && category !== q.category) return false;
    if (kind === 'category') return q.grade === undefined;
    return q.grade === undefined || grade === q.grade;
  });
}

async function ensureComputed(db: DB): Promise<void> {
  if (await repo.lastRun(db)) return;
  // Never computed here (a fresh database, a restored backup): compute once now.
  await db.transaction().execute((trx) => refreshPriceIndex(trx));
}

/** Public: no policy (every series is a disclosed aggregate). */
export async function priceIndexView(db: DB, _ctx: ServiceContext, q: IndexQuery): Promise<IndexView> {
  await ensureComputed(db);
  const [run, keys] = await Promise.all([repo.lastRun(db), repo.seriesKeys(db)]);
  const chosen = wanted(keys, q);
  const rows = await repo.readSeries(db, { series: chosen, ...(q.from ? { fromStart: weekStart(q.from) } : {}), ...(q.to ? { toStart: weekStart(q.to) } : {}) });
  const bySeries = new Map<string, IndexSeriesRow[]>();
  for (const r of rows) bySeries.set(r.series, [...(bySeries.get(r.series) ?? []), r]);
  return {
    baseWeek: run?.base_week ?? null,
    computedAt: run?.computed_at.toISOString() ?? null,
    trades: run?.trades ?? 0,
    method: INDEX_METHOD,
    categories: [...new Set(keys.filter((k) => k.startsWith('category:')).map((k) => k.slice('category:'.length)))],
    series: chosen.map((key) => {
      const kind = seriesKind(key);
      const [category, grade] = kind === 'composite' ? [null, null] : key.slice(key.indexOf(':') + 1).split('|');
      return {
        key,
        kind,
        category: category ?? null,
        grade: (grade ?? null) as 'A' | 'B' | 'C' | null,
        weeks: (bySeries.get(key) ?? []).map((w) => ({ week: w.week, start: w.week_start, index: w.index, link: w.link, cellsLinked: w.cells_linked, price: w.price, trades: w.trades, tonnes: w.tonnes })),
      };
    }),
  };
}

/** The same series as CSV, one row per series and week. */
export async function priceIndexCsv(db: DB, ctx: ServiceContext, q: IndexQuery): Promise<Buffer> {
  const view = await priceIndexView(db, ctx, q);
  const rows = view.series.flatMap((s) => s.weeks.map((w) => ({ series: s.key, category: s.category ?? '', grade: s.grade ?? '', week: w.week, start: w.start, index: w.index, link: w.link, price: w.price, trades: w.trades, tonnes: w.tonnes })));
  const columns = ['series', 'category', 'grade', 'week', 'start', 'index', 'link', 'price', 'trades', 'tonnes'].map((key) => ({ key, header: key }));
  return writeTable(columns, rows, 'csv');
}
