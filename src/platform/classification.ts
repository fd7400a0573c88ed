import type { Database } from '../db/database';

/**
 * Data classification registry (seed 002: classification and grading of data). Every column
 * of every table carries one level; APIs, exports and the audit log ask this registry what a
 * viewer may see. A test checks that every column in the database is registered, so a new
 * column cannot leak by default.
 *
 * - public: anyone, also without login (published bulletins, indices, the firm directory);
 * - internal: every logged-in platform user;
 * - confidential: the owning organisation, regulators of its region, platform admins
 *   (e.g. a firm's by-product volumes; aggregates of them are public);
 * - restricted: never leaves the server through APIs or exports (password and token hashes).
 */
export const classificationLevels = ['public', 'internal', 'confidential', 'restricted'] as const;
export type ClassificationLevel = (typeof classificationLevels)[number];

type Registry = { [T in keyof Database]: { [C in keyof Database[T]]-?: ClassificationLevel } };

export const dataClassification: Registry = {
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
  users: {
    id: 'confidential',
    username: 'confidential',
    display_name: 'confidential',
    email: 'confidential',
    password_hash: 'restricted',
    locale: 'confidential',
    disabled: 'confidential',
    created_at: 'confidential',
    updated_at: 'confidential',
  },
  memberships: { user_id: 'confidential', organisation_id: 'confidential', role: 'confidential', created_at: 'confidential' },
  sessions: {
    token_hash: 'restricted',
    user_id: 'restricted',
    organisation_id: 'restricted',
    csrf_token: 'restricted',
    created_at: 'restricted',
    last_seen_at: 'restricted',
    expires_at: 'restricted',
    ip: 'restricted',
    user_agent: 'restricted',
  },
  api_tokens: {
    id: 'confidential',
    organisation_id: 'confidential',
    name: 'confidential',
    prefix: 'confidential',
    token_hash: 'restricted',
    role: 'confidential',
    created_by: 'confidential',
    created_at: 'confidential',
    last_used_at: 'confidential',
    expires_at: 'confidential',
    revoked_at: 'confidential',
  },
  audit_log: {
    id: 'confidential',
    at: 'confidential',
    actor_user_id: 'confidential',
    actor_token_id: 'confidential',
    organisation_id: 'confidential',
    action: 'confidential',
    entity_type: 'confidential',
    entity_id: 'confidential',
    before: 'confidential',
    after: 'confidential',
    request_id: 'confidential',
  },
  rate_limits: { key: 'restricted', window_start: 'restricted', count: 'restricted' },
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
  // A firm's reported consumption is confidential to it and its region's offices; only the
  // aggregates the office publishes are public.
  firm_reports: {
    id: 'confidential',
    organisation_id: 'internal',
    period: 'internal',
    status: 'internal',
    output_value: 'confidential',
    submitted_at: 'internal',
    submitted_by: 'confidential',
    reviewed_at: 'internal',
    reviewed_by: 'confidential',
    review_comment: 'confidential',
    created_at: 'confidential',
    updated_at: 'confidential',
  },
  firm_report_lines: { report_id: 'confidential', kind: 'confidential', unit: 'confidential', consumed: 'confidential', recycled: 'confidential' },
  // A firm's plant balance reveals its process yields: confidential to it (and its regulators).
  balance_models: {
    id: 'confidential',
    organisation_id: 'confidential',
    name: 'confidential',
    model: 'confidential',
    created_at: 'confidential',
    updated_at: 'confidential',
  },
  // Supply early warning (issue 3): herb, market and formula master data and reference prices
  // are public; raw market ticks are internal (stations' working data). A manufacturer's own
  // formula (owner_organisation_id set) is confidential by row: supplyPolicy.readFormula shows
  // it only to the owner, regulators of its region, supply monitors and platform admins.
  herbs: {
    id: 'public',
    code: 'public',
    name_zh: 'public',
    pinyin: 'public',
    latin_name: 'public',
    category: 'public',
    cultivation: 'public',
    growth_cycle_years: 'public',
    producing_areas: 'public',
    reserves_tonnes: 'public',
    created_at: 'public',
    updated_at: 'public',
  },
  herb_aliases: { alias: 'public', herb_id: 'public', factor: 'public', kind: 'public' },
  markets: { id: 'public', code: 'public', name_zh: 'public', name_en: 'public', region_code: 'public' },
  herb_specs: { id: 'public', herb_id: 'public', name: 'public' },
  price_observations: {
    herb_id: 'internal',
    spec_id: 'internal',
    market_id: 'internal',
    day: 'internal',
    price: 'internal',
    unit: 'internal',
    price_per_kg: 'internal',
    status: 'internal',
    source: 'internal',
  },
  formulas: {
    id: 'public',
    code: 'public',
    name_zh: 'public',
    name_en: 'public',
    dosage_form: 'public',
    batch_yield: 'public',
    batch_unit: 'public',
    pack_size: 'public',
    band_low: 'public',
    band_high: 'public',
    essential: 'public',
    generated: 'public',
    source: 'public',
    owner_organisation_id: 'public',
    created_at: 'internal',
    updated_at: 'internal',
  },
  formula_ingredients: {
    formula_id: 'public',
    position: 'public',
    herb_id: 'public',
    written_as: 'public',
    factor: 'public',
    amount: 'public',
    unit: 'public',
    spec_id: 'public',
  },
  price_caps: {
    formula_id: 'public',
    effective_from: 'public',
    price_cap: 'public',
    other_costs: 'public',
    profit: 'public',
    generated: 'public',
    source: 'public',
  },
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
  // Warning cases (issue 3 stages 3–4): the monitors' working files. The policy (warningsPolicy)
  // decides which cases an actor sees at all; within a visible case the figures are internal, who
  // works on it is confidential. Expert notes are confidential (they may name suspected speculators);
  // what is published goes out through bulletins.
  warning_cases: {
    id: 'internal',
    formula_id: 'internal',
    kind: 'internal',
    direction: 'internal',
    episode_start: 'internal',
    episode_end: 'internal',
    level: 'internal',
    peak_date: 'internal',
    peak_ratio: 'internal',
    latest_date: 'internal',
    latest_ratio: 'internal',
    latest_level: 'internal',
    probability: 'internal',
    status: 'internal',
    assignee_user_id: 'confidential',
    decision: 'internal',
    decision_reason: 'internal',
    decided_by: 'confidential',
    decided_at: 'internal',
    bulletin_id: 'internal',
    published_at: 'internal',
    closed_at: 'internal',
    analysis: 'internal',
    analysed_at: 'internal',
    created_at: 'internal',
    updated_at: 'internal',
  },
  warning_case_notes: {
    id: 'confidential',
    case_id: 'confidential',
    author_user_id: 'confidential',
    organisation_id: 'confidential',
    cause: 'confidential',
    expected_weeks: 'confidential',
    text: 'confidential',
    created_at: 'confidential',
  },
  // Published bulletins are public (drafts are only served to supply monitors and admins, by policy).
  bulletins: {
    id: 'public',
    number: 'public',
    status: 'public',
    title: 'public',
    level: 'public',
    formula_ids: 'public',
    analysis: 'public',
    recommendations: 'public',
    audiences: 'public',
    case_ids: 'internal',
    include_snapshot: 'public',
    snapshot: 'public',
    organisation_id: 'public',
    created_by: 'internal',
    created_at: 'public',
    updated_at: 'public',
    published_at: 'public',
    published_by: 'internal',
    withdrawn_at: 'public',
    withdrawn_by: 'internal',
    withdrawal_reason: 'public',
  },
  bulletin_counters: { year: 'internal', last_number: 'internal' },
  bulletin_subscriptions: {
    id: 'internal',
    name: 'internal',
    url: 'internal',
    audiences: 'internal',
    secret: 'restricted',
    active: 'internal',
    organisation_id: 'internal',
    created_by: 'internal',
    created_at: 'internal',
    updated_at: 'internal',
  },
  bulletin_deliveries: {
    id: 'internal',
    subscription_id: 'internal',
    bulletin_id: 'internal',
    event: 'internal',
    body: 'internal',
    status: 'internal',
    attempts: 'internal',
    next_attempt_at: 'internal',
    lease_until: 'internal',
    last_status_code: 'internal',
    last_error: 'internal',
    last_attempt_at: 'internal',
    delivered_at: 'internal',
    created_at: 'internal',
  },
};

