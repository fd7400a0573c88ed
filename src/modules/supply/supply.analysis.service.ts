/**
 * Analyses of one formula's Y/P (daily ratio report, cost attribution, ingredient series,
 * what-if, floor price) and of one herb's weight in every formula (exposure), computed with the
 * pure engine through computeFormulas.
 */
import type { Executor } from '../../db/database';
import { errors, type FieldIssue } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext, Viewer } from '../../platform/viewer';
import {
  attributionReport,
  costChangeAttribution,
  dayToIso,
  floorPriceReport,
  formulasPushedOutOfBand,
  shockOutcomes,
  type ShockOutcome,
  herbExposure,
  ingredientPricesOn,
  isoToDay,
  levelName,
  priceCapOn,
  ratioReport,
  whatIf,
  whatIfReport,
  DEFAULT_SEVERITY_THRESHOLDS,
  type AreaUnit,
  type CompiledFormula,
  type WhatIfReport,
} from './engine';
import type { SeverityLevelsView } from './supply.contract';
import { SERIES_RESOLUTION_DAYS, type SeriesResolution } from './supply.schema';
import { DEFAULT_SPEC, herbOrThrow, loadCatalog, resolveHerb } from './supply.catalog';
import { computeFormulas, dayArg, oneFormula, visibleFormulas } from './supply.compute.service';
import { monitorSnapshot } from './supply.monitor.service';
import { supplyPolicy } from './supply.policy';
import * as repo from './supply.repository';

/** Days of prices the exposure of a herb is computed on (its figures are of the last day). */
const EXPOSURE_HISTORY_DAYS = 60;

function reader(ctx: ServiceContext): void {
  permit(ctx.viewer, supplyPolicy.read(ctx.viewer));
}

export async function ratio(db: Executor, ctx: ServiceContext, name: string, q: { from?: string | undefined; to?: string | undefined; resolution: SeriesResolution }) {
  reader(ctx);
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw errors.validation('from is after to.', [{ field: 'query.from', message: 'after to' }]);
  const { row, signals, model } = await oneFormula(db, ctx.viewer, name);
  return { ...ratioReport(row.name_zh, model.formula.band, signals, q.from, q.to, SERIES_RESOLUTION_DAYS[q.resolution]), code: row.code, resolution: q.resolution };
}

export async function attribution(db: Executor, ctx: ServiceContext, name: string, from: string, to: string) {
  reader(ctx);
  const { f, comp } = await oneFormula(db, ctx.viewer, name);
  const a = dayArg(from, comp.lastDay);
  const b = dayArg(to, comp.lastDay);
  for (const [d, field] of [[a, 'from'], [b, 'to']] as const) {
    if (d < comp.startDay || d > comp.lastDay) throw errors.validation(`${field} ${dayToIso(d)} is outside the price history (${dayToIso(comp.startDay)} … ${dayToIso(comp.lastDay)}).`, [{ field, message: 'outside the price history' }]);
  }
  const refs = comp.result.references;
  const pricesFrom = ingredientPricesOn(f, refs, a);
  const pricesTo = ingredientPricesOn(f, refs, b);
  // Within the history, an ingredient may still have no price yet (its series starts later):
  // its contribution would be NaN, which no response can carry.
  for (const [prices, d, field] of [[pricesFrom, a, 'from'], [pricesTo, b, 'to']] as const) {
    const missing = f.herbs.filter((_, k) => !Number.isFinite(prices[k]));
    if (missing.length > 0) throw errors.validation(`No reference price of ${missing.join(', ')} on ${dayToIso(d)}.`, [{ field, message: 'an ingredient has no reference price on this day' }]);
  }
  return attributionReport(costChangeAttribution(f, pricesFrom, pricesTo, a, b));
}

/**
 * Each ingredient's reference price (with its stale flags and the spec used) and its part of Y
 * per pack, over [from, to] every `every` days, as parallel arrays. Computed over the whole
 * history (like ratio) so the first days carry exactly what the daily series carries.
 */
