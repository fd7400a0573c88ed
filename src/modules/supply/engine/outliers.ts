/**
 * Outlier screening of price ticks. A tick far from the herb's recent median is "held":
 * excluded from reference prices until a person confirms it (typos such as a 元/g price
 * entered as 元/kg are the usual cause).
 *
 * Rule: with m = median of ln(price) over the herb's ticks (all markets) of the previous
 * `windowDays` days and s = 1.4826 · MAD of those logs (a robust σ), a tick is held when
 * |ln(price) − m| > max(madMultiplier · s, ln(1 + minRelativeDeviation)).
 * The window includes ticks that were themselves held: a median is robust to a few bad
 * ticks anyway, and excluding them would lock the screen when a genuine rally starts
 * (every later tick would be compared with a stale median and held too).
 */
import { medianInPlace } from './stats';

export interface OutlierScreenOptions {
  /** Days of history before the tick's day that form its reference window. */
  windowDays: number;
  /** Deviations beyond this many robust σ are held. */
  madMultiplier: number;
  /** Deviations below this relative size are never held, however calm the history. */
  minRelativeDeviation: number;
  /** With fewer ticks in the window there is no basis to judge, so nothing is held. */
  minHistory: number;
}

export const DEFAULT_OUTLIER_SCREEN: OutlierScreenOptions = {
  windowDays: 14,
  madMultiplier: 5,
  minRelativeDeviation: 0.2,
  minHistory: 5,
};

export interface PriceTick {
  day: number;
  /** 元/kg */
  price: number;
}

/** Centre and allowed deviation (log scale) of a herb's screening window; null = no basis to judge. */
export interface ScreenBasis {
  center: number;
  limit: number;
}

export function screenBasis(recentPrices: ArrayLike<number>, opts: OutlierScreenOptions = DEFAULT_OUTLIER_SCREEN): ScreenBasis | null {
  const n = recentPrices.length;
  if (n < opts.minHistory) return null;
  const logs = new Float64Array(n);
  for (let i = 0; i < n; i++) logs[i] = Math.log(recentPrices[i]!);
  const center = medianInPlace(logs, n);
  for (let i = 0; i < n; i++) logs[i] = Math.abs(logs[i]! - center);
  const mad = medianInPlace(logs, n);
  return { center, limit: Math.max(opts.madMultiplier * 1.4826 * mad, Math.log(1 + opts.minRelativeDeviation)) };
}

/** Whether a tick of this price is held against a day's basis (a non-positive price always is). */
export function heldByBasis(basis: ScreenBasis | null, price: number): boolean {
  if (!(price > 0)) return true;
  return basis !== null && Math.abs(Math.log(price) - basis.center) > basis.limit;
}

/** Whether one new tick is held, given the prices (元/kg) of the herb's window. */
export function isTickHeld(recentPrices: ArrayLike<number>, price: number, opts: OutlierScreenOptions = DEFAULT_OUTLIER_SCREEN): boolean {
  return heldByBasis(screenBasis(recentPrices, opts), price);
}

/**
 * Screen a herb's ticks (all markets, sorted by day). Returns 1 for held ticks.
 * Ticks of the same day do not judge each other, so the result does not depend on the
 * order in which markets report. With `judge`, only the days holding a tick marked 1 there are
 * screened (the others answer 0): a batch of new ticks is judged against stored history without
 * re-judging every stored day of the window.
 */
