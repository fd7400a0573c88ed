/**
 * By-product taxonomy of seed 000 §1.3 as data. Ids are stable English kebab-case strings
 * (stored in the database and the pathway knowledge base); Chinese labels are what users type
 * and read. Aliases let the parser accept the wording found in factory records.
 */

export interface Bilingual {
  zh: string;
  en: string;
}

export interface TaxonEntry<Id extends string> {
  id: Id;
  zh: string;
  en: string;
  /** Other spellings accepted by the parser (Chinese synonyms, short forms). */
  aliases?: readonly string[];
}

export const PART_IDS = [
  'root',
  'rhizome',
  'stem',
  'leaf',
  'flower',
  'fruit',
  'seed',
  'peel-bark',
  'pulp',
  'whole-plant',
] as const;
export type PartId = (typeof PART_IDS)[number];

export const PARTS: readonly TaxonEntry<PartId>[] = [
  { id: 'root', zh: '根', en: 'root', aliases: ['根部', '须根', '块根'] },
  { id: 'rhizome', zh: '根茎', en: 'rhizome', aliases: ['块茎', '根状茎'] },
  { id: 'stem', zh: '茎', en: 'stem', aliases: ['茎秆', '藤茎', '枝', '茎枝', '茎木'] },
  { id: 'leaf', zh: '叶', en: 'leaf', aliases: ['叶片', '茎叶'] },
  { id: 'flower', zh: '花', en: 'flower', aliases: ['花蕾'] },
  { id: 'fruit', zh: '果实', en: 'fruit', aliases: ['果'] },
  { id: 'seed', zh: '种子', en: 'seed', aliases: ['种仁', '籽', '核'] },
  { id: 'peel-bark', zh: '皮', en: 'peel/bark', aliases: ['栓皮', '外皮', '外皮层', '果皮', '树皮', '根皮', 'peel', 'bark'] },
  { id: 'pulp', zh: '果肉', en: 'pulp', aliases: ['果浆'] },
  { id: 'whole-plant', zh: '全草', en: 'whole plant', aliases: ['全株', '植株', '地上部分'] },
];

export const RESIDUE_KIND_IDS = [
  'water-extract-residue',
  'alcohol-precipitate',
  'filter-cake',
  'resin-elution-wastewater',
  'membrane-concentrate',
  'distillation-residue',
  'dust-offcuts',
  'off-gas',
] as const;
export type ResidueKindId = (typeof RESIDUE_KIND_IDS)[number];

export const RESIDUE_KINDS: readonly TaxonEntry<ResidueKindId>[] = [
  { id: 'water-extract-residue', zh: '药渣', en: 'water-extract residue', aliases: ['水提药渣', '中药渣', '提取药渣', '废渣'] },
  { id: 'alcohol-precipitate', zh: '醇沉物', en: 'alcohol precipitate', aliases: ['水提醇沉物', '醇沉沉淀', '沉淀物'] },
  { id: 'filter-cake', zh: '滤饼', en: 'filter cake', aliases: ['过滤固形物', '滤渣'] },
  { id: 'resin-elution-wastewater', zh: '树脂洗脱废水', en: 'resin elution waste water', aliases: ['洗脱废水', '废水', '提取废水', '制药废水', 'waste water'] },
  { id: 'membrane-concentrate', zh: '膜浓缩液', en: 'membrane concentrate', aliases: ['膜分离浓缩液', '超滤浓缩液'] },
  { id: 'distillation-residue', zh: '蒸馏残渣', en: 'distillation residue', aliases: ['提油后残渣', '蒸馏后残渣', '提油残渣'] },
  { id: 'dust-offcuts', zh: '碎屑下脚料', en: 'dust/offcuts', aliases: ['下脚料', '碎屑', '粉屑', '粉渣', '碎屑粉渣', '破碎组织'] },
  { id: 'off-gas', zh: '废气', en: 'off-gas', aliases: ['挥发性废气', '升华物'] },
];

export const SOURCE_STAGE_IDS = [
  'cultivation-harvest',
  'primary-processing',
  'decoction-piece-processing',
  'extraction',
  'formula-granules',
  'health-product-manufacturing',
] as const;
export type SourceStageId = (typeof SOURCE_STAGE_IDS)[number];

export const SOURCE_STAGES: readonly TaxonEntry<SourceStageId>[] = [
  { id: 'cultivation-harvest', zh: '种植采收', en: 'cultivation/harvest', aliases: ['种植', '采收', '栽培', '养殖', '采集'] },
  { id: 'primary-processing', zh: '产地加工', en: 'primary processing', aliases: ['初加工'] },
  { id: 'decoction-piece-processing', zh: '饮片炮制', en: 'decoction-piece processing', aliases: ['饮片加工', '炮制'] },
  { id: 'extraction', zh: '提取', en: 'extraction', aliases: ['提取物制备', '提取精制'] },
  { id: 'formula-granules', zh: '配方颗粒', en: 'formula granules', aliases: ['配方颗粒生产'] },
  { id: 'health-product-manufacturing', zh: '健康产品制造', en: 'health-product manufacturing', aliases: ['保健食品生产', '保健品制造'] },
];

