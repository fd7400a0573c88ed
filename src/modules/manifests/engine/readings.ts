/**
 * Idempotent batches of any kind of reading (weighbridge, RFID; GPS has its own check in
 * `sensors.ts`): a reading id seen before with the same content is a duplicate, with other
 * content a conflict naming the row; readings from the future (beyond a clock allowance) are
 * refused. Pure: `now` is a parameter.
 */
import { SENSOR_LIMITS, type ReadingIssue } from './sensors';

/** How far ahead of the server's clock a sender's clock may run. */
export const CLOCK_ALLOWANCE_MS = 5 * 60_000;

export interface Reading {
  readingId: string;
  at: string;
}

export interface BatchOutcome<T extends Reading> {
  accepted: T[];
  duplicates: string[];
  issues: ReadingIssue[];
}

export function acceptReadings<T extends Reading>(batch: readonly T[], known: ReadonlyMap<string, T>, same: (a: T, b: T) => boolean, now: string): BatchOutcome<T> {
  const issues: ReadingIssue[] = [];
  if (batch.length > SENSOR_LIMITS.batch) return { accepted: [], duplicates: [], issues: [{ index: SENSOR_LIMITS.batch, field: 'readings', code: 'manifests.reading-batch' }] };
  const seen = new Map<string, T>();
  const accepted: T[] = [];
  const duplicates: string[] = [];
  const latest = Date.parse(now) + CLOCK_ALLOWANCE_MS;
  batch.forEach((r, index) => {
    if (r.readingId.length === 0 || r.readingId.length > SENSOR_LIMITS.readingId) issues.push({ index, field: 'readingId', code: 'manifests.reading-id' });
    const t = Date.parse(r.at);
    if (Number.isNaN(t) || t > latest) issues.push({ index, field: 'at', code: 'manifests.reading-time' });
    const before = known.get(r.readingId) ?? seen.get(r.readingId);
    if (before) {
      if (same(before, r)) duplicates.push(r.readingId);
      else issues.push({ index, field: 'readingId', code: 'manifests.reading-conflict' });
      return;
    }
    seen.set(r.readingId, r);
    accepted.push(r);
  });
  if (issues.length > 0) return { accepted: [], duplicates: [], issues };
  return { accepted, duplicates, issues };
}

/** Readings stamped after `now` plus the allowance (a terminal's clock gone wrong). */
export function futureReadings(batch: readonly Reading[], now: string): ReadingIssue[] {
  const latest = Date.parse(now) + CLOCK_ALLOWANCE_MS;
  return batch.flatMap((r, index) => (Date.parse(r.at) > latest ? [{ index, field: 'at', code: 'manifests.reading-time' as const }] : []));
}
