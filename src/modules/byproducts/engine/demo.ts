/**
 * Deterministic demo data: realistic by-product streams for a park's manufacturers and 24
 * months of records, for the demo loader. Same seed, same data — screenshots and tests stay
 * stable. Quantities and assays are drawn inside ranges typical of Chinese TCM plants.
 */
import { adviseStream } from './advisor';
import { classifyStream } from './classify';
import type { StreamPeriodRecord } from './circularity';
import { currentHandlingCostPerTonne } from './criteria';
import type { Pathway } from './pathway';
import { defaultPathways } from './pathway';
import type { ByproductStream } from './stream';
import { monthlyQuantities } from './stream';
import type { ContaminationId, DisposalHandlingId, HandlingId, ModeId, PartId, PhysicalStateId, ResidueKindId, SourceStageId } from './taxonomy';

export interface DemoManufacturer {
  id: string;
  name: string;
  siteId?: string;
}

export interface DemoStream {
  firmId: string;
  siteId: string;
  stream: ByproductStream & { id: string; name: string };
  /** Mode of the advisor's first choice, used for the utilised share in the records. */
  adoptedMode: ModeId | null;
  /** Product value (元) per input tonne of that choice. */
  adoptedValuePerTonne: number;
}

export interface DemoSet {
  parkId: string;
  regionId: string;
  manufacturers: DemoManufacturer[];
  streams: DemoStream[];
  records: StreamPeriodRecord[];
}

export interface DemoOptions {
  seed?: number;
  manufacturers?: DemoManufacturer[];
  /** First month, YYYY-MM. */
  startPeriod?: string;
  months?: number;
  minStreams?: number;
  parkId?: string;
  regionId?: string;
  pathways?: readonly Pathway[];
}

export const DEFAULT_DEMO_MANUFACTURERS: readonly DemoManufacturer[] = [
  { id: 'mfr-kangyuan', name: '康源中药饮片有限公司' },
  { id: 'mfr-tianyi', name: '天怡制药股份有限公司' },
  { id: 'mfr-jinlin', name: '金林中药配方颗粒有限公司' },
  { id: 'mfr-huatai', name: '华泰植物提取有限公司' },
  { id: 'mfr-baicao', name: '百草堂药业有限公司' },
  { id: 'mfr-qingshan', name: '青山中药材种植合作社' },
  { id: 'mfr-ruikang', name: '瑞康保健食品有限公司' },
  { id: 'mfr-hengde', name: '恒德中药提取物有限公司' },
  { id: 'mfr-minsheng', name: '民生中药饮片厂' },
  { id: 'mfr-yaowang', name: '药王谷产地加工中心' },
];

/** mulberry32: tiny, fast, good enough for demo data, and identical on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Range = readonly [number, number];

interface StreamTemplate {
  label: string;
  herb: string | null;
  part?: PartId;
  residue?: ResidueKindId;
  stage: SourceStageId;
  state: PhysicalStateId;
  tonnes: Range;
  moisture: Range;
  assays: Record<string, Range>;
  handling: HandlingId;
  handlingCost: Range;
  /** Month indices (0..11) of the harvest peak; empty = flat production. */
  peak?: readonly number[];
  contamination?: readonly ContaminationId[];
  hazardousCode?: string;
}

const FLAT: readonly number[] = [];
const AUTUMN = [8, 9, 10];
const SUMMER = [5, 6, 7];

