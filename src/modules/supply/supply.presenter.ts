/** Rows and engine results → API views (all supply master data is public; NaN → null). */
import type { z } from 'zod';
import type { AliasWithHerb, HerbsWithNames } from './supply.catalog.service';
import type { FormulaDetail, FormulaSummary } from './supply.formulas.service';
import type { queryObservations } from './supply.repository';
import type { ratio } from './supply.analysis.service';
import type { priceIndex } from './supply.price-index.service';
import type { aliasView, formulaDetailView, herbView, indexView, marketView, observationView, ratioReportView } from './supply.schema';
import type { MarketRow } from './supply.tables';

const finite = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);
const numOrNull = (s: string | null) => (s === null ? null : Number(s));

export function presentHerbs({ herbs, aliases, specs }: HerbsWithNames): z.infer<typeof herbView>[] {
  return herbs.map((h) => ({
    id: h.id,
    code: h.code,
    nameZh: h.name_zh,
    nameEn: h.name_en,
    pinyin: h.pinyin,
    latinName: h.latin_name,
    category: h.category,
    cultivation: h.cultivation,
    growthCycleYears: numOrNull(h.growth_cycle_years),
    producingAreas: h.producing_areas,
    reservesTonnes: numOrNull(h.reserves_tonnes),
    aliases: aliases.filter((a) => a.herb_id === h.id).map((a) => ({ alias: a.alias, factor: Number(a.factor), kind: a.kind })),
    specs: specs.filter((s) => s.herb_id === h.id).map((s) => s.name),
    specNames: specs.filter((s) => s.herb_id === h.id).map((s) => ({ name: s.name, nameEn: s.name_en })),
  }));
}

type ObservationRow = Awaited<ReturnType<typeof queryObservations>>['rows'][number];

export function presentObservation(r: ObservationRow): z.infer<typeof observationView> {
  return {
    herb: r.herb,
    herbCode: r.herb_code,
    spec: r.spec,
    market: r.market,
    marketCode: r.market_code,
    date: r.day,
    price: Number(r.price),
    unit: r.unit,
    pricePerKg: Number(r.price_per_kg),
    status: r.status,
    source: r.source,
  };
}

export function presentMarket(m: MarketRow): z.infer<typeof marketView> {
  return { id: m.id, code: m.code, nameZh: m.name_zh, nameEn: m.name_en, regionCode: m.region_code };
}

export function presentAlias({ alias: a, herb: h }: AliasWithHerb): z.infer<typeof aliasView> {
  return { alias: a.alias, herb: h.name_zh, herbCode: h.code, factor: Number(a.factor), kind: a.kind };
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
    levelRule: s.levelRule,
    trend: s.trend.map(finite),
  };
}

export function presentFormulaDetail({ summary: s, ingredients: ings, caps, herbs, specs }: FormulaDetail): z.infer<typeof formulaDetailView> {
  const herbById = new Map(herbs.map((h) => [h.id, h]));
  const specById = new Map(specs.map((x) => [x.id, x.name]));
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

type PriceIndexResult = Awaited<ReturnType<typeof priceIndex>>;

/** Index periods without enough prices are NaN in the engine; the API shows them as null. */
export function presentPriceIndex(r: PriceIndexResult): z.input<typeof indexView> {
  return { ...r, composite: r.composite.map(finite), categories: Object.fromEntries(Object.entries(r.categories).map(([k, v]) => [k, v.map(finite)])) };
}

type RatioResult = Awaited<ReturnType<typeof ratio>>;

export function presentRatioReport(r: RatioResult): z.input<typeof ratioReportView> {
  return { ...r, series: r.series.map((s) => ({ ...s, cost: finite(s.cost), priceCap: finite(s.priceCap), ratio: finite(s.ratio) })) };
}
