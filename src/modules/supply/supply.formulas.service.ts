/** Formula lists and details with their current figures, and formula look-ups for other modules. */
import type { Executor } from '../../db/database';
import { errors, type FieldIssue } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext, Viewer } from '../../platform/viewer';
import { dayToIso, levelName, levelRule, type LevelRule } from './engine';
import { findFormula, visibleAmong, visibleFormulas } from './supply.compute.service';
import { monitorSnapshot, noFigures } from './supply.monitor.service';
import { supplyPolicy } from './supply.policy';
import * as repo from './supply.repository';
import type { FormulaIngredientRow, FormulaRow, HerbRow, PriceCapRow } from './supply.tables';

export interface FormulaSummary {
  row: FormulaRow;
  date: string | null;
  cost: number | null;
  priceCap: number | null;
  ratio: number | null;
  level: string;
  /** Why the level differs from Y/P alone (hysteresis), null when it does not. */
  levelRule: LevelRule | null;
  trend: (number | null)[];
}

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

/**
 * Current Y/P, level (hysteresis included, over the whole history) and the 12-week trend of every
 * visible formula, served from the monitor state (supply.monitor.service.ts), not recomputed.
 */
export async function formulaSummaries(db: Executor, ctx: ServiceContext): Promise<FormulaSummary[]> {
  permit(ctx.viewer, supplyPolicy.read(ctx.viewer));
  const snap = await monitorSnapshot(db);
  const rows = await visibleAmong(db, ctx.viewer, snap.rows);
  return rows.map((row) => {
    const f = snap.figures.get(row.id) ?? noFigures(snap.asOf);
    return {
      row,
      date: snap.asOf === null ? null : dayToIso(snap.asOf),
      cost: orNull(f.cost),
      priceCap: orNull(f.priceCap),
      ratio: orNull(f.ratio),
      level: levelName(f.level),
      levelRule: levelRule(f.level, f.ratio, { low: Number(row.band_low), high: Number(row.band_high) }),
      // Without any price the list has no trend at all (as before the state was served).
      trend: snap.asOf === null ? [] : Array.from(f.trend, orNull),
    };
  });
}

/** A formula with its ingredients, caps and current figures (for presentFormulaDetail). */
export interface FormulaDetail {
  summary: FormulaSummary;
  ingredients: FormulaIngredientRow[];
  caps: PriceCapRow[];
  herbs: HerbRow[];
  specs: { id: number; herb_id: number; name: string }[];
}

export async function formulaDetail(db: Executor, ctx: ServiceContext, name: string): Promise<FormulaDetail> {
  permit(ctx.viewer, supplyPolicy.read(ctx.viewer));
  const row = await findFormula(db, ctx.viewer, name);
  const summary = (await formulaSummaries(db, ctx)).find((x) => x.row.id === row.id)!;
  const [ingredients, caps, herbs, specs] = await Promise.all([repo.formulaIngredients(db, [row.id]), repo.priceCaps(db, [row.id]), repo.listHerbs(db), repo.listSpecs(db)]);
  return { summary, ingredients, caps, herbs, specs };
}

/**
 * Formula names (code, Chinese name, English name or id) → ids among those the viewer may see;
 * every unknown or ambiguous one is named at `${field}.${index}`, and a formula named twice is refused.
 */
export async function resolveFormulaIds(db: Executor, viewer: Viewer, names: readonly string[], field: string): Promise<string[]> {
  const rows = await visibleFormulas(db, viewer);
  const issues: FieldIssue[] = [];
  const ids = names.flatMap((name, i) => {
    const t = name.trim();
    const hits = rows.filter((r) => r.id === t || r.code.toLowerCase() === t.toLowerCase() || r.name_zh === t || r.name_en.toLowerCase() === t.toLowerCase());
    const byCode = hits.find((r) => r.id === t || r.code.toLowerCase() === t.toLowerCase());
    if (byCode) return [byCode.id];
    if (hits.length === 1) return [hits[0]!.id];
    issues.push({ field: `${field}.${i}`, message: hits.length > 1 ? `${hits.length} formulas are called ${t}: name one by its code` : `unknown formula "${t}"` });
    return [];
  });
  if (issues.length > 0) throw errors.validation('Unknown affected products.', issues);
  if (new Set(ids).size !== ids.length) throw errors.validation('A product is named twice.', [{ field, message: 'the same formula appears twice' }]);
  return ids;
}

/** Code and names of formulas by id, whoever may see them (other modules name what they store). */
export async function formulaNames(db: Executor, ids: readonly string[]): Promise<Map<string, { id: string; code: string; name_zh: string; name_en: string }>> {
  return new Map((await repo.formulaNamesByIds(db, ids)).map((r) => [r.id, r]));
}