const rank: Record<ClassificationLevel, number> = { public: 0, internal: 1, confidential: 2, restricted: 3 };

export function maySee(clearance: ClassificationLevel, level: ClassificationLevel): boolean {
  return level !== 'restricted' && rank[level] <= rank[clearance];
}

export function columnLevel(table: string, column: string): ClassificationLevel | undefined {
  const columns = (dataClassification as Record<string, Record<string, ClassificationLevel>>)[table];
  return columns?.[column];
}

/**
 * Keeps only the columns the clearance allows. Unregistered columns are dropped (fail closed);
 * the registry test makes sure none exist.
 */
export function redactRow<T extends keyof Database, R extends Partial<Record<keyof Database[T], unknown>>>(
  table: T,
  row: R,
  clearance: ClassificationLevel,
): Partial<R> {
  const out: Partial<R> = {};
  for (const key of Object.keys(row) as (keyof R & string)[]) {
    const level = columnLevel(table, key);
    if (level !== undefined && maySee(clearance, level)) out[key] = row[key];
  }
  return out;
}

/** Whether a column may be shown at a clearance: presenters use it field by field. */
export function visible<T extends keyof Database>(table: T, column: keyof Database[T] & string, clearance: ClassificationLevel): boolean {
  const level = columnLevel(table, column);
  return level !== undefined && maySee(clearance, level);
}
