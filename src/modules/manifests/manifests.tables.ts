import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Numeric, NullableNumeric, NullableTimestamp, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';
import type { ManifestStatus } from './engine/custody';
import type { TrailKind } from './engine/revision';
import type { CryptoSuite } from './engine/signing';

type DateText = ColumnType<string, string, string>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

/** Editable code lists: the national general industrial solid-waste codes and the hazardous-waste list (HW). */
export interface ManifestWasteCodeTable {
  code: string;
  list: 'general' | 'hazardous';
  /** The category licences name (`HW02`, `SW13`). */
  category: string;
  name_zh: string;
  name_en: string;
  /** False for values recalled rather than copied from the published list (to be checked by an editor). */
  verified: boolean;
  source: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Timestamp;
}

/** A receiver's operating licence: the codes or categories it may take, its annual capacity (t), validity. */
export interface ManifestLicenceTable {
  id: Generated<string>;
  organisation_id: string;
  site_id: string | null;
  number: string;
  categories: ColumnType<string[], string[], string[]>;
  annual_capacity: NullableNumeric;
  valid_from: DateText;
  valid_until: DateText;
  created_at: Timestamp;
}

export interface ManifestTable {
  id: Generated<string>;
  number: string;
  status: ManifestStatus;
  /** The generator's region (regulators of it see the manifest; the number carries it). */
  region_code: string;
  generator_id: string;
  generator_site_id: string;
  receiver_id: string;
  receiver_site_id: string | null;
  receiver_region_code: string;
  licence_id: string | null;
  contract_id: string | null;
  delivery_id: string | null;
  rerouted_from: string | null;
  rerouted_to: string | null;
  /** The cross-province hazardous transfer approval the manifest runs under. */
  transfer_approval_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The transporter (1-based) holding the load while in transit. */
  holder: number | null;
  all_refused: ColumnType<boolean, boolean | undefined, boolean>;
  /** The head of the hash chain: number of events and the last hash. */
  event_count: number;
  head_hash: string;
  /** Events already recorded in a global checkpoint. */
  checkpointed_events: ColumnType<number, number | undefined, number>;
  /** What the load label's QR code carries to the public page (random, unguessable; never the id). */
  public_token: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ManifestTransporterTable {
  manifest_id: string;
  position: number;
  organisation_id: string;
  plate: string;
  driver_name: string;
  driver_phone: string | null;
}

export type LineOutcome = 'accepted' | 'partially-refused' | 'refused';

export interface ManifestLineTable {
  manifest_id: string;
  line_no: number;
  waste_code: string;
  category: string;
  description: string;
  packaging: string | null;
  package_count: number | null;
  quantity: Numeric;
  unit: 't' | 'kg';
  measure: 'estimated' | 'weighed';
  grade: string | null;
  picked_up: NullableNumeric;
  received: NullableNumeric;
  refused: NullableNumeric;
  outcome: LineOutcome | null;
  refusal_reason: string | null;
  discrepancies: TextArray;
}

/** One custody event: its canonical payload verbatim, the chain link and the signature. */
export interface ManifestEventTable {
  id: Generated<string>;
  manifest_id: string;
  seq: number;
  kind: TrailKind;
  at: Timestamp;
  signer_organisation_id: string;
  signer_user_id: string | null;
  signer_token_id: string | null;
  delegation_id: string | null;
  key_id: string;
  payload: string;
  prev_hash: string;
  hash: string;
  signature: string;
  recorded_at: Timestamp;
}

/** Public keys of signing organisations (the private keys live in the key directory, never here). */
export interface ManifestSigningKeyTable {
  id: string;
  organisation_id: string;
  suite: CryptoSuite;
  public_key: string;
  created_at: Timestamp;
  retired_at: NullableTimestamp;
}

/** The global chain of manifest heads. */
export interface ManifestCheckpointTable {
  seq: Generated<number>;
  at: Timestamp;
  suite: CryptoSuite;
  heads: number;
  prev_hash: string;
  hash: string;
}

export interface ManifestCheckpointHeadTable {
  checkpoint_seq: number;
  manifest_id: string;
  events: number;
  hash: string;
  event_id: string;
}

/** Serials of manifest numbers per region and year. */
export interface ManifestCounterTable {
  region_code: string;
  year: number;
  last: number;
}

export type ManifestRow = Selectable<ManifestTable>;
export type ManifestLineRow = Selectable<ManifestLineTable>;
export type ManifestEventRow = Selectable<ManifestEventTable>;
export type ManifestTransporterRow = Selectable<ManifestTransporterTable>;
export type ManifestLicenceRow = Selectable<ManifestLicenceTable>;
export type ManifestWasteCodeRow = Selectable<ManifestWasteCodeTable>;
export type ManifestSigningKeyRow = Selectable<ManifestSigningKeyTable>;

export interface ManifestsTables {
  manifest_waste_codes: ManifestWasteCodeTable;
  manifest_licences: ManifestLicenceTable;
  manifests: ManifestTable;
  manifest_transporters: ManifestTransporterTable;
  manifest_lines: ManifestLineTable;
  manifest_events: ManifestEventTable;
  manifest_signing_keys: ManifestSigningKeyTable;
  manifest_checkpoints: ManifestCheckpointTable;
  manifest_checkpoint_heads: ManifestCheckpointHeadTable;
  manifest_counters: ManifestCounterTable;
}

export const manifestsClassification: TableClassification<ManifestsTables> = {
  manifest_waste_codes: { code: 'public', list: 'public', category: 'public', name_zh: 'public', name_en: 'public', verified: 'public', source: 'public', active: 'public', updated_at: 'public' },
  manifest_licences: {
    id: 'internal',
    organisation_id: 'internal',
    site_id: 'internal',
    number: 'internal',
    categories: 'internal',
    annual_capacity: 'internal',
    valid_from: 'internal',
    valid_until: 'internal',
    created_at: 'internal',
  },
  manifests: {
    id: 'internal',
    number: 'internal',
    status: 'internal',
    region_code: 'internal',
    generator_id: 'confidential',
    generator_site_id: 'confidential',
    receiver_id: 'confidential',
    receiver_site_id: 'confidential',
    receiver_region_code: 'internal',
    licence_id: 'confidential',
    contract_id: 'confidential',
    delivery_id: 'confidential',
    rerouted_from: 'internal',
    rerouted_to: 'internal',
    transfer_approval_id: 'confidential',
    holder: 'confidential',
    all_refused: 'confidential',
    event_count: 'internal',
    head_hash: 'internal',
    checkpointed_events: 'internal',
    // Whoever holds it reads the public page: the parties print it on the load, nobody else gets it.
    public_token: 'confidential',
    created_at: 'internal',
    updated_at: 'internal',
  },
  manifest_transporters: {
    manifest_id: 'confidential',
    position: 'confidential',
    organisation_id: 'confidential',
    plate: 'confidential',
    // Personal information (PIPL): parties and regulators of the manifest only.
    driver_name: 'confidential',
    driver_phone: 'restricted',
  },
  manifest_lines: {
    manifest_id: 'confidential',
    line_no: 'confidential',
    waste_code: 'confidential',
    category: 'confidential',
    description: 'confidential',
    packaging: 'confidential',
    package_count: 'confidential',
    quantity: 'confidential',
    unit: 'confidential',
    measure: 'confidential',
    grade: 'confidential',
    picked_up: 'confidential',
    received: 'confidential',
    refused: 'confidential',
    outcome: 'confidential',
    refusal_reason: 'confidential',
    discrepancies: 'confidential',
  },
  manifest_events: {
    id: 'internal',
    manifest_id: 'internal',
    seq: 'internal',
    kind: 'internal',
    at: 'internal',
    signer_organisation_id: 'confidential',
    signer_user_id: 'confidential',
    signer_token_id: 'confidential',
    delegation_id: 'confidential',
    key_id: 'internal',
    payload: 'confidential',
    prev_hash: 'internal',
    hash: 'internal',
    signature: 'internal',
    recorded_at: 'internal',
  },
  manifest_signing_keys: { id: 'public', organisation_id: 'public', suite: 'public', public_key: 'public', created_at: 'public', retired_at: 'public' },
  manifest_checkpoints: { seq: 'public', at: 'public', suite: 'public', heads: 'public', prev_hash: 'public', hash: 'public' },
  manifest_checkpoint_heads: { checkpoint_seq: 'internal', manifest_id: 'internal', events: 'internal', hash: 'internal', event_id: 'internal' },
  manifest_counters: { region_code: 'internal', year: 'internal', last: 'internal' },
};
