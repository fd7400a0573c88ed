/**
 * Feasibility of a pathway for a stream, and the seven criteria of seed 000 Table 1 computed
 * from the pathway data and the stream's volume. Every formula here is restated in README.md.
 */
import type { ClassScore } from './classify';
import { findHerb } from './herbs';
import type { Pathway } from './pathway';
import type { ByproductStream } from './stream';
import { assumedMoisture } from './stream';
import type { Bilingual, HandlingId, ProcessId, ProductUseId, TaxonEntry } from './taxonomy';
import { COMPOSITION_CLASSES, CONTAMINATIONS, labelOf, PARTS, PHYSICAL_STATES, RESIDUE_KINDS, SOURCE_STAGES } from './taxonomy';

export const CRITERION_IDS = ['utilisation', 'technical', 'valueAdded', 'cost', 'economic', 'social', 'ecological'] as const;
export type CriterionId = (typeof CRITERION_IDS)[number];

export interface CriterionInfo {
  zh: string;
  en: string;
  direction: 'benefit' | 'cost';
  unit: string;
}

export const CRITERIA: Record<CriterionId, CriterionInfo> = {
  utilisation: { zh: '资源化利用程度', en: 'degree of utilisation', direction: 'benefit', unit: '0–1' },
  technical: { zh: '技术要求', en: 'technical requirement', direction: 'cost', unit: 'index 1–7.4' },
  valueAdded: { zh: '价值增值', en: 'value added', direction: 'benefit', unit: '元/t input' },
  cost: { zh: '利用成本', en: 'cost of utilisation', direction: 'cost', unit: '元/t input' },
  economic: { zh: '经济效益', en: 'economic benefit', direction: 'benefit', unit: '元/yr' },
  social: { zh: '社会效益', en: 'social benefit', direction: 'benefit', unit: '0–1' },
  ecological: { zh: '生态效益', en: 'ecological benefit', direction: 'benefit', unit: 't CO2e/yr' },
};

/**
 * Per process: depth of valorisation (1 bulk use of the whole mass, 2 conversion of a fraction
 * into an upgraded material, 3 separation of specific constituents) and complexity (1 simple
 * farm-scale operation … 5 column chromatography / GMP-grade separation).
 */
export const PROCESS_PROFILE: Record<ProcessId, { depth: 1 | 2 | 3; complexity: number }> = {
  composting: { depth: 1, complexity: 1 },
  substrate: { depth: 1, complexity: 1 },
  'fuel-drying': { depth: 1, complexity: 1 },
  pelletising: { depth: 1, complexity: 2 },
  feed: { depth: 1, complexity: 2 },
  pressing: { depth: 1, complexity: 2 },
  fibreboard: { depth: 1, complexity: 3 },
  biogas: { depth: 1, complexity: 3 },
  pyrolysis: { depth: 1, complexity: 3 },
  'enzyme-hydrolysis': { depth: 2, complexity: 3 },
  fermentation: { depth: 2, complexity: 3 },
  'microbial-conversion': { depth: 2, complexity: 4 },
  distillation: { depth: 3, complexity: 3 },
  extraction: { depth: 3, complexity: 4 },
  'membrane-enrichment': { depth: 3, complexity: 4 },
  'harvest-utilisation': { depth: 3, complexity: 4 },
  chromatography: { depth: 3, complexity: 5 },
};

/** Social benefit by product use: health products serve 健康中国 most; energy least (seed 000 §2.3). */
export const PRODUCT_USE_SOCIAL_WEIGHT: Record<ProductUseId, number> = {
  medicine: 1,
  'health-food': 0.9,
  food: 0.8,
  cosmetic: 0.7,
  chemical: 0.6,
  feed: 0.5,
  fertiliser: 0.5,
  substrate: 0.45,
  material: 0.4,
  energy: 0.35,
};

/**
 * Typical cost (元 per wet t) of the current handling when the firm did not state it.
 * Estimates from 2023–2024 municipal and hazardous-free industrial disposal tariffs in China;
 * negative = revenue.
 */
