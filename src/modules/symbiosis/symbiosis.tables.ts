import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Numeric, NumericWithDefault, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';

/** The park symbiosis module (issue 14): see migration 20261202T1520_symbiosis. */

export const CITY_NODE_KINDS = ['district-heating', 'sewage-works', 'kiln-co-processing', 'landfill', 'incinerator'] as const;
export type CityNodeKind = (typeof CITY_NODE_KINDS)[number];
export const FLOW_KINDS = ['material', 'energy', 'water'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];
export const FLOW_BASES = ['planned', 'actual'] as const;
/** The recycling mode a flow's receiver applies (seed 000's three modes), or disposal: the map's mode filter. */
export const FLOW_MODES = ['low-value-conversion', 'reduce-efficiency', 'value-added', 'disposal'] as const;
export type FlowMode = (typeof FLOW_MODES)[number];
export type FlowBasis = (typeof FLOW_BASES)[number];
export const INDICATOR_SCOPES = ['park', 'region'] as const;
/** The platform figures an indicator may be computed from (`computedFrom`; symbiosis.evaluation.service.ts computes each). */
export const COMPUTED_FIGURES = [
  'byproduct-utilisation-rate',
  'byproduct-value',
  'co2e-avoided',
  'harmless-disposal-share',
  'data-completeness',
  'symbiosis-links',
  'water-reuse',
  'energy-cascade-share',
  'resource-productivity',
] as const;
export type ComputedFigure = (typeof COMPUTED_FIGURES)[number];
export type IndicatorScope = (typeof INDICATOR_SCOPES)[number];

/** A city or utility node (seed 004 §8) serving a park or a region, on its own coordinates. */
export interface SymbiosisNodeTable {
  id: Generated<string>;
  park_id: string | null;
  region_code: string;
  kind: CityNodeKind;
  name_zh: string;
  name_en: string;
  latitude: Numeric;
  longitude: Numeric;
  created_by: string | null;
  created_at: Timestamp;
}

/**
 * A flow the park declares for a year that the platform cannot see elsewhere: energy (MWh),
 * water (m³) and material flows to city nodes (t). One end is a firm or a city node; null on
 * both columns of an end is the outside of the park.
 */
export interface SymbiosisFlowTable {
  id: Generated<string>;
  park_id: string;
  year: number;
  kind: FlowKind;
  basis: FlowBasis;
  from_organisation_id: string | null;
  from_node_id: string | null;
  to_organisation_id: string | null;
  to_node_id: string | null;
  quantity: Numeric;
  carrier: string;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

/** Per firm: the share of lost inputs above which it stops (cascades), and federation sharing. */
export interface SymbiosisFirmSettingTable {
  organisation_id: string;
  stop_threshold: NumericWithDefault;
  share_with_other_parks: ColumnType<boolean, boolean | undefined, boolean>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface IndicatorDefinition {
  code: string;
  category: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  /** Which way is better. */
  direction: 'higher' | 'lower';
  /** The standard's threshold (target value), null where the standard sets none. */
  threshold: number | null;
  /** The platform figure that computes it, null = entered by the office. */
  computedFrom: ComputedFigure | null;
  /** false: recalled rather than copied from the published text; to be checked. */
  verified: boolean;
}

/** An indicator system edition as versioned data (HJ 274 for parks, NDRC indicators for regions). */
export interface SymbiosisIndicatorSystemTable {
  code: string;
  version: number;
  scope: IndicatorScope;
  name_zh: string;
  name_en: string;
  edition: string;
  indicators: ColumnType<IndicatorDefinition[], string, string>;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

/** A value an office entered for a park or region and year, with its source. */
export interface SymbiosisIndicatorValueTable {
  id: Generated<string>;
  system_code: string;
  indicator: string;
  subject_type: IndicatorScope;
  /** A park id or a region code. */
  subject_id: string;
  year: number;
  value: Numeric;
  source: string;
  entered_by_organisation_id: string | null;
  entered_by: string | null;
  entered_at: Timestamp;
}

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface SymbiosisTables {
  symbiosis_nodes: SymbiosisNodeTable;
  symbiosis_flows: SymbiosisFlowTable;
  symbiosis_firm_settings: SymbiosisFirmSettingTable;
  symbiosis_indicator_systems: SymbiosisIndicatorSystemTable;
  symbiosis_indicator_values: SymbiosisIndicatorValueTable;
}

export type CityNodeRow = Selectable<SymbiosisNodeTable>;
export type DeclaredFlowRow = Selectable<SymbiosisFlowTable>;
export type IndicatorSystemRow = Selectable<SymbiosisIndicatorSystemTable>;
export type IndicatorValueRow = Selectable<SymbiosisIndicatorValueTable>;

/**
 * Every column's classification level. City and utility nodes are public infrastructure. A
 * declared flow names a firm's energy, water or waste quantities: confidential (the park's
 * policy shows other parks only aggregates). A firm's stop threshold is confidential; whether it
 * shares with other parks is internal. Indicator systems are published standards (public);
 * entered values are internal (scores are shown to other parks as aggregates).
 */
export const symbiosisClassification: TableClassification<SymbiosisTables> = {
  symbiosis_nodes: {
    id: 'public',
    park_id: 'public',
    region_code: 'public',
    kind: 'public',
    name_zh: 'public',
    name_en: 'public',
    latitude: 'public',
    longitude: 'public',
    created_by: 'confidential',
    created_at: 'internal',
  },
  symbiosis_flows: {
    id: 'confidential',
    park_id: 'confidential',
    year: 'confidential',
    kind: 'confidential',
    basis: 'confidential',
    from_organisation_id: 'confidential',
    from_node_id: 'confidential',
    to_organisation_id: 'confidential',
    to_node_id: 'confidential',
    quantity: 'confidential',
    carrier: 'confidential',
    note: 'confidential',
    created_by: 'confidential',
    created_at: 'confidential',
  },
  symbiosis_firm_settings: {
    organisation_id: 'internal',
    stop_threshold: 'confidential',
    share_with_other_parks: 'internal',
    updated_by: 'confidential',
    updated_at: 'internal',
  },
  symbiosis_indicator_systems: {
    code: 'public',
    version: 'public',
    scope: 'public',
    name_zh: 'public',
    name_en: 'public',
    edition: 'public',
    indicators: 'public',
    note: 'public',
    created_by: 'confidential',
    created_at: 'public',
  },
  symbiosis_indicator_values: {
    id: 'internal',
    system_code: 'internal',
    indicator: 'internal',
    subject_type: 'internal',
    subject_id: 'internal',
    year: 'internal',
    value: 'internal',
    source: 'internal',
    entered_by_organisation_id: 'internal',
    entered_by: 'confidential',
    entered_at: 'internal',
  },
};
