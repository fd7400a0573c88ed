/**
 * Supply early warning (issue 3): imports and the data side of the engine. Writes take a
 * `Trx` and record one audit entry per command (one per import, with counts, not per row).
 * Reads load compact per-spec series (aggregated in SQL) and compute with the pure engine.
 */
import type { Executor, FormulaRow, PriceSource, PriceStatus, Trx } from '../../db/database';
import type { RequestContext } from '../../platform/actor';
import { recordAudit, type SystemContext } from '../../platform/audit';
import { AppError, errors, type FieldIssue } from '../../platform/errors';
import { authorize, supplyPolicy } from '../../platform/policies';
import {
  attributionReport,
  chainedPriceIndex,
  costChangeAttribution,
  compileFormulas,
  dayToIso,
  floorPriceReport,
  fillForFit,
  formulaRatioForecast,
  priceForecast,
  referencePriceSeries,
  selectEtsByAicc,
  weeklyLogPrices,
  formulasPushedOutOfBand,
  herbExposure,
  ingredientPricesOn,
  isoToDay,
  levelName,
  parsePriceUnit,
  pricePerKg,
  priceCapOn,
  ratioReport,
  recomputeAll,
  screenPriceTicks,
  whatIfReport,
  whatIf,
  DEFAULT_RATIO_FORECAST,
  type AreaUnit,
  type CompiledFormula,
  type Formula,
  type LevelCode,
  type MarketSeries,
  type MonitorRecompute,
} from './engine';
import * as repo from './supply.repository';

type Ctx = RequestContext | SystemContext;

// ---------------------------------------------------------------- catalogue

export interface HerbEntry {
  id: number;
  code: string;
  nameZh: string;
  category: string;
}

/** Master data in memory (small: hundreds of herbs, a few thousand specs). */
export interface Catalog {
  herbs: Map<number, HerbEntry>;
  /** code, Chinese name, pinyin (lower case) and aliases → herb id and factor. */
  herbNames: Map<string, { herbId: number; factor: number }>;
  markets: Map<string, { id: number; code: string; nameZh: string }>;
  marketById: Map<number, { id: number; code: string; nameZh: string }>;
  /** `${herbId}|${spec name}` → spec id */
  specs: Map<string, number>;
  specById: Map<number, { herbId: number; name: string }>;
  /** The spec a formula ingredient without a spec is priced by: 统货 if the herb has it, else its first spec. */
  defaultSpec: Map<number, number>;
}

export const DEFAULT_SPEC = '统货';

export async function loadCatalog(db: Executor): Promise<Catalog> {
  const [herbs, aliases, markets, specs] = await Promise.all([repo.listHerbs(db), repo.listAliases(db), repo.listMarkets(db), repo.listSpecs(db)]);
  const c: Catalog = {
    herbs: new Map(),
    herbNames: new Map(),
    markets: new Map(),
    marketById: new Map(),
    specs: new Map(),
    specById: new Map(),
    defaultSpec: new Map(),
  };
  for (const h of herbs) {
    c.herbs.set(h.id, { id: h.id, code: h.code, nameZh: h.name_zh, category: h.category });
    c.herbNames.set(h.code.toLowerCase(), { herbId: h.id, factor: 1 });
    c.herbNames.set(h.name_zh, { herbId: h.id, factor: 1 });
  }
  for (const a of aliases) if (!c.herbNames.has(a.alias)) c.herbNames.set(a.alias, { herbId: a.herb_id, factor: Number(a.factor) });
  for (const m of markets) {
    const e = { id: m.id, code: m.code, nameZh: m.name_zh };
    c.marketById.set(m.id, e);
    for (const k of [m.code.toLowerCase(), m.name_zh, m.name_en.toLowerCase()]) c.markets.set(k, e);
  }
  for (const s of specs) {
    c.specs.set(`${s.herb_id}|${s.name}`, s.id);
    c.specById.set(s.id, { herbId: s.herb_id, name: s.name });
    if (s.name === DEFAULT_SPEC || !c.defaultSpec.has(s.herb_id)) {
      if (s.name === DEFAULT_SPEC || c.specs.get(`${s.herb_id}|${DEFAULT_SPEC}`) === undefined) c.defaultSpec.set(s.herb_id, s.id);
    }
  }
  return c;
}