export const DEFAULT_HANDLING_COST_PER_TONNE: Record<HandlingId, number> = {
  landfill: 150,
  incineration: 350,
  discharge: 15,
  'given-away': 0,
  sold: -50,
  'harmless-treatment': 300,
};

/** Capital recovery factor at 8 % over 10 years: annual payment per 元 of capex. */
export const DISCOUNT_RATE = 0.08;
export const CAPEX_LIFETIME_YEARS = 10;
export const CAPITAL_RECOVERY_FACTOR =
  (DISCOUNT_RATE * (1 + DISCOUNT_RATE) ** CAPEX_LIFETIME_YEARS) / ((1 + DISCOUNT_RATE) ** CAPEX_LIFETIME_YEARS - 1);

/** Volume at which capex per tonne starts at the top of its range when a pathway sets no minimum. */
const DEFAULT_SCALE_REFERENCE_T = 100;

export interface ConditionFailure {
  condition: keyof Pathway['conditions'] | 'hazardous';
  message: Bilingual;
}

export interface Feasibility {
  feasible: boolean;
  failures: ConditionFailure[];
  /** Conditions that passed only because the stream lacks the data (shown as caveats). */
  caveats: Bilingual[];
}

function listZh<Id extends string>(entries: readonly TaxonEntry<Id>[], ids: readonly Id[]): string {
  return ids.map((id) => labelOf(entries, id).zh).join('、');
}
function listEn<Id extends string>(entries: readonly TaxonEntry<Id>[], ids: readonly Id[]): string {
  return ids.map((id) => labelOf(entries, id).en).join(', ');
}
function herbNames(ids: readonly string[]): { zh: string; en: string } {
  return {
    zh: ids.map((h) => findHerb(h)?.zh ?? h).join('、'),
    en: ids.map((h) => findHerb(h)?.id ?? h).join(', '),
  };
}

/** Assay value on the unit the pathway condition uses, or undefined when not measured. */
function assayValue(stream: ByproductStream, assay: string): number | undefined {
  switch (assay) {
    case 'crudeFibre':
    case 'crudeProtein':
    case 'crudeFat':
    case 'polysaccharides':
    case 'ash':
    case 'cod':
      return stream.assays[assay];
    default:
      return stream.assays.constituents[assay];
  }
}

function hasAnyAssay(stream: ByproductStream): boolean {
  const a = stream.assays;
  return (
    a.crudeFibre !== undefined || a.crudeProtein !== undefined || a.crudeFat !== undefined ||
    a.polysaccharides !== undefined || a.ash !== undefined || a.cod !== undefined ||
    Object.keys(a.constituents).length > 0
  );
}

