import { MATERIAL_CATEGORIES, type MaterialCategory } from './catalogue';
import type { MaterialIndicators } from './types';

/**
 * Scenario projection of resource productivity (seed 004: "scenario analysis and target
 * roadmap"). From a base year, GDP grows at a constant annual rate and the resource intensity
 * (DMC per unit of GDP) of each category changes at its own annual rate; DMC follows as
 * GDP × intensity, and productivity = GDP / Σ DMC. Intensities are compounded, not GDP
 * elasticities: a statistics office states its plan in these terms ("单位GDP资源消耗下降 x %").
 */

export interface ScenarioDefinition {
  name: string;
  /** Annual GDP growth at constant prices, fraction (0.06 = 6 %). */
  gdpGrowth: number;
  /** Annual change of resource intensity per category, fraction (−0.04 = 4 % less per year). */
  intensityChange: Partial<Record<MaterialCategory, number>>;
  /** Rate for categories not listed. Default 0. */
  intensityChangeOther?: number;
}

export interface ScenarioYear {
  year: number;
  /** 亿元 at base-year prices. */
  gdpConstant: number;
  /** Tonnes. */
  dmc: number;
  dmcByCategory: Record<MaterialCategory, number>;
  /** yuan per tonne. */
  productivity: number;
  /** Productivity relative to the base year (1 = base). */
  productivityIndex: number;
}

export interface ScenarioProjection {
  name: string;
  baseYear: number;
  targetYear: number;
  path: ScenarioYear[];
  /** Productivity change base → target, fraction. */
  productivityChange: number;
  annualProductivityGrowth: number;
  /** Present when a target productivity was given. */
  meetsTarget?: boolean;
}

function categoryRecord(f: (c: MaterialCategory) => number): Record<MaterialCategory, number> {
  return {
    biomass: f('biomass'),
    metalOres: f('metalOres'),
    nonMetallicMinerals: f('nonMetallicMinerals'),
    fossilEnergy: f('fossilEnergy'),
  };
}

/** Project several named scenarios side by side from the same base-year indicators. */
export function projectScenarios(
  base: MaterialIndicators,
  scenarios: readonly ScenarioDefinition[],
  targetYear: number,
  target?: { productivity: number },
): ScenarioProjection[] {
  if (targetYear <= base.year) throw new RangeError(`target year ${targetYear} is not after the base year ${base.year}`);
  const yuan = (gdp: number) => gdp * 1e8;
  return scenarios.map((s) => {
    const path: ScenarioYear[] = [];
    const baseIntensity = categoryRecord((c) => base.byCategory[c].dmc / base.gdpConstant);
    for (let year = base.year; year <= targetYear; year++) {
      const t = year - base.year;
      const gdp = base.gdpConstant * Math.pow(1 + s.gdpGrowth, t);
      const dmcByCategory = categoryRecord(
        (c) => gdp * baseIntensity[c] * Math.pow(1 + (s.intensityChange[c] ?? s.intensityChangeOther ?? 0), t),
      );
      const dmc = MATERIAL_CATEGORIES.reduce((sum, c) => sum + dmcByCategory[c.code], 0);
      const productivity = yuan(gdp) / dmc;
      path.push({ year, gdpConstant: gdp, dmc, dmcByCategory, productivity, productivityIndex: productivity / base.productivityDmc });
    }
    const last = path[path.length - 1]!;
    const change = last.productivity / base.productivityDmc - 1;
    const projection: ScenarioProjection = {
      name: s.name,
      baseYear: base.year,
      targetYear,
      path,
      productivityChange: change,
      annualProductivityGrowth: Math.pow(1 + change, 1 / (targetYear - base.year)) - 1,
    };
    if (target) projection.meetsTarget = last.productivity >= target.productivity * (1 - 1e-12);
    return projection;
  });
}

/** Constant annual improvement that takes productivity from `current` to `target` in `years`. */
export function requiredAnnualImprovement(current: number, target: number, years: number): number {
  if (!(years > 0)) throw new RangeError('years must be positive');
  if (!(current > 0 && target > 0)) throw new RangeError('productivities must be positive');
  return Math.pow(target / current, 1 / years) - 1;
}

export interface RoadmapRow {
  year: number;
  /** Productivity on the required path, yuan per tonne. */
  productivityTarget: number;
  /** Cumulative improvement over the base year, fraction. */
  cumulativeImprovement: number;
  /** GDP under the assumed growth, 亿元 at base-year prices. */
  gdpConstant: number;
  /** Largest DMC compatible with the target at that GDP, tonnes. */
  dmcCeiling: number;
  /** Change of the DMC ceiling against the base-year DMC, fraction. */
  dmcChangeFromBase: number;
}

export interface ProductivityRoadmap {
  region: string;
  baseYear: number;
  targetYear: number;
  baseProductivity: number;
  targetProductivity: number;
  requiredAnnualImprovement: number;
  rows: RoadmapRow[];
}

/**
 * Year-by-year roadmap to a productivity target: the required path, and under an assumed GDP
 * growth the resource-consumption ceiling each year.
 */
export function productivityRoadmap(
  base: MaterialIndicators,
  plan: { targetYear: number; gdpGrowth: number } & ({ targetProductivity: number } | { targetChange: number }),
): ProductivityRoadmap {
  const targetProductivity =
    'targetProductivity' in plan ? plan.targetProductivity : base.productivityDmc * (1 + plan.targetChange);
  const years = plan.targetYear - base.year;
  const rate = requiredAnnualImprovement(base.productivityDmc, targetProductivity, years);
  const rows: RoadmapRow[] = [];
  for (let t = 0; t <= years; t++) {
    const productivity = base.productivityDmc * Math.pow(1 + rate, t);
    const gdp = base.gdpConstant * Math.pow(1 + plan.gdpGrowth, t);
    const ceiling = (gdp * 1e8) / productivity;
    rows.push({
      year: base.year + t,
      productivityTarget: productivity,
      cumulativeImprovement: productivity / base.productivityDmc - 1,
      gdpConstant: gdp,
      dmcCeiling: ceiling,
      dmcChangeFromBase: ceiling / base.dmc - 1,
    });
  }
  return {
    region: base.region,
    baseYear: base.year,
    targetYear: plan.targetYear,
    baseProductivity: base.productivityDmc,
    targetProductivity,
    requiredAnnualImprovement: rate,
    rows,
  };
}
