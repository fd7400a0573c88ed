/**
 * Seed 000 Table 1 (表1 3种中药资源产业副产品循环利用模式的比较) as data, and a check that
 * the knowledge base, averaged per mode, compares the way the table says.
 */
import type { CriterionId } from './criteria';
import { CRITERION_IDS, evaluatePathway } from './criteria';
import type { Pathway } from './pathway';
import type { ByproductStream } from './stream';
import { assumedMoisture } from './stream';
import type { ModeId, PhysicalStateId } from './taxonomy';
import { MODE_IDS } from './taxonomy';

export type Table1Level = 'low' | 'low-medium' | 'medium' | 'medium-high' | 'high';

/** Ordinal position of the table's words; "低→中" sits between 低 and 中. */
export const TABLE1_LEVEL_ORDINAL: Record<Table1Level, number> = {
  low: 1,
  'low-medium': 1.5,
  medium: 2,
  'medium-high': 2.5,
  high: 3,
};

export const TABLE1_LEVEL_LABEL: Record<Table1Level, string> = {
  low: '低',
  'low-medium': '低→中',
  medium: '中',
  'medium-high': '中→高',
  high: '高',
};

/** Seed 000 Table 1, row by row. */
export const SEED_TABLE_1: Record<CriterionId, Record<ModeId, Table1Level>> = {
  utilisation: { 'low-value-conversion': 'low', 'reduce-efficiency': 'medium-high', 'value-added': 'high' },
  technical: { 'low-value-conversion': 'low-medium', 'reduce-efficiency': 'medium-high', 'value-added': 'medium-high' },
  valueAdded: { 'low-value-conversion': 'low', 'reduce-efficiency': 'medium-high', 'value-added': 'high' },
  cost: { 'low-value-conversion': 'low', 'reduce-efficiency': 'medium-high', 'value-added': 'high' },
  economic: { 'low-value-conversion': 'low', 'reduce-efficiency': 'medium-high', 'value-added': 'high' },
  social: { 'low-value-conversion': 'low-medium', 'reduce-efficiency': 'medium-high', 'value-added': 'high' },
  ecological: { 'low-value-conversion': 'medium', 'reduce-efficiency': 'high', 'value-added': 'high' },
};

/**
 * Criteria that depend on the amount or wetness of material are compared per tonne of dry
 * matter, so a waste water (3 % solids) and a dry offcut are on the same footing.
 */
function perDryTonne(criterion: CriterionId, value: number, wetTonnes: number, dryTonnes: number): number {
  if (dryTonnes <= 0) return 0;
  switch (criterion) {
    // Already per wet tonne.
    case 'valueAdded':
    case 'cost':
      return (value * wetTonnes) / dryTonnes;
    // Per year.
    case 'economic':
    case 'ecological':
      return value / dryTonnes;
    case 'utilisation':
    case 'technical':
    case 'social':
      return value;
  }
}

/**
 * A stream that meets the pathway's conditions, at 1 000 t/yr (or its minimum) and with no
 * current handling cost, so that pathways are compared on what they do, not on the baseline.
 */
export function referenceStreamFor(pathway: Pathway): ByproductStream {
  const c = pathway.conditions;
  const residue = c.residues?.[0] ?? null;
  const part = residue === null ? (c.parts?.[0] ?? 'whole-plant') : (c.parts?.[0] ?? null);
  const state: PhysicalStateId = c.states?.[0] ?? (residue === 'resin-elution-wastewater' || residue === 'membrane-concentrate' ? 'liquid' : residue === 'off-gas' ? 'gas' : 'solid');
  const base: ByproductStream = {
    herb: c.herbs?.[0] ?? null,
    part,
    residue,
    stage: c.stages?.[0] ?? 'extraction',
    state,
    tonnesPerYear: Math.max(1000, c.minTonnesPerYear ?? 0),
    moisture: null,
    assays: { constituents: {} },
    contamination: [],
    hazardous: false,
    hazardousCode: null,
    currentHandling: null,
    currentHandlingCostPerTonne: 0,
    seasonality: null,
    classOverride: c.classes !== undefined ? [...c.classes] : null,
  };
  const moisture = Math.min(assumedMoisture(base), c.maxMoisture ?? 100);
  return { ...base, moisture };
}

export type ModeProfile = Record<ModeId, Record<CriterionId, number>>;

/** Mean of each criterion per mode over the knowledge base (per dry tonne where volume-dependent). */
export function modeProfiles(pathways: readonly Pathway[]): { means: ModeProfile; counts: Record<ModeId, number> } {
  const sums = Object.fromEntries(MODE_IDS.map((m) => [m, Object.fromEntries(CRITERION_IDS.map((c) => [c, 0]))])) as ModeProfile;
  const counts: Record<ModeId, number> = { 'low-value-conversion': 0, 'reduce-efficiency': 0, 'value-added': 0 };
  for (const pathway of pathways) {
    const evaluation = evaluatePathway(referenceStreamFor(pathway), pathway);
    counts[pathway.mode] += 1;
    for (const c of CRITERION_IDS) {
      sums[pathway.mode][c] += perDryTonne(c, evaluation.criteria[c], evaluation.inputTonnesPerYear, evaluation.dryTonnesPerYear);
    }
  }
  for (const m of MODE_IDS) for (const c of CRITERION_IDS) sums[m][c] = counts[m] === 0 ? 0 : sums[m][c] / counts[m];
  return { means: sums, counts };
}

export interface Table1Comparison {
  criterion: CriterionId;
  lower: ModeId;
  higher: ModeId;
  lowerMean: number;
  higherMean: number;
  holds: boolean;
}

/**
 * Every pair of modes that Table 1 puts on different levels of a criterion must compare the
 * same way in the knowledge-base means. Pairs on the same level are not compared (the table
 * gives no order between them).
 */
export function compareModesWithTable1(pathways: readonly Pathway[]): Table1Comparison[] {
  const { means } = modeProfiles(pathways);
  const out: Table1Comparison[] = [];
  for (const criterion of CRITERION_IDS) {
    for (const a of MODE_IDS) {
      for (const b of MODE_IDS) {
        const la = TABLE1_LEVEL_ORDINAL[SEED_TABLE_1[criterion][a]];
        const lb = TABLE1_LEVEL_ORDINAL[SEED_TABLE_1[criterion][b]];
        if (la < lb) {
          const lowerMean = means[a][criterion];
          const higherMean = means[b][criterion];
          out.push({ criterion, lower: a, higher: b, lowerMean, higherMean, holds: lowerMean < higherMean });
        }
      }
    }
  }
  return out;
}