export function resolveHerb(c: Catalog, name: string): { herbId: number; factor: number } | undefined {
  const t = name.trim();
  return c.herbNames.get(t) ?? c.herbNames.get(t.toLowerCase());
}

export function resolveMarket(c: Catalog, name: string) {
  const t = name.trim();
  return c.markets.get(t) ?? c.markets.get(t.toLowerCase());
}

function herbOrThrow(c: Catalog, name: string) {
  const r = resolveHerb(c, name);
  if (!r) throw errors.notFound('Herb', name);
  return { ...r, herb: c.herbs.get(r.herbId)! };
}

// ---------------------------------------------------------------- price imports

/** One price as read from a file row or an API item (already shape-checked by Zod). */
export interface PriceInput {
  herb: string;
  spec?: string | undefined;
  market: string;
  date: string;
  price: number;
  unit?: string | undefined;
}

export interface PriceImportOutcome {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  held: number;
  specsCreated: number;
}

export interface PriceImportOptions {
  source: PriceSource;
  /** What the audit record calls the input (file name or "api"). */
  label: string;
  /** How an error names an item's field: `row 5: herb` for files, `observations.3.herb` for the API. */
  fieldOf: (index: number, key: string) => string;
  onProgress?: (done: number, total: number) => void;
  batchSize?: number;
}

const SCREEN_WINDOW_DAYS = 14;

/**
 * Validates every item (all-or-nothing: the first error throws before anything is written), screens
 * the ticks for outliers against the herb spec's recent ticks (engine `screenPriceTicks`), and
 * upserts per (herb, spec, market, day) in batches.
 */