export const PHYSICAL_STATE_IDS = ['solid', 'liquid', 'gas'] as const;
export type PhysicalStateId = (typeof PHYSICAL_STATE_IDS)[number];

export const PHYSICAL_STATES: readonly TaxonEntry<PhysicalStateId>[] = [
  { id: 'solid', zh: '固态', en: 'solid', aliases: ['固体'] },
  { id: 'liquid', zh: '液态', en: 'liquid', aliases: ['液体'] },
  { id: 'gas', zh: '气态', en: 'gas', aliases: ['气体'] },
];

export const CONTAMINATION_IDS = ['solvent-residue', 'heavy-metals', 'pesticide'] as const;
export type ContaminationId = (typeof CONTAMINATION_IDS)[number];

export const CONTAMINATIONS: readonly TaxonEntry<ContaminationId>[] = [
  { id: 'solvent-residue', zh: '溶剂残留', en: 'solvent residue', aliases: ['有机溶剂残留'] },
  { id: 'heavy-metals', zh: '重金属', en: 'heavy metals', aliases: ['重金属超标'] },
  { id: 'pesticide', zh: '农药残留', en: 'pesticide residue', aliases: ['农残', 'pesticides'] },
];

export const HANDLING_IDS = [
  'landfill',
  'incineration',
  'discharge',
  'given-away',
  'sold',
  'harmless-treatment',
] as const;
export type HandlingId = (typeof HANDLING_IDS)[number];

export const HANDLINGS: readonly TaxonEntry<HandlingId>[] = [
  { id: 'landfill', zh: '填埋', en: 'landfill', aliases: ['堆放', '集中堆放'] },
  { id: 'incineration', zh: '焚烧', en: 'incineration' },
  { id: 'discharge', zh: '排放', en: 'discharge', aliases: ['直接排放'] },
  { id: 'given-away', zh: '无偿送出', en: 'given away', aliases: ['赠送'] },
  { id: 'sold', zh: '出售', en: 'sold', aliases: ['销售'] },
  { id: 'harmless-treatment', zh: '无害化处理', en: 'harmless treatment' },
];

/** Handling routes that end the material's life (the disposal mix of the circularity figures). */
export const DISPOSAL_HANDLING_IDS = ['landfill', 'incineration', 'discharge', 'harmless-treatment'] as const;
export type DisposalHandlingId = (typeof DISPOSAL_HANDLING_IDS)[number];

export const COMPOSITION_CLASS_IDS = [
  'cellulose-rich',
  'lipid-rich',
  'biomacromolecule-rich',
  'bioactive-small-molecule-rich',
] as const;
export type CompositionClassId = (typeof COMPOSITION_CLASS_IDS)[number];

export const COMPOSITION_CLASSES: readonly TaxonEntry<CompositionClassId>[] = [
  { id: 'cellulose-rich', zh: '富含纤维素类', en: 'cellulose-rich', aliases: ['纤维素类', '纤维类'] },
  { id: 'lipid-rich', zh: '富含脂（烃）类', en: 'lipid/hydrocarbon-rich', aliases: ['脂（烃）类', '脂类', '烃类', '油脂类', 'lipid-hydrocarbon-rich'] },
  { id: 'biomacromolecule-rich', zh: '富含生物大分子', en: 'biomacromolecule-rich', aliases: ['生物大分子', '多糖蛋白类'] },
  { id: 'bioactive-small-molecule-rich', zh: '富含生物活性小分子', en: 'bioactive small-molecule-rich', aliases: ['生物活性小分子', '活性小分子', '小分子'] },
];

export const MODE_IDS = ['low-value-conversion', 'reduce-efficiency', 'value-added'] as const;
export type ModeId = (typeof MODE_IDS)[number];

export const MODES: readonly TaxonEntry<ModeId>[] = [
  { id: 'low-value-conversion', zh: '低值转化循环利用', en: 'low-value conversion', aliases: ['低值转化'] },
  { id: 'reduce-efficiency', zh: '减量增效循环利用', en: 'reduce & raise efficiency', aliases: ['减量增效'] },
  { id: 'value-added', zh: '高效增值循环利用', en: 'high-efficiency value-added', aliases: ['高效增值'] },
];

/** Cascade order of seed 000 §3.2.1: value-added first, low-value last. Higher = earlier. */
export const MODE_CASCADE_RANK: Record<ModeId, number> = {
  'value-added': 3,
  'reduce-efficiency': 2,
  'low-value-conversion': 1,
};