const TEMPLATES: readonly StreamTemplate[] = [
  { label: '丹参水提醇沉物', herb: 'danshen', residue: 'alcohol-precipitate', stage: 'extraction', state: 'solid', tonnes: [200, 600], moisture: [55, 65], assays: { stachyose: [250, 400], polysaccharides: [12, 20] }, handling: 'landfill', handlingCost: [150, 220] },
  { label: '丹参提取药渣', herb: 'danshen', residue: 'water-extract-residue', stage: 'extraction', state: 'solid', tonnes: [3000, 8000], moisture: [70, 78], assays: { crudeFibre: [35, 45], crudeProtein: [6, 9], crudeFat: [2, 4], ash: [6, 9] }, handling: 'landfill', handlingCost: [120, 180] },
  { label: '青皮制药废水', herb: 'qingpi', residue: 'resin-elution-wastewater', stage: 'extraction', state: 'liquid', tonnes: [15000, 40000], moisture: [97, 98.5], assays: { cod: [12000, 30000], volatileOil: [15, 30] }, handling: 'discharge', handlingCost: [8, 15] },
  { label: '甘草提取药渣', herb: 'gancao', residue: 'water-extract-residue', stage: 'extraction', state: 'solid', tonnes: [2000, 6000], moisture: [68, 74], assays: { crudeFibre: [34, 42], crudeProtein: [6, 9], flavonoids: [10, 18] }, handling: 'landfill', handlingCost: [130, 170] },
  { label: '五味子果肉', herb: 'wuweizi', part: 'pulp', stage: 'primary-processing', state: 'solid', tonnes: [500, 1500], moisture: [72, 78], assays: { polysaccharides: [12, 18], crudeProtein: [7, 10] }, handling: 'given-away', handlingCost: [0, 0], peak: AUTUMN },
  { label: '五味子配方颗粒药渣', herb: 'wuweizi', residue: 'water-extract-residue', stage: 'formula-granules', state: 'solid', tonnes: [300, 900], moisture: [60, 68], assays: { crudeFat: [14, 22], crudeFibre: [20, 28] }, handling: 'landfill', handlingCost: [140, 180] },
  { label: '酸枣仁药渣', herb: 'suanzaoren', residue: 'water-extract-residue', stage: 'extraction', state: 'solid', tonnes: [400, 1000], moisture: [60, 68], assays: { crudeProtein: [24, 30], crudeFat: [15, 22] }, handling: 'sold', handlingCost: [-100, -60] },
  { label: '薄荷提油残渣', herb: 'bohe', residue: 'distillation-residue', stage: 'extraction', state: 'solid', tonnes: [800, 2000], moisture: [65, 72], assays: { crudeFibre: [28, 34], linarin: [5, 10] }, handling: 'incineration', handlingCost: [280, 350], peak: SUMMER },
  { label: '薄荷加工废气', herb: 'bohe', residue: 'off-gas', stage: 'primary-processing', state: 'gas', tonnes: [3, 8], moisture: [0, 0], assays: {}, handling: 'discharge', handlingCost: [0, 0], peak: SUMMER },
  { label: '雷公藤茎枝', herb: 'leigongteng', part: 'stem', stage: 'cultivation-harvest', state: 'solid', tonnes: [300, 900], moisture: [45, 55], assays: {}, handling: 'incineration', handlingCost: [0, 20], peak: AUTUMN },
  { label: '雷公藤叶', herb: 'leigongteng', part: 'leaf', stage: 'cultivation-harvest', state: 'solid', tonnes: [100, 300], moisture: [55, 65], assays: {}, handling: 'landfill', handlingCost: [0, 30], peak: AUTUMN },
  { label: '苦杏仁配方颗粒药渣', herb: 'kuxingren', residue: 'water-extract-residue', stage: 'formula-granules', state: 'solid', tonnes: [300, 800], moisture: [60, 68], assays: { crudeFat: [20, 30], crudeProtein: [18, 24] }, handling: 'landfill', handlingCost: [140, 180] },
  { label: '桃仁配方颗粒药渣', herb: 'taoren', residue: 'water-extract-residue', stage: 'formula-granules', state: 'solid', tonnes: [200, 600], moisture: [60, 68], assays: { crudeFat: [22, 32] }, handling: 'landfill', handlingCost: [140, 180] },
  { label: '紫苏子药渣', herb: 'zisuzi', residue: 'water-extract-residue', stage: 'formula-granules', state: 'solid', tonnes: [150, 500], moisture: [60, 68], assays: {}, handling: 'landfill', handlingCost: [140, 180] },
  { label: '白芍栓皮', herb: 'baishao', part: 'peel-bark', stage: 'primary-processing', state: 'solid', tonnes: [200, 600], moisture: [12, 18], assays: { polysaccharides: [15, 25], crudeProtein: [5, 8] }, handling: 'given-away', handlingCost: [0, 0], peak: [7, 8] },
  { label: '山药外皮粉屑', herb: 'shanyao', residue: 'dust-offcuts', stage: 'decoction-piece-processing', state: 'solid', tonnes: [100, 400], moisture: [10, 14], assays: {}, handling: 'landfill', handlingCost: [100, 150], peak: [10, 11, 0] },
  { label: '麦冬须根粉屑', herb: 'maidong', residue: 'dust-offcuts', stage: 'primary-processing', state: 'solid', tonnes: [80, 250], moisture: [10, 14], assays: {}, handling: 'landfill', handlingCost: [100, 150], peak: [3, 4] },
  { label: '黄芪提取药渣', herb: 'huangqi', residue: 'water-extract-residue', stage: 'extraction', state: 'solid', tonnes: [2000, 5000], moisture: [70, 76], assays: { crudeFibre: [33, 40], polysaccharides: [8, 14], crudeProtein: [7, 10] }, handling: 'landfill', handlingCost: [130, 170] },
  { label: '人参茎叶', herb: 'renshen', part: 'leaf', stage: 'cultivation-harvest', state: 'solid', tonnes: [200, 800], moisture: [55, 65], assays: { ginsenosides: [30, 60] }, handling: 'incineration', handlingCost: [0, 20], peak: [8] },
  { label: '三七茎叶', herb: 'sanqi', part: 'stem', stage: 'cultivation-harvest', state: 'solid', tonnes: [150, 500], moisture: [55, 65], assays: { notoginsenosides: [20, 40] }, handling: 'given-away', handlingCost: [0, 0], peak: [9, 10] },
  { label: '黄连须根', herb: 'huanglian', part: 'root', stage: 'primary-processing', state: 'solid', tonnes: [50, 200], moisture: [12, 18], assays: { berberine: [15, 30] }, handling: 'landfill', handlingCost: [100, 150], peak: [9, 10] },
  { label: '黄芩茎叶', herb: 'huangqin', part: 'stem', stage: 'cultivation-harvest', state: 'solid', tonnes: [300, 900], moisture: [50, 60], assays: {}, handling: 'incineration', handlingCost: [0, 20], peak: [8, 9] },
  { label: '金银花茎叶', herb: 'jinyinhua', part: 'leaf', stage: 'cultivation-harvest', state: 'solid', tonnes: [200, 600], moisture: [55, 65], assays: { chlorogenicAcid: [15, 30] }, handling: 'landfill', handlingCost: [0, 40], peak: SUMMER },
  { label: '杜仲叶', herb: 'duzhong', part: 'leaf', stage: 'cultivation-harvest', state: 'solid', tonnes: [300, 1000], moisture: [55, 65], assays: { eucommiaGum: [80, 120], chlorogenicAcid: [20, 35] }, handling: 'given-away', handlingCost: [0, 0], peak: [9, 10] },
  { label: '陈皮配方颗粒药渣', herb: 'chenpi', residue: 'water-extract-residue', stage: 'formula-granules', state: 'solid', tonnes: [300, 800], moisture: [65, 72], assays: { polysaccharides: [15, 22], crudeFibre: [15, 20] }, handling: 'landfill', handlingCost: [140, 180] },
  { label: '栀子药渣', herb: 'zhizi', residue: 'water-extract-residue', stage: 'extraction', state: 'solid', tonnes: [300, 800], moisture: [62, 70], assays: { crocin: [8, 15] }, handling: 'landfill', handlingCost: [140, 180] },
  { label: '枸杞保健品药渣', herb: 'gouqizi', residue: 'water-extract-residue', stage: 'health-product-manufacturing', state: 'solid', tonnes: [200, 600], moisture: [65, 72], assays: { polysaccharides: [12, 20], crudeProtein: [10, 14] }, handling: 'landfill', handlingCost: [140, 180] },
  { label: '灵芝保健品药渣', herb: 'lingzhi', residue: 'water-extract-residue', stage: 'health-product-manufacturing', state: 'solid', tonnes: [100, 400], moisture: [62, 70], assays: { polysaccharides: [10, 15], crudeFibre: [38, 48] }, handling: 'landfill', handlingCost: [140, 180] },
  { label: '混合配方颗粒药渣', herb: null, residue: 'water-extract-residue', stage: 'formula-granules', state: 'solid', tonnes: [5000, 12000], moisture: [70, 78], assays: { crudeFibre: [28, 36], crudeProtein: [7, 11], crudeFat: [2, 5], ash: [7, 11] }, handling: 'landfill', handlingCost: [140, 180] },
  { label: '乙醇提取残渣（含溶剂）', herb: null, residue: 'water-extract-residue', stage: 'extraction', state: 'solid', tonnes: [800, 2000], moisture: [60, 68], assays: { crudeFibre: [30, 38] }, handling: 'incineration', handlingCost: [300, 380], contamination: ['solvent-residue'] },
  { label: '树脂洗脱废水', herb: null, residue: 'resin-elution-wastewater', stage: 'extraction', state: 'liquid', tonnes: [20000, 60000], moisture: [97, 99], assays: { cod: [8000, 20000] }, handling: 'discharge', handlingCost: [10, 20] },
  { label: '膜浓缩液', herb: null, residue: 'membrane-concentrate', stage: 'extraction', state: 'liquid', tonnes: [2000, 6000], moisture: [92, 96], assays: { cod: [30000, 60000] }, handling: 'harmless-treatment', handlingCost: [50, 80] },
  { label: '大黄干燥升华废气', herb: 'dahuang', residue: 'off-gas', stage: 'primary-processing', state: 'gas', tonnes: [1, 3], moisture: [0, 0], assays: {}, handling: 'discharge', handlingCost: [0, 0], peak: [9, 10] },
  { label: '饮片炮制碎屑', herb: null, part: 'root', residue: 'dust-offcuts', stage: 'decoction-piece-processing', state: 'solid', tonnes: [100, 500], moisture: [10, 14], assays: { crudeFibre: [25, 35], ash: [6, 10] }, handling: 'landfill', handlingCost: [100, 150] },
  { label: '肉桂提油残渣', herb: 'rougui', residue: 'distillation-residue', stage: 'extraction', state: 'solid', tonnes: [300, 800], moisture: [65, 72], assays: { crudeFibre: [35, 45] }, handling: 'incineration', handlingCost: [250, 320] },
  { label: '艾叶加工碎屑', herb: 'aiye', residue: 'dust-offcuts', stage: 'primary-processing', state: 'solid', tonnes: [100, 300], moisture: [10, 14], assays: {}, handling: 'landfill', handlingCost: [80, 120], peak: [4, 5] },
  { label: '重金属超标药渣', herb: null, residue: 'water-extract-residue', stage: 'extraction', state: 'solid', tonnes: [200, 600], moisture: [68, 75], assays: { crudeFibre: [30, 38] }, handling: 'harmless-treatment', handlingCost: [350, 450], contamination: ['heavy-metals'] },
  { label: '含溶剂滤饼（危废）', herb: null, residue: 'filter-cake', stage: 'extraction', state: 'solid', tonnes: [50, 150], moisture: [40, 50], assays: {}, handling: 'incineration', handlingCost: [2500, 3500], contamination: ['solvent-residue'], hazardousCode: 'HW02' },
  { label: '葛根提取药渣', herb: 'gegen', residue: 'water-extract-residue', stage: 'extraction', state: 'solid', tonnes: [1000, 3000], moisture: [68, 75], assays: { crudeFibre: [30, 38], puerarin: [5, 10] }, handling: 'landfill', handlingCost: [130, 170] },
  { label: '茯苓皮', herb: 'fuling', part: 'peel-bark', stage: 'primary-processing', state: 'solid', tonnes: [150, 500], moisture: [12, 16], assays: { polysaccharides: [20, 30] }, handling: 'sold', handlingCost: [-300, -150] },
];