export function screenPriceTicks(ticks: readonly PriceTick[], opts: OutlierScreenOptions = DEFAULT_OUTLIER_SCREEN, judge?: ArrayLike<number>): Uint8Array {
  const held = new Uint8Array(ticks.length);
  let lo = 0; // first tick inside the window
  const window: number[] = [];
  for (let dayStart = 0; dayStart < ticks.length; ) {
    const day = ticks[dayStart]!.day;
    let dayEnd = dayStart;
    let judged = judge === undefined;
    while (dayEnd < ticks.length && ticks[dayEnd]!.day === day) {
      if (judge?.[dayEnd] === 1) judged = true;
      dayEnd++;
    }
    if (judged) {
      // The window only changes from one day to the next: judge the whole day against one basis.
      while (lo < dayStart && ticks[lo]!.day < day - opts.windowDays) lo++;
      window.length = 0;
      for (let j = lo; j < dayStart; j++) window.push(ticks[j]!.price);
      const basis = screenBasis(window, opts);
      for (let i = dayStart; i < dayEnd; i++) held[i] = heldByBasis(basis, ticks[i]!.price) ? 1 : 0;
    }
    dayStart = dayEnd;
  }
  return held;
}

/**
 * Screening window of one herb for the daily path: the ticks (all markets, held ones
 * included) of the last `windowDays + 1` days in a ring of day slots, so a new day needs no
 * history lookup. Slot s holds day `slotDay[s]`, prices per market (NaN = none).
 */
export interface TickScreenWindow {
  slotDay: Int32Array;
  prices: Float64Array;
  markets: number;
}

/** A window filled from a herb's tick history up to and including `day` (all ticks, held too). */
export function tickScreenWindowAt(
  markets: readonly { days: ArrayLike<number>; prices: ArrayLike<number> }[],
  day: number,
  opts: OutlierScreenOptions = DEFAULT_OUTLIER_SCREEN,
): TickScreenWindow {
  const slots = opts.windowDays + 1;
  const m = markets.length;
  const w: TickScreenWindow = { slotDay: new Int32Array(slots).fill(-2147483648), prices: new Float64Array(slots * m).fill(Number.NaN), markets: m };
  for (let d = day - opts.windowDays; d <= day; d++) {
    const s = ((d % slots) + slots) % slots;
    w.slotDay[s] = d;
  }
  markets.forEach((series, k) => {
    for (let i = series.days.length - 1; i >= 0; i--) {
      const d = series.days[i]!;
      if (d > day) continue;
      if (d < day - opts.windowDays) break;
      const s = ((d % slots) + slots) % slots;
      w.prices[s * m + k] = series.prices[i]!;
    }
  });
  return w;
}

/**
 * Screen one day's ticks of a herb (per market, NaN = none) against its window. Returns the
 * accepted prices (held ticks replaced by NaN), which markets were held, and the window
 * advanced to `day`. The input window is not modified. Agrees with screenPriceTicks.
 */
export function screenDayTicks(
  window: TickScreenWindow,
  day: number,
  newPrices: ArrayLike<number>,
  opts: OutlierScreenOptions = DEFAULT_OUTLIER_SCREEN,
): { accepted: Float64Array; held: number[]; window: TickScreenWindow } {
  const m = window.markets;
  const slots = window.slotDay.length;
  const recent = new Float64Array(slots * m);
  let n = 0;
  for (let s = 0; s < slots; s++) {
    const d = window.slotDay[s]!;
    if (d >= day - opts.windowDays && d < day) {
      for (let k = 0; k < m; k++) {
        const p = window.prices[s * m + k]!;
        if (!Number.isNaN(p)) recent[n++] = p;
      }
    }
  }
  const basis = screenBasis(recent.subarray(0, n), opts);
  const accepted = new Float64Array(m);
  const held: number[] = [];
  const next: TickScreenWindow = { slotDay: window.slotDay.slice(), prices: window.prices.slice(), markets: m };
  const slot = ((day % slots) + slots) % slots;
  next.slotDay[slot] = day;
  for (let k = 0; k < m; k++) {
    const p = newPrices[k]!;
    next.prices[slot * m + k] = p;
    if (Number.isNaN(p)) {
      accepted[k] = Number.NaN;
    } else if (heldByBasis(basis, p)) {
      accepted[k] = Number.NaN;
      held.push(k);
    } else {
      accepted[k] = p;
    }
  }
  return { accepted, held, window: next };
}
