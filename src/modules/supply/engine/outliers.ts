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

/** Whether one new tick is held, given the prices (元/kg) of the herb's window. */
export function isTickHeld(recentPrices: readonly number[], price: number, opts: OutlierScreenOptions = DEFAULT_OUTLIER_SCREEN): boolean {
  if (!(price > 0)) return true;
  const n = recentPrices.length;
  if (n < opts.minHistory) return false;
  const logs = new Float64Array(n);
  for (let i = 0; i < n; i++) logs[i] = Math.log(recentPrices[i]!);
  const m = medianInPlace(logs, n);
  for (let i = 0; i < n; i++) logs[i] = Math.abs(logs[i]! - m);
  const mad = medianInPlace(logs, n);
  const limit = Math.max(opts.madMultiplier * 1.4826 * mad, Math.log(1 + opts.minRelativeDeviation));
  return Math.abs(Math.log(price) - m) > limit;
}

/**
 * Screen a herb's ticks (all markets, sorted by day). Returns 1 for held ticks.
 * Ticks of the same day do not judge each other, so the result does not depend on the
 * order in which markets report.
 */
export function screenPriceTicks(ticks: readonly PriceTick[], opts: OutlierScreenOptions = DEFAULT_OUTLIER_SCREEN): Uint8Array {
  const held = new Uint8Array(ticks.length);
  let lo = 0; // first tick inside the window
  let dayStart = 0; // first tick of the current day
  const window: number[] = [];
  for (let i = 0; i < ticks.length; i++) {
    const t = ticks[i]!;
    if (i > 0 && t.day !== ticks[i - 1]!.day) dayStart = i;
    while (lo < dayStart && ticks[lo]!.day < t.day - opts.windowDays) lo++;
    window.length = 0;
    for (let j = lo; j < dayStart; j++) window.push(ticks[j]!.price);
    held[i] = isTickHeld(window, t.price, opts) ? 1 : 0;
  }
  return held;
}