export async function importPrices(trx: Trx, ctx: Ctx, items: readonly PriceInput[], opts: PriceImportOptions): Promise<PriceImportOutcome> {
  if (ctx.actor) authorize(supplyPolicy.writePrices(ctx.actor), 'Only supply-monitor organisations and platform administrators write herb prices.');
  const cat = await loadCatalog(trx);
  const issues: FieldIssue[] = [];
  let errorCount = 0;
  const issue = (i: number, key: string, message: string) => {
    errorCount++;
    if (issues.length < 200) issues.push({ field: opts.fieldOf(i, key), message });
  };
  const n = items.length;
  const herbId = new Array<number>(n);
  const marketId = new Array<number>(n);
  const specName = new Array<string>(n);
  const unit = new Array<string>(n);
  const perKg = new Float64Array(n);
  const seen = new Map<string, number>();
  items.forEach((it, i) => {
    const h = resolveHerb(cat, it.herb);
    if (!h) issue(i, 'herb', `unknown herb "${it.herb}" (use a code, Chinese name or alias)`);
    const m = resolveMarket(cat, it.market);
    if (!m) issue(i, 'market', `unknown market "${it.market}"`);
    const u = parsePriceUnit(it.unit ?? '元/kg');
    if (!u) issue(i, 'unit', `unknown unit "${it.unit}" (元/kg, 元/g or 元/斤)`);
    if (!h || !m || !u) return;
    herbId[i] = h.herbId;
    marketId[i] = m.id;
    specName[i] = it.spec?.trim() || DEFAULT_SPEC;
    unit[i] = u;
    // A quote for an alias (e.g. 酒萸肉) is converted to the herb's own price per kg.
    perKg[i] = pricePerKg(it.price, u) / h.factor;
    const key = `${h.herbId}|${specName[i]}|${m.id}|${it.date}`;
    const first = seen.get(key);
    if (first !== undefined) issue(i, 'date', `duplicate of item ${opts.fieldOf(first, 'date').replace(/: date$|\.date$/, '')} (same herb, spec, market and date)`);
    else seen.set(key, i);
  });
  if (errorCount > 0) {
    const more = errorCount > issues.length ? ` (first ${issues.length} listed)` : '';
    throw errors.validation(`${errorCount} error(s); nothing was imported${more}.`, issues);
  }

  // Specs named for the first time are created (grades are free text per market).
  const missing = new Map<string, { herb_id: number; name: string }>();
  for (let i = 0; i < n; i++) {
    const key = `${herbId[i]}|${specName[i]}`;
    if (!cat.specs.has(key)) missing.set(key, { herb_id: herbId[i]!, name: specName[i]! });
  }
  for (const s of await repo.insertSpecs(trx, [...missing.values()])) cat.specs.set(`${s.herb_id}|${s.name}`, s.id);
  const specId = Int32Array.from({ length: n }, (_, i) => cat.specs.get(`${herbId[i]}|${specName[i]}`)!);
  const days = Int32Array.from(items, (it) => isoToDay(it.date));

  // Outlier screening per spec over all markets: existing ticks of the window plus the new ones.
  const status = new Array<PriceStatus>(n).fill('ok');
  const bySpec = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const list = bySpec.get(specId[i]!) ?? [];
    list.push(i);
    bySpec.set(specId[i]!, list);
  }
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (const d of days) {
    minDay = Math.min(minDay, d);
    maxDay = Math.max(maxDay, d);
  }
  const existing = n === 0 ? [] : await repo.ticksForScreening(trx, [...bySpec.keys()], dayToIso(minDay - SCREEN_WINDOW_DAYS), dayToIso(maxDay));
  const existingBySpec = new Map<number, typeof existing>();
  for (const e of existing) existingBySpec.set(e.spec_id, [...(existingBySpec.get(e.spec_id) ?? []), e]);
  for (const [spec, idx] of bySpec) {
    const ticks = new Map<string, { day: number; price: number; item: number }>();
    for (const e of existingBySpec.get(spec) ?? []) {
      e.days.forEach((d, k) => ticks.set(`${e.market_id}|${d}`, { day: d, price: e.prices[k]!, item: -1 }));
    }
    for (const i of idx) ticks.set(`${marketId[i]}|${days[i]}`, { day: days[i]!, price: perKg[i]!, item: i });
    const sorted = [...ticks.values()].sort((a, b) => a.day - b.day);
    const held = screenPriceTicks(sorted);
    sorted.forEach((t, k) => {
      if (t.item >= 0 && held[k] === 1) status[t.item] = 'held';
    });
  }

  const outcome: PriceImportOutcome = { rows: n, inserted: 0, updated: 0, unchanged: 0, held: status.filter((s) => s === 'held').length, specsCreated: missing.size };
  const batch = opts.batchSize ?? 20_000;
  for (let start = 0; start < n; start += batch) {
    const end = Math.min(n, start + batch);
    const cols: repo.ObservationColumns = { herbId: [], specId: [], marketId: [], day: [], price: [], unit: [], pricePerKg: [], status: [], source: [] };
    for (let i = start; i < end; i++) {
      cols.herbId.push(herbId[i]!);
      cols.specId.push(specId[i]!);
      cols.marketId.push(marketId[i]!);
      cols.day.push(items[i]!.date);
      cols.price.push(String(items[i]!.price));
      cols.unit.push(unit[i]!);
      cols.pricePerKg.push(perKg[i]!.toFixed(4));
      cols.status.push(status[i]!);
      cols.source.push(opts.source);
    }
    const r = await repo.upsertObservations(trx, cols);
    outcome.inserted += r.inserted;
    outcome.updated += r.updated;
    opts.onProgress?.(end, n);
  }
  outcome.unchanged = n - outcome.inserted - outcome.updated;
  await recordAudit(trx, ctx, {
    action: opts.source === 'api' ? 'supply.prices.post' : 'supply.prices.import',
    entityType: 'price_observations',
    entityId: null,
    organisationId: ctx.actor?.organisationId ?? null,
    after: { input: opts.label, ...outcome },
  });
  return outcome;
}

export interface TickKey {
  herb: string;
  spec?: string | undefined;
  market: string;
  date: string;
}

