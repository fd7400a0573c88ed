/**
 * Calendar days as integers (days since 1970-01-01, UTC). Every series in the engine is
 * indexed by these so that a year of daily data is a plain Float64Array and date arithmetic
 * is integer subtraction; ISO strings appear only at the edges.
 */

const MS_PER_DAY = 86_400_000;

/** Day number of an ISO date `YYYY-MM-DD` (a time part, if any, is ignored). */
export function isoToDay(iso: string): number {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1 || d > 31) {
    throw new RangeError(`not an ISO date: ${iso}`);
  }
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

/** ISO date `YYYY-MM-DD` of a day number. */
export function dayToIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** A day given either as a day number or as an ISO date. */
export type DayLike = number | string;

export function toDay(day: DayLike): number {
  return typeof day === 'number' ? day : isoToDay(day);
}