/** Check every input condition; all failures are reported, not just the first. */
export function checkConditions(stream: ByproductStream, classes: readonly ClassScore[], pathway: Pathway): Feasibility {
  const c = pathway.conditions;
  const failures: ConditionFailure[] = [];
  const caveats: Bilingual[] = [];
  const fail = (condition: ConditionFailure['condition'], zh: string, en: string): void => {
    failures.push({ condition, message: { zh, en } });
  };

  if (c.herbs !== undefined && (stream.herb === null || !c.herbs.includes(stream.herb))) {
    const names = herbNames(c.herbs);
    fail('herbs', `仅适用于${names.zh}，本物流为${stream.herb === null ? '未注明药材' : (findHerb(stream.herb)?.zh ?? stream.herb)}`, `only for ${names.en}; this stream is ${stream.herb ?? 'of unstated herb'}`);
  }
  if (c.parts !== undefined || c.residues !== undefined) {
    const partOk = c.parts !== undefined && stream.part !== null && c.parts.includes(stream.part);
    const residueOk = c.residues !== undefined && stream.residue !== null && c.residues.includes(stream.residue);
    if (!partOk && !residueOk) {
      const wantZh = [c.parts ? listZh(PARTS, c.parts) : '', c.residues ? listZh(RESIDUE_KINDS, c.residues) : ''].filter(Boolean).join('或');
      const wantEn = [c.parts ? listEn(PARTS, c.parts) : '', c.residues ? listEn(RESIDUE_KINDS, c.residues) : ''].filter(Boolean).join(' or ');
      fail(c.residues !== undefined ? 'residues' : 'parts', `部位/残渣类型须为${wantZh}`, `part/residue kind must be ${wantEn}`);
    }
  }
  if (c.states !== undefined && !c.states.includes(stream.state)) {
    fail('states', `物态须为${listZh(PHYSICAL_STATES, c.states)}，本物流为${labelOf(PHYSICAL_STATES, stream.state).zh}`, `state must be ${listEn(PHYSICAL_STATES, c.states)}; this stream is ${stream.state}`);
  }
  if (c.stages !== undefined && !c.stages.includes(stream.stage)) {
    fail('stages', `产生环节须为${listZh(SOURCE_STAGES, c.stages)}`, `source stage must be ${listEn(SOURCE_STAGES, c.stages)}`);
  }
  if (c.classes !== undefined && !classes.some((k) => c.classes?.includes(k.class))) {
    fail('classes', `须属于${listZh(COMPOSITION_CLASSES, c.classes)}`, `needs class ${listEn(COMPOSITION_CLASSES, c.classes)}`);
  }
  // A stream with no lab data is judged on knowledge; one with a lab panel must include the
  // assays a pathway needs, otherwise a protein assay would pass a polysaccharide condition.
  const hasLabPanel = hasAnyAssay(stream);
  for (const { assay, min } of c.minAssays ?? []) {
    const value = assayValue(stream, assay);
    if (value === undefined && hasLabPanel) {
      fail('minAssays', `已提供化验数据但缺少${assay}（要求 ≥ ${min}）`, `the assays given do not include ${assay} (needs ≥ ${min})`);
    } else if (value === undefined) {
      caveats.push({ zh: `未检测${assay}（要求 ≥ ${min}），按知识库判断，建议送检确认`, en: `${assay} not assayed (needs ≥ ${min}); judged from knowledge, have it measured to confirm` });
    } else if (value < min) {
      fail('minAssays', `${assay} 为 ${value}，低于要求的 ${min}`, `${assay} is ${value}, below the required ${min}`);
    }
  }
  if (c.maxMoisture !== undefined) {
    const moisture = assumedMoisture(stream);
    if (moisture > c.maxMoisture) {
      fail('maxMoisture', `含水率 ${moisture}% 超过上限 ${c.maxMoisture}%`, `moisture ${moisture} % exceeds the limit of ${c.maxMoisture} %`);
    } else if (stream.moisture === null) {
      caveats.push({ zh: `含水率未测，按典型值 ${moisture}% 计`, en: `moisture not measured; typical ${moisture} % assumed` });
    }
  }
  if (c.minTonnesPerYear !== undefined && stream.tonnesPerYear < c.minTonnesPerYear) {
    fail('minTonnesPerYear', `年产生量 ${stream.tonnesPerYear} t 低于经济规模 ${c.minTonnesPerYear} t`, `${stream.tonnesPerYear} t/yr is below the economic minimum of ${c.minTonnesPerYear} t/yr`);
  }
  const banned = (c.noContamination ?? []).filter((k) => stream.contamination.includes(k));
  if (banned.length > 0) {
    fail('noContamination', `存在${listZh(CONTAMINATIONS, banned)}，该途径不允许`, `carries ${listEn(CONTAMINATIONS, banned)}, which this pathway does not accept`);
  }
  if (stream.hazardous && c.allowHazardous !== true) {
    fail('hazardous', `危险废物（${stream.hazardousCode ?? ''}）须交有资质单位处置`, `hazardous waste (${stream.hazardousCode ?? ''}) must go to a licensed handler`);
  }
  return { feasible: failures.length === 0, failures, caveats };
}

