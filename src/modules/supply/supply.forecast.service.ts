/** Forecasts: a formula's Y/P (with its pre-warning) and one herb spec's price. */
import type { Executor } from '../../db/database';
import { AppError, errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { dayToIso, fitReferenceSeries, levelName, levelRule, rawLevel, formulaRatioForecast, isoToDay, priceForecast, referencePriceSeries, weeklyLogPrices, DEFAULT_RATIO_FORECAST, MIN_FIT_WEEKS } from './engine';
import { DEFAULT_SPEC, herbOrThrow, loadCatalog } from './supply.catalog';
import { cachedByMonitorVersion } from './supply.compute.cache';
import { oneFormula } from './supply.compute.service';
import { monitorSnapshot } from './supply.monitor.service';
import { supplyPolicy } from './supply.policy';
import * as repo from './supply.repository';

/** Weeks of a herb spec's ticks loaded beyond its fit window. */
const LOAD_MARGIN_WEEKS = 3;
/** Weeks of reference prices computed beyond the fit window (the run-in of the carry rules). */
const REFERENCE_MARGIN_WEEKS = 2;
/** Weeks of past prices a herb forecast shows for context. */
const HISTORY_WEEKS = 52;

export async function forecast(db: Executor, ctx: ServiceContext, name: string, weeks: number) {
  permit(ctx.viewer, supplyPolicy.read(ctx.viewer));
  // The whole history's computation, the one the product page's series and what-if share (kept
  // under the monitor version): no second load of the fit window's ticks, and the references
  // carried exactly as the served figures carry them.
  const { row, f, comp, model } = await oneFormula(db, ctx.viewer, name);
  let fc;
  try {
    // The Monte-Carlo fan (seeded, so the same prices give the same fan) is most of the cost of
    // this answer: kept under the monitor version like the computation it starts from.
    const key = JSON.stringify(['forecast', weeks, comp.lastDay, model.formula, [...model.specOfKey]]);
    fc = await cachedByMonitorVersion(db, key, () => Promise.resolve().then(() => formulaRatioForecast(f, comp.result.references, comp.lastDay, { ...DEFAULT_RATIO_FORECAST, horizonWeeks: weeks })));
  } catch (error) {
    if (error instanceof RangeError) throw errors.badRequest(`Cannot forecast ${row.name_zh}: ${error.message}`);
    throw error;
  }
  // The current figures are the monitor state's: Y/P as the list shows it, and "inside the band"
  // for the pre-warning is its level with hysteresis (the engine alone can only see today's raw level).
  const state = await monitorSnapshot(db);
  const current = state.asOf === fc.asOf ? state.figures.get(row.id) : undefined;
  const currentRatio = current !== undefined && !Number.isNaN(current.ratio) ? current.ratio : fc.currentRatio;
  const band = model.formula.band;
  const level = current === undefined ? rawLevel(currentRatio, band) : current.level;
  // A pre-warning is about leaving the band: it never fires while the level is not normal, and
  // the page then says the warning itself is in force (not "pre-warning: no" next to 100 %).
  const preWarning = level === 0 && fc.probabilityLeaveBand >= DEFAULT_RATIO_FORECAST.probabilityThreshold;
  return {
    formula: row.name_zh,
    code: row.code,
    asOf: dayToIso(fc.asOf),
    band: [model.formula.band.low, model.formula.band.high] as [number, number],
    currentRatio,
    level: levelName(level),
    levelRule: levelRule(level, currentRatio, band),
    priceCap: fc.priceCap,
    models: fc.models,
    weeks: fc.weeks.map((w) => ({ ...w, date: dayToIso(fc.asOf + 7 * w.week) })),
    probabilityLeaveBand: fc.probabilityLeaveBand,
    preWarning,
    preWarningState: level !== 0 ? ('outside' as const) : preWarning ? ('firing' as const) : ('quiet' as const),
    preWarningThreshold: DEFAULT_RATIO_FORECAST.probabilityThreshold,
  };
}

/**
 * Price forecast of one herb spec (the herb's default spec unless named): weekly mean log
 * prices of its reference series over the last three years, the ETS model chosen by AICc, and
 * the median with 80 % and 95 % intervals; plus the last year of weekly prices for context.
 */
export async function herbForecast(db: Executor, ctx: ServiceContext, herbName: string, weeks: number, specName?: string) {
  permit(ctx.viewer, supplyPolicy.read(ctx.viewer));
  const cat = await loadCatalog(db);
  const h = herbOrThrow(cat, herbName);
  const specId = specName === undefined ? cat.defaultSpec.get(h.herbId) : cat.specs.get(`${h.herbId}|${specName}`);
  if (specId === undefined) throw errors.notFound('Spec', specName ?? DEFAULT_SPEC);
  const span = await repo.observationSpan(db);
  if (span.last === null) throw new AppError('not_found', 'There are no herb prices yet: import prices first.');
  const fitWeeks = DEFAULT_RATIO_FORECAST.fitWeeks;
  const rows = await repo.acceptedSeries(db, [specId], dayToIso(isoToDay(span.last) - (fitWeeks + LOAD_MARGIN_WEEKS) * 7), span.last);
  const markets = rows.map((r) => ({ days: Int32Array.from(r.days), prices: Float64Array.from(r.prices) }));
  // The forecast starts at this spec's own last quote, not at the newest quote of any herb.
  const asOf = Math.max(-1, ...markets.map((m) => (m.days.length > 0 ? m.days[m.days.length - 1]! : -1)));
  if (asOf < 0) throw errors.badRequest(`Cannot forecast ${h.herb.nameZh}: no recent prices of spec ${cat.specById.get(specId)!.name}.`);
  const from = asOf - (fitWeeks + REFERENCE_MARGIN_WEEKS) * 7;
  const ref = referencePriceSeries(markets, from, asOf - from + 1);
  const fit = fitReferenceSeries(ref, asOf, fitWeeks);
  if (!fit) throw errors.badRequest(`Cannot forecast ${h.herb.nameZh}: fewer than ${MIN_FIT_WEEKS} weeks of prices.`);
  const recent = Array.from(weeklyLogPrices(ref, asOf, fitWeeks).slice(-HISTORY_WEEKS));
  const history = recent.map((v, i) => ({ date: dayToIso(asOf - 7 * (recent.length - 1 - i)), price: Number.isNaN(v) ? null : Math.exp(v) }));
  return {
    herb: h.herb.nameZh,
    code: h.herb.code,
    spec: cat.specById.get(specId)!.name,
    asOf: dayToIso(asOf),
    model: fit.model,
    history,
    weeks: priceForecast(fit, weeks).map((p) => ({ ...p, date: dayToIso(asOf + 7 * p.week) })),
  };
}
