/** Rows and engine results → API views (all supply master data is public; NaN → null). */
import type { Executor, FormulaRow, HerbRow, MarketRow } from '../../db/database';
import * as repo from './supply.repository';
import type { FormulaModel } from './supply.service';
import type { formulaDetailView, herbView, marketView } from './supply.schema';
import type { z } from 'zod';

export const finite = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);
const numOrNull = (s: string | null) => (s === null ? null : Number(s));

export async function presentHerbs(db: Executor, herbs: HerbRow[]): Promise<z.infer<typeof herbView>[]> {
  const [aliases, specs] = await Promise.all([repo.listAliases(db), repo.listSpecs(db)]);
  return herbs.map((h) => ({
    id: h.id,
    code: h.code,
    nameZh: h.name_zh,
    pinyin: h.pinyin,
    latinName: h.latin_name,
    category: h.category,
    cultivation: h.cultivation,
    growthCycleYears: numOrNull(h.growth_cycle_years),
    producingAreas: h.producing_areas,
    reservesTonnes: numOrNull(h.reserves_tonnes),
    aliases: aliases.filter((a) => a.herb_id === h.id).map((a) => ({ alias: a.alias, factor: Number(a.factor), kind: a.kind })),
    specs: specs.filter((s) => s.herb_id === h.id).map((s) => s.name),
  }));
}

export function presentMarket(m: MarketRow): z.infer<typeof marketView> {
  return { id: m.id, code: m.code, nameZh: m.name_zh, nameEn: m.name_en, regionCode: m.region_code };
}

export interface FormulaSummary {
  row: FormulaRow;
  date: string | null;
  cost: number | null;
  priceCap: number | null;
  ratio: number | null;
  level: string;
  trend: (number | null)[];
}

export function presentFormulaSummary(s: FormulaSummary) {
  return {
    code: s.row.code,
    nameZh: s.row.name_zh,
    nameEn: s.row.name_en,
    dosageForm: s.row.dosage_form,
    essential: s.row.essential,
    generated: s.row.generated,
    ownerOrganisationId: s.row.owner_organisation_id,
    band: [Number(s.row.band_low), Number(s.row.band_high)] as [number, number],
    date: s.date,
    cost: finite(s.cost),
    priceCap: finite(s.priceCap),
    ratio: finite(s.ratio),
    level: s.level,
    trend: s.trend.map(finite),
  };
}

export async function presentFormulaDetail(db: Executor, s: FormulaSummary, model: FormulaModel): Promise<z.infer<typeof formulaDetailView>> {
  const [ings, caps, herbs, specs] = await Promise.all([repo.formulaIngredients(db, [s.row.id]), repo.priceCaps(db, [s.row.id]), repo.listHerbs(db), repo.listSpecs(db)]);
  const herbById = new Map(herbs.map((h) => [h.id, h]));
  const specById = new Map(specs.map((x) => [x.id, x.name]));
  void model;
  return {
    ...presentFormulaSummary(s),
    batchYield: Number(s.row.batch_yield),
    batchUnit: s.row.batch_unit,
    packSize: Number(s.row.pack_size),
    source: s.row.source,
    ingredients: ings.map((i) => ({
      herb: herbById.get(i.herb_id)!.name_zh,
      herbCode: herbById.get(i.herb_id)!.code,
      writtenAs: i.written_as,
      amount: Number(i.amount),
      unit: i.unit,
      factor: Number(i.factor),
      spec: i.spec_id === null ? null : (specById.get(i.spec_id) ?? null),
    })),
    priceCaps: caps.map((c) => ({
      from: c.effective_from,
      priceCap: Number(c.price_cap),
      otherCosts: numOrNull(c.other_costs),
      profit: numOrNull(c.profit),
      generated: c.generated,
      source: c.source,
    })),
  };
}
