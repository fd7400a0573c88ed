import type { ColumnType, Generated } from 'kysely';
import type { Numeric, NumericWithDefault, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';

export interface ResourceKindTable {
  code: string;
  name_zh: string;
  name_en: string;
  category: 'biomass' | 'metalOres' | 'nonMetallicMinerals' | 'fossilEnergy';
  unit: string;
  to_tonnes: Numeric;
  primary_equivalent: Numeric;
  basis: string;
  /** One of the 14 national kinds of seed 004: editable, never deleted. */
  national: ColumnType<boolean, boolean | undefined, boolean>;
  /** null: a national kind (platform admins change it); a region code: that region's own kind, changed by its statistics office. */
  region_code: ColumnType<string | null, string | null | undefined, string | null>;
  updated_at: Timestamp;
}

export interface AccountImportTable {
  id: Generated<string>;
  organisation_id: string | null;
  file_name: string;
  kind: 'materials' | 'economy';
  rows: number;
  created_by: string | null;
  created_at: Timestamp;
}

export interface MaterialAccountTable {
  region_code: string;
  year: number;
  kind: string;
  unit: string;
  domestic_extraction: NumericWithDefault;
  imports: NumericWithDefault;
  exports: NumericWithDefault;
  from_other_regions: NumericWithDefault;
  to_other_regions: NumericWithDefault;
  recycled: NumericWithDefault;
  import_id: string | null;
  updated_at: Timestamp;
}

export interface EconomicAccountTable {
  region_code: string;
  year: number;
  base_year: number;
  gdp_current: Numeric;
  gdp_constant: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  deflator: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  population: number;
  import_id: string | null;
  updated_at: Timestamp;
}

export interface AccountFindingTable {
  id: Generated<string>;
  region_code: string;
  year: number;
  kind: string | null;
  rule: string;
  severity: 'error' | 'warning' | 'info';
  status: ColumnType<'open' | 'accepted' | 'resolved', 'open' | 'accepted' | 'resolved' | undefined, 'open' | 'accepted' | 'resolved'>;
  message: string;
  /** Stable code of the message (web translation); null on findings from before codes existed. */
  message_code: string | null;
  message_params: ColumnType<Record<string, string | number>, string | undefined, string>;
  file_row: number | null;
  import_id: string | null;
  note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface AccountsTables {
  resource_kinds: ResourceKindTable;
  account_imports: AccountImportTable;
  material_accounts: MaterialAccountTable;
  economic_accounts: EconomicAccountTable;
  account_findings: AccountFindingTable;
}

/** Every column's classification level (see src/platform/classification.ts). */
export const accountsClassification: TableClassification<AccountsTables> = {
  resource_kinds: {
    code: 'public',
    name_zh: 'public',
    name_en: 'public',
    category: 'public',
    unit: 'public',
    to_tonnes: 'public',
    primary_equivalent: 'public',
    basis: 'public',
    national: 'public',
    region_code: 'public',
    updated_at: 'public',
  },
  account_imports: {
    id: 'internal',
    organisation_id: 'internal',
    file_name: 'internal',
    kind: 'internal',
    rows: 'internal',
    created_by: 'confidential',
    created_at: 'internal',
  },
  // Regional statistics: the row figures are published statistics (public), as are the indicators.
  material_accounts: {
    region_code: 'public',
    year: 'public',
    kind: 'public',
    unit: 'public',
    domestic_extraction: 'public',
    imports: 'public',
    exports: 'public',
    from_other_regions: 'public',
    to_other_regions: 'public',
    recycled: 'public',
    import_id: 'internal',
    updated_at: 'public',
  },
  economic_accounts: {
    region_code: 'public',
    year: 'public',
    base_year: 'public',
    gdp_current: 'public',
    gdp_constant: 'public',
    deflator: 'public',
    population: 'public',
    import_id: 'internal',
    updated_at: 'public',
  },
  // Quality findings are the statistics office's working notes until the data is published.
  account_findings: {
    id: 'internal',
    region_code: 'internal',
    year: 'internal',
    kind: 'internal',
    rule: 'internal',
    severity: 'internal',
    status: 'internal',
    message: 'internal',
    message_code: 'internal',
    message_params: 'internal',
    file_row: 'internal',
    import_id: 'internal',
    note: 'internal',
    created_at: 'internal',
    updated_at: 'internal',
  },
};
