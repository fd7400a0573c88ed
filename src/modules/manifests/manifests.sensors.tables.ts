import type { ColumnType, Selectable } from 'kysely';
import type { NullableTimestamp, Numeric, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';

export const gpsSources = ['json', 'jt808'] as const;
export type GpsSource = (typeof gpsSources)[number];
export const sensorFlagKinds = ['route-deviation', 'long-stop', 'weight-mismatch'] as const;
export type SensorFlagKind = (typeof sensorFlagKinds)[number];

type Float = ColumnType<number, number, number>;
type NullableFloat = ColumnType<number | null, number | null | undefined, number | null>;

/** One GPS fix of a load, kept once per (manifest, reading id); deleted after the retention period. */
export interface ManifestGpsPointTable {
  manifest_id: string;
  reading_id: string;
  at: Timestamp;
  lat: Float;
  lon: Float;
  speed_kmh: NullableFloat;
  heading_deg: NullableFloat;
  altitude_m: NullableFloat;
  source: GpsSource;
  /** The JT/T 808 terminal's number (a SIM number, often the driver's phone): personal information. */
  terminal: string | null;
  /** The organisation whose token or member posted it. */
  organisation_id: string;
  received_at: Timestamp;
}

/** A weighbridge reading at the origin or the destination. */
export interface ManifestWeighingTable {
  manifest_id: string;
  reading_id: string;
  at: Timestamp;
  end: 'origin' | 'destination';
  gross_kg: Numeric;
  tare_kg: Numeric;
  ticket: string | null;
  organisation_id: string;
  received_at: Timestamp;
}

/** An RFID read of a load's tag by a reader (gate, weighbridge, handheld). */
export interface ManifestRfidReadTable {
  manifest_id: string;
  reading_id: string;
  at: Timestamp;
  tag: string;
  reader: string;
  organisation_id: string;
  received_at: Timestamp;
}

/** A finding on the sensor data, once per (manifest, kind, key); the queue job picks up the unqueued ones. */
export interface ManifestSensorFlagTable {
  manifest_id: string;
  kind: SensorFlagKind;
  key: string;
  /** JSON text of the finding's figures (jsonb). */
  detail: ColumnType<string, string, string>;
  found_at: Timestamp;
  queued_at: NullableTimestamp;
}

export type GpsPointRow = Selectable<ManifestGpsPointTable>;
export type WeighingRow = Selectable<ManifestWeighingTable>;
export type RfidReadRow = Selectable<ManifestRfidReadTable>;
export type SensorFlagRow = Selectable<ManifestSensorFlagTable>;

export interface ManifestSensorsTables {
  manifest_gps_points: ManifestGpsPointTable;
  manifest_weighings: ManifestWeighingTable;
  manifest_rfid_reads: ManifestRfidReadTable;
  manifest_sensor_flags: ManifestSensorFlagTable;
}

export const manifestSensorsClassification: TableClassification<ManifestSensorsTables> = {
  // Drivers' tracks are personal information (PIPL): restricted to the manifest's parties and regulators.
  manifest_gps_points: {
    manifest_id: 'restricted',
    reading_id: 'restricted',
    at: 'restricted',
    lat: 'restricted',
    lon: 'restricted',
    speed_kmh: 'restricted',
    heading_deg: 'restricted',
    altitude_m: 'restricted',
    source: 'restricted',
    terminal: 'restricted',
    organisation_id: 'restricted',
    received_at: 'restricted',
  },
  manifest_weighings: {
    manifest_id: 'confidential',
    reading_id: 'confidential',
    at: 'confidential',
    end: 'confidential',
    gross_kg: 'confidential',
    tare_kg: 'confidential',
    ticket: 'confidential',
    organisation_id: 'confidential',
    received_at: 'confidential',
  },
  manifest_rfid_reads: { manifest_id: 'confidential', reading_id: 'confidential', at: 'confidential', tag: 'confidential', reader: 'confidential', organisation_id: 'confidential', received_at: 'confidential' },
  manifest_sensor_flags: { manifest_id: 'confidential', kind: 'confidential', key: 'confidential', detail: 'confidential', found_at: 'confidential', queued_at: 'internal' },
};
