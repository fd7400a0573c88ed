/**
 * Price and formula imports (files, API batches): all-or-nothing validation with errors naming
 * the item and field, then batched writes and one audit entry per import (with counts, not per
 * row), in the caller's transaction.
 */
import type { Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors, type FieldIssue } from '../../platform/errors';
import { type ImportedRow, MAX_LISTED_ISSUES, writeInBatches } from '../../platform/import/index';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { isoToDay, parsePriceUnit, pricePerKg } from './engine';
import { DEFAULT_SPEC, loadCatalog, resolveHerb, resolveMarket } from './supply.catalog';
import { type FormulaRow, formulasFromRows } from './supply.formats';
import { afterPricesWritten, rebuildMonitor } from './supply.monitor.service';
import { screenBatch, screenWindowWritten } from './supply.screen-window';
import { supplyPolicy } from './supply.policy';
import * as repo from './supply.repository';
import type { PriceItem } from './supply.schema';
import type { PriceSource, PriceStatus } from './supply.tables';

export const WRITE_PRICES_DENIED = 'Only supply-monitor organisations and platform administrators write herb prices.';
/** Rows per upsert statement of a price import. */
const PRICE_BATCH_ROWS = 20_000;
/** The unit of a price without one. */
const DEFAULT_PRICE_UNIT = '元/kg';
/** The smallest price per kg stored (4 decimals): an alias factor may push a tiny price under it. */
const MIN_PRICE_PER_KG = 0.0001;

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