export async function ingredientSeries(db: Executor, ctx: ServiceContext, name: string, q: { from?: string | undefined; to?: string | undefined; every: number }) {
  reader(ctx);
  const { cat, row, f, comp, model } = await oneFormula(db, ctx.viewer, name);
  const refs = comp.result.references;
  const series = comp.result.formulas[0]!.series;
  const lo = Math.max(comp.startDay, q.from === undefined ? comp.startDay : isoToDay(q.from));
  const hi = Math.min(comp.lastDay, q.to === undefined ? comp.lastDay : isoToDay(q.to));
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw errors.validation('from is after to.', [{ field: 'query.from', message: 'after to' }]);
  const idx: number[] = [];
  for (let d = lo; d <= hi; d += q.every) idx.push(d - comp.startDay);
  const round = (x: number, digits: number) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
  const ings = await repo.formulaIngredients(db, [row.id]);
  const scale = f.packSize / f.batchYield;
  return {
    formula: row.name_zh,
    code: row.code,
    dates: idx.map((d) => dayToIso(comp.startDay + d)),
    cost: idx.map((d) => round(series.cost[d]!, 6)),
    ingredients: ings.map((ing, k) => {
      const herb = cat.herbs.get(ing.herb_id)!;
      const key = f.herbs[k]!;
      const ref = refs[f.seriesIndex[k]!]!;
      const kgPerPack = f.amountKg[k]! * scale;
      return {
        herb: herb.nameZh,
        herbCode: herb.code,
        writtenAs: ing.written_as,
        spec: cat.specById.get(model.specOfKey.get(key)!)?.name ?? DEFAULT_SPEC,
        specSet: ing.spec_id !== null,
        kgPerPack,
        price: idx.map((d) => round(ref.prices[d]!, 4)),
        stale: idx.map((d): 0 | 1 => (ref.stale[d] === 1 ? 1 : 0)),
        // Same arithmetic as ingredientCostsPerPack, so the parts add up to Y.
        costPerPack: idx.map((d) => round((ref.prices[d]! * f.amountKg[k]! * f.packSize) / f.batchYield, 6)),
      };
    }),
  };
}

/** `prices`: herb (code, name or alias) → 元/kg; applied to every series key of that herb. */
export async function whatIfFormula(
  db: Executor,
  ctx: ServiceContext,
  name: string,
  input: { prices: Record<string, number>; priceCap?: number | undefined; date?: string | undefined },
) {
  reader(ctx);
  const { cat, f, comp, model } = await oneFormula(db, ctx.viewer, name);
  const day = dayArg(input.date, comp.lastDay);
  if (day < comp.startDay || day > comp.lastDay) throw errors.validation(`date ${dayToIso(day)} is outside the price history.`, [{ field: 'date', message: 'outside the price history' }]);
  const overrides: Record<string, number> = {};
  const issues: FieldIssue[] = [];
  for (const [herbName, price] of Object.entries(input.prices)) {
    const h = resolveHerb(cat, herbName);
    const keys = h ? model.keysOfHerb.get(h.herbId) : undefined;
    if (!h) issues.push({ field: `prices.${herbName}`, message: `unknown herb "${herbName}"` });
    else if (!keys) issues.push({ field: `prices.${herbName}`, message: `${herbName} is not an ingredient of ${model.row.name_zh}` });
    else for (const k of keys) overrides[k] = price;
  }
  if (issues.length > 0) throw errors.validation('Unknown herbs in the what-if prices.', issues);
  const w = whatIf(f, ingredientPricesOn(f, comp.result.references, day), priceCapOn(f, day), { prices: overrides, ...(input.priceCap !== undefined ? { priceCap: input.priceCap } : {}) });
  // The fields are bounded, but a formula's own amounts multiply them: an unbounded result is
  // the caller's numbers, answered as such rather than failing the response.
  if (!Number.isFinite(w.cost) || !Number.isFinite(w.ratio)) {
    const field = input.priceCap !== undefined && Number.isFinite(w.cost) ? 'priceCap' : 'prices';
    throw errors.validation(`The what-if ${field} make the cost or Y/P unbounded or undefined (or an ingredient has no reference price on ${dayToIso(day)}).`, [{ field, message: 'gives an unbounded or undefined cost or Y/P' }]);
  }
  return { date: dayToIso(day), ...whatIfReport(w) };
}

