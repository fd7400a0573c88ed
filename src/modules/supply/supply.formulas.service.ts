/** Formula lists and details with their current figures, and formula look-ups for other modules. */
import type { Executor } from '../../db/database';
import { errors, type FieldIssue } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext, Viewer } from '../../platform/viewer';
import { dayToIso, levelName, type LevelCode } from './engine';
import { computeFormulas, findFormula, visibleFormulas, type FormulaModel } from './supply.compute.service';
import { supplyPolicy } from './supply.policy';
import * as repo from './supply.repository';
import type { FormulaIngredientRow, FormulaRow, HerbRow, PriceCapRow } from './supply.tables';

/** Days of prices the formula list computes (its trend covers the last TREND_WEEKS weeks). */
const SUMMARY_HISTORY_DAYS = 400;
/** The list's trend: Y/P of the last day and of each of this many weeks before it. */
const TREND_WEEKS = 12;

export interface FormulaSummary {
  row: FormulaRow;
  model: FormulaModel;
  date: string | null;
  cost: number | null;
  priceCap: number | null;
  ratio: number | null;
  level: string;
  trend: (number | null)[];
}

/** Current Y/P, level and a weekly trend of every visible formula (last 400 days loaded). */
export async function formulaSummaries(db: Executor, ctx: ServiceContext): Promise<FormulaSummary[]> {
  permit(ctx.viewer, supplyPolicy.read(ctx.viewer));
  const { models, comp } = await computeFormulas(db, ctx.viewer, { historyDays: SUMMARY_HISTORY_DAYS });
  return models.map((m, i) => {
    const s = comp?.result.formulas[i];
    const n = s?.series.ratio.length ?? 0;
    const current = n > 0 ? s!.series.ratio[n - 1]! : Number.NaN;
    const trend: (number | null)[] = [];
    for (let k = TREND_WEEKS; k >= 0 && s; k--) {
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
