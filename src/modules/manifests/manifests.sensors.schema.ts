/**
 * Sensor readings of a manifest's load (issue 13 "Sensors"): the bodies that terminals and
 * platforms post with an API token, and the view the parties and regulators read. Shared with
 * the web (no server-only imports).
 */
import { z } from 'zod';
import { SENSOR_LIMITS } from './engine/sensors';

/** Frames per JT/T 808 post: a 0x0704 frame carries up to a few dozen fixes, so this stays under the batch of readings. */
export const JT808_MAX_FRAMES = 2_000;
/** One frame (escaped, with flags) is at most 1 023 body bytes plus its header, doubled by escaping. */
export const JT808_MAX_FRAME_BYTES = 2_200;
export const RFID_MAX_TAG = 128;

const readingId = z.string().min(1).max(SENSOR_LIMITS.readingId);
const at = z.iso.datetime({ offset: true });
const kg = z.number().min(0).max(200_000);

export const gpsReadingBody = z.object({
  readingId,
  at,
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  speedKmh: z.number().min(0).max(500).nullable().optional(),
  headingDeg: z.number().min(0).max(360).nullable().optional(),
  altitudeM: z.number().min(-1000).max(10_000).nullable().optional(),
});
export const gpsBatchBody = z.object({ readings: z.array(gpsReadingBody).min(1).max(SENSOR_LIMITS.batch) });
export type GpsBatchBody = z.infer<typeof gpsBatchBody>;

export const jt808BatchBody = z.object({
  /** Frames as the terminal sent them (0x7E … 0x7E), each base64-encoded. */
  frames: z.array(z.string().min(4).max(Math.ceil(JT808_MAX_FRAME_BYTES / 3) * 4)).min(1).max(JT808_MAX_FRAMES),
});
export type Jt808BatchBody = z.infer<typeof jt808BatchBody>;

export const weighingBody = z.object({
  readingId,
  at,
  end: z.enum(['origin', 'destination']),
  grossKg: kg,
  tareKg: kg,
  ticket: z.string().trim().min(1).max(64).nullable().optional(),
});
export const weighingBatchBody = z.object({ readings: z.array(weighingBody).min(1).max(SENSOR_LIMITS.batch) });
export type WeighingBatchBody = z.infer<typeof weighingBatchBody>;

export const rfidReadBody = z.object({
  readingId,
  at,
  /** The tag's EPC (hex) or another identifier the reader reports. */
  tag: z.string().trim().min(1).max(RFID_MAX_TAG),
  reader: z.string().trim().min(1).max(128),
});
export const rfidBatchBody = z.object({ readings: z.array(rfidReadBody).min(1).max(SENSOR_LIMITS.batch) });
export type RfidBatchBody = z.infer<typeof rfidBatchBody>;

export const ingestOutcome = z.object({
  /** Readings stored by this post. */
  accepted: z.number().int(),
  /** Readings stored before with the same content (a retry): nothing stored again. */
  duplicates: z.number().int(),
  /** Findings opened by this post (deviations, long stops, weight mismatch). */
  flags: z.number().int(),
});
export const jt808Outcome = ingestOutcome.extend({
  frames: z.number().int(),
  /** Location reports without a fix or with encrypted coordinates: not positions. */
  skipped: z.number().int(),
});

const position = z.object({ lat: z.number(), lon: z.number() });
export const sensorSite = z.object({ name: z.string(), lat: z.number(), lon: z.number() });
export const sensorFlagKind = z.enum(['route-deviation', 'long-stop', 'weight-mismatch']);

export const sensorsView = z.object({
  /** Days a GPS track is kept (HERBLOOP_TRACK_RETENTION_DAYS); the page states the purpose with it. */
  retentionDays: z.number().int(),
  rule: z.object({ roadFactor: z.number(), slackKm: z.number(), deviationMinutes: z.number(), stopMinutes: z.number(), stopRadiusKm: z.number() }),
  origin: sensorSite.nullable(),
  destination: sensorSite.nullable(),
  track: z.array(position.extend({ at: z.string(), speedKmh: z.number().nullable(), source: z.enum(['json', 'jt808']) })),
  deviations: z.array(z.object({ from: z.string(), to: z.string(), points: z.number().int(), maxOutsideKm: z.number() })),
  stops: z.array(position.extend({ from: z.string(), to: z.string(), minutes: z.number().int() })),
  overtime: z.object({ allowedHours: z.number(), elapsedHours: z.number(), overdue: z.boolean() }).nullable(),
  weighings: z.array(z.object({ readingId: z.string(), at: z.string(), end: z.enum(['origin', 'destination']), grossKg: z.number(), tareKg: z.number(), netKg: z.number(), ticket: z.string().nullable() })),
  weight: z.discriminatedUnion('status', [
    z.object({ status: z.literal('incomplete'), missing: z.array(z.enum(['origin', 'destination'])) }),
    z.object({ status: z.enum(['within', 'mismatch']), originNetKg: z.number(), destinationNetKg: z.number(), differenceKg: z.number(), differenceShare: z.number(), toleranceKg: z.number() }),
  ]),
  rfid: z.array(z.object({ readingId: z.string(), at: z.string(), tag: z.string(), reader: z.string() })),
  flags: z.array(z.object({ kind: sensorFlagKind, key: z.string(), detail: z.record(z.string(), z.union([z.string(), z.number(), z.null()])), foundAt: z.string() })),
});
export type SensorsView = z.infer<typeof sensorsView>;
