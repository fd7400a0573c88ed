import type { MaterialCategory } from './catalogue';

/**
 * One resource kind of one region in one year, in the reported unit. `kind` is a catalogue
 * code; a category code or `total` marks an aggregate row that only the quality checks read.
 */
export interface MaterialAccountRow {
  region: string;
  year: number;
  kind: string;
  unit: string;
  domesticExtraction: number;
  imports: number;
  exports: number;
  /** Inflow from other provinces (domestic trade counts as trade for a province). */
  fromOtherRegions: number;
  toOtherRegions: number;
  /** Recycled (secondary) material used in the region, net of waste trade. */
  recycled: number;
}

export interface EconomicAccountRow {
  region: string;
  year: number;
  /** GDP at current prices, 亿元 (10⁸ yuan). */
  gdpCurrent: number;
  /** GDP at constant prices of the data set's base year, 亿元; derived from the deflator if absent. */
  gdpConstant?: number;
  /** GDP deflator index, base year = 100. */
  deflator?: number;
  /** Resident population, persons. */
  population: number;
}

export interface AccountsDataSet {
  /** Base year of constant prices. */
  baseYear: number;
  materials: MaterialAccountRow[];
  economy: EconomicAccountRow[];
}

/** Which tonnage the material indicators add up. */
export type TonnageBasis = 'primaryEquivalent' | 'tonnes';

export interface CategoryIndicators {
  dmi: number;
  dmc: number;
  /** GDP (constant) per tonne of DMC of the category, yuan/t. */
  productivity: number;
}

export interface MaterialIndicators {
  region: string;
  year: number;
  basis: TonnageBasis;
  /** Tonnes. DMI = domestic extraction + imports + inflow from other regions. */
  dmi: number;
  /** Tonnes. DMC = DMI − exports − outflow to other regions. */
  dmc: number;
  /** Tonnes per person. */
  dmcPerCapita: number;
  /** Tonnes of recycled (secondary) material used. */
  recycled: number;
  /** 亿元 at base-year prices. */
  gdpConstant: number;
  /** Resource productivity GDP(constant)/DMC, yuan per tonne. */
  productivityDmc: number;
  /** GDP(constant)/DMI, yuan per tonne. */
  productivityDmi: number;
  byCategory: Record<MaterialCategory, CategoryIndicators>;
  /** Circular material use rate (Eurostat): U / (DMC + U). */
  circularMaterialUseRate: number;
  /** Recycling input rate: U / (DMI + U), the secondary share of all material input. */
  recyclingInputRate: number;
}

/** Contract of `herbloop accounts change`: fractions, 0.154 = +15.4 %. */
export interface ProductivityChange {
  region: string;
  from: number;
  to: number;
  gdpChange: number;
  dmcChange: number;
  dmiChange: number;
  productivityChange: number;
}

export interface ProductivityDecomposition {
  /** (1 + productivity change) = (1 + GDP change) / (1 + resource change). */
  productivityChange: number;
  gdpChange: number;
  resourceChange: number;
  /** ln(1+g) / ln(1+p): the part of the log productivity change owed to GDP growth. */
  gdpShare: number;
  /** −ln(1+d) / ln(1+p): the part owed to resource use (negative when resource use grew). */
  resourceShare: number;
  /** Per-year rates over the span. */
  annualProductivityGrowth: number;
  annualGdpGrowth: number;
  annualResourceGrowth: number;
}
