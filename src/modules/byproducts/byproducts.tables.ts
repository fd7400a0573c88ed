import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';

/** By-product streams (issue 4): see migration 20261122T0810_byproducts. */
export interface ByproductStreamTable {
  id: Generated<string>;
  code: string;
  organisation_id: string;
  site_id: string;
  name: string;
  herb: string | null;
  part: string | null;
  residue: string | null;
  stage: string;
  state: 'solid' | 'liquid' | 'gas';
  tonnes_per_year: ColumnType<string, string | number, string | number>;
  /** JSON array of 12 factors (insert JSON.stringify'd), null = flat. */
  seasonality: ColumnType<number[] | null, string | null | undefined, string | null>;
  moisture: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  assays: ColumnType<Record<string, unknown>, string | undefined, string>;
  contamination: ColumnType<string[], string | undefined, string>;
  hazardous: ColumnType<boolean, boolean | undefined, boolean>;
  hazardous_code: string | null;
  current_handling: string | null;
  handling_cost_per_tonne: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  class_override: ColumnType<string[] | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

type RecordQuantity = ColumnType<string, string | number | undefined, string | number>;

export interface ByproductRecordTable {
  stream_id: string;
  /** YYYY-MM */
  period: string;
  generated_t: ColumnType<string, string | number, string | number>;
  utilised_low_value_t: RecordQuantity;
  utilised_reduce_efficiency_t: RecordQuantity;
  utilised_value_added_t: RecordQuantity;
  utilised_unspecified_t: RecordQuantity;
  disposed_landfill_t: RecordQuantity;
  disposed_incineration_t: RecordQuantity;
  disposed_discharge_t: RecordQuantity;
  disposed_harmless_t: RecordQuantity;
  value_created_yuan: RecordQuantity;
  disposal_cost_yuan: RecordQuantity;
  updated_at: Timestamp;
}

type OptionalNumeric = ColumnType<string | null, string | number | null | undefined, string | number | null>;

/** A firm's declared inputs per period (MCI): see migration 20261201T1930_byproducts_inputs. */
export interface ByproductFirmInputTable {
  organisation_id: string;
  /** YYYY or YYYY-MM */
  period: string;
  virgin_feedstock_t: ColumnType<string, string | number, string | number>;
  recycled_feedstock_t: RecordQuantity;
  reused_feedstock_t: RecordQuantity;
  recycled_feedstock_efficiency: OptionalNumeric;
  product_recycled_fraction: RecordQuantity;
  product_reused_fraction: RecordQuantity;
  recycling_efficiency: OptionalNumeric;
  utility: OptionalNumeric;
  note: string | null;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface PathwayKbVersionTable {
  id: Generated<number>;
  version: string;
  data: ColumnType<unknown, string, string>;
  created_by: string | null;
  note: string | null;
  created_at: Timestamp;
}

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface ByproductsTables {
  byproduct_streams: ByproductStreamTable;
  byproduct_records: ByproductRecordTable;
  byproduct_firm_inputs: ByproductFirmInputTable;
  pathway_kb_versions: PathwayKbVersionTable;
}

/** Every column's classification level (see src/platform/classification.ts). */
export const byproductsClassification: TableClassification<ByproductsTables> = {
  // By-product streams (issue 4): what kind of residue a firm has is internal (the exchange
  // will show it to other firms); volumes, assays, handling and its cost are confidential to
  // the firm, regulators of its region, its park administration and platform admins. Aggregated
  // circularity figures of a park or region are public. The pathway knowledge base is public.
  byproduct_streams: {
    id: 'internal',
    code: 'internal',
    organisation_id: 'internal',
    site_id: 'internal',
    name: 'internal',
    herb: 'internal',
    part: 'internal',
    residue: 'internal',
    stage: 'internal',
    state: 'internal',
    tonnes_per_year: 'confidential',
    seasonality: 'confidential',
    moisture: 'confidential',
    assays: 'confidential',
    contamination: 'confidential',
    hazardous: 'confidential',
    hazardous_code: 'confidential',
    current_handling: 'confidential',
    handling_cost_per_tonne: 'confidential',
    class_override: 'confidential',
    created_at: 'internal',
    updated_at: 'internal',
  },
  byproduct_records: {
    stream_id: 'confidential',
    period: 'confidential',
    generated_t: 'confidential',
    utilised_low_value_t: 'confidential',
    utilised_reduce_efficiency_t: 'confidential',
    utilised_value_added_t: 'confidential',
    utilised_unspecified_t: 'confidential',
    disposed_landfill_t: 'confidential',
    disposed_incineration_t: 'confidential',
    disposed_discharge_t: 'confidential',
    disposed_harmless_t: 'confidential',
    value_created_yuan: 'confidential',
    disposal_cost_yuan: 'confidential',
    updated_at: 'confidential',
  },
  // A firm's declared inputs (feedstock masses, recycling shares) reveal its production volume:
  // confidential like its by-product volumes.
  byproduct_firm_inputs: {
    organisation_id: 'confidential',
    period: 'confidential',
    virgin_feedstock_t: 'confidential',
    recycled_feedstock_t: 'confidential',
    reused_feedstock_t: 'confidential',
    recycled_feedstock_efficiency: 'confidential',
    product_recycled_fraction: 'confidential',
    product_reused_fraction: 'confidential',
    recycling_efficiency: 'confidential',
    utility: 'confidential',
    note: 'confidential',
    updated_by: 'confidential',
    updated_at: 'confidential',
  },
  pathway_kb_versions: { id: 'public', version: 'public', data: 'public', created_by: 'confidential', note: 'public', created_at: 'public' },
};
