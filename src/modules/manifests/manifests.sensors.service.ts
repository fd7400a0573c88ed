/**
 * Sensor readings of a manifest's load (issue 13 "Sensors"): GPS batches (JSON or JT/T 808
 * frames through the adapter), weighbridge readings and RFID reads, posted by API token in
 * batches, all or nothing, idempotent by reading id; each post records the findings it causes
 * (corridor deviations, long stops, a weighbridge mismatch) for the regulators' queue.
 */
import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors, type FieldIssue } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { Jt808Error, positionsFromFrame } from './engine/jt808';
import { acceptReadings, futureReadings } from './engine/readings';
import { acceptGpsBatch, compareWeighbridge, type GpsReading, type ReadingIssue } from './engine/sensors';
import type { ManifestParties } from './manifests.policy';
import * as repo from './manifests.repository';
import { mayRead, partiesOf } from './manifests.service';
import { routeFindings, routeFlagRows, tripSites } from './manifests.sensors.route';
import { mayPost, type SensorPostKind, sensorsPolicy } from './manifests.sensors.policy';
import * as srepo from './manifests.sensors.repository';
import type { GpsBatchBody, Jt808BatchBody, RfidBatchBody, WeighingBatchBody } from './manifests.sensors.schema';
import type { GpsSource } from './manifests.sensors.tables';
import type { ManifestRow } from './manifests.tables';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const postMessages: Record<SensorPostKind, string> = {
  gps: "Positions are posted by a transporter of the manifest (an API token or member of its organisation).",
  weighing: "Weighbridge readings are posted by the generator (origin) or the receiver (destination) of the manifest.",
  rfid: 'RFID reads are posted by a party of the manifest.',
};

/**
 * The manifest if the viewer passes `allowed`; otherwise 403 to a viewer who may read the
 * manifest (it knows the manifest exists) and 404 to everyone else, as the manifest's own route.
 */
export async function sensorManifest(db: Executor, ctx: ServiceContext, id: string, allowed: (parties: ManifestParties) => boolean, message: string): Promise<{ m: ManifestRow; parties: ManifestParties }> {
  const m = UUID.test(id) ? await repo.findManifest(db, id) : undefined;
  if (!m) {
    permit(ctx.viewer, ctx.viewer.kind !== 'anonymous');
    throw errors.notFound('Manifest', id);
  }
  const parties = await partiesOf(db, m);
  if (!allowed(parties)) {
    permit(ctx.viewer, ctx.viewer.kind !== 'anonymous');
    if (await mayRead(db, ctx, parties)) permit(ctx.viewer, false, message);
    throw errors.notFound('Manifest', id);
  }
  return { m, parties };
}

/** The gate of a posting route, run before the body is read. */
export async function gatePost(db: Executor, ctx: ServiceContext, id: string, kind: SensorPostKind): Promise<void> {
  await sensorManifest(db, ctx, id, (p) => mayPost(kind, ctx.viewer, p), postMessages[kind]);
}

const issueMessages: Record<ReadingIssue['code'] | 'manifests.reading-end' | 'manifests.reading-weight', string> = {
  'manifests.reading-id': 'The reading id is empty or too long.',
  'manifests.reading-time': 'The time is not a valid time or lies in the future.',
  'manifests.reading-position': 'The position is outside the valid range.',
  'manifests.reading-conflict': 'A reading with this id was stored before with other content.',
  'manifests.reading-batch': 'Too many readings in one batch.',
  'manifests.reading-end': 'This end of the trip is not your organisation’s to weigh.',
  'manifests.reading-weight': 'The tare is heavier than the gross weight.',
};

function refuse(issues: { index: number; field: string; code: keyof typeof issueMessages }[], fieldOf: (i: number, field: string) => string): never {
  const fields: FieldIssue[] = issues.map((i) => ({ field: fieldOf(i.index, i.field), message: issueMessages[i.code], code: i.code, params: { row: i.index } }));
  throw errors.validation(`${issues.length} reading(s) refused; nothing was stored.`, fields);
}

const asGps = (r: { reading_id: string; at: Date; lat: number; lon: number; speed_kmh: number | null; heading_deg: number | null }): GpsReading => ({
  readingId: r.reading_id,
  at: r.at.toISOString(),
  lat: r.lat,
  lon: r.lon,
  speedKmh: r.speed_kmh,
  headingDeg: r.heading_deg,
});

async function recordRouteFlags(trx: Trx, m: ManifestRow, now: Date): Promise<number> {
  const sites = await tripSites(trx, m);
  const findings = await routeFindings(trx, m, sites, now);
  return srepo.insertFlags(trx, routeFlagRows(m.id, findings, now));
}

interface GpsInput {
  readings: (GpsReading & { terminal?: string | null })[];
  source: GpsSource;
  fieldOf: (index: number, field: string) => string;
}

