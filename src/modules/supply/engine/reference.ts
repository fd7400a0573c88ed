/**
 * Reference price per herb (and spec) and day: the median over markets of the latest
 * accepted price, with each market's last price carried forward for at most `maxFillDays`.
 * When no market is fresh the previous reference price is carried on and the day is
 * flagged stale, so cost series stay continuous but readers can see the data is old.
 */
import { toDay, type DayLike } from './days';
import { medianInPlace } from './stats';
import { pricePerKg, type PriceUnit } from './units';

/** One market's accepted ticks of one herb/spec, sorted by day, in 元/kg. */
export interface MarketSeries {
  days: Int32Array;
  prices: Float64Array;
}

/** A market quote as imported: ISO date or day number, price in its quoted unit (default 元/kg). */
export interface MarketQuote {
  date: DayLike;
  price: number;
  unit?: PriceUnit;
}

/**
 * Compact series of one market from quotes in any order and unit. One price per day: a later
 * quote for the same day replaces an earlier one, as the store's upsert per
 * (herb, spec, market, date) does.
 */
export function marketSeriesFromQuotes(quotes: readonly MarketQuote[]): MarketSeries {
  const byDay = new Map<number, number>();
  for (const q of quotes) byDay.set(toDay(q.date), pricePerKg(q.price, q.unit ?? '元/kg'));
  const days = Int32Array.from(byDay.keys()).sort();
  return { days, prices: Float64Array.from(days, (d) => byDay.get(d)!) };
}

export interface ReferencePriceOptions {
  /** A market's last price counts for this many days after it was observed. */
  maxFillDays: number;
}

export const DEFAULT_REFERENCE_OPTIONS: ReferencePriceOptions = { maxFillDays: 7 };

/** Daily reference prices from `startDay` on; NaN before any market has ever reported. */
export interface ReferencePriceSeries {
  startDay: number;
  prices: Float64Array;
  /** 1 where no market had a price within `maxFillDays`. */
  stale: Uint8Array;
  /** State after the last day, to continue day by day with advanceReference. */
  carry: ReferenceCarry;
}

/**
 * Reference price series over `dayCount` days from `startDay`. Ticks before `startDay`
 * seed the markets' carried prices, so a range can start mid-history; only the carried
 * reference of a stale first day is unknown then (NaN) — use referenceCarryAt to continue
 * exactly from an earlier computation.
 */
export function referencePriceSeries(
  markets: readonly MarketSeries[],
  startDay: number,
  dayCount: number,
  opts: ReferencePriceOptions = DEFAULT_REFERENCE_OPTIONS,
): ReferencePriceSeries {
  const prices = new Float64Array(dayCount);
  const stale = new Uint8Array(dayCount);
  const m = markets.length;
  const cursor = new Int32Array(m);
  const lastDay = new Int32Array(m).fill(-2147483648);
  const lastPrice = new Float64Array(m);
  const buf = new Float64Array(m);
  let carried = Number.NaN;
  for (let d = 0; d < dayCount; d++) {
    const day = startDay + d;
    let n = 0;
    for (let k = 0; k < m; k++) {
      const s = markets[k]!;
      let c = cursor[k]!;
      const len = s.days.length;
      while (c < len && s.days[c]! <= day) {
        lastDay[k] = s.days[c]!;
        lastPrice[k] = s.prices[c]!;
        c++;
      }
      cursor[k] = c;
      if (day - lastDay[k]! <= opts.maxFillDays) buf[n++] = lastPrice[k]!;
    }
    if (n > 0) {
      carried = medianInPlace(buf, n);
      prices[d] = carried;
    } else {
      prices[d] = carried;
      stale[d] = 1;
    }
  }
  return { startDay, prices, stale, carry: { lastDay, lastPrice, reference: carried } };
}

/**
 * Carried market state of one herb/spec at the end of a day: what the incremental path
 * needs to produce the next day's reference price exactly as the full recompute would.
 */
export interface ReferenceCarry {
  lastDay: Int32Array;
  lastPrice: Float64Array;
  /** Last reference price (NaN if none yet). */
  reference: number;
}

/** The carry after processing every tick up to and including `day`. */
export function referenceCarryAt(markets: readonly MarketSeries[], day: number, opts: ReferencePriceOptions = DEFAULT_REFERENCE_OPTIONS): ReferenceCarry {
  const m = markets.length;
  const lastDay = new Int32Array(m).fill(-2147483648);
  const lastPrice = new Float64Array(m);
  let firstDay = Number.POSITIVE_INFINITY;
  for (let k = 0; k < m; k++) {
    const s = markets[k]!;
    // Binary search for the last tick on or before `day`.
    let lo = 0;
    let hi = s.days.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s.days[mid]! <= day) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) {
      lastDay[k] = s.days[lo - 1]!;
      lastPrice[k] = s.prices[lo - 1]!;
    }
    if (s.days.length > 0) firstDay = Math.min(firstDay, s.days[0]!);
  }
  // The carried reference may come from days long before: replay just enough of history.
  let reference = Number.NaN;
  if (firstDay <= day) {
    reference = referencePriceSeries(markets, firstDay, day - firstDay + 1, opts).carry.reference;
  }
  return { lastDay, lastPrice, reference };
}

/**
 * One day of the reference price from a carry and that day's new prices (NaN = no tick
 * from that market). Mutates `carry` (it is the caller's working state) and returns the
 * reference price and whether it is stale.
 */
export function advanceReference(
  carry: ReferenceCarry,
  day: number,
  newPrices: ArrayLike<number>,
  opts: ReferencePriceOptions,
  scratch: Float64Array,
): { price: number; stale: boolean } {
  const fresh = stepReferenceCarry(carry, day, newPrices, opts.maxFillDays, scratch);
  return { price: carry.reference, stale: !fresh };
}

/**
 * The allocation-free core of advanceReference: updates `carry` (its `reference` too) and
 * returns whether any market was fresh; the day's reference price is then `carry.reference`.
 */
export function stepReferenceCarry(carry: ReferenceCarry, day: number, newPrices: ArrayLike<number>, maxFillDays: number, scratch: Float64Array): boolean {
  const m = carry.lastDay.length;
  let n = 0;
  for (let k = 0; k < m; k++) {
    const p = newPrices[k]!;
    if (!Number.isNaN(p)) {
      carry.lastDay[k] = day;
      carry.lastPrice[k] = p;
    }
    if (day - carry.lastDay[k]! <= maxFillDays) scratch[n++] = carry.lastPrice[k]!;
  }
  if (n === 0) return false;
  carry.reference = medianInPlace(scratch, n);
  return true;
}
