import {
  DEFAULT_RESOURCE_CATALOGUE,
  MATERIAL_CATEGORIES,
  catalogueIndex,
  kindFor,
  unitConversionFactor,
  type MaterialCategory,
  type ResourceKind,
} from './catalogue';
import type {
  AccountsDataSet,
  CategoryIndicators,
  EconomicAccountRow,
  MaterialAccountRow,
  MaterialIndicators,
  ProductivityChange,
  ProductivityDecomposition,
  TonnageBasis,
} from './types';

/**
 * Economy-wide material-flow indicators (Eurostat, "Economy-wide material flow accounts
 * handbook", 2018; OECD 2008 "Measuring material flows and resource productivity"), for a
 * province: trade with other provinces counts like foreign trade, so
 *   DMI = DE + imports + inflow from other regions,  DMC = DMI − exports − outflow to other regions.
 * Productivity is GDP at constant prices per tonne; the seed's "productivity based on primary
 * resource consumption" is the default `primaryEquivalent` basis.
 */

export class AccountsDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccountsDataError';
  }
}

export interface IndicatorOptions {
  catalogue?: readonly ResourceKind[];
  basis?: TonnageBasis;
}

const YUAN_PER_100M = 1e8;

/** GDP at base-year prices, 亿元: the stated constant GDP, else current GDP deflated. */
export function gdpAtConstantPrices(row: EconomicAccountRow): number {
  if (row.gdpConstant !== undefined) return row.gdpConstant;
  if (row.deflator !== undefined && row.deflator > 0) return (row.gdpCurrent * 100) / row.deflator;
  throw new AccountsDataError(`${row.region} ${row.year}: neither constant-price GDP nor a deflator`);
}

/** Relative change b/a − 1. */
export function relativeChange(a: number, b: number): number {
  return b / a - 1;
}

function emptyCategories(): Record<MaterialCategory, { dmi: number; dmc: number }> {
  return {
    biomass: { dmi: 0, dmc: 0 },
    metalOres: { dmi: 0, dmc: 0 },
    nonMetallicMinerals: { dmi: 0, dmc: 0 },
    fossilEnergy: { dmi: 0, dmc: 0 },
  };
}

interface MaterialTotals {
  dmi: number;
  dmc: number;
  recycled: number;
  byCategory: Record<MaterialCategory, { dmi: number; dmc: number }>;
}

function addRow(t: MaterialTotals, row: MaterialAccountRow, kind: ResourceKind, basis: TonnageBasis): void {
  const unit = unitConversionFactor(row.unit, kind);
  if (unit === null) {
    throw new AccountsDataError(`${row.region} ${row.year} ${row.kind}: unit ${row.unit} cannot be converted to ${kind.unit}`);
  }
  const f = unit * kind.toTonnes * (basis === 'primaryEquivalent' ? kind.primaryEquivalent : 1);
  const dmi = (row.domesticExtraction + row.imports + row.fromOtherRegions) * f;
  const dmc = dmi - (row.exports + row.toOtherRegions) * f;
  t.dmi += dmi;
  t.dmc += dmc;
  t.recycled += row.recycled * f;
  const c = t.byCategory[kind.category];
  c.dmi += dmi;
  c.dmc += dmc;
}

function indicatorsFrom(
  region: string,
  year: number,
  basis: TonnageBasis,
  totals: MaterialTotals,
  economy: EconomicAccountRow,
): MaterialIndicators {
  const gdp = gdpAtConstantPrices(economy);
  const yuan = gdp * YUAN_PER_100M;
  const byCategory = {} as Record<MaterialCategory, CategoryIndicators>;
  for (const { code } of MATERIAL_CATEGORIES) {
    const c = totals.byCategory[code];
    byCategory[code] = { dmi: c.dmi, dmc: c.dmc, productivity: yuan / c.dmc };
  }
  return {
    region,
    year,
    basis,
    dmi: totals.dmi,
    dmc: totals.dmc,
    dmcPerCapita: totals.dmc / economy.population,
    recycled: totals.recycled,
    gdpConstant: gdp,
    productivityDmc: yuan / totals.dmc,
    productivityDmi: yuan / totals.dmi,
    byCategory,
    circularMaterialUseRate: totals.recycled / (totals.dmc + totals.recycled),
    recyclingInputRate: totals.recycled / (totals.dmi + totals.recycled),
  };
}

const key = (region: string, year: number): string => `${region}\u0000${year}`;

/**
 * Indicators for every region-year that has an economic row, in one pass over the data.
 * Aggregate rows (category codes, `total`) and kinds outside the catalogue are not summed.
 */