export interface FloorPriceInput {
  cycleYears: number;
  annualInput: number;
  yield: number;
  annualProfit: number;
  areaUnit: AreaUnit;
  profitAreaUnit: AreaUnit;
  formula?: string | undefined;
  herb?: string | undefined;
}

export async function floorPrice(
  db: Executor,
  ctx: ServiceContext,
  input: FloorPriceInput,
): Promise<{ floorPrice: number; ratio?: number; date?: string; formula?: string; herb?: string }> {
  reader(ctx);
  const economics = {
    cycleYears: input.cycleYears,
    annualInput: input.annualInput,
    yieldPerCycle: input.yield,
    areaUnit: input.areaUnit,
    annualProfit: input.annualProfit,
    profitAreaUnit: input.profitAreaUnit,
  };
  if (input.formula === undefined) return floorPriceReport(economics);
  if (input.herb === undefined) throw errors.validation('Name the herb whose floor price goes into the formula.', [{ field: 'herb', message: 'required with formula' }]);
  const { cat, f, comp, model } = await oneFormula(db, ctx.viewer, input.formula);
  const h = herbOrThrow(cat, input.herb);
  const keys = model.keysOfHerb.get(h.herbId);
  if (!keys) throw errors.validation(`${input.herb} is not an ingredient of ${model.row.name_zh}.`, [{ field: 'herb', message: 'not an ingredient' }]);
  const prices = ingredientPricesOn(f, comp.result.references, comp.lastDay);
  const base = floorPriceReport(economics);
  const overrides = Object.fromEntries(keys.map((k) => [k, base.floorPrice]));
  const w = whatIf(f, prices, priceCapOn(f, comp.lastDay), { prices: overrides });
  if (!Number.isFinite(w.ratio)) throw errors.validation('This floor price makes the formula’s Y/P unbounded.', [{ field: 'query', message: 'gives an unbounded Y/P' }]);
  return { floorPrice: base.floorPrice, ratio: w.ratio, date: dayToIso(comp.lastDay), formula: model.row.name_zh, herb: h.herb.nameZh };
}

interface Levelled {
  cost: number;
  ratio: number;
  level: string;
}
export interface ExposureReport {
  herb: string;
  date: string | null;
  formulas: { code: string; formula: string; ratio: number; ratioPointsPerPercent: number; relativePerPercent: number }[];
  shock?: { factor: number; pushedOutOfBand: { code: string; formula: string; before: Levelled; after: Levelled }[]; formulas: { code: string; formula: string; before: Levelled; after: Levelled }[] };
}

