import type { Executor, Trx } from '../../db/database';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { listRegions } from '../organisations';
import {
  type AccountsDataSet,
  AccountsDataError,
  checkAccountsQuality,
  decomposeProductivityChange,
  indicatorSeries,
  type IndicatorOptions,
  materialIndicators,
  productivityChange,
  productivityRoadmap,
  projectScenarios,
  type ScenarioDefinition,
  type TonnageBasis,
} from './engine';
import { accountsPolicy } from './accounts.policy';
import * as repo from './accounts.repository';
import type { ScenarioBody } from './accounts.schema';

/** Resolves a region given as a GB/T 2260 code or a Chinese name (浙江 or 浙江省). */
export async function regionResolver(db: Executor): Promise<(text: string) => string | undefined> {
  const regions = await listRegions(db);
  const byCode = new Map(regions.map((r) => [r.code, r.code]));
  const byName = new Map<string, string>();
  for (const r of regions) {
    byName.set(r.name_zh, r.code);
    byName.set(r.name_en.toLowerCase(), r.code);
    // 浙江省 → 浙江, 广西壮族自治区 → 广西, 北京市 → 北京: the short names people write.
    const short = r.name_zh.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, '');
    if (r.level === 'province' && !byName.has(short)) byName.set(short, r.code);
  }
  return (text) => byCode.get(text) ?? byName.get(text) ?? byName.get(text.toLowerCase());
}

export async function resolveRegionOrThrow(db: Executor, text: string, field = 'region'): Promise<string> {
  const code = (await regionResolver(db))(text.trim());
  if (!code) throw errors.validation(`Unknown region ${text}.`, [{ field, message: `unknown region ${text} (give a GB/T 2260 code or a Chinese name)` }]);
  return code;
}

export async function loadDataSet(db: Executor, regions?: readonly string[]): Promise<AccountsDataSet> {
  const { materials, economy } = await repo.loadAccounts(db, regions);
  const baseYears = new Set(economy.map((e) => e.baseYear));
  // Regions are compared one by one; a single base year per region is enforced at import.
  const baseYear = baseYears.size === 1 ? [...baseYears][0]! : (economy[0]?.baseYear ?? 0);
  return { baseYear, materials, economy };
}

function engineError(error: unknown): never {
  if (error instanceof AccountsDataError || error instanceof RangeError) throw errors.validation(error.message, [{ field: 'region', message: error.message }]);
  throw error;
}

/** Regions that have accounts, with their year span (published). */
export async function regionsWithAccounts(db: Executor, ctx: ServiceContext) {
  permit(ctx.viewer, accountsPolicy.readPublished(ctx.viewer));
  return repo.regionsWithAccounts(db);
}

/**
 * Indicators of a region by year. The region is given as people write it (code or name);
 * `regionField` names the input in the error when it is unknown.
 */
export async function regionIndicators(db: Executor, ctx: ServiceContext, regionText: string, span: { from?: number | undefined; to?: number | undefined }, basis: TonnageBasis, regionField: string) {
  permit(ctx.viewer, accountsPolicy.readPublished(ctx.viewer));
  const region = await resolveRegionOrThrow(db, regionText, regionField);
  const data = await loadDataSet(db, [region]);
  const catalogue = await repo.loadCatalogue(db);
  try {
    const { indicators, yearOnYear } = indicatorSeries(
      data,
      region,
      { ...(span.from !== undefined ? { from: span.from } : {}), ...(span.to !== undefined ? { to: span.to } : {}) },
      { catalogue, basis },
    );
    if (indicators.length === 0) throw errors.notFound('Accounts of region', region);
    const quality = checkAccountsQuality(data, { catalogue }).scores.filter((s) => s.region === region);
    return { region, basis, indicators, yearOnYear, quality };
  } catch (error) {
    return engineError(error);
  }
}

export async function regionChange(db: Executor, ctx: ServiceContext, regionText: string, from: number, to: number, basis: TonnageBasis, regionField: string) {
  permit(ctx.viewer, accountsPolicy.readPublished(ctx.viewer));
  const region = await resolveRegionOrThrow(db, regionText, regionField);
  const data = await loadDataSet(db, [region]);
  const catalogue = await repo.loadCatalogue(db);
  try {
    const change = productivityChange(data, region, from, to, { catalogue, basis });
    return { ...change, decomposition: decomposeProductivityChange(change) };
  } catch (error) {
    return engineError(error);
  }
}

/**
 * Default scenarios when the user names none: the region's own trend (average GDP growth and
 * per-category intensity change over its last five years), a green-transition variant
 * (intensities falling 2 points a year faster) and a frozen-intensity reference.
 */