export interface PathwayEvaluation {
  criteria: Record<CriterionId, number>;
  inputTonnesPerYear: number;
  dryTonnesPerYear: number;
  productTonnesPerYear: number;
  /** Usable residue left by the pathway (input − product − losses). */
  residueTonnesPerYear: number;
  productValuePerYear: number;
  processingCostPerYear: number;
  /** Current handling cost no longer paid (negative when a current revenue is lost). */
  handlingAvoidedPerYear: number;
  netValuePerYear: number;
  co2eAvoidedPerYear: number;
}

function mid(r: { min: number; max: number }): number {
  return (r.min + r.max) / 2;
}

/**
 * Capex per tonne falls from the top of its range at the pathway's minimum volume to the bottom
 * at ten times that volume (log-linear): the usual 0.6–0.7 power-law economy of scale,
 * flattened into the stated range so the data stays the single source of the numbers.
 */
export function capexPerTonneAtScale(pathway: Pathway, tonnesPerYear: number): number {
  const reference = pathway.conditions.minTonnesPerYear ?? DEFAULT_SCALE_REFERENCE_T;
  const t = reference <= 0 ? 1 : Math.min(1, Math.max(0, Math.log10(Math.max(tonnesPerYear, 1e-9) / reference)));
  return pathway.capexPerTonne.max - (pathway.capexPerTonne.max - pathway.capexPerTonne.min) * t;
}

/** 元 per wet tonne for the current handling (stated, or the documented default). */
export function currentHandlingCostPerTonne(stream: ByproductStream): number {
  if (stream.currentHandlingCostPerTonne !== null) return stream.currentHandlingCostPerTonne;
  return stream.currentHandling === null ? 0 : DEFAULT_HANDLING_COST_PER_TONNE[stream.currentHandling];
}

/** The seven criteria and the money/mass figures behind them, for one stream on one pathway. */
export function evaluatePathway(stream: ByproductStream, pathway: Pathway): PathwayEvaluation {
  const wet = stream.tonnesPerYear;
  const dry = wet * (1 - assumedMoisture(stream) / 100);
  const basisTonnes = pathway.yield.basis === 'dry' ? dry : wet;
  // A yield can never put out more mass than came in.
  const product = Math.min(wet, pathway.yield.value * basisTonnes);
  const residue = (pathway.residueOut?.share ?? 0) * (wet - product);
  const productValue = product * mid(pathway.productValuePerTonne);
  const processingCost = wet * (mid(pathway.opexPerTonne) + capexPerTonneAtScale(pathway, wet) * CAPITAL_RECOVERY_FACTOR);
  // The residue the pathway leaves still needs handling at today's cost unless a cascade uses it.
  const handlingAvoided = (wet - residue) * currentHandlingCostPerTonne(stream);
  const net = productValue - processingCost + handlingAvoided;
  const co2 = pathway.emissionsAvoided.value * (pathway.emissionsAvoided.basis === 'dry' ? dry : wet);
  const profile = PROCESS_PROFILE[pathway.process];
  const massShare = basisTonnes > 0 ? Math.min(1, product / basisTonnes) : 0;
  return {
    criteria: {
      utilisation: (profile.depth / 3) * (0.8 + 0.2 * massShare),
      technical: profile.complexity + 0.3 * (9 - pathway.trl),
      valueAdded: wet > 0 ? productValue / wet : 0,
      cost: wet > 0 ? processingCost / wet : 0,
      economic: net,
      social: PRODUCT_USE_SOCIAL_WEIGHT[pathway.productUse],
      ecological: co2,
    },
    inputTonnesPerYear: wet,
    dryTonnesPerYear: dry,
    productTonnesPerYear: product,
    residueTonnesPerYear: residue,
    productValuePerYear: productValue,
    processingCostPerYear: processingCost,
    handlingAvoidedPerYear: handlingAvoided,
    netValuePerYear: net,
    co2eAvoidedPerYear: co2,
  };
}