/** Confirms held ticks (supply-monitor admins): they count for reference prices from then on. */
export async function confirmHeldTicks(trx: Trx, ctx: Ctx, items: readonly TickKey[]): Promise<{ confirmed: number; notHeld: number }> {
  if (ctx.actor) authorize(supplyPolicy.confirmTicks(ctx.actor), 'Only administrators of supply-monitor organisations confirm held prices.');
  const cat = await loadCatalog(trx);
  const issues: FieldIssue[] = [];
  const keys = items.flatMap((it, i) => {
    const h = resolveHerb(cat, it.herb);
    const m = resolveMarket(cat, it.market);
    if (!h) issues.push({ field: `body.items.${i}.herb`, message: `unknown herb "${it.herb}"` });
    if (!m) issues.push({ field: `body.items.${i}.market`, message: `unknown market "${it.market}"` });
    if (!h || !m) return [];
    const specId = cat.specs.get(`${h.herbId}|${it.spec?.trim() || DEFAULT_SPEC}`);
    if (specId === undefined) {
      issues.push({ field: `body.items.${i}.spec`, message: `unknown spec "${it.spec ?? DEFAULT_SPEC}"` });
      return [];
    }
    return [{ herbId: h.herbId, specId, marketId: m.id, day: it.date }];
  });
  if (issues.length > 0) throw errors.validation(`${issues.length} error(s); nothing was confirmed.`, issues);
  const confirmed = await repo.confirmTicks(trx, keys);
  await recordAudit(trx, ctx, {
    action: 'supply.prices.confirm',
    entityType: 'price_observations',
    entityId: null,
    organisationId: ctx.actor?.organisationId ?? null,
    after: { items: items.slice(0, 100), confirmed },
  });
  return { confirmed, notHeld: items.length - confirmed };
}

// ---------------------------------------------------------------- formulas

/** Default warning band per dosage form (fractions); a formula may override it. */
export const DEFAULT_BANDS: Readonly<Record<string, [number, number]>> = {
  tablet: [0.1, 0.3],
  capsule: [0.1, 0.3],
  granule: [0.1, 0.3],
  pill: [0.1, 0.3],
  'dripping-pill': [0.1, 0.3],
  'oral-liquid': [0.1, 0.3],
  powder: [0.1, 0.3],
  syrup: [0.1, 0.3],
  tincture: [0.1, 0.3],
  plaster: [0.05, 0.25],
  injection: [0.05, 0.25],
};
export const FALLBACK_BAND: [number, number] = [0.1, 0.3];

export interface FormulaInput {
  code: string;
  nameZh: string;
  nameEn?: string | undefined;
  dosageForm: string;
  batchYield: number;
  batchUnit: string;
  packSize: number;
  band?: [number, number] | undefined;
  essential?: boolean | undefined;
  generated?: boolean | undefined;
  source?: string | null | undefined;
  ingredients: { herb: string; amount: number; unit: 'g' | 'kg'; spec?: string | null | undefined }[];
  priceCaps: { from: string; priceCap: number; otherCosts?: number | null | undefined; profit?: number | null | undefined; generated?: boolean | undefined; source?: string | null | undefined }[];
}

/**
 * Creates or replaces formulas by code (ingredients and cap history are replaced as a whole).
 * A manufacturer's formulas belong to it; reference formulas (no owner) are kept by supply
 * monitors and platform admins. All-or-nothing with errors naming the item and field.
 */