export const PROCESS_IDS = [
  'composting',
  'substrate',
  'pelletising',
  'fibreboard',
  'feed',
  'biogas',
  'fuel-drying',
  'enzyme-hydrolysis',
  'fermentation',
  'microbial-conversion',
  'extraction',
  'membrane-enrichment',
  'chromatography',
  'distillation',
  'pressing',
  'pyrolysis',
  'harvest-utilisation',
] as const;
export type ProcessId = (typeof PROCESS_IDS)[number];

export const PROCESSES: readonly TaxonEntry<ProcessId>[] = [
  { id: 'composting', zh: '堆肥', en: 'composting' },
  { id: 'substrate', zh: '基质化', en: 'substrate making' },
  { id: 'pelletising', zh: '成型颗粒', en: 'pelletising' },
  { id: 'fibreboard', zh: '纤维板', en: 'fibreboard' },
  { id: 'feed', zh: '饲料化', en: 'feed making' },
  { id: 'biogas', zh: '厌氧沼气', en: 'biogas (anaerobic digestion)' },
  { id: 'fuel-drying', zh: '干燥燃料化', en: 'drying to fuel' },
  { id: 'enzyme-hydrolysis', zh: '酶解', en: 'enzyme hydrolysis' },
  { id: 'fermentation', zh: '发酵转化', en: 'fermentation conversion' },
  { id: 'microbial-conversion', zh: '微生物转化', en: 'microbial conversion' },
  { id: 'extraction', zh: '提取分离', en: 'extraction' },
  { id: 'membrane-enrichment', zh: '膜富集', en: 'membrane enrichment' },
  { id: 'chromatography', zh: '柱色谱', en: 'chromatography' },
  { id: 'distillation', zh: '蒸馏', en: 'distillation' },
  { id: 'pressing', zh: '压榨', en: 'pressing' },
  { id: 'pyrolysis', zh: '热解炭化', en: 'pyrolysis' },
  { id: 'harvest-utilisation', zh: '非药用部位入药开发', en: 'non-medicinal part development' },
];

export const UTILISER_TYPE_IDS = [
  'feed-mill',
  'fertiliser-plant',
  'mushroom-farm',
  'board-mill',
  'biogas-plant',
  'fuel-plant',
  'extraction-firm',
  'health-food-maker',
  'pharma-firm',
  'cosmetics-maker',
  'chemical-plant',
  'food-beverage-maker',
] as const;
export type UtiliserTypeId = (typeof UTILISER_TYPE_IDS)[number];

export const UTILISER_TYPES: readonly TaxonEntry<UtiliserTypeId>[] = [
  { id: 'feed-mill', zh: '饲料厂', en: 'feed mill' },
  { id: 'fertiliser-plant', zh: '肥料厂', en: 'fertiliser plant' },
  { id: 'mushroom-farm', zh: '食用菌场', en: 'mushroom farm' },
  { id: 'board-mill', zh: '纤维板厂', en: 'board mill' },
  { id: 'biogas-plant', zh: '沼气站', en: 'biogas plant' },
  { id: 'fuel-plant', zh: '生物质燃料厂', en: 'biomass fuel plant' },
  { id: 'extraction-firm', zh: '提取物企业', en: 'extraction firm' },
  { id: 'health-food-maker', zh: '保健食品企业', en: 'health-food maker' },
  { id: 'pharma-firm', zh: '制药企业', en: 'pharmaceutical firm' },
  { id: 'cosmetics-maker', zh: '化妆品企业', en: 'cosmetics maker' },
  { id: 'chemical-plant', zh: '化工企业', en: 'chemical plant' },
  { id: 'food-beverage-maker', zh: '食品饮料企业', en: 'food & beverage maker' },
];

/** What the product is used for; drives the social-benefit criterion (see criteria.ts). */
export const PRODUCT_USE_IDS = [
  'medicine',
  'health-food',
  'food',
  'cosmetic',
  'chemical',
  'feed',
  'fertiliser',
  'substrate',
  'material',
  'energy',
] as const;
export type ProductUseId = (typeof PRODUCT_USE_IDS)[number];

/** Normalise user text for lookups: trim, lower-case, unify full-width brackets and spaces. */
export function normaliseLabel(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[\s_]+/g, '-');
}

/**
 * Build a lookup from every accepted spelling (id, zh, en, aliases) to the id. Built once per
 * table because parsing thousands of imported rows should not rescan the tables.
 */
export function buildLabelIndex<Id extends string>(entries: readonly TaxonEntry<Id>[]): Map<string, Id> {
  const index = new Map<string, Id>();
  for (const entry of entries) {
    for (const label of [entry.id, entry.zh, entry.en, ...(entry.aliases ?? [])]) {
      index.set(normaliseLabel(label), entry.id);
    }
  }
  return index;
}

export function labelOf<Id extends string>(entries: readonly TaxonEntry<Id>[], id: Id): Bilingual {
  const entry = entries.find((e) => e.id === id);
  // Every id type is derived from its table, so a miss is a programming error.
  if (!entry) throw new Error(`unknown taxonomy id ${id}`);
  return { zh: entry.zh, en: entry.en };
}
