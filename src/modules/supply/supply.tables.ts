import type { ColumnType, Generated, Selectable } from 'kysely';
import type { NullableNumeric, Numeric, NumericWithDefault, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';

/** Supply early warning (issue 3): herbs, markets, prices, formulas. */

export type HerbCategory = 'root' | 'rhizome' | 'fruit' | 'seed' | 'flower' | 'leaf' | 'whole-herb' | 'bark' | 'stem' | 'resin' | 'fungus' | 'animal' | 'mineral' | 'other';

export type PriceStatus = 'ok' | 'held' | 'confirmed';

export type PriceSource = 'import' | 'api' | 'demo';

export interface HerbTable {
  id: Generated<number>;
  code: string;
  name_zh: string;
  /** English name (e.g. notoginseng root), shown with the pinyin in the English interface. */
  name_en: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** The grade in English (统货 → ungraded); null: shown as written. */
  name_en: ColumnType<string | null, string | null | undefined, string | null>;
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

/**
 * The monitor state (supply.monitor.service.ts): the one row every price writer locks and every
 * reader's per-process cache compares `version` with (a new random value per change, so a cache
 * filled by a transaction that rolled back can never match).
 */
export interface SupplyMonitorTable {
  id: ColumnType<number, number | undefined, never>;
  version: ColumnType<string, string | undefined, string>;
  /** False until the first build (fresh migration, restored older backup): readers build it. */
  built: ColumnType<boolean, boolean | undefined, boolean>;
  /** Last day with accepted prices (null without prices). */
  as_of: string | null;
  /** Day the carried engine state of the series and formulas tables stands at. */
  base_day: string | null;
  updated_at: Timestamp;
}

/** The reference-price carry of one priced spec at the base day (engine ReferenceCarry). */
export interface SupplyMonitorSeriesTable {
  spec_id: number;
  market_ids: number[];
  last_days: number[];
  last_prices: number[];
  /** Last reference price (null before any tick). */
  reference: number | null;
}

/** One formula: hysteresis machine and Y/P window at the base day, served figures at as_of. */
export interface SupplyMonitorFormulaTable {
  formula_id: string;
  /** Engine LevelMachine as JSON (reset extremes, ±Infinity in memory, stored as null). */
  machine: ColumnType<unknown, string, string>;
  /** Y/P of the TREND_WINDOW days ending at the base day (null: no value). */
  ratios: (number | null)[];
  as_of: string | null;
  cost: number | null;
  price_cap: number | null;
  ratio: number | null;
  /** Level code with hysteresis (engine LevelCode, −4..4). */
  level: number;
  /** Y/P at as_of − 7·k days, k = 12 … 0. */
  trend: (number | null)[];
  /** The open signal episode at as_of (engine SignalEpisode), null when none. */
  episode: ColumnType<unknown, string | null, string | null>;
}

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface SupplyTables {
  herbs: HerbTable;
  herb_aliases: HerbAliasTable;
  markets: MarketTable;
  herb_specs: HerbSpecTable;
  price_observations: PriceObservationTable;
  formulas: FormulaTable;
  formula_ingredients: FormulaIngredientTable;
  price_caps: PriceCapTable;
  supply_monitor: SupplyMonitorTable;
  supply_monitor_series: SupplyMonitorSeriesTable;
  supply_monitor_formulas: SupplyMonitorFormulaTable;
}

export type HerbRow = Selectable<HerbTable>;
export type MarketRow = Selectable<MarketTable>;
export type HerbAliasRow = Selectable<HerbAliasTable>;
export type FormulaRow = Selectable<FormulaTable>;
export type FormulaIngredientRow = Selectable<FormulaIngredientTable>;
export type PriceCapRow = Selectable<PriceCapTable>;

/** Every column's classification level (see src/platform/classification.ts). */
export const supplyClassification: TableClassification<SupplyTables> = {
  // Supply early warning (issue 3): herb, market and formula master data and reference prices
  // are public; raw market ticks are internal (stations' working data). A manufacturer's own
  // formula (owner_organisation_id set) is confidential by row: supplyPolicy.readFormula shows
  // it only to the owner, regulators of its region, supply monitors and platform admins.
  herbs: {
    id: 'public',
    code: 'public',
    name_zh: 'public',
    name_en: 'public',
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
  herb_specs: { id: 'public', herb_id: 'public', name: 'public', name_en: 'public' },
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
  // The monitor state is derived data. Version and days say nothing about anyone: internal.
  // Per-market last prices are raw ticks (internal, like price_observations); the reference price
  // and a formula's figures are what the formula list shows: public columns, and a manufacturer's
  // own formula's row is shown by supplyPolicy.readFormula only, as for the formulas table.
  supply_monitor: { id: 'internal', version: 'internal', built: 'internal', as_of: 'internal', base_day: 'internal', updated_at: 'internal' },
  supply_monitor_series: { spec_id: 'internal', market_ids: 'internal', last_days: 'internal', last_prices: 'internal', reference: 'public' },
  supply_monitor_formulas: {
    formula_id: 'public',
    machine: 'internal',
    ratios: 'public',
    as_of: 'public',
    cost: 'public',
    price_cap: 'public',
    ratio: 'public',
    level: 'public',
    trend: 'public',
    episode: 'public',
  },
};
