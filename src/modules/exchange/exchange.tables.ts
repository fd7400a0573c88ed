import type { ColumnType, Generated, Selectable } from 'kysely';
import type { NullableNumeric, NullableTimestamp, Numeric, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';

/** The by-product exchange (issue 12): see migration 20261202T0600_exchange. */

type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;
type TextArray = ColumnType<string[], string[], string[]>;
type TextArrayWithDefault = ColumnType<string[], string[] | undefined, string[]>;
type Grade = 'A' | 'B' | 'C';
type LoadType = 'bulk' | 'liquid' | 'hazardous';
type DeliveryTerms = 'ex-works' | 'delivered';
/** A `date` column: `YYYY-MM-DD` from both drivers. */
type DateColumn = ColumnType<string, string, string>;

export interface StoredCriterion {
  assay: string;
  unit: string;
  bound: 'max' | 'min';
  limits: Record<Grade, number>;
}

export interface ExchangeGradingStandardTable {
  class: string;
  current_version: number;
  updated_at: Timestamp;
}

export interface ExchangeGradingStandardVersionTable {
  class: string;
  version: number;
  criteria: Json<StoredCriterion[]>;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ExchangeListingTable {
  id: Generated<string>;
  code: string;
  organisation_id: string;
  site_id: string;
  stream_id: string;
  class: string;
  title: string;
  quantity_kind: 'one-off' | 'monthly';
  tonnes: Numeric;
  window_start: DateColumn;
  window_end: DateColumn;
  grade: Grade | null;
  grade_source: 'computed' | 'override';
  assays: ColumnType<Record<string, number>, string | undefined, string>;
  grading_version: number | null;
  grading: NullableJson<Record<string, unknown>>;
  reserve_price: NullableNumeric;
  delivery_terms: DeliveryTerms;
  load_type: LoadType;
  visibility: 'public' | 'park' | 'anonymised';
  status: ColumnType<'open' | 'closed' | 'withdrawn', 'open' | 'closed' | 'withdrawn' | undefined, 'open' | 'closed' | 'withdrawn'>;
  note: string | null;
  delegation_id: string | null;
  override_attachment_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExchangeDemandTable {
  id: Generated<string>;
  code: string;
  organisation_id: string;
  site_id: string;
  title: string;
  accepts: TextArray;
  herbs: TextArrayWithDefault;
  parts: TextArrayWithDefault;
  residues: TextArrayWithDefault;
  min_grade: Grade;
  price_a: NullableNumeric;
  price_b: NullableNumeric;
  price_c: NullableNumeric;
  capacity_per_month: Numeric;
  max_distance_km: Numeric;
  window_start: DateColumn;
  window_end: ColumnType<string | null, string | null | undefined, string | null>;
  status: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined, 'open' | 'closed'>;
  note: string | null;
  delegation_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: NullableTimestamp;
}

export interface ExchangeAttachmentTable {
  id: Generated<string>;
  organisation_id: string;
  listing_id: string | null;
  kind: 'assay' | 'photo';
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: ColumnType<Uint8Array, Uint8Array | Buffer, Uint8Array | Buffer>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ExchangeMatchRunTable {
  id: Generated<string>;
  kind: 'match' | 'reoptimise';
  park_id: string | null;
  region_code: string | null;
  transport: Json<{ costPerTonneKm: Record<LoadType, number>; roadFactor: number }>;
  objective: Numeric;
  listings: number;
  demands: number;
  eligible_pairs: number;
  proposals: number;
  duration_ms: number;
  created_by: string | null;
  organisation_id: string | null;
  created_at: Timestamp;
}

export interface StoredAlternative {
  objective: number;
  valueLost: number;
  listingPartners: { demand: string; tonnes: number }[];
  demandPartners: { listing: string; tonnes: number }[];
}

export type ProposalStatus = 'pending' | 'accepted' | 'declined' | 'superseded' | 'contracted';
type Decision = 'accepted' | 'declined';

export interface ExchangeProposalTable {
  id: Generated<string>;
  run_id: string;
  listing_id: string;
  demand_id: string;
  seller_organisation_id: string;
  buyer_organisation_id: string;
  tonnes: Numeric;
  grade: Grade;
  price_offered: Numeric;
  reserve_price: NullableNumeric;
  distance_km: Numeric;
  transport_cost_per_tonne: Numeric;
  value_per_tonne: Numeric;
  suggested_price: Numeric;
  alternative: Json<StoredAlternative>;
  status: ColumnType<ProposalStatus, ProposalStatus | undefined, ProposalStatus>;
  seller_decision: Decision | null;
  seller_decided_at: NullableTimestamp;
  seller_decided_by: string | null;
  seller_delegation_id: string | null;
  buyer_decision: Decision | null;
  buyer_decided_at: NullableTimestamp;
  buyer_decided_by: string | null;
  buyer_delegation_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PriceTier {
  /** The tier applies up to this many tonnes per month; null = above every earlier tier. */
  upToTonnesPerMonth: number | null;
  pricePerTonne: number;
}

export interface ExchangeContractTable {
  id: Generated<string>;
  number: string;
  kind: 'bilateral' | 'service';
  source: 'proposal' | 'auction' | 'direct';
  proposal_id: string | null;
  auction_id: string | null;
  listing_id: string | null;
  demand_id: string | null;
  seller_organisation_id: string | null;
  buyer_organisation_id: string;
  class: string | null;
  grade: Grade | null;
  tonnes: Numeric;
  price_per_tonne: NullableNumeric;
  price_schedule: NullableJson<PriceTier[]>;
  price_payer: ColumnType<'buyer' | 'seller', 'buyer' | 'seller' | undefined, 'buyer' | 'seller'>;
  delivery_terms: DeliveryTerms;
  load_type: LoadType;
  starts_on: DateColumn;
  ends_on: DateColumn;
  terms: string | null;
  loop_back: ColumnType<boolean, boolean | undefined, boolean>;
  loop_product: string | null;
  status: ColumnType<'active' | 'completed' | 'cancelled', 'active' | 'completed' | 'cancelled' | undefined, 'active' | 'completed' | 'cancelled'>;
  delegation_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExchangeContractPartyTable {
  contract_id: string;
  organisation_id: string;
  site_id: string | null;
  stream_id: string | null;
  tonnes_per_month: Numeric;
  loop_back: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface ExchangeContractDeliveryTable {
  id: Generated<string>;
  contract_id: string;
  seq: number;
  from_organisation_id: string;
  planned_on: DateColumn;
  planned_tonnes: Numeric;
  status: ColumnType<'planned' | 'delivered' | 'cancelled', 'planned' | 'delivered' | 'cancelled' | undefined, 'planned' | 'delivered' | 'cancelled'>;
  delivered_on: ColumnType<string | null, string | null | undefined, string | null>;
  delivered_tonnes: NullableNumeric;
  manifest_id: string | null;
  recorded_by: string | null;
  recorded_at: NullableTimestamp;
  delegation_id: string | null;
  created_at: Timestamp;
}

export interface ExchangeCounterTable {
  kind: 'listing' | 'demand' | 'contract';
  year: number;
  last_number: number;
}

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface ExchangeTables {
  exchange_grading_standards: ExchangeGradingStandardTable;
  exchange_grading_standard_versions: ExchangeGradingStandardVersionTable;
  exchange_listings: ExchangeListingTable;
  exchange_demands: ExchangeDemandTable;
  exchange_attachments: ExchangeAttachmentTable;
  exchange_match_runs: ExchangeMatchRunTable;
  exchange_proposals: ExchangeProposalTable;
  exchange_contracts: ExchangeContractTable;
  exchange_contract_parties: ExchangeContractPartyTable;
  exchange_contract_deliveries: ExchangeContractDeliveryTable;
  exchange_counters: ExchangeCounterTable;
}

export type ListingRow = Selectable<ExchangeListingTable>;
export type DemandRow = Selectable<ExchangeDemandTable>;
export type ProposalRow = Selectable<ExchangeProposalTable>;
export type ContractRow = Selectable<ExchangeContractTable>;
export type DeliveryRow = Selectable<ExchangeContractDeliveryTable>;

/**
 * Every column's classification level. A listing is an offer to the market: what is offered,
 * its grade, window and terms are `internal` (every logged-in user; the exchange's policy
 * narrows park-only and anonymised listings further); who offers it and where are internal too
 * but withheld by the presenter for anonymised listings until both sides agree. Prices a firm
 * asks or offers are internal (they are the market); assays, attachments, decisions and
 * contracts are confidential to the parties (plus regulators of their region and platform
 * admins). Grading standards are public: a buyer and a seller must be able to read the rule.
 */
export const exchangeClassification: TableClassification<ExchangeTables> = {
  exchange_grading_standards: { class: 'public', current_version: 'public', updated_at: 'public' },
  exchange_grading_standard_versions: { class: 'public', version: 'public', criteria: 'public', note: 'public', created_by: 'confidential', created_at: 'public' },
  exchange_listings: {
    id: 'internal',
    code: 'internal',
    organisation_id: 'internal',
    site_id: 'internal',
    stream_id: 'confidential',
    class: 'internal',
    title: 'internal',
    quantity_kind: 'internal',
    tonnes: 'internal',
    window_start: 'internal',
    window_end: 'internal',
    grade: 'internal',
    grade_source: 'internal',
    assays: 'confidential',
    grading_version: 'internal',
    grading: 'internal',
    reserve_price: 'internal',
    delivery_terms: 'internal',
    load_type: 'internal',
    visibility: 'internal',
    status: 'internal',
    note: 'internal',
    delegation_id: 'confidential',
    override_attachment_id: 'confidential',
    created_by: 'confidential',
    created_at: 'internal',
    updated_at: 'internal',
  },
  exchange_demands: {
    id: 'internal',
    code: 'internal',
    organisation_id: 'internal',
    site_id: 'internal',
    title: 'internal',
    accepts: 'internal',
    herbs: 'internal',
    parts: 'internal',
    residues: 'internal',
    min_grade: 'internal',
    price_a: 'internal',
    price_b: 'internal',
    price_c: 'internal',
    capacity_per_month: 'internal',
    max_distance_km: 'internal',
    window_start: 'internal',
    window_end: 'internal',
    status: 'internal',
    note: 'internal',
    delegation_id: 'confidential',
    created_by: 'confidential',
    created_at: 'internal',
    updated_at: 'internal',
    closed_at: 'internal',
  },
  exchange_attachments: {
    id: 'confidential',
    organisation_id: 'confidential',
    listing_id: 'confidential',
    kind: 'confidential',
    file_name: 'confidential',
    media_type: 'confidential',
    size_bytes: 'confidential',
    sha256: 'confidential',
    content: 'confidential',
    created_by: 'confidential',
    created_at: 'confidential',
  },
  exchange_match_runs: {
    id: 'internal',
    kind: 'internal',
    park_id: 'internal',
    region_code: 'internal',
    transport: 'internal',
    objective: 'internal',
    listings: 'internal',
    demands: 'internal',
    eligible_pairs: 'internal',
    proposals: 'internal',
    duration_ms: 'internal',
    created_by: 'confidential',
    organisation_id: 'internal',
    created_at: 'internal',
  },
  exchange_proposals: {
    id: 'confidential',
    run_id: 'confidential',
    listing_id: 'confidential',
    demand_id: 'confidential',
    seller_organisation_id: 'confidential',
    buyer_organisation_id: 'confidential',
    tonnes: 'confidential',
    grade: 'confidential',
    price_offered: 'confidential',
    reserve_price: 'confidential',
    distance_km: 'confidential',
    transport_cost_per_tonne: 'confidential',
    value_per_tonne: 'confidential',
    suggested_price: 'confidential',
    alternative: 'confidential',
    status: 'confidential',
    seller_decision: 'confidential',
    seller_decided_at: 'confidential',
    seller_decided_by: 'confidential',
    seller_delegation_id: 'confidential',
    buyer_decision: 'confidential',
    buyer_decided_at: 'confidential',
    buyer_decided_by: 'confidential',
    buyer_delegation_id: 'confidential',
    created_at: 'confidential',
    updated_at: 'confidential',
  },
  exchange_contracts: {
    id: 'confidential',
    number: 'confidential',
    kind: 'confidential',
    source: 'confidential',
    proposal_id: 'confidential',
    auction_id: 'confidential',
    listing_id: 'confidential',
    demand_id: 'confidential',
    seller_organisation_id: 'confidential',
    buyer_organisation_id: 'confidential',
    class: 'confidential',
    grade: 'confidential',
    tonnes: 'confidential',
    price_per_tonne: 'confidential',
    price_schedule: 'confidential',
    price_payer: 'confidential',
    delivery_terms: 'confidential',
    load_type: 'confidential',
    starts_on: 'confidential',
    ends_on: 'confidential',
    terms: 'confidential',
    loop_back: 'confidential',
    loop_product: 'confidential',
    status: 'confidential',
    delegation_id: 'confidential',
    created_by: 'confidential',
    created_at: 'confidential',
    updated_at: 'confidential',
  },
  exchange_contract_parties: {
    contract_id: 'confidential',
    organisation_id: 'confidential',
    site_id: 'confidential',
    stream_id: 'confidential',
    tonnes_per_month: 'confidential',
    loop_back: 'confidential',
  },
  exchange_contract_deliveries: {
    id: 'confidential',
    contract_id: 'confidential',
    seq: 'confidential',
    from_organisation_id: 'confidential',
    planned_on: 'confidential',
    planned_tonnes: 'confidential',
    status: 'confidential',
    delivered_on: 'confidential',
    delivered_tonnes: 'confidential',
    manifest_id: 'confidential',
    recorded_by: 'confidential',
    recorded_at: 'confidential',
    delegation_id: 'confidential',
    created_at: 'confidential',
  },
  exchange_counters: { kind: 'internal', year: 'internal', last_number: 'internal' },
};