function trendScenarios(data: AccountsDataSet, region: string, baseYear: number, options: IndicatorOptions): ScenarioDefinition[] {
  const years = data.economy.filter((e) => e.region === region && e.year <= baseYear).map((e) => e.year);
  const fromYear = Math.max(Math.min(...years), baseYear - 5);
  if (!(fromYear < baseYear)) return [{ name: 'trend', gdpGrowth: 0.05, intensityChange: {} }];
  const a = materialIndicators(data, region, fromYear, options);
  const b = materialIndicators(data, region, baseYear, options);
  const span = baseYear - fromYear;
  const rate = (x: number, y: number) => (x > 0 && y > 0 ? Math.pow(y / x, 1 / span) - 1 : 0);
  const gdpGrowth = rate(a.gdpConstant, b.gdpConstant);
  const categories = ['biomass', 'metalOres', 'nonMetallicMinerals', 'fossilEnergy'] as const;
  const trend: Partial<Record<(typeof categories)[number], number>> = {};
  const green: Partial<Record<(typeof categories)[number], number>> = {};
  for (const c of categories) {
    trend[c] = rate(a.byCategory[c].dmc / a.gdpConstant, b.byCategory[c].dmc / b.gdpConstant);
    green[c] = trend[c] - 0.02;
  }
  return [
    { name: 'trend', gdpGrowth, intensityChange: trend },
    { name: 'green', gdpGrowth, intensityChange: green },
    // Productivity is GDP over DMC, so only intensities move it: the reference of no improvement.
    { name: 'frozen', gdpGrowth, intensityChange: {} },
  ];
}

/** Scenarios of a region given as people write it (the CLI's; `regionField` names the input). */
export async function regionScenarios(db: Executor, ctx: ServiceContext, body: ScenarioBody, regionField: string) {
  permit(ctx.viewer, accountsPolicy.project(ctx.viewer));
  return projectRegion(db, { ...body, region: await resolveRegionOrThrow(db, body.region, regionField) });
}

/** Scenarios as the API takes them: one target at most, either absolute or as a change. */
export async function requestedScenarios(db: Executor, ctx: ServiceContext, body: ScenarioBody) {
  permit(ctx.viewer, accountsPolicy.project(ctx.viewer));
  const region = await resolveRegionOrThrow(db, body.region, 'body.region');
  if (body.targetProductivity !== undefined && body.targetChange !== undefined) {
    throw errors.validation('Give a target productivity or a target change, not both.', [{ field: 'body.targetChange', message: 'conflicts with targetProductivity' }]);
  }
  return projectRegion(db, { ...body, region });
}

async function projectRegion(db: Executor, body: ScenarioBody & { region: string }) {
  const data = await loadDataSet(db, [body.region]);
  const catalogue = await repo.loadCatalogue(db);
  const years = data.economy.filter((e) => e.region === body.region).map((e) => e.year);
  if (years.length === 0) throw errors.notFound('Accounts of region', body.region);
  const baseYear = body.baseYear ?? Math.max(...years);
  try {
    const base = materialIndicators(data, body.region, baseYear, { catalogue, basis: body.basis });
    const scenarios: ScenarioDefinition[] =
      body.scenarios?.map((s) => ({ name: s.name, gdpGrowth: s.gdpGrowth, intensityChange: s.intensityChange, ...(s.intensityChangeOther !== undefined ? { intensityChangeOther: s.intensityChangeOther } : {}) })) ??
      trendScenarios(data, body.region, baseYear, { catalogue, basis: body.basis });
    const target =
      body.targetProductivity !== undefined
        ? { productivity: body.targetProductivity }
        : body.targetChange !== undefined
          ? { productivity: base.productivityDmc * (1 + body.targetChange) }
          : undefined;
    const projections = projectScenarios(base, scenarios, body.targetYear, target);
    const roadmap = target
      ? productivityRoadmap(base, { targetYear: body.targetYear, gdpGrowth: scenarios[0]!.gdpGrowth, targetProductivity: target.productivity })
      : null;
    return { region: body.region, baseYear, basis: body.basis, base, scenarios, projections, roadmap };
  } catch (error) {
    return engineError(error);
  }
}

/**
 * Generated (demo) accounts, regions already coded: rows written without an import record, and
 * the quality findings of their regions. For the demo loader only.
 */
export async function loadGeneratedAccounts(trx: Trx, ctx: ServiceContext, data: AccountsDataSet, onProgress?: (done: number, total: number) => void): Promise<void> {
  permit(ctx.viewer, accountsPolicy.loadGenerated(ctx.viewer));
  await repo.upsertEconomyRows(trx, data.economy.map((e) => ({ ...e, baseYear: data.baseYear, importId: null })));
  onProgress?.(1, 3);
  await repo.upsertMaterialRows(trx, data.materials.map((m) => ({ ...m, importId: null })));
  onProgress?.(2, 3);
  const quality = checkAccountsQuality(data, { catalogue: await repo.loadCatalogue(trx) });
  await repo.replaceOpenFindings(
    trx,
    [...new Set(data.economy.map((e) => e.region))],
    quality.findings.map((f) => ({ ...f, fileRow: null, importId: null })),
  );
  onProgress?.(3, 3);
}