function between(rand: () => number, [lo, hi]: Range): number {
  return lo + (hi - lo) * rand();
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function seasonalityFor(template: StreamTemplate, rand: () => number): number[] | null {
  const peak = template.peak ?? FLAT;
  if (peak.length === 0) return null;
  // Harvest streams: most mass in the peak months, a little all year from stored material.
  const raw = Array.from({ length: 12 }, (_, m) => (peak.includes(m) ? 4 + rand() : 0.2 + 0.3 * rand()));
  const mean = raw.reduce((a, b) => a + b, 0) / 12;
  return raw.map((f) => round(f / mean, 3));
}

function addMonths(period: string, k: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + k;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

function disposalRouteFor(handling: HandlingId): DisposalHandlingId {
  switch (handling) {
    case 'landfill':
    case 'incineration':
    case 'discharge':
    case 'harmless-treatment':
      return handling;
    // What a buyer or taker does not take ends in landfill.
    case 'given-away':
    case 'sold':
      return 'landfill';
  }
}

/** Generate the demo park: streams for each manufacturer and monthly records. */
export function generateDemoSet(options: DemoOptions = {}): DemoSet {
  const rand = seededRandom(options.seed ?? 20240101);
  const manufacturers = options.manufacturers ?? [...DEFAULT_DEMO_MANUFACTURERS];
  if (manufacturers.length === 0) throw new Error('at least one manufacturer is required');
  const months = options.months ?? 24;
  const start = options.startPeriod ?? '2024-01';
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(start)) throw new Error(`startPeriod must be YYYY-MM, got "${start}"`);
  const parkId = options.parkId ?? 'park-demo';
  const regionId = options.regionId ?? 'region-demo';
  const pathways = options.pathways ?? defaultPathways();
  const minStreams = options.minStreams ?? 60;
  const perFirm = Math.max(3, Math.ceil(minStreams / manufacturers.length));

  const streams: DemoStream[] = [];
  let templateCursor = Math.floor(rand() * TEMPLATES.length);
  for (const firm of manufacturers) {
    const siteId = firm.siteId ?? `${firm.id}-site-1`;
    for (let k = 0; k < perFirm; k++) {
      // Walk the template list with random strides so every firm gets a varied mix and the
      // whole list is covered when there are enough streams.
      templateCursor = (templateCursor + 1 + Math.floor(rand() * 3)) % TEMPLATES.length;
      const t = TEMPLATES[templateCursor]!;
      const assays: ByproductStream['assays'] = { constituents: {} };
      for (const [key, range] of Object.entries(t.assays)) {
        const v = round(between(rand, range), 1);
        switch (key) {
          case 'crudeFibre':
          case 'crudeProtein':
          case 'crudeFat':
          case 'polysaccharides':
          case 'ash':
          case 'cod':
            assays[key] = v;
            break;
          default:
            assays.constituents[key] = v;
        }
      }
      const id = `${firm.id}-s${String(k + 1).padStart(2, '0')}`;
      const stream: ByproductStream & { id: string; name: string } = {
        id,
        name: `${t.label}（${firm.name}）`,
        herb: t.herb,
        part: t.part ?? null,
        residue: t.residue ?? null,
        stage: t.stage,
        state: t.state,
        tonnesPerYear: round(between(rand, t.tonnes), 1),
        moisture: round(between(rand, t.moisture), 1),
        assays,
        contamination: [...(t.contamination ?? [])],
        hazardous: t.hazardousCode !== undefined,
        hazardousCode: t.hazardousCode ?? null,
        currentHandling: t.handling,
        currentHandlingCostPerTonne: round(between(rand, t.handlingCost), 0),
        seasonality: seasonalityFor(t, rand),
        classOverride: null,
      };
      const top = adviseStream(stream, pathways, undefined, { sensitivity: false }).options[0];
      streams.push({
        firmId: firm.id,
        siteId,
        stream,
        adoptedMode: top?.mode ?? null,
        adoptedValuePerTonne: top === undefined ? 0 : round(top.evaluation.productValuePerYear / stream.tonnesPerYear, 2),
      });
    }
  }

  const records: StreamPeriodRecord[] = [];
  for (const s of streams) {
    const { stream } = s;
    const monthly = monthlyQuantities(stream);
    const handling = stream.currentHandling ?? 'landfill';
    const alreadyUsed = handling === 'sold' || handling === 'given-away';
    const baseShare = alreadyUsed ? 0.6 + 0.3 * rand() : 0.15 * rand();
    // Uptake after joining the platform: a logistic ramp starting some months in.
    const adoptAt = 3 + Math.floor(rand() * 12);
    const adoptGain = s.adoptedMode === null ? 0 : 0.3 + 0.4 * rand();
    const valuePerT = s.adoptedValuePerTonne;
    const cost = currentHandlingCostPerTonne(stream);
    const compositionClass = classifyStream(stream).classes[0]?.class;
    for (let i = 0; i < months; i++) {
      const period = addMonths(start, i);
      const month = Number(period.slice(5, 7)) - 1;
      const generated = round(monthly[month]! * (0.9 + 0.2 * rand()), 3);
      const ramp = adoptGain / (1 + Math.exp(-(i - adoptAt)));
      const share = Math.min(0.98, baseShare + ramp);
      const platformT = round(generated * Math.max(0, share - baseShare), 3);
      const legacyT = round(generated * baseShare, 3);
      const utilised: StreamPeriodRecord['utilised'] = [];
      if (legacyT > 0) utilised.push({ mode: alreadyUsed ? 'low-value-conversion' : 'unspecified', tonnes: legacyT, valueYuan: round(legacyT * Math.max(0, -cost), 0) });
      if (platformT > 0 && s.adoptedMode !== null) utilised.push({ mode: s.adoptedMode, tonnes: platformT, valueYuan: round(platformT * valuePerT, 0) });
      const disposedT = Math.max(0, round(generated - legacyT - platformT, 3));
      const route = disposalRouteFor(handling);
      records.push({
        streamId: stream.id,
        siteId: s.siteId,
        firmId: s.firmId,
        parkId,
        regionId,
        period,
        generatedT: generated,
        moisture: stream.moisture ?? undefined,
        state: stream.state,
        stage: stream.stage,
        ...(compositionClass !== undefined ? { compositionClass } : {}),
        ...(stream.assays.cod !== undefined ? { cod: stream.assays.cod } : {}),
        utilised,
        disposed: disposedT > 0 ? [{ route, tonnes: disposedT, costYuan: round(disposedT * Math.max(0, cost), 0) }] : [],
      });
    }
  }
  return { parkId, regionId, manufacturers, streams, records };
}
