/**
 * Sensor readings of a load (issue 13 "Sensors"): GPS positions posted in batches, idempotent
 * by reading id; overtime between pickup and delivery; weighbridge readings at both ends and
 * the weight mismatch beyond a tolerance. Route checks on the track: `route.ts`; the JT/T 808
 * adapter: `jt808.ts`. Pure: `now` is a parameter.
 */
import { roadDistanceKm } from '../../exchange/engine';
import type { Position } from './interchange';

export const SENSOR_LIMITS = { batch: 5_000, readingId: 128 } as const;

export interface GpsReading {
  /** The sender's id of the reading: the same id posted twice is one reading. */
  readingId: string;
  at: string;
  lat: number;
  lon: number;
  speedKmh?: number | null;
  headingDeg?: number | null;
  altitudeM?: number | null;
}

export type ReadingIssueCode = 'manifests.reading-id' | 'manifests.reading-time' | 'manifests.reading-position' | 'manifests.reading-conflict' | 'manifests.reading-batch';

export interface ReadingIssue {
  index: number;
  field: string;
  code: ReadingIssueCode;
}

export interface ReadingBatchResult {
  /** New readings, in time order. */
  accepted: GpsReading[];
  /** Ids already stored (or repeated in the batch) with the same content: nothing to do. */
  duplicates: string[];
  /** Rejects the whole batch when not empty (all or nothing). */
  issues: ReadingIssue[];
}

const sameReading = (a: GpsReading, b: GpsReading) =>
  Date.parse(a.at) === Date.parse(b.at) && a.lat === b.lat && a.lon === b.lon && (a.speedKmh ?? null) === (b.speedKmh ?? null) && (a.headingDeg ?? null) === (b.headingDeg ?? null);

/**
 * A batch of positions against what is stored (`known`: reading id → stored reading). A
 * reading id seen before with the same content is a duplicate (a retry after a lost answer);
 * with other content it is a conflict, and the batch is refused, naming it.
 */
export function acceptGpsBatch(batch: GpsReading[], known: ReadonlyMap<string, GpsReading>): ReadingBatchResult {
  const issues: ReadingIssue[] = [];
  if (batch.length > SENSOR_LIMITS.batch) return { accepted: [], duplicates: [], issues: [{ index: SENSOR_LIMITS.batch, field: 'readings', code: 'manifests.reading-batch' }] };
  const seen = new Map<string, GpsReading>();
  const accepted: GpsReading[] = [];
  const duplicates: string[] = [];
  batch.forEach((r, index) => {
    if (r.readingId.length === 0 || r.readingId.length > SENSOR_LIMITS.readingId) issues.push({ index, field: 'readingId', code: 'manifests.reading-id' });
    if (Number.isNaN(Date.parse(r.at))) issues.push({ index, field: 'at', code: 'manifests.reading-time' });
    if (!Number.isFinite(r.lat) || Math.abs(r.lat) > 90) issues.push({ index, field: 'lat', code: 'manifests.reading-position' });
    if (!Number.isFinite(r.lon) || Math.abs(r.lon) > 180) issues.push({ index, field: 'lon', code: 'manifests.reading-position' });
    const before = known.get(r.readingId) ?? seen.get(r.readingId);
    if (before) {
      if (sameReading(before, r)) duplicates.push(r.readingId);
      else issues.push({ index, field: 'readingId', code: 'manifests.reading-conflict' });
      return;
    }
    seen.set(r.readingId, r);
    accepted.push(r);
  });
  if (issues.length > 0) return { accepted: [], duplicates: [], issues };
  accepted.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { accepted, duplicates, issues };
}

export interface OvertimeRule {
  /** Average road speed of a loaded truck, km/h. */
  speedKmh: number;
  /** Detour factor of roads over the great circle (the exchange's 1.3). */
  roadFactor: number;
  /** Allowance for breaks, traffic, a hand-over: added hours. */
  graceHours: number;
}

export const DEFAULT_OVERTIME_RULE: OvertimeRule = { speedKmh: 50, roadFactor: 1.3, graceHours: 4 };

export interface Overtime {
  allowedHours: number;
  elapsedHours: number;
  overdue: boolean;
}

/**
 * Whether a load is on the road longer than its trip allows: the road distance at the average
 * speed plus the grace hours, from pickup to delivery (or to `now` while undelivered).
 */
export function overtime(trip: { from: Position; to: Position; pickedUpAt: string; deliveredAt: string | null }, now: string, rule: OvertimeRule = DEFAULT_OVERTIME_RULE): Overtime {
  const roadKm = roadDistanceKm(trip.from.lat, trip.from.lon, trip.to.lat, trip.to.lon, rule.roadFactor);
  const allowedHours = roadKm / rule.speedKmh + rule.graceHours;
  const end = Date.parse(trip.deliveredAt ?? now);
  const elapsedHours = Math.max(0, (end - Date.parse(trip.pickedUpAt)) / 3_600_000);
  return { allowedHours, elapsedHours, overdue: elapsedHours > allowedHours };
}

export interface WeighbridgeReading {
  readingId: string;
  at: string;
  end: 'origin' | 'destination';
  grossKg: number;
  tareKg: number;
}

export interface WeightTolerance {
  /** Share of the origin's net weight (moisture loss, two scales' errors). */
  share: number;
  /** Floor in kg (a weighbridge's division is 10–20 kg). */
  minKg: number;
}

/** 1 % and at least 40 kg: a class III weighbridge errs up to about 0.5 % at each end. */
export const DEFAULT_WEIGHT_TOLERANCE: WeightTolerance = { share: 0.01, minKg: 40 };

export type WeightComparison =
  | { status: 'incomplete'; missing: ('origin' | 'destination')[] }
  | { status: 'within' | 'mismatch'; originNetKg: number; destinationNetKg: number; differenceKg: number; differenceShare: number; toleranceKg: number };

/**
 * Net weights at both ends compared: the latest reading at each end counts (a re-weighing
 * replaces the first); a difference beyond the tolerance is a mismatch, to flag on the manifest.
 */
export function compareWeighbridge(readings: WeighbridgeReading[], tolerance: WeightTolerance = DEFAULT_WEIGHT_TOLERANCE): WeightComparison {
  const latest = (end: WeighbridgeReading['end']) =>
    readings.filter((r) => r.end === end).reduce<WeighbridgeReading | null>((best, r) => (!best || Date.parse(r.at) >= Date.parse(best.at) ? r : best), null);
  const origin = latest('origin');
  const destination = latest('destination');
  if (!origin || !destination) {
    const missing: ('origin' | 'destination')[] = [];
    if (!origin) missing.push('origin');
    if (!destination) missing.push('destination');
    return { status: 'incomplete', missing };
  }
  const originNetKg = origin.grossKg - origin.tareKg;
  const destinationNetKg = destination.grossKg - destination.tareKg;
  const differenceKg = destinationNetKg - originNetKg;
  const toleranceKg = Math.max(tolerance.minKg, tolerance.share * originNetKg);
  return {
    status: Math.abs(differenceKg) > toleranceKg ? 'mismatch' : 'within',
    originNetKg,
    destinationNetKg,
    differenceKg,
    differenceShare: originNetKg > 0 ? differenceKg / originNetKg : 0,
    toleranceKg,
  };
}