async function ingestGps(trx: Trx, ctx: ServiceContext, id: string, input: GpsInput, now: Date) {
  const { m, parties } = await sensorManifest(trx, ctx, id, (p) => sensorsPolicy.postGps(ctx.viewer, p), postMessages.gps);
  await srepo.lockSensors(trx, m.id);
  const known = new Map((await srepo.gpsByIds(trx, m.id, [...new Set(input.readings.map((r) => r.readingId))])).map((r) => [r.reading_id, asGps(r)]));
  const future = futureReadings(input.readings, now.toISOString());
  const result = acceptGpsBatch(input.readings, known);
  if (future.length > 0 || result.issues.length > 0) refuse([...result.issues, ...future], input.fieldOf);
  // The system (demo, imports) posts for the first transporter.
  const organisationId = actorOf(ctx.viewer)?.organisationId ?? parties.transporters[0] ?? m.generator_id;
  const terminals = new Map(input.readings.map((r) => [r.readingId, r.terminal ?? null]));
  await srepo.insertGps(
    trx,
    result.accepted.map((r) => ({
      manifest_id: m.id,
      reading_id: r.readingId,
      at: r.at,
      lat: r.lat,
      lon: r.lon,
      speed_kmh: r.speedKmh ?? null,
      heading_deg: r.headingDeg ?? null,
      altitude_m: r.altitudeM ?? null,
      source: input.source,
      terminal: terminals.get(r.readingId) ?? null,
      organisation_id: organisationId,
      received_at: now,
    })),
  );
  const flags = result.accepted.length > 0 ? await recordRouteFlags(trx, m, now) : 0;
  if (result.accepted.length > 0) {
    await recordAudit(trx, ctx, { action: 'manifest.sensors.gps', entityType: 'manifests', entityId: m.id, organisationId, after: { source: input.source, accepted: result.accepted.length, duplicates: result.duplicates.length, flags } });
  }
  return { accepted: result.accepted.length, duplicates: result.duplicates.length, flags };
}

export function postGps(trx: Trx, ctx: ServiceContext, id: string, body: GpsBatchBody, now = new Date()) {
  return ingestGps(trx, ctx, id, { readings: body.readings, source: 'json', fieldOf: (i, f) => `readings.${i}.${f}` }, now);
}

/** Splits a raw body of concatenated frames (each 0x7E … 0x7E) into frames. */
export function splitFrames(raw: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  let start = -1;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== 0x7e) continue;
    if (start < 0) start = i;
    else if (i === start + 1) start = i; // two flags in a row: the first closed nothing
    else {
      frames.push(raw.subarray(start, i + 1));
      start = -1;
    }
  }
  return frames;
}

export async function postJt808(trx: Trx, ctx: ServiceContext, id: string, body: Jt808BatchBody, now = new Date()) {
  // The gate before parsing: a stranger's frames are not worth decoding.
  await sensorManifest(trx, ctx, id, (p) => sensorsPolicy.postGps(ctx.viewer, p), postMessages.gps);
  const readings: GpsInput['readings'] = [];
  const frameOf: number[] = [];
  const issues: FieldIssue[] = [];
  let skipped = 0;
  body.frames.forEach((text, index) => {
    try {
      const bytes = Uint8Array.from(Buffer.from(text, 'base64'));
      const pos = positionsFromFrame(bytes);
      skipped += pos.skipped;
      for (const r of pos.readings) {
        readings.push({ readingId: r.readingId, at: r.at, lat: r.lat, lon: r.lon, speedKmh: r.speedKmh ?? null, headingDeg: r.headingDeg ?? null, altitudeM: r.altitudeM ?? null, terminal: pos.terminal });
        frameOf.push(index);
      }
    } catch (e) {
      if (!(e instanceof Jt808Error)) throw e;
      issues.push({ field: `frames.${index}`, message: `The frame cannot be read (${e.code} at byte ${e.offset}).`, code: e.code, params: { row: index, offset: e.offset } });
    }
  });
  if (issues.length > 0) throw errors.validation(`${issues.length} frame(s) cannot be read; nothing was stored.`, issues);
  if (readings.length === 0) return { accepted: 0, duplicates: 0, flags: 0, frames: body.frames.length, skipped };
  const outcome = await ingestGps(trx, ctx, id, { readings, source: 'jt808', fieldOf: (i) => `frames.${frameOf[i] ?? i}` }, now);
  return { ...outcome, frames: body.frames.length, skipped };
}