/** Every formula using a herb and how +1 % of its price moves their Y/P; optional shock factor. */
export async function exposure(db: Executor, ctx: ServiceContext, herbName: string, shock?: number): Promise<ExposureReport> {
  reader(ctx);
  const h = herbOrThrow(await loadCatalog(db), herbName);
  const using = await repo.formulaIdsUsingHerb(db, h.herbId);
  const ids = (await visibleFormulas(db, ctx.viewer)).filter((r) => using.has(r.id)).map((r) => r.id);
  const { models, comp: computed } = await computeFormulas(db, ctx.viewer, { formulaIds: ids, historyDays: EXPOSURE_HISTORY_DAYS });
  if (!computed) {
    const span = await repo.observationSpan(db);
    return { herb: h.herb.nameZh, date: span.last, formulas: [], ...(shock !== undefined ? { shock: { factor: shock, pushedOutOfBand: [], formulas: [] } } : {}) };
  }
  const comp = computed;
  const refs = comp.result.references;
  const pricesOf = (f: CompiledFormula) => ingredientPricesOn(f, refs, comp.lastDay);
  const capOf = (f: CompiledFormula) => priceCapOn(f, comp.lastDay);
  const keys = [...new Set(models.flatMap((m) => m.keysOfHerb.get(h.herbId) ?? []))];
  const nameOf = new Map(models.map((m) => [m.row.code, m.row.name_zh]));
  const list = keys.flatMap((k) => herbExposure(k, comp.compiled, pricesOf, capOf)).sort((a, b) => b.ratioPointsPerPercent - a.ratioPointsPerPercent);
  const out = {
    herb: h.herb.nameZh,
    date: dayToIso(comp.lastDay),
    formulas: list.map((e) => ({ code: e.formula, formula: nameOf.get(e.formula)!, ratio: e.ratio, ratioPointsPerPercent: e.ratioPointsPerPercent, relativePerPercent: e.relativePerPercent })),
  };
  if (shock === undefined) return out;
  const shocks = Object.fromEntries(keys.map((k) => [k, shock]));
  // Every formula's figures after the shock (the herb page fills its shock column from them);
  // those it pushes out of the band are also listed on their own.
  const present = (o: ShockOutcome) => ({
    code: o.formula,
    formula: nameOf.get(o.formula)!,
    before: { cost: o.before.cost, ratio: o.before.ratio, level: levelName(o.before.level) },
    after: { cost: o.after.cost, ratio: o.after.ratio, level: levelName(o.after.level) },
  });
  const all = shockOutcomes(shocks, comp.compiled, pricesOf, capOf);
  const pushed = formulasPushedOutOfBand(shocks, comp.compiled, pricesOf, capOf).map(present);
  return { ...out, shock: { factor: shock, pushedOutOfBand: pushed, formulas: all.map(present) } };
}

/** One formula's figures on a day, as a what-if without overrides gives them. */
export interface ProductSnapshot extends WhatIfReport {
  id: string;
  code: string;
  nameZh: string;
  band: [number, number];
}

/**
 * Cost, Y/P, level, band and cost shares of several formulas (ids, in that order; unknown or
 * invisible ones are left out) on `date` (the last observed day when omitted), from ONE
 * computation of all of them. Null when there are no prices at all.
 */
export async function productSnapshots(db: Executor, viewer: Viewer, formulaIds: readonly string[], date?: string): Promise<{ date: string; products: ProductSnapshot[] } | null> {
  permit(viewer, supplyPolicy.read(viewer));
  const { models, comp } = await computeFormulas(db, viewer, { formulaIds });
  if (!comp) return null;
  const day = dayArg(date, comp.lastDay);
  if (day < comp.startDay || day > comp.lastDay) throw errors.validation(`date ${dayToIso(day)} is outside the price history.`, [{ field: 'date', message: 'outside the price history' }]);
  // On the as-of day the level is the monitor state's (hysteresis included), as the list shows it.
  const state = day === comp.lastDay ? await monitorSnapshot(db) : undefined;
  const served = state?.asOf === day ? state.figures : undefined;
  const products = models.map((m, i) => {
    const f = comp.compiled[i]!;
    const w = whatIfReport(whatIf(f, ingredientPricesOn(f, comp.result.references, day), priceCapOn(f, day), { prices: {} }));
    const current = served?.get(m.row.id);
    if (current !== undefined) w.level = levelName(current.level);
    return { ...w, id: m.row.id, code: m.row.code, nameZh: m.row.name_zh, band: [Number(m.row.band_low), Number(m.row.band_high)] as [number, number] };
  });
  return { date: dayToIso(day), products };
}

/** The severity thresholds the engine classifies Y/P with (the web draws its zones from them). */
export function severityLevels(ctx: ServiceContext): SeverityLevelsView {
  reader(ctx);
  const t = DEFAULT_SEVERITY_THRESHOLDS;
  return { above: [...t.above], below: [...t.below], redAtCostInversion: t.redAtCostInversion };
}
