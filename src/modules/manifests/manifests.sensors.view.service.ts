/**
 * What the parties and regulators of a manifest read of its sensor data (the route card of the
 * manifest page), the source of sensor findings for the regulators' queue, and the retention
 * job that deletes old tracks (PIPL: tracks are kept only for the configured period).
 */
import type { Executor, Trx } from '../../db/database';
import type { Job } from '../../platform/jobs';
import { recordAudit } from '../../platform/audit';
import { systemServiceContext, type ServiceContext } from '../../platform/viewer';
import { compareWeighbridge } from './engine/sensors';
import type { RouteDeviationSource } from './manifests.queue.service';
import { findManifest } from './manifests.repository';
import { ROUTE_RULE, routeFindings, tripSites } from './manifests.sensors.route';
import { sensorsPolicy } from './manifests.sensors.policy';
import * as srepo from './manifests.sensors.repository';
import type { SensorsView } from './manifests.sensors.schema';
import { sensorManifest } from './manifests.sensors.service';

const READ_DENIED = 'Tracks are personal information: only the parties and the regulators of the manifest see them.';

export async function getSensors(db: Executor, ctx: ServiceContext, id: string, settings: { retentionDays: number }, now = new Date()): Promise<SensorsView> {
  const { m } = await sensorManifest(db, ctx, id, (p) => sensorsPolicy.read(ctx.viewer, p), READ_DENIED);
  const sites = await tripSites(db, m);
  const route = await routeFindings(db, m, sites, now);
  const weighings = await srepo.weighingsOf(db, m.id);
  const [rfid, flags] = [await srepo.rfidOf(db, m.id), await srepo.flagsOf(db, m.id)];
  const weight = compareWeighbridge(weighings.map((w) => ({ readingId: w.reading_id, at: w.at.toISOString(), end: w.end, grossKg: Number(w.gross_kg), tareKg: Number(w.tare_kg) })));
  return {
    retentionDays: settings.retentionDays,
    rule: { roadFactor: ROUTE_RULE.roadFactor, slackKm: ROUTE_RULE.slackKm, deviationMinutes: ROUTE_RULE.deviationMinutes, stopMinutes: ROUTE_RULE.stopMinutes, stopRadiusKm: ROUTE_RULE.stopRadiusKm },
    origin: sites.origin,
    destination: sites.destination,
    track: route.track.map((p) => ({ at: p.at.toISOString(), lat: p.lat, lon: p.lon, speedKmh: p.speed_kmh, source: p.source })),
    deviations: route.deviations.map((d) => ({ from: d.from, to: d.to, points: d.points, maxOutsideKm: Math.round(d.maxOutsideKm * 100) / 100 })),
    stops: route.stops.map((s) => ({ from: s.from, to: s.to, minutes: s.minutes, lat: s.at.lat, lon: s.at.lon })),
    overtime: route.overtime ? { allowedHours: Math.round(route.overtime.allowedHours * 10) / 10, elapsedHours: Math.round(route.overtime.elapsedHours * 10) / 10, overdue: route.overtime.overdue } : null,
    weighings: weighings.map((w) => ({ readingId: w.reading_id, at: w.at.toISOString(), end: w.end, grossKg: Number(w.gross_kg), tareKg: Number(w.tare_kg), netKg: Number(w.gross_kg) - Number(w.tare_kg), ticket: w.ticket })),
    weight,
    rfid: rfid.map((r) => ({ readingId: r.reading_id, at: r.at.toISOString(), tag: r.tag, reader: r.reader })),
    flags: flags.map((f) => ({ kind: f.kind, key: f.key, detail: JSON.parse(f.detail) as Record<string, string | number | null>, foundAt: f.found_at.toISOString() })),
  };
}

/** Findings taken per queue scan (the rest wait for the next one). */
const QUEUE_BATCH = 5_000;

/**
 * The sensor findings for the regulators' queue: corridor deviations and long stops as
 * `route-deviation` items, weighbridge mismatches as `discrepancy` items; each once.
 */
export const sensorFindings: RouteDeviationSource = {
  async deviations(db: Executor, now: Date) {
    const rows = await srepo.takeUnqueuedFlags(db, now, QUEUE_BATCH);
    return rows.map((r) => ({
      manifestId: r.manifest_id,
      kind: r.kind === 'weight-mismatch' ? ('discrepancy' as const) : ('route-deviation' as const),
      key: `${r.kind}:${r.key}`,
      detail: { reason: r.kind, ...(JSON.parse(r.detail) as Record<string, string | number | null>) },
    }));
  },
};

export const TRACK_RETENTION_JOB = 'manifests-track-retention';
/** Rows deleted per run: a large first run spreads over several slots instead of one long transaction. */
const DELETE_BATCH = 50_000;

/** Deletes GPS points older than the retention period; audited when it deleted any. */
export async function purgeTracks(trx: Trx, ctx: ServiceContext, retentionDays: number, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - retentionDays * 86_400_000);
  const deleted = await srepo.deleteTracksBefore(trx, before, DELETE_BATCH);
  if (deleted > 0) await recordAudit(trx, ctx, { action: 'manifest.sensors.retention', entityType: 'manifest_gps_points', entityId: null, organisationId: null, after: { deleted, before: before.toISOString(), retentionDays } });
  return deleted;
}

/** Every `everyMs` (hourly by default), under the scheduler's advisory lock and slot. */
export function trackRetentionJob(retentionDays: number, everyMs = 3_600_000, clock: () => Date = () => new Date()): Job {
  return {
    name: TRACK_RETENTION_JOB,
    everyMs,
    async run(trx) {
      await purgeTracks(trx, systemServiceContext(TRACK_RETENTION_JOB), retentionDays, clock());
    },
  };
}

export interface DemoSensorTrip {
  id: string;
  origin: { lat: number; lon: number };
  destination: { lat: number; lon: number };
  pickedUpAt: Date;
  deliveredAt: Date;
  pickedUpTonnes: number;
  receivedTonnes: number | null;
}

/** Delivered loads picked up since `since`, newest first, with their sites and weights (the demo's sample). */
export async function demoSensorTrips(db: Executor, since: Date, limit: number): Promise<DemoSensorTrip[]> {
  const rows = await srepo.deliveredTrips(db, since, limit);
  const out: DemoSensorTrip[] = [];
  for (const r of rows) {
    const m = await findManifest(db, r.id);
    if (!m) continue;
    const sites = await tripSites(db, m);
    if (!sites.origin || !sites.destination) continue;
    out.push({ id: r.id, origin: sites.origin, destination: sites.destination, pickedUpAt: r.picked_up_at, deliveredAt: r.delivered_at, pickedUpTonnes: Number(r.picked_up_t), receivedTonnes: r.received_t === null ? null : Number(r.received_t) });
  }
  return out;
}
