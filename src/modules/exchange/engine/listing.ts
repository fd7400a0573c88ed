/**
 * How much of a stream a new listing may offer (issue 12: "quantities never exceed the stream's
 * declared generation for the window"). The stream declares a monthly generation (its annual
 * volume spread by its seasonality factors); listings already made from it take their share:
 *
 * - a monthly listing offers `tonnes` in every calendar month its window touches, so each of
 *   those months must still have that much left;
 * - a one-off lot offers `tonnes` once over its window, so the generation of the window's days
 *   (each month's generation spread evenly over its days) less what other listings take from
 *   those days must cover it. A one-off lot takes its tonnes evenly from the days of its window.
 *
 * Dates are `YYYY-MM-DD` (inclusive); all arithmetic is on UTC days, so no clock or zone enters.
 */

export type QuantityKind = 'one-off' | 'monthly';

export interface ListedLot {
  kind: QuantityKind;
  tonnes: number;
  start: string;
  end: string;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const monthOfDay = (day: number): { year: number; month: number } => {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() };
};
const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
const monthKey = (year: number, month: number): number => year * 12 + month;

/** Days between two dates, both counted. */
export function windowDays(start: string, end: string): number {
  return dayNumber(end) - dayNumber(start) + 1;
}

/** The calendar months (year*12 + month) a window touches. */
function monthsOf(start: string, end: string): number[] {
  const a = monthOfDay(dayNumber(start));
  const b = monthOfDay(dayNumber(end));
  const out: number[] = [];
  for (let k = monthKey(a.year, a.month); k <= monthKey(b.year, b.month); k++) out.push(k);
  return out;
}

/** The tonnes a lot takes from calendar month `key` (whole month for monthly lots). */
function takenInMonth(lot: ListedLot, key: number): number {
  if (lot.kind === 'monthly') return monthsOf(lot.start, lot.end).includes(key) ? lot.tonnes : 0;
  return lot.tonnes * (overlapDays(lot.start, lot.end, key) / windowDays(lot.start, lot.end));
}

/** How many days of window [start, end] fall in calendar month `key`. */
function overlapDays(start: string, end: string, key: number): number {
  const year = Math.floor(key / 12);
  const month = key % 12;
  const first = Math.floor(Date.UTC(year, month, 1) / DAY_MS);
  const last = first + daysInMonth(year, month) - 1;
  return Math.max(0, Math.min(last, dayNumber(end)) - Math.max(first, dayNumber(start)) + 1);
}

export interface AvailableQuantity {
  /** The most the new listing may offer (per month for a monthly listing, in total for a lot). */
  tonnes: number;
  /** What the stream generates in the window (per month at its leanest month, or in total). */
  generated: number;
  /** What the stream's other listings already take of it. */
  listed: number;
}

/**
 * The most a new listing of `kind` over [start, end] may offer from a stream that generates
 * `monthlyGeneration[m]` tonnes in calendar month m (Jan..Dec), given its other listings.
 */
export function availableForListing(monthlyGeneration: readonly number[], kind: QuantityKind, start: string, end: string, others: readonly ListedLot[]): AvailableQuantity {
  const months = monthsOf(start, end);
  const generation = (key: number) => monthlyGeneration[key % 12] ?? 0;
  if (kind === 'monthly') {
    let best: AvailableQuantity | null = null;
    for (const key of months) {
      const listed = others.reduce((sum, lot) => sum + takenInMonth(lot, key), 0);
      const left = generation(key) - listed;
      if (best === null || left < best.tonnes) best = { tonnes: left, generated: generation(key), listed };
    }
    return clamp(best ?? { tonnes: 0, generated: 0, listed: 0 });
  }
  let generated = 0;
  let listed = 0;
  for (const key of months) {
    const year = Math.floor(key / 12);
    const inWindow = overlapDays(start, end, key);
    const share = inWindow / daysInMonth(year, key % 12);
    generated += generation(key) * share;
    // Of what others take from this month, only the days inside the new window compete with it.
    for (const lot of others) listed += takenInMonth(lot, key) * (lot.kind === 'monthly' ? share : sharedDays(lot, start, end, key) / Math.max(1, overlapDays(lot.start, lot.end, key)));
  }
  return clamp({ tonnes: generated - listed, generated, listed });
}

/** Days of month `key` inside both the lot's window and [start, end]. */
function sharedDays(lot: ListedLot, start: string, end: string, key: number): number {
  const s = dayNumber(lot.start) > dayNumber(start) ? lot.start : start;
  const e = dayNumber(lot.end) < dayNumber(end) ? lot.end : end;
  return dayNumber(e) < dayNumber(s) ? 0 : overlapDays(s, e, key);
}

function clamp(q: AvailableQuantity): AvailableQuantity {
  return { ...q, tonnes: Math.max(0, q.tonnes) };
}

/** Whether two windows share a day (an open end is null). */
export function windowsOverlap(aStart: string, aEnd: string | null, bStart: string, bEnd: string | null): boolean {
  return (aEnd === null || dayNumber(bStart) <= dayNumber(aEnd)) && (bEnd === null || dayNumber(aStart) <= dayNumber(bEnd));
}

/**
 * Delivery dates of a contract over [start, end]: a monthly quantity is delivered on the same
 * day of each month (the start's day, capped by the month's length) while inside the window; a
 * lot is delivered once, on the start. With a weekly cadence (wet residue spoils within days, so
 * collectors come every week) a monthly quantity is collected every seventh day from the start,
 * each calendar month's quantity split evenly over its collections, so every month still
 * receives exactly its tonnes.
 */
export function deliverySchedule(kind: QuantityKind, tonnes: number, start: string, end: string, cadence: 'monthly' | 'weekly' = 'monthly'): { date: string; tonnes: number }[] {
  if (kind === 'one-off') return [{ date: start, tonnes }];
  if (cadence === 'weekly') {
    const days: number[] = [];
    for (let d = dayNumber(start); d <= dayNumber(end); d += 7) days.push(d);
    const monthOf = (d: number) => {
      const m = monthOfDay(d);
      return monthKey(m.year, m.month);
    };
    const loads = new Map<number, number>();
    for (const d of days) loads.set(monthOf(d), (loads.get(monthOf(d)) ?? 0) + 1);
    return days.map((d) => ({ date: new Date(d * DAY_MS).toISOString().slice(0, 10), tonnes: tonnes / loads.get(monthOf(d))! }));
  }
  const first = new Date(dayNumber(start) * DAY_MS);
  const out: { date: string; tonnes: number }[] = [];
  for (let k = 0; ; k++) {
    const year = first.getUTCFullYear() + Math.floor((first.getUTCMonth() + k) / 12);
    const month = (first.getUTCMonth() + k) % 12;
    const day = Math.min(first.getUTCDate(), daysInMonth(year, month));
    const date = new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);
    if (dayNumber(date) > dayNumber(end)) break;
    out.push({ date, tonnes });
  }
  return out;
}

/** The calendar date in China (UTC+8, no daylight saving) at an instant: the market's "today". */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
