/**
 * Price and formula imports (files, API batches): all-or-nothing validation with errors naming
 * the item and field, then batched writes and one audit entry per import (with counts, not per
 * row), in the caller's transaction.
 */
import type { Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors, type FieldIssue } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { dayToIso, isoToDay, parsePriceUnit, pricePerKg, screenPriceTicks } from './engine';
import { DEFAULT_SPEC, loadCatalog, resolveHerb, resolveMarket } from './supply.catalog';
import { afterPricesWritten, rebuildMonitor } from './supply.monitor.service';
import { supplyPolicy } from './supply.policy';
import * as repo from './supply.repository';
import type { PriceSource, PriceStatus } from './supply.tables';

export const WRITE_PRICES_DENIED = 'Only supply-monitor organisations and platform administrators write herb prices.';
/** A validation error lists at most this many issues (and says how many there were). */
const MAX_LISTED_ISSUES = 200;
/** Rows per upsert statement of a price import. */
const PRICE_BATCH_ROWS = 20_000;
/** The unit of a price without one. */
const DEFAULT_PRICE_UNIT = '元/kg';

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

/** Days of existing ticks before the first new one that the outlier screening compares with. */
const SCREEN_WINDOW_DAYS = 14;

/**
 * Validates every item (all-or-nothing: the first error throws before anything is written), screens
 * the ticks for outliers against the herb spec's recent ticks (engine `screenPriceTicks`), and
 * upserts per (herb, spec, market, day) in batches.
 */
export async function importPrices(trx: Trx, ctx: ServiceContext, items: readonly PriceInput[], opts: PriceImportOptions): Promise<PriceImportOutcome> {
  permit(ctx.viewer, supplyPolicy.writePrices(ctx.viewer), WRITE_PRICES_DENIED);
  const cat = await loadCatalog(trx);
  const issues: FieldIssue[] = [];
  let errorCount = 0;
  const issue = (i: number, key: string, message: string) => {
    errorCount++;
    if (issues.length < MAX_LISTED_ISSUES) issues.push({ field: opts.fieldOf(i, key), message });
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
    const u = parsePriceUnit(it.unit ?? DEFAULT_PRICE_UNIT);
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
  const batch = opts.batchSize ?? PRICE_BATCH_ROWS;
  const written: Pick<repo.ObservationColumns, 'specId' | 'marketId' | 'day' | 'pricePerKg' | 'status'> = { specId: [], marketId: [], day: [], pricePerKg: [], status: [] };
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
    for (const k of ['specId', 'marketId', 'day', 'pricePerKg', 'status'] as const) (written[k] as unknown[]).push(...cols[k]);
    opts.onProgress?.(end, n);
  }
  await afterPricesWritten(trx, { ...written, specsCreated: missing.size > 0 });
  outcome.unchanged = n - outcome.inserted - outcome.updated;
  await recordAudit(trx, ctx, {
    action: opts.source === 'api' ? 'supply.prices.post' : 'supply.prices.import',
    entityType: 'price_observations',
    entityId: null,
    organisationId: actorOf(ctx.viewer)?.organisationId ?? null,
    after: { input: opts.label, ...outcome },
  });
  return outcome;
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
  ctx: ServiceContext,
  inputs: readonly FormulaInput[],
  opts: { label: string; fieldOf: (index: number, key: string) => string },
): Promise<{ formulas: number; created: number; replaced: number }> {
  const actor = actorOf(ctx.viewer);
  const owner = actor && actor.organisationType === 'manufacturer' ? actor.organisationId : null;
  permit(ctx.viewer, supplyPolicy.manageFormula(ctx.viewer, owner), 'You may not manage these formulas.');
  const cat = await loadCatalog(trx);
  const issues: FieldIssue[] = [];
  const codes = new Set<string>();
  const existing = new Map((await repo.listFormulas(trx)).map((f) => [f.code, f]));
  inputs.forEach((f, i) => {
    if (codes.has(f.code)) issues.push({ field: opts.fieldOf(i, 'code'), message: `formula ${f.code} appears twice` });
    codes.add(f.code);
    const prior = existing.get(f.code);
    if (prior && !supplyPolicy.manageFormula(ctx.viewer, prior.owner_organisation_id)) {
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
    const values: repo.FormulaValues = {
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
      await repo.replaceFormula(trx, prior.id, values);
      id = prior.id;
    } else {
      id = await repo.insertFormula(trx, values, owner);
      created++;
    }
    await repo.insertFormulaIngredients(
      trx,
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
    );
    await repo.insertPriceCaps(
      trx,
      f.priceCaps.map((p) => ({
          formula_id: id,
          effective_from: p.from,
          price_cap: p.priceCap,
          other_costs: p.otherCosts ?? null,
          profit: p.profit ?? null,
          generated: p.generated ?? false,
          source: p.source ?? null,
        })),
    );
  }
  await rebuildMonitor(trx);
  await recordAudit(trx, ctx, {
    action: 'supply.formulas.import',
    entityType: 'formulas',
    entityId: null,
    organisationId: actorOf(ctx.viewer)?.organisationId ?? null,
    after: { input: opts.label, formulas: inputs.length, created, replaced: inputs.length - created, codes: inputs.map((f) => f.code).slice(0, 100) },
  });
  return { formulas: inputs.length, created, replaced: inputs.length - created };
}