/** Formulas, ingredient rows or caps per write statement (each batch is one JSON parameter). */
const FORMULA_BATCH_ROWS = 5_000;

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
    if (!(perKg[i] >= MIN_PRICE_PER_KG)) issue(i, 'price', `converts to less than ${MIN_PRICE_PER_KG} 元/kg of the herb`);
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

  // Outlier screening per spec over all markets against the stored ticks of the two weeks before.
  const held = await screenBatch(trx, { spec: specId, market: marketId, day: days, pricePerKg: perKg });
  const status = Array.from(held, (h): PriceStatus => (h === 1 ? 'held' : 'ok'));

  const outcome: PriceImportOutcome = { rows: n, inserted: 0, updated: 0, unchanged: 0, held: status.filter((s) => s === 'held').length, specsCreated: missing.size };
  const written: Pick<repo.ObservationColumns, 'specId' | 'marketId' | 'day' | 'pricePerKg' | 'status'> = { specId: [], marketId: [], day: [], pricePerKg: [], status: [] };
  await writeInBatches(
    items,
    async (batch, start) => {
      const cols: repo.ObservationColumns = { herbId: [], specId: [], marketId: [], day: [], price: [], unit: [], pricePerKg: [], status: [], source: [] };
      for (let i = start; i < start + batch.length; i++) {
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
      opts.onProgress?.(start + batch.length, n);
    },
    opts.batchSize ?? PRICE_BATCH_ROWS,
  );
  const change = await afterPricesWritten(trx, { ...written, specsCreated: missing.size > 0 });
  screenWindowWritten(change, { spec: written.specId, market: written.marketId, day: days, pricePerKg: written.pricePerKg });
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
const DEFAULT_BANDS: Readonly<Record<string, [number, number]>> = {
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
const FALLBACK_BAND: [number, number] = [0.1, 0.3];

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

/** The one answer to a code another caller's formula holds, whether the caller may see that formula or not. */
const FORMULA_CODE_TAKEN = 'supply.formulaCodeTaken';

/**
 * Creates or replaces formulas by code (ingredients and cap history are replaced as a whole).
 * A manufacturer's formulas belong to it; reference formulas (no owner) are kept by supply
 * monitors and platform admins. All-or-nothing with errors naming the item and field.
 *
 * Codes are one namespace for the whole platform. A code held by a formula the caller may not
 * change is answered with one conflict, the same whoever owns that formula and whether the caller
 * may read it: it never says "exists and is not yours", which would reveal a firm's private
 * product to someone who reads it as 404 (docs/errors.md, README "Supply early warning").
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
  const taken: FieldIssue[] = [];
  const codes = new Set<string>();
  const existing = new Map((await repo.listFormulas(trx)).map((f) => [f.code, f]));
  inputs.forEach((f, i) => {
    if (codes.has(f.code)) issues.push({ field: opts.fieldOf(i, 'code'), message: `formula ${f.code} appears twice` });
    codes.add(f.code);
    const prior = existing.get(f.code);
    if (prior && !supplyPolicy.manageFormula(ctx.viewer, prior.owner_organisation_id)) {
      taken.push({ field: opts.fieldOf(i, 'code'), message: `the code ${f.code} is taken; choose another code`, code: FORMULA_CODE_TAKEN, params: { code: f.code } });
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
  if (issues.length > 0) {
    const more = issues.length > MAX_LISTED_ISSUES ? ` (first ${MAX_LISTED_ISSUES} listed)` : '';
    throw errors.validation(`${issues.length} error(s); nothing was imported${more}.`, issues.slice(0, MAX_LISTED_ISSUES));
  }
  if (taken.length > 0) throw errors.conflict(`${taken.length} formula code(s) are taken; nothing was imported.`, taken.slice(0, MAX_LISTED_ISSUES));

  // Written in batches (a few statements per 5 000 rows, not three per formula), so a file of
  // 40 000 ingredient rows costs well under a second of writing.
  const valuesOf = (f: FormulaInput): repo.FormulaValues => {
    const band = f.band ?? DEFAULT_BANDS[f.dosageForm] ?? FALLBACK_BAND;
    return {
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
  };
  const idOf = new Map<string, string>();
  const fresh = inputs.filter((f) => !existing.has(f.code));
  const replaced = inputs.filter((f) => existing.has(f.code));
  for (const f of replaced) idOf.set(f.code, existing.get(f.code)!.id);
  await writeInBatches(
    fresh,
    async (batch) => {
      for (const row of await repo.insertFormulas(trx, batch.map(valuesOf), owner)) idOf.set(row.code, row.id);
    },
    FORMULA_BATCH_ROWS,
  );
  await writeInBatches(replaced, (batch) => repo.replaceFormulas(trx, batch.map((f) => ({ id: idOf.get(f.code)!, values: valuesOf(f) }))), FORMULA_BATCH_ROWS);
  const ingredients = inputs.flatMap((f) =>
    f.ingredients.map((ing, k) => {
      const h = resolveHerb(cat, ing.herb)!;
      const herb = cat.herbs.get(h.herbId)!;
      return {
        formula_id: idOf.get(f.code)!,
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
  await writeInBatches(ingredients, (batch) => repo.insertFormulaIngredients(trx, batch), FORMULA_BATCH_ROWS);
  const caps = inputs.flatMap((f) =>
    f.priceCaps.map((p) => ({
      formula_id: idOf.get(f.code)!,
      effective_from: p.from,
      price_cap: p.priceCap,
      other_costs: p.otherCosts ?? null,
      profit: p.profit ?? null,
      generated: p.generated ?? false,
      source: p.source ?? null,
    })),
  );
  await writeInBatches(caps, (batch) => repo.insertPriceCaps(trx, batch), FORMULA_BATCH_ROWS);
  await rebuildMonitor(trx);
  const created = fresh.length;
  await recordAudit(trx, ctx, {
    action: 'supply.formulas.import',
    entityType: 'formulas',
    entityId: null,
    organisationId: actorOf(ctx.viewer)?.organisationId ?? null,
    after: { input: opts.label, formulas: inputs.length, created, replaced: inputs.length - created, codes: inputs.map((f) => f.code).slice(0, 100) },
  });
  return { formulas: inputs.length, created, replaced: inputs.length - created };
}

// ---------------------------------------------------------------- files

/** A price file's rows, validated by the import pipeline (`priceImport`); errors name the sheet row. */
export function importPriceFile(
  trx: Trx,
  ctx: ServiceContext,
  rows: readonly ImportedRow<PriceItem>[],
  opts: { label: string; onProgress?: (done: number, total: number) => void },
): Promise<PriceImportOutcome> {
  return importPrices(
    trx,
    ctx,
    rows.map((r) => r.value),
    { source: 'import', label: opts.label, fieldOf: (i, key) => `row ${rows[i]!.row}: ${key}`, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) },
  );
}

/** A formula file's rows (one per ingredient, validated by `formulaImport`), grouped into formulas and imported. */
export function importFormulaFile(trx: Trx, ctx: ServiceContext, rows: readonly ImportedRow<FormulaRow>[], label: string): Promise<{ formulas: number; created: number; replaced: number }> {
  const formulas = formulasFromRows(rows);
  return importFormulas(
    trx,
    ctx,
    formulas.map((f) => f.formula),
    { label, fieldOf: (i, key) => `row ${formulas[i]!.row} (formula ${formulas[i]!.formula.code}): ${key}` },
  );
}