export async function importFormulas(
  trx: Trx,
  ctx: Ctx,
  inputs: readonly FormulaInput[],
  opts: { label: string; fieldOf: (index: number, key: string) => string },
): Promise<{ formulas: number; created: number; replaced: number }> {
  const owner = ctx.actor && ctx.actor.organisationType === 'manufacturer' ? ctx.actor.organisationId : null;
  if (ctx.actor) authorize(supplyPolicy.manageFormula(ctx.actor, owner), 'You may not manage these formulas.');
  const cat = await loadCatalog(trx);
  const issues: FieldIssue[] = [];
  const codes = new Set<string>();
  const existing = new Map((await repo.listFormulas(trx)).map((f) => [f.code, f]));
  inputs.forEach((f, i) => {
    if (codes.has(f.code)) issues.push({ field: opts.fieldOf(i, 'code'), message: `formula ${f.code} appears twice` });
    codes.add(f.code);
    const prior = existing.get(f.code);
    if (prior && ctx.actor && !supplyPolicy.manageFormula(ctx.actor, prior.owner_organisation_id)) {
      issues.push({ field: opts.fieldOf(i, 'code'), message: `formula ${f.code} exists and is not yours to change` });
    }
    const band = f.band ?? DEFAULT_BANDS[f.dosageForm] ?? FALLBACK_BAND;
    if (!(band[0] >= 0 && band[1] > band[0])) issues.push({ field: opts.fieldOf(i, 'band'), message: 'band must be [low, high] with 0 ≤ low < high' });
    if (f.ingredients.length === 0) issues.push({ field: opts.fieldOf(i, 'ingredients'), message: 'at least one ingredient' });
    f.ingredients.forEach((ing, k) => {
      const h = resolveHerb(cat, ing.herb);
      if (!h) issues.push({ field: opts.fieldOf(i, `ingredients.${k}.herb`), message: `unknown herb "${ing.herb}"` });
      else if (ing.spec && !cat.specs.has(`${h.herbId}|${ing.spec}`)) issues.push({ field: opts.fieldOf(i, `ingredients.${k}.spec`), message: `herb ${ing.herb} has no spec "${ing.spec}"` });
    });
    if (f.priceCaps.length === 0) issues.push({ field: opts.fieldOf(i, 'priceCaps'), message: 'at least one price cap' });
    const froms = new Set(f.priceCaps.map((p) => p.from));
    if (froms.size !== f.priceCaps.length) issues.push({ field: opts.fieldOf(i, 'priceCaps'), message: 'two caps with the same effective date' });
  });
  if (issues.length > 0) throw errors.validation(`${issues.length} error(s); nothing was imported.`, issues);
  let created = 0;
  for (const f of inputs) {
    const band = f.band ?? DEFAULT_BANDS[f.dosageForm] ?? FALLBACK_BAND;
    const prior = existing.get(f.code);
    const values = {
      code: f.code,
      name_zh: f.nameZh,
      name_en: f.nameEn ?? f.nameZh,
      dosage_form: f.dosageForm,
      batch_yield: f.batchYield,
      batch_unit: f.batchUnit,
      pack_size: f.packSize,
      band_low: band[0],
      band_high: band[1],
      essential: f.essential ?? false,
      generated: f.generated ?? false,
      source: f.source ?? null,
    };
    let id: string;
    if (prior) {
      await trx.updateTable('formulas').set({ ...values, updated_at: new Date() }).where('id', '=', prior.id).execute();
      await trx.deleteFrom('formula_ingredients').where('formula_id', '=', prior.id).execute();
      await trx.deleteFrom('price_caps').where('formula_id', '=', prior.id).execute();
      id = prior.id;
    } else {
      const row = await trx.insertInto('formulas').values({ ...values, owner_organisation_id: owner }).returning('id').executeTakeFirstOrThrow();
      id = row.id;
      created++;
    }
    await trx
      .insertInto('formula_ingredients')
      .values(
        f.ingredients.map((ing, k) => {
          const h = resolveHerb(cat, ing.herb)!;
          const herb = cat.herbs.get(h.herbId)!;
          return {
            formula_id: id,
            position: k + 1,
            herb_id: h.herbId,
            written_as: ing.herb === herb.nameZh || ing.herb.toLowerCase() === herb.code.toLowerCase() ? null : ing.herb,
            factor: h.factor,
            amount: ing.amount,
            unit: ing.unit,
            spec_id: ing.spec ? cat.specs.get(`${h.herbId}|${ing.spec}`)! : null,
          };
        }),
      )
      .execute();
    await trx
      .insertInto('price_caps')
      .values(
        f.priceCaps.map((p) => ({
          formula_id: id,
          effective_from: p.from,
          price_cap: p.priceCap,
          other_costs: p.otherCosts ?? null,
          profit: p.profit ?? null,
          generated: p.generated ?? false,
          source: p.source ?? null,
        })),
      )
      .execute();
  }
  await recordAudit(trx, ctx, {
    action: 'supply.formulas.import',
    entityType: 'formulas',
    entityId: null,
    organisationId: ctx.actor?.organisationId ?? null,
    after: { input: opts.label, formulas: inputs.length, created, replaced: inputs.length - created, codes: inputs.map((f) => f.code).slice(0, 100) },
  });
  return { formulas: inputs.length, created, replaced: inputs.length - created };
}

// ---------------------------------------------------------------- formula models for the engine

export interface FormulaModel {
  row: FormulaRow;
  formula: Formula;
  /** Series key → spec id. */
  specOfKey: Map<string, number>;
  /** Series keys of each herb id used (a herb priced by two specs has two keys). */
  keysOfHerb: Map<number, string[]>;
}