export function indicatorTable(data: AccountsDataSet, options: IndicatorOptions = {}): MaterialIndicators[] {
  const basis = options.basis ?? 'primaryEquivalent';
  const kinds = catalogueIndex(options.catalogue ?? DEFAULT_RESOURCE_CATALOGUE);
  const totals = new Map<string, MaterialTotals>();
  for (const row of data.materials) {
    const kind = kindFor(kinds, row.kind, row.region);
    if (!kind) continue;
    const k = key(row.region, row.year);
    let t = totals.get(k);
    if (!t) {
      t = { dmi: 0, dmc: 0, recycled: 0, byCategory: emptyCategories() };
      totals.set(k, t);
    }
    addRow(t, row, kind, basis);
  }
  const out: MaterialIndicators[] = [];
  for (const e of data.economy) {
    const t = totals.get(key(e.region, e.year));
    if (!t) continue;
    out.push(indicatorsFrom(e.region, e.year, basis, t, e));
  }
  out.sort((a, b) => (a.region === b.region ? a.year - b.year : a.region < b.region ? -1 : 1));
  return out;
}

/** Indicators of one region in one year; throws when the year has no data. */
export function materialIndicators(
  data: AccountsDataSet,
  region: string,
  year: number,
  options: IndicatorOptions = {},
): MaterialIndicators {
  const basis = options.basis ?? 'primaryEquivalent';
  const kinds = catalogueIndex(options.catalogue ?? DEFAULT_RESOURCE_CATALOGUE);
  const economy = data.economy.find((e) => e.region === region && e.year === year);
  if (!economy) throw new AccountsDataError(`no economic account for ${region} ${year}`);
  const t: MaterialTotals = { dmi: 0, dmc: 0, recycled: 0, byCategory: emptyCategories() };
  let rows = 0;
  for (const row of data.materials) {
    if (row.region !== region || row.year !== year) continue;
    const kind = kindFor(kinds, row.kind, row.region);
    if (!kind) continue;
    addRow(t, row, kind, basis);
    rows++;
  }
  if (rows === 0) throw new AccountsDataError(`no material accounts for ${region} ${year}`);
  return indicatorsFrom(region, year, basis, t, economy);
}

export interface YearOnYear {
  year: number;
  gdpChange: number;
  dmcChange: number;
  dmiChange: number;
  productivityChange: number;
}

/** Indicators of a region over [from, to] with year-on-year changes (a gap year breaks the chain). */
export function indicatorSeries(
  data: AccountsDataSet,
  region: string,
  span: { from?: number; to?: number } = {},
  options: IndicatorOptions = {},
): { indicators: MaterialIndicators[]; yearOnYear: YearOnYear[] } {
  const indicators = indicatorTable(
    {
      ...data,
      materials: data.materials.filter((r) => r.region === region),
      economy: data.economy.filter((e) => e.region === region),
    },
    options,
  ).filter((i) => (span.from === undefined || i.year >= span.from) && (span.to === undefined || i.year <= span.to));
  const yearOnYear: YearOnYear[] = [];
  for (let k = 1; k < indicators.length; k++) {
    const a = indicators[k - 1]!;
    const b = indicators[k]!;
    if (b.year !== a.year + 1) continue;
    yearOnYear.push({
      year: b.year,
      gdpChange: relativeChange(a.gdpConstant, b.gdpConstant),
      dmcChange: relativeChange(a.dmc, b.dmc),
      dmiChange: relativeChange(a.dmi, b.dmi),
      productivityChange: relativeChange(a.productivityDmc, b.productivityDmc),
    });
  }
  return { indicators, yearOnYear };
}

/**
 * Change of a region's productivity (GDP constant / DMC) between two years, with the GDP and
 * resource-use changes that make it up: (1 + p) = (1 + gdp) / (1 + dmc).
 */
export function productivityChange(
  data: AccountsDataSet,
  region: string,
  from: number,
  to: number,
  options: IndicatorOptions = {},
): ProductivityChange {
  const a = materialIndicators(data, region, from, options);
  const b = materialIndicators(data, region, to, options);
  return {
    region,
    from,
    to,
    gdpChange: relativeChange(a.gdpConstant, b.gdpConstant),
    dmcChange: relativeChange(a.dmc, b.dmc),
    dmiChange: relativeChange(a.dmi, b.dmi),
    productivityChange: relativeChange(a.productivityDmc, b.productivityDmc),
  };
}

/**
 * Split a productivity change into its GDP and resource-use parts. In logarithms the split is
 * exact and additive: ln(1+p) = ln(1+g) − ln(1+d), so the two shares sum to 1.
 */
export function decomposeProductivityChange(change: {
  from: number;
  to: number;
  gdpChange: number;
  dmcChange: number;
}): ProductivityDecomposition {
  const g = change.gdpChange;
  const d = change.dmcChange;
  const p = (1 + g) / (1 + d) - 1;
  const lp = Math.log1p(p);
  const years = change.to - change.from;
  const annual = (x: number): number => (years > 0 ? Math.pow(1 + x, 1 / years) - 1 : Number.NaN);
  return {
    productivityChange: p,
    gdpChange: g,
    resourceChange: d,
    gdpShare: lp === 0 ? Number.NaN : Math.log1p(g) / lp,
    resourceShare: lp === 0 ? Number.NaN : -Math.log1p(d) / lp,
    annualProductivityGrowth: annual(p),
    annualGdpGrowth: annual(g),
    annualResourceGrowth: annual(d),
  };
}
