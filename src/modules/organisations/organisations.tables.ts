import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { OrganisationType, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';

export interface RegionTable {
  code: string;
  name_zh: string;
  name_en: string;
  level: 'province' | 'city' | 'county';
  parent_code: string | null;
}

export interface ParkTable {
  id: Generated<string>;
  code: string;
  name_zh: string;
  name_en: string;
  region_code: string;
  created_at: Timestamp;
}

export interface OrganisationTable {
  id: Generated<string>;
  code: string;
  name_zh: string;
  name_en: string;
  type: OrganisationType;
  region_code: string;
  park_id: string | null;
  /** 统一社会信用代码 (unified social credit code). */
  credit_code: string | null;
  contact_phone: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SiteTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  address: string;
  /** WGS-84 degrees; numeric in storage so coordinates round-trip exactly. */
  latitude: ColumnType<string, string | number, string | number>;
  longitude: ColumnType<string, string | number, string | number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type SiteRow = Selectable<SiteTable>;
export type ParkRow = Selectable<ParkTable>;
export type RegionRow = Selectable<RegionTable>;

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface OrganisationsTables {
  regions: RegionTable;
  parks: ParkTable;
  organisations: OrganisationTable;
  sites: SiteTable;
}

/** Every column's classification level (see src/platform/classification.ts). */
export const organisationsClassification: TableClassification<OrganisationsTables> = {
  regions: { code: 'public', name_zh: 'public', name_en: 'public', level: 'public', parent_code: 'public' },
  parks: {
    id: 'public',
    code: 'public',
    name_zh: 'public',
    name_en: 'public',
    region_code: 'public',
    created_at: 'public',
  },
  organisations: {
    id: 'public',
    code: 'public',
    name_zh: 'public',
    name_en: 'public',
    type: 'public',
    region_code: 'public',
    park_id: 'public',
    credit_code: 'internal',
    contact_phone: 'confidential',
    created_at: 'internal',
    updated_at: 'internal',
  },
  sites: {
    id: 'internal',
    organisation_id: 'internal',
    name: 'internal',
    address: 'confidential',
    latitude: 'confidential',
    longitude: 'confidential',
    created_at: 'internal',
    updated_at: 'internal',
  },
};
