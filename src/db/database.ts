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

/** Reported quantities and factors are `numeric`: strings in JavaScript, exact in storage. */
type Numeric = ColumnType<string, string | number, string | number>;
type NumericWithDefault = ColumnType<string, string | number | undefined, string | number>;

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

export interface BalanceModelTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  model: unknown;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Supply early warning (issue 3): herbs, markets, prices, formulas. */
type NullableNumeric = ColumnType<string | null, string | number | null | undefined, string | number | null>;

export type HerbCategory = 'root' | 'rhizome' | 'fruit' | 'seed' | 'flower' | 'leaf' | 'whole-herb' | 'bark' | 'stem' | 'resin' | 'fungus' | 'animal' | 'mineral' | 'other';
export type PriceStatus = 'ok' | 'held' | 'confirmed';
export type PriceSource = 'import' | 'api' | 'demo';

export interface HerbTable {
  id: Generated<number>;
  code: string;
  name_zh: string;
  pinyin: string;
  latin_name: string | null;
  category: HerbCategory;
  cultivation: 'wild' | 'cultivated' | 'both';
  growth_cycle_years: NullableNumeric;
  producing_areas: ColumnType<string[], string[] | undefined, string[]>;
  reserves_tonnes: NullableNumeric;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HerbAliasTable {
  alias: string;
  herb_id: number;
  factor: NumericWithDefault;
  kind: 'decoction-piece' | 'processed' | 'synonym';
}

export interface MarketTable {
  id: Generated<number>;
  code: string;
  name_zh: string;
  name_en: string;
  region_code: string;
}

export interface HerbSpecTable {
  id: Generated<number>;
  herb_id: number;
  name: string;
}

export interface PriceObservationTable {
  herb_id: number;
  spec_id: number;
  market_id: number;
  day: string;
  price: Numeric;
  unit: '元/kg' | '元/g' | '元/斤';
  price_per_kg: Numeric;
  status: ColumnType<PriceStatus, PriceStatus | undefined, PriceStatus>;
  source: PriceSource;
}

export interface FormulaTable {
  id: Generated<string>;
  code: string;
  name_zh: string;
  name_en: string;
  dosage_form: string;
  batch_yield: Numeric;
  batch_unit: string;
  pack_size: Numeric;
  band_low: Numeric;
  band_high: Numeric;
  essential: Generated<boolean>;
  generated: Generated<boolean>;
  source: string | null;
  owner_organisation_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FormulaIngredientTable {
  formula_id: string;
  position: number;
  herb_id: number;
  written_as: string | null;
  factor: NumericWithDefault;
  amount: Numeric;
  unit: 'g' | 'kg';
  spec_id: number | null;
}

export interface PriceCapTable {
  formula_id: string;
  effective_from: string;
  price_cap: Numeric;
  other_costs: NullableNumeric;
  profit: NullableNumeric;
  generated: Generated<boolean>;
  source: string | null;
}

export type ReportStatus = 'draft' | 'submitted' | 'returned' | 'accepted';

export interface FirmReportTable {
  id: Generated<string>;
  organisation_id: string;
  period: string;
  status: ColumnType<ReportStatus, ReportStatus | undefined, ReportStatus>;
  output_value: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  submitted_at: NullableTimestamp;
  submitted_by: string | null;
  reviewed_at: NullableTimestamp;
  reviewed_by: string | null;
  review_comment: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FirmReportLineTable {
  report_id: string;
  kind: string;
  unit: string;
  consumed: Numeric;
  recycled: NumericWithDefault;
}

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

/** Warning cases (issue 3 stages 3–4): see migration 20261201T1900_warnings. */
export type WarningCaseKind = 'signal' | 'pre-warning';
export type WarningCaseStatus = 'open' | 'analysing' | 'decided-publish' | 'dismissed' | 'published' | 'closed';
export type WarningCause = 'natural-disaster' | 'demand' | 'speculation' | 'policy' | 'other';
export interface WarningCaseTable {
  id: Generated<string>;
  formula_id: string;
  kind: WarningCaseKind;
  direction: 'above' | 'below';
  episode_start: string;
  episode_end: string | null;
  level: 'blue' | 'yellow' | 'orange' | 'red' | null;
  peak_date: string;
  peak_ratio: Numeric;
  latest_date: string;
  latest_ratio: Numeric;
  latest_level: string;
  probability: NullableNumeric;
  status: ColumnType<WarningCaseStatus, WarningCaseStatus | undefined, WarningCaseStatus>;
  assignee_user_id: string | null;
  decision: 'publish' | 'dismiss' | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  bulletin_id: string | null;
  published_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  /** JSON snapshot of the automatic analysis (insert JSON.stringify'd). */
  analysis: ColumnType<unknown, string, string>;
  analysed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WarningCaseNoteTable {
  id: Generated<string>;
  case_id: string;
  author_user_id: string | null;
  organisation_id: string | null;
  cause: WarningCause;
  expected_weeks: number | null;
  text: string;
  created_at: Timestamp;
}
/** Supply-warning bulletins (issue 3, stage 4); see the bulletins migration. */
export type BulletinStatus = 'draft' | 'published' | 'withdrawn';
export type BulletinLevel = 'blue' | 'yellow' | 'orange' | 'red';
export interface BulletinTable {
  id: Generated<string>;
  number: string | null;
  status: ColumnType<BulletinStatus, BulletinStatus | undefined, BulletinStatus>;
  title: string;
  level: BulletinLevel;
  formula_ids: string[];
  analysis: string;
  recommendations: ColumnType<unknown, string, string>;
  audiences: string[];
  case_ids: ColumnType<string[], string[] | undefined, string[]>;
  include_snapshot: ColumnType<boolean, boolean | undefined, boolean>;
  snapshot: ColumnType<unknown, string | null | undefined, string | null>;
  organisation_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: NullableTimestamp;
  published_by: string | null;
  withdrawn_at: NullableTimestamp;
  withdrawn_by: string | null;
  withdrawal_reason: string | null;
}
export type BulletinRow = Selectable<BulletinTable>;

export interface BulletinCounterTable {
  year: number;
  last_number: number;
}

export interface BulletinSubscriptionTable {
  id: Generated<string>;
  name: string;
  url: string;
  audiences: string[];
  secret: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  organisation_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type BulletinSubscriptionRow = Selectable<BulletinSubscriptionTable>;

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';
export type BulletinEvent = 'bulletin.published' | 'bulletin.withdrawn';
export interface BulletinDeliveryTable {
  id: Generated<string>;
  subscription_id: string;
  bulletin_id: string;
  event: BulletinEvent;
  body: string;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  lease_until: NullableTimestamp;
  last_status_code: number | null;
  last_error: string | null;
  last_attempt_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
  created_at: Timestamp;
}
export type BulletinDeliveryRow = Selectable<BulletinDeliveryTable>;

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
  resource_kinds: ResourceKindTable;
  account_imports: AccountImportTable;
  material_accounts: MaterialAccountTable;
  economic_accounts: EconomicAccountTable;
  account_findings: AccountFindingTable;
  balance_models: BalanceModelTable;
  firm_reports: FirmReportTable;
  firm_report_lines: FirmReportLineTable;
  herbs: HerbTable;
  herb_aliases: HerbAliasTable;
  markets: MarketTable;
  herb_specs: HerbSpecTable;
  price_observations: PriceObservationTable;
  formulas: FormulaTable;
  formula_ingredients: FormulaIngredientTable;
  price_caps: PriceCapTable;
  byproduct_streams: ByproductStreamTable;
  byproduct_records: ByproductRecordTable;
  byproduct_firm_inputs: ByproductFirmInputTable;
  pathway_kb_versions: PathwayKbVersionTable;
  warning_cases: WarningCaseTable;
  warning_case_notes: WarningCaseNoteTable;
  bulletins: BulletinTable;
  bulletin_counters: BulletinCounterTable;
  bulletin_subscriptions: BulletinSubscriptionTable;
  bulletin_deliveries: BulletinDeliveryTable;
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
export type HerbRow = Selectable<HerbTable>;
export type MarketRow = Selectable<MarketTable>;
export type HerbAliasRow = Selectable<HerbAliasTable>;
export type FormulaRow = Selectable<FormulaTable>;
export type FormulaIngredientRow = Selectable<FormulaIngredientTable>;
export type PriceCapRow = Selectable<PriceCapTable>;
export type ByproductStreamRow = Selectable<ByproductStreamTable>;
export type ByproductRecordRow = Selectable<ByproductRecordTable>;
export type PathwayKbVersionRow = Selectable<PathwayKbVersionTable>;