export async function postWeighings(trx: Trx, ctx: ServiceContext, id: string, body: WeighingBatchBody, now = new Date()) {
  const { m, parties } = await sensorManifest(trx, ctx, id, (p) => sensorsPolicy.postWeighing(ctx.viewer, p, null), postMessages.weighing);
  await srepo.lockSensors(trx, m.id);
  const batch = body.readings.map((r) => ({ ...r, ticket: r.ticket ?? null }));
  const known = new Map((await srepo.weighingsByIds(trx, m.id, batch.map((r) => r.readingId))).map((r) => [r.reading_id, { readingId: r.reading_id, at: r.at.toISOString(), end: r.end, grossKg: Number(r.gross_kg), tareKg: Number(r.tare_kg), ticket: r.ticket }]));
  const same = (a: (typeof batch)[number], b: (typeof batch)[number]) => Date.parse(a.at) === Date.parse(b.at) && a.end === b.end && a.grossKg === b.grossKg && a.tareKg === b.tareKg && a.ticket === b.ticket;
  const result = acceptReadings(batch, known, same, now.toISOString());
  const extra = batch.flatMap((r, index) => [
    ...(sensorsPolicy.postWeighing(ctx.viewer, parties, r.end) ? [] : [{ index, field: 'end', code: 'manifests.reading-end' as const }]),
    ...(r.tareKg > r.grossKg ? [{ index, field: 'tareKg', code: 'manifests.reading-weight' as const }] : []),
  ]);
  if (result.issues.length > 0 || extra.length > 0) refuse([...result.issues, ...extra], (i, f) => `readings.${i}.${f}`);
  const actorOrg = actorOf(ctx.viewer)?.organisationId;
  const organisationId = actorOrg ?? m.generator_id;
  await srepo.insertWeighings(
    trx,
    result.accepted.map((r) => ({
      manifest_id: m.id,
      reading_id: r.readingId,
      at: r.at,
      end: r.end,
      gross_kg: r.grossKg,
      tare_kg: r.tareKg,
      ticket: r.ticket,
      // The system (demo, imports) posts for the party that weighs at that end.
      organisation_id: actorOrg ?? (r.end === 'origin' ? m.generator_id : m.receiver_id),
      received_at: now,
    })),
  );
  let flags = 0;
  if (result.accepted.length > 0) {
    flags = await recordWeightFlag(trx, m.id, now);
    await recordAudit(trx, ctx, { action: 'manifest.sensors.weighbridge', entityType: 'manifests', entityId: m.id, organisationId, after: { accepted: result.accepted.length, duplicates: result.duplicates.length, flags } });
  }
  return { accepted: result.accepted.length, duplicates: result.duplicates.length, flags };
}

/** The latest reading at each end compared; a mismatch is one finding per pair of readings compared. */
async function recordWeightFlag(trx: Trx, manifestId: string, now: Date): Promise<number> {
  const rows = await srepo.weighingsOf(trx, manifestId);
  const readings = rows.map((r) => ({ readingId: r.reading_id, at: r.at.toISOString(), end: r.end, grossKg: Number(r.gross_kg), tareKg: Number(r.tare_kg) }));
  const c = compareWeighbridge(readings);
  if (c.status !== 'mismatch') return 0;
  const latest = (end: 'origin' | 'destination') => readings.filter((r) => r.end === end).reduce((a, b) => (Date.parse(b.at) >= Date.parse(a.at) ? b : a));
  return srepo.insertFlags(trx, [
    {
      manifest_id: manifestId,
      kind: 'weight-mismatch',
      key: `${latest('origin').readingId}|${latest('destination').readingId}`,
      detail: JSON.stringify({ originNetKg: c.originNetKg, destinationNetKg: c.destinationNetKg, differenceKg: c.differenceKg, toleranceKg: Math.round(c.toleranceKg * 10) / 10 }),
      found_at: now,
    },
  ]);
}

export async function postRfid(trx: Trx, ctx: ServiceContext, id: string, body: RfidBatchBody, now = new Date()) {
  const { m } = await sensorManifest(trx, ctx, id, (p) => sensorsPolicy.postRfid(ctx.viewer, p), postMessages.rfid);
  await srepo.lockSensors(trx, m.id);
  const known = new Map((await srepo.rfidByIds(trx, m.id, body.readings.map((r) => r.readingId))).map((r) => [r.reading_id, { readingId: r.reading_id, at: r.at.toISOString(), tag: r.tag, reader: r.reader }]));
  const same = (a: RfidBatchBody['readings'][number], b: RfidBatchBody['readings'][number]) => Date.parse(a.at) === Date.parse(b.at) && a.tag === b.tag && a.reader === b.reader;
  const result = acceptReadings(body.readings, known, same, now.toISOString());
  if (result.issues.length > 0) refuse(result.issues, (i, f) => `readings.${i}.${f}`);
  const organisationId = actorOf(ctx.viewer)?.organisationId ?? m.receiver_id;
  await srepo.insertRfid(trx, result.accepted.map((r) => ({ manifest_id: m.id, reading_id: r.readingId, at: r.at, tag: r.tag, reader: r.reader, organisation_id: organisationId, received_at: now })));
  if (result.accepted.length > 0) {
    await recordAudit(trx, ctx, { action: 'manifest.sensors.rfid', entityType: 'manifests', entityId: m.id, organisationId, after: { accepted: result.accepted.length, duplicates: result.duplicates.length } });
  }
  return { accepted: result.accepted.length, duplicates: result.duplicates.length, flags: 0 };
}
