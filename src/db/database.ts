import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';

/**
 * Every table of herbloop, gathered into one `Database` interface (as in Kysely's example
 * app). Modules add their tables here and in a migration.
 *
 * Timestamps are `timestamptz` and come back as `Date`; money is stored as integer fen or
 * `numeric` (returned as string by both drivers), never as binary floats.
 */
/** A timestamptz with a default: optional on insert. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

import type { membershipRoles, organisationTypes } from '../shared/limits';

export { membershipRoles, organisationTypes } from '../shared/limits';
export type OrganisationType = (typeof organisationTypes)[number];
export type MembershipRole = (typeof membershipRoles)[number];

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

export interface UserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  locale: Generated<string>;
  disabled: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembershipTable {
  user_id: string;
  organisation_id: string;
  role: MembershipRole;
  created_at: Timestamp;
}

export interface SessionTable {
  /** sha-256 of the cookie value: a database leak does not hand out live sessions. */
  token_hash: string;
  user_id: string;
  organisation_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  /** First characters of the token, shown in lists so an owner can tell tokens apart. */
  prefix: string;
  token_hash: string;
  role: MembershipRole;
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_user_id: string | null;
  actor_token_id: string | null;
  organisation_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
}

export interface RateLimitTable {
  key: string;
  window_start: Timestamp;
  count: number;
}

export interface Database {
  regions: RegionTable;
  parks: ParkTable;
  organisations: OrganisationTable;
  sites: SiteTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  rate_limits: RateLimitTable;
}

export type DB = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Read paths accept either; write paths that lock or audit insist on a `Trx`. */
export type Executor = DB | Trx;

export type OrganisationRow = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type SiteRow = Selectable<SiteTable>;
export type UserRow = Selectable<UserTable>;
export type MembershipRow = Selectable<MembershipTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type ParkRow = Selectable<ParkTable>;
export type RegionRow = Selectable<RegionTable>;
