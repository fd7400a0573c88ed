import type { Generated, Selectable } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';

/**
 * Keys of phones that sign custody events offline (engine/device.ts), registered while online:
 * a person's (`user_id`) for their organisation, or a driver's without an account, made when the
 * driver redeems a one-time code (`driver_code_id`) and valid for that manifest only.
 */
export interface ManifestDeviceKeyTable {
  /** SHA-256 of the SPKI, first 16 bytes in hex (engine/device.ts). */
  id: string;
  algorithm: string;
  public_key: string;
  organisation_id: string;
  user_id: string | null;
  driver_code_id: string | null;
  /** A code driver's key signs only this manifest, at this transporter position. */
  manifest_id: string | null;
  position: number | null;
  label: string;
  created_at: Timestamp;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

/** One-time codes that let a driver without an account sign for one manifest (hashed; single use). */
export interface ManifestDriverCodeTable {
  id: Generated<string>;
  manifest_id: string;
  position: number;
  organisation_id: string;
  plate: string;
  driver_name: string;
  code_hash: string;
  issued_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  /** The code driver's sync secret (hash), given once when the code is redeemed. */
  grant_hash: string | null;
}

/** Events that arrived from phones: idempotency by the phone's id, with the device and server times. */
export interface ManifestFieldEventTable {
  client_event_id: string;
  device_key_id: string;
  manifest_id: string;
  event_id: string;
  seq: number;
  device_at: Timestamp;
  received_at: Timestamp;
}

export type ManifestDeviceKeyRow = Selectable<ManifestDeviceKeyTable>;
export type ManifestDriverCodeRow = Selectable<ManifestDriverCodeTable>;
export type ManifestFieldEventRow = Selectable<ManifestFieldEventTable>;

export interface ManifestsFieldTables {
  manifest_device_keys: ManifestDeviceKeyTable;
  manifest_driver_codes: ManifestDriverCodeTable;
  manifest_field_events: ManifestFieldEventTable;
}

export const manifestsFieldClassification: TableClassification<ManifestsFieldTables> = {
  manifest_device_keys: {
    id: 'internal',
    algorithm: 'internal',
    public_key: 'internal',
    organisation_id: 'internal',
    user_id: 'confidential',
    driver_code_id: 'confidential',
    manifest_id: 'confidential',
    position: 'confidential',
    label: 'confidential',
    created_at: 'internal',
    expires_at: 'internal',
    revoked_at: 'internal',
  },
  manifest_driver_codes: {
    id: 'internal',
    manifest_id: 'confidential',
    position: 'confidential',
    organisation_id: 'confidential',
    plate: 'confidential',
    // Personal information (PIPL), as on the manifest's transporters.
    driver_name: 'confidential',
    code_hash: 'restricted',
    issued_by: 'confidential',
    created_at: 'internal',
    expires_at: 'internal',
    used_at: 'internal',
    grant_hash: 'restricted',
  },
  manifest_field_events: {
    client_event_id: 'internal',
    device_key_id: 'internal',
    manifest_id: 'internal',
    event_id: 'internal',
    seq: 'internal',
    device_at: 'internal',
    received_at: 'internal',
  },
};
