/**
 * Formula models for the engine and the computation of Y/P: every read of supply figures (and
 * the warnings and bulletins modules) computes through computeFormulas.
 */
import type { Executor } from '../../db/database';
import { AppError, errors } from '../../platform/errors';
import type { Viewer } from '../../platform/viewer';
import { compileFormulas, dayToIso, isoToDay, recomputeAll, type CompiledFormula, type Formula, type MarketSeries, type MonitorRecompute } from './engine';
import { loadCatalog, type Catalog } from './supply.catalog';
import { cachedByMonitorVersion } from './supply.compute.cache';
import { supplyPolicy } from './supply.policy';
import * as repo from './supply.repository';
import type { FormulaRow } from './supply.tables';

export interface FormulaModel {
  row: FormulaRow;
  formula: Formula;
  /** Series key → spec id. */
  specOfKey: Map<string, number>;
  /** Series keys of each herb id used (a herb priced by two specs has two keys). */
  keysOfHerb: Map<number, string[]>;
}

/** Formulas the viewer may see (manufacturers' own formulas only for their overseers). */
export async function visibleFormulas(db: Executor, viewer: Viewer): Promise<FormulaRow[]> {
  return visibleAmong(db, viewer, await repo.listFormulas(db));
}

/** Those of `rows` the viewer may see (the organisations' regions are read only for owned formulas). */
export async function visibleAmong(db: Executor, viewer: Viewer, rows: readonly FormulaRow[]): Promise<FormulaRow[]> {
  const owners = [...new Set(rows.filter((r) => r.owner_organisation_id !== null).map((r) => r.owner_organisation_id!))];
  const regions = viewer.kind === 'actor' ? await repo.ownerRegions(db, owners) : new Map<string, string>();
  return rows.filter((r) => supplyPolicy.readFormula(viewer, r.owner_organisation_id === null ? null : { organisationId: r.owner_organisation_id, regionCode: regions.get(r.owner_organisation_id) ?? '' }));
}

export async function buildModels(db: Executor, cat: Catalog, rows: readonly FormulaRow[]): Promise<FormulaModel[]> {
  const ids = rows.map((r) => r.id);
  const [ings, caps] = await Promise.all([repo.formulaIngredients(db, ids), repo.priceCaps(db, ids)]);
  return rows.map((row) => {
    const specOfKey = new Map<string, number>();
    const keysOfHerb = new Map<number, string[]>();
    const ingredients = ings
      .filter((i) => i.formula_id === row.id)
      .map((i) => {
        const herb = cat.herbs.get(i.herb_id)!;
        const specId = i.spec_id ?? cat.defaultSpec.get(i.herb_id) ?? -1;
        const key = i.spec_id === null ? herb.nameZh : `${herb.nameZh}|${cat.specById.get(i.spec_id)!.name}`;
        specOfKey.set(key, specId);
        const keys = keysOfHerb.get(i.herb_id) ?? [];
        if (!keys.includes(key)) keys.push(key);
        keysOfHerb.set(i.herb_id, keys);
        return { herb: key, amount: Number(i.amount), unit: i.unit, factor: Number(i.factor) };
      });
    const formula: Formula = {
      code: row.code,
      name: row.name_zh,
      ingredients,
      batchYield: Number(row.batch_yield),
      packSize: Number(row.pack_size),
      priceCaps: caps.filter((c) => c.formula_id === row.id).map((c) => ({ from: c.effective_from, priceCap: Number(c.price_cap) })),
      band: { low: Number(row.band_low), high: Number(row.band_high) },
    };
    return { row, formula, specOfKey, keysOfHerb };
  });
}

/** A formula by code or Chinese name among those the viewer may see; 404 otherwise. */
export async function findFormula(db: Executor, viewer: Viewer, name: string): Promise<FormulaRow> {
  const rows = await visibleFormulas(db, viewer);
  const t = name.trim();
  const byCode = rows.find((r) => r.code.toLowerCase() === t.toLowerCase());
  if (byCode) return byCode;
  const byName = rows.filter((r) => r.name_zh === t || r.name_en.toLowerCase() === t.toLowerCase());
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw errors.badRequest(`${byName.length} formulas are called ${t}; name one by its code (${byName.map((r) => r.code).join(', ')}).`);
  throw errors.notFound('Formula', t);
}

export interface Computation {
  models: FormulaModel[];
  compiled: CompiledFormula[];
  keys: string[];
  result: MonitorRecompute;
  startDay: number;
  lastDay: number;
}

/**
 * The computation of these models from `fromDay` (whole history when omitted), shared while the
 * prices and formulas have not changed (supply.compute.cache.ts). The key holds everything the
 * computation reads besides the ticks: each formula's definition and the spec of each series.
 */