/** Formulas the actor may see (manufacturers' own formulas only for their overseers). */
export async function visibleFormulas(db: Executor, actor: RequestContext['actor'] | null): Promise<FormulaRow[]> {
  const rows = await repo.listFormulas(db);
  if (!actor) return rows;
  const owners = rows.filter((r) => r.owner_organisation_id !== null).map((r) => r.owner_organisation_id!);
  const regions = new Map<string, string>();
  if (owners.length > 0) {
    for (const o of await db.selectFrom('organisations').select(['id', 'region_code']).where('id', 'in', owners).execute()) regions.set(o.id, o.region_code);
  }
  return rows.filter((r) => supplyPolicy.readFormula(actor, r.owner_organisation_id === null ? null : { organisationId: r.owner_organisation_id, regionCode: regions.get(r.owner_organisation_id) ?? '' }));
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

/** A formula by code or Chinese name among those the actor may see; 404 otherwise. */
export async function findFormula(db: Executor, actor: RequestContext['actor'] | null, name: string): Promise<FormulaRow> {
  const rows = await visibleFormulas(db, actor);
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
 * Loads the accepted ticks of every series the formulas use (from `fromDay` on, whole history
 * when omitted) and runs the engine's full recompute up to the last observed day.
 */
export async function compute(db: Executor, models: FormulaModel[], fromDay?: number): Promise<Computation | null> {
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

function dayArg(date: string | undefined, fallback: number): number {
  if (date === undefined) return fallback;
  try {
    return isoToDay(date);
  } catch {
    throw errors.validation(`Not a date: ${date}`, [{ field: 'date', message: 'expected YYYY-MM-DD' }]);
  }
}

async function oneFormula(db: Executor, actor: RequestContext['actor'] | null, name: string, fromDay?: number) {
  const cat = await loadCatalog(db);
  const row = await findFormula(db, actor, name);
  const [model] = await buildModels(db, cat, [row]);
  const comp = requireComputation(await compute(db, [model!], fromDay));
  return { cat, row, model: model!, comp, f: comp.compiled[0]!, signals: comp.result.formulas[0]! };
}

export async function ratio(db: Executor, actor: RequestContext['actor'] | null, name: string, from?: string, to?: string) {
  const { row, signals, model } = await oneFormula(db, actor, name);
  return { ...ratioReport(row.name_zh, model.formula.band, signals, from, to), code: row.code };
}

export async function attribution(db: Executor, actor: RequestContext['actor'] | null, name: string, from: string, to: string) {
  const { f, comp } = await oneFormula(db, actor, name);
  const a = dayArg(from, comp.lastDay);
  const b = dayArg(to, comp.lastDay);
  for (const [d, field] of [[a, 'from'], [b, 'to']] as const) {
    if (d < comp.startDay || d > comp.lastDay) throw errors.validation(`${field} ${dayToIso(d)} is outside the price history (${dayToIso(comp.startDay)} … ${dayToIso(comp.lastDay)}).`, [{ field, message: 'outside the price history' }]);
  }
  const refs = comp.result.references;
  return attributionReport(costChangeAttribution(f, ingredientPricesOn(f, refs, a), ingredientPricesOn(f, refs, b), a, b));
}

/**
 * Each ingredient's reference price (with its stale flags and the spec used) and its part of Y
 * per pack, over [from, to] every `every` days, as parallel arrays. Computed over the whole
 * history (like ratio) so the first days carry exactly what the daily series carries.
 */
export async function ingredientSeries(db: Executor, actor: RequestContext['actor'] | null, name: string, q: { from?: string | undefined; to?: string | undefined; every: number }) {
  const { cat, row, f, comp, model } = await oneFormula(db, actor, name);
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
  actor: RequestContext['actor'] | null,
  name: string,
  input: { prices: Record<string, number>; priceCap?: number | undefined; date?: string | undefined },
) {
  const { cat, f, comp, model } = await oneFormula(db, actor, name);
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
  actor: RequestContext['actor'] | null,
  input: FloorPriceInput,
): Promise<{ floorPrice: number; ratio?: number; date?: string; formula?: string; herb?: string }> {
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
  const { cat, f, comp, model } = await oneFormula(db, actor, input.formula);
  const h = herbOrThrow(cat, input.herb);
  const keys = model.keysOfHerb.get(h.herbId);
  if (!keys) throw errors.validation(`${input.herb} is not an ingredient of ${model.row.name_zh}.`, [{ field: 'herb', message: 'not an ingredient' }]);
  const prices = ingredientPricesOn(f, comp.result.references, comp.lastDay);
  const base = floorPriceReport(economics);
  const overrides = Object.fromEntries(keys.map((k) => [k, base.floorPrice]));
  const w = whatIf(f, prices, priceCapOn(f, comp.lastDay), { prices: overrides });
  return { floorPrice: base.floorPrice, ratio: w.ratio, date: dayToIso(comp.lastDay), formula: model.row.name_zh, herb: h.herb.nameZh };
}

/** Current Y/P, level and a weekly trend of every visible formula (last 400 days loaded). */
export async function formulaSummaries(db: Executor, actor: RequestContext['actor'] | null) {
  const cat = await loadCatalog(db);
  const rows = await visibleFormulas(db, actor);
  const models = await buildModels(db, cat, rows);
  const span = await repo.observationSpan(db);
  const comp = models.length === 0 || span.last === null ? null : await compute(db, models, isoToDay(span.last) - 400);
  return models.map((m, i) => {
    const s = comp?.result.formulas[i];
    const n = s?.series.ratio.length ?? 0;
    const current = n > 0 ? s!.series.ratio[n - 1]! : Number.NaN;
    const trend: (number | null)[] = [];
    for (let k = 12; k >= 0 && s; k--) {
      const v = s.series.ratio[n - 1 - 7 * k];
      trend.push(v === undefined || Number.isNaN(v) ? null : v);
    }
    return {
      row: m.row,
      model: m,
      date: comp ? dayToIso(comp.lastDay) : null,
      cost: n > 0 && !Number.isNaN(s!.series.cost[n - 1]!) ? s!.series.cost[n - 1]! : null,
      priceCap: n > 0 && !Number.isNaN(s!.series.priceCap[n - 1]!) ? s!.series.priceCap[n - 1]! : null,
      ratio: Number.isNaN(current) ? null : current,
      level: n > 0 ? levelName(s!.levels[n - 1]! as LevelCode) : 'normal',
      trend,
    };
  });
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
  shock?: { factor: number; pushedOutOfBand: { code: string; formula: string; before: Levelled; after: Levelled }[] };
}

/** Every formula using a herb and how +1 % of its price moves their Y/P; optional shock factor. */
export async function exposure(db: Executor, actor: RequestContext['actor'] | null, herbName: string, shock?: number): Promise<ExposureReport> {
  const cat = await loadCatalog(db);
  const h = herbOrThrow(cat, herbName);
  const rows = await visibleFormulas(db, actor);
  const using = new Set((await db.selectFrom('formula_ingredients').select('formula_id').where('herb_id', '=', h.herbId).execute()).map((r) => r.formula_id));
  const models = await buildModels(db, cat, rows.filter((r) => using.has(r.id)));
  const span = await repo.observationSpan(db);
  if (models.length === 0 || span.last === null) return { herb: h.herb.nameZh, date: span.last, formulas: [], ...(shock !== undefined ? { shock: { factor: shock, pushedOutOfBand: [] } } : {}) };
  const comp = requireComputation(await compute(db, models, isoToDay(span.last) - 60));
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
  const pushed = formulasPushedOutOfBand(shocks, comp.compiled, pricesOf, capOf).map((o) => ({
    code: o.formula,
    formula: nameOf.get(o.formula)!,
    before: { cost: o.before.cost, ratio: o.before.ratio, level: levelName(o.before.level) },
    after: { cost: o.after.cost, ratio: o.after.ratio, level: levelName(o.after.level) },
  }));
  return { ...out, shock: { factor: shock, pushedOutOfBand: pushed } };
}

export async function forecast(db: Executor, actor: RequestContext['actor'] | null, name: string, weeks: number) {
  const span = await repo.observationSpan(db);
  const from = span.last === null ? undefined : isoToDay(span.last) - (DEFAULT_RATIO_FORECAST.fitWeeks + 4) * 7;
  const { row, f, comp, model } = await oneFormula(db, actor, name, from);
  let fc;
  try {
    fc = formulaRatioForecast(f, comp.result.references, comp.lastDay, { ...DEFAULT_RATIO_FORECAST, horizonWeeks: weeks });
  } catch (error) {
    if (error instanceof RangeError) throw errors.badRequest(`Cannot forecast ${row.name_zh}: ${error.message}`);
    throw error;
  }
  return {
    formula: row.name_zh,
    code: row.code,
    asOf: dayToIso(fc.asOf),
    band: [model.formula.band.low, model.formula.band.high] as [number, number],
    currentRatio: fc.currentRatio,
    priceCap: fc.priceCap,
    models: fc.models,
    weeks: fc.weeks.map((w) => ({ ...w, date: dayToIso(fc.asOf + 7 * w.week) })),
    probabilityLeaveBand: fc.probabilityLeaveBand,
    preWarning: fc.preWarning,
  };
}

/**
 * Price forecast of one herb spec (the herb's default spec unless named): weekly mean log
 * prices of its reference series over the last three years, the ETS model chosen by AICc, and
 * the median with 80 % and 95 % intervals; plus the last year of weekly prices for context.
 */
export async function herbForecast(db: Executor, herbName: string, weeks: number, specName?: string) {
  const cat = await loadCatalog(db);
  const h = herbOrThrow(cat, herbName);
  const specId = specName === undefined ? cat.defaultSpec.get(h.herbId) : cat.specs.get(`${h.herbId}|${specName}`);
  if (specId === undefined) throw errors.notFound('Spec', specName ?? DEFAULT_SPEC);
  const span = await repo.observationSpan(db);
  if (span.last === null) throw new AppError('not_found', 'There are no herb prices yet: import prices first.');
  const fitWeeks = DEFAULT_RATIO_FORECAST.fitWeeks;
  const rows = await repo.acceptedSeries(db, [specId], dayToIso(isoToDay(span.last) - (fitWeeks + 3) * 7), span.last);
  const markets = rows.map((r) => ({ days: Int32Array.from(r.days), prices: Float64Array.from(r.prices) }));
  // The forecast starts at this spec's own last quote, not at the newest quote of any herb.
  const asOf = Math.max(-1, ...markets.map((m) => (m.days.length > 0 ? m.days[m.days.length - 1]! : -1)));
  if (asOf < 0) throw errors.badRequest(`Cannot forecast ${h.herb.nameZh}: no recent prices of spec ${cat.specById.get(specId)!.name}.`);
  const from = asOf - (fitWeeks + 2) * 7;
  const ref = referencePriceSeries(markets, from, asOf - from + 1);
  const logs = weeklyLogPrices(ref, asOf, fitWeeks);
  const y = fillForFit(logs);
  if (y.length < 8) throw errors.badRequest(`Cannot forecast ${h.herb.nameZh}: fewer than 8 weeks of prices.`);
  const fit = selectEtsByAicc(y).best;
  const recent = Array.from(logs.slice(-52));
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

/**
 * Monthly composite and category price indices (chained, geometric links, equal weights per
 * herb, base month = 100) from SQL monthly means of each herb's default spec.
 */
export async function priceIndex(db: Executor, from = '2009-01-01') {
  const cat = await loadCatalog(db);
  const herbIds = [...cat.herbs.keys()].filter((id) => cat.defaultSpec.has(id));
  const specIds = herbIds.map((id) => cat.defaultSpec.get(id)!);
  const rows = await repo.monthlyMeans(db, specIds, from);
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const specIndex = new Map(specIds.map((s, i) => [s, i]));
  const prices = specIds.map(() => new Float64Array(months.length).fill(Number.NaN));
  for (const r of rows) prices[specIndex.get(r.spec_id)!]![monthIndex.get(r.month)!] = r.price;
  const quoted = herbIds.map((_, i) => i).filter((i) => prices[i]!.some((p) => !Number.isNaN(p)));
  const components = quoted.map((i) => ({ herb: cat.herbs.get(herbIds[i]!)!.nameZh, category: cat.herbs.get(herbIds[i]!)!.category, weight: 1 }));
  const res = months.length === 0 ? null : chainedPriceIndex(quoted.map((i) => prices[i]!), components);
  return {
    method: 'chained, geometric links (weighted Jevons), equal weights per herb, monthly means of the default spec over markets',
    base: months[0] ?? null,
    herbs: components.length,
    periods: months,
    composite: res ? Array.from(res.composite.values) : [],
    categories: res ? Object.fromEntries(Object.entries(res.categories).map(([k, v]) => [k, Array.from(v.values)])) : {},
  };
}