async function compute(db: Executor, models: FormulaModel[], fromDay?: number): Promise<Computation | null> {
  const key = JSON.stringify([fromDay ?? null, models.map((m) => [m.formula, [...m.specOfKey]])]);
  const shared = await cachedByMonitorVersion(db, key, () => computeNow(db, models, fromDay));
  // The rows (names, owners) are the caller's own; only the figures are shared.
  return shared && { ...shared, models };
}

/**
 * Loads the accepted ticks of every series the formulas use (from `fromDay` on, whole history
 * when omitted) and runs the engine's full recompute up to the last observed day.
 */
async function computeNow(db: Executor, models: FormulaModel[], fromDay?: number): Promise<Computation | null> {
  const { herbs: keys, compiled } = compileFormulas(models.map((m) => m.formula));
  const specOfKey = new Map<string, number>();
  for (const m of models) for (const [k, s] of m.specOfKey) specOfKey.set(k, s);
  const specIds = [...new Set(keys.map((k) => specOfKey.get(k)!))];
  const span = await repo.observationSpan(db);
  if (span.last === null) return null;
  const lastDay = isoToDay(span.last);
  const rows = await repo.acceptedSeries(db, specIds, fromDay === undefined ? undefined : dayToIso(fromDay), span.last);
  const bySpec = new Map<number, MarketSeries[]>();
  let first = Infinity;
  for (const r of rows) {
    const list = bySpec.get(r.spec_id) ?? [];
    list.push({ days: Int32Array.from(r.days), prices: Float64Array.from(r.prices) });
    bySpec.set(r.spec_id, list);
    if (r.days.length > 0) first = Math.min(first, r.days[0]!);
  }
  const startDay = fromDay ?? (Number.isFinite(first) ? first : lastDay);
  const observations = keys.map((k) => bySpec.get(specOfKey.get(k)!) ?? []);
  const result = recomputeAll(observations, compiled, startDay, lastDay - startDay + 1);
  return { models, compiled, keys, result, startDay, lastDay };
}

function requireComputation(c: Computation | null): Computation {
  if (!c) throw new AppError('not_found', 'There are no herb prices yet: import prices first.');
  return c;
}

export function dayArg(date: string | undefined, fallback: number): number {
  if (date === undefined) return fallback;
  try {
    return isoToDay(date);
  } catch {
    throw errors.validation(`Not a date: ${date}`, [{ field: 'date', message: 'expected YYYY-MM-DD' }]);
  }
}


/** What computeFormulas answers: the catalogue and models it built, and the computation (null without prices). */
export interface FormulaComputation {
  cat: Catalog;
  models: FormulaModel[];
  comp: Computation | null;
}

export interface ComputeOptions {
  /** Only these formulas (ids), in this order; those the viewer may not see are left out. */
  formulaIds?: readonly string[] | undefined;
  /** First day computed (whole history when omitted). */
  fromDay?: number | undefined;
  /** Or: this many days before the last observed day. */
  historyDays?: number | undefined;
}

/**
 * The one computation entry point of supply: loads the catalogue, builds the models of the
 * formulas the viewer may see (only those of `formulaIds` when given, in that order) once, and
 * runs one engine recompute for all of them, from `fromDay` (whole history when omitted) to the
 * last observed day. Warnings and bulletins compute through here, for many formulas at once.
 */
export async function computeFormulas(db: Executor, viewer: Viewer, opts: ComputeOptions = {}): Promise<FormulaComputation> {
  const cat = await loadCatalog(db);
  const visible = await visibleFormulas(db, viewer);
  let rows = visible;
  if (opts.formulaIds !== undefined) {
    const byId = new Map(visible.map((r) => [r.id, r]));
    rows = [...new Set(opts.formulaIds)].flatMap((id) => byId.get(id) ?? []);
  }
  const models = await buildModels(db, cat, rows);
  if (models.length === 0) return { cat, models, comp: null };
  let fromDay = opts.fromDay;
  if (opts.historyDays !== undefined) {
    const span = await repo.observationSpan(db);
    if (span.last === null) return { cat, models, comp: null };
    fromDay = isoToDay(span.last) - opts.historyDays;
  }
  return { cat, models, comp: await compute(db, models, fromDay) };
}

/** One formula (by code or name, among those the viewer may see) computed on its own. */
export async function oneFormula(db: Executor, viewer: Viewer, name: string, opts: Omit<ComputeOptions, 'formulaIds'> = {}) {
  const row = await findFormula(db, viewer, name);
  const { cat, models, comp: computed } = await computeFormulas(db, viewer, { ...opts, formulaIds: [row.id] });
  const comp = requireComputation(computed);
  return { cat, row, model: models[0]!, comp, f: comp.compiled[0]!, signals: comp.result.formulas[0]! };
}

