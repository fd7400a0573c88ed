/**
 * The recycling advisor: which pathways a stream can take, how they rank on seed 000's seven
 * criteria under the user's weights (TOPSIS), why, and how close the top choice is to changing.
 */
import type { ClassScore, Classification } from './classify';
import { classifyStream } from './classify';
import type { CriterionId, PathwayEvaluation } from './criteria';
import { checkConditions, CRITERIA, CRITERION_IDS, evaluatePathway } from './criteria';
import type { Pathway } from './pathway';
import type { ByproductStream, FieldError, ParseResult } from './stream';
import type { Bilingual, ModeId } from './taxonomy';
import { normaliseLabel } from './taxonomy';
import { topsisFromNormalised, topsisNormalised } from './topsis';

export type CriterionWeights = Record<CriterionId, number>;

export const WEIGHT_PRESET_IDS = ['balanced', 'economic-first', 'ecological-first'] as const;
export type WeightPresetId = (typeof WEIGHT_PRESET_IDS)[number];

/** Relative weights (normalised before use). */
export const WEIGHT_PRESETS: Record<WeightPresetId, CriterionWeights> = {
  balanced: { utilisation: 1, technical: 1, valueAdded: 1, cost: 1, economic: 1, social: 1, ecological: 1 },
  'economic-first': { utilisation: 0.5, technical: 0.5, valueAdded: 1.5, cost: 1.5, economic: 3, social: 0.5, ecological: 0.5 },
  'ecological-first': { utilisation: 1.5, technical: 0.5, valueAdded: 0.5, cost: 0.5, economic: 0.5, social: 1, ecological: 3 },
};

const CRITERION_ALIASES: Map<string, CriterionId> = (() => {
  const m = new Map<string, CriterionId>();
  const extra: Record<CriterionId, string[]> = {
    utilisation: ['utilization', 'degree-of-utilisation'],
    technical: ['technical-requirement', 'tech'],
    valueAdded: ['value-added', 'valueadded', 'value'],
    cost: ['cost-of-utilisation'],
    economic: ['economic-benefit', 'econ'],
    social: ['social-benefit'],
    ecological: ['ecological-benefit', 'eco', 'ecology'],
  };
  for (const id of CRITERION_IDS) {
    for (const label of [id, CRITERIA[id].zh, CRITERIA[id].en, ...extra[id]]) m.set(normaliseLabel(label), id);
  }
  return m;
})();

/**
 * Weights from a preset name, `k=v` pairs, or both (`economic-first,ecological=2`). Values are
 * relative; criteria not named keep the preset's weight (balanced = 1 each).
 */
export function parseWeights(spec: string | Partial<CriterionWeights> | undefined): ParseResult<CriterionWeights> {
  if (spec === undefined || spec === '') return { ok: true, value: { ...WEIGHT_PRESETS.balanced } };
  const errors: FieldError[] = [];
  let weights: CriterionWeights = { ...WEIGHT_PRESETS.balanced };
  const set = (key: string, raw: unknown): void => {
    const id = CRITERION_ALIASES.get(normaliseLabel(key));
    const value = typeof raw === 'string' ? Number(raw) : raw;
    if (id === undefined) errors.push({ field: `weights.${key}`, message: `unknown criterion; expected one of ${CRITERION_IDS.join(', ')}` });
    else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) errors.push({ field: `weights.${key}`, message: 'must be a number ≥ 0' });
    else weights[id] = value;
  };
  if (typeof spec === 'string') {
    for (const token of spec.split(',').map((t) => t.trim()).filter(Boolean)) {
      const eq = token.indexOf('=');
      if (eq < 0) {
        const preset = WEIGHT_PRESET_IDS.find((p) => p === token);
        if (preset === undefined) errors.push({ field: 'weights', message: `unknown preset "${token}"; expected ${WEIGHT_PRESET_IDS.join(', ')} or k=v pairs` });
        else weights = { ...WEIGHT_PRESETS[preset] };
      } else {
        set(token.slice(0, eq).trim(), token.slice(eq + 1).trim());
      }
    }
  } else {
    for (const [k, v] of Object.entries(spec)) set(k, v);
  }
  if (errors.length === 0 && CRITERION_IDS.every((c) => weights[c] === 0)) errors.push({ field: 'weights', message: 'at least one weight must be > 0' });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: weights };
}

export interface AdviceOption {
  rank: number;
  pathway: string;
  name: Bilingual;
  product: Bilingual;
  mode: ModeId;
  /** TOPSIS closeness 0..1 (4 decimals). */
  score: number;
  /** 元 a year: product value − processing cost + current handling cost avoided. */
  netValuePerYear: number;
  criteria: Record<CriterionId, number>;
  /** 0 = worst, 1 = best among this stream's feasible options, direction-adjusted (radar chart). */
  criteriaRelative: Record<CriterionId, number>;
  evaluation: PathwayEvaluation;
  reasons: Bilingual;
  caveats: Bilingual[];
  figures: NonNullable<Pathway['figures']>;
  source: Pathway['source'];
}

export interface ExcludedPathway {
  pathway: string;
  name: Bilingual;
  why: Bilingual;
  failed: string[];
}

export interface SensitivityEntry {
  criterion: CriterionId;
  /** Current normalised weight. */
  weight: number;
  /** Smallest signed change of this weight (others rescaled proportionally) that changes the top choice; null if none in [0, 1]. */
  delta: number | null;
  /** The pathway that would then rank first. */
  newTop: string | null;
}

export interface Advice {
  classes: ClassScore[];
  classification: Classification;
  weights: CriterionWeights;
  options: AdviceOption[];
  excluded: ExcludedPathway[];
  sensitivity: SensitivityEntry[];
}

export interface AdviseOptions {
  /** Skip the sensitivity view (it costs ~7 × 200 TOPSIS runs); default true. */
  sensitivity?: boolean;
}

function fmtMoneyZh(yuan: number): string {
  return `${(yuan / 1e4).toFixed(1)}万元`;
}
function fmtMoneyEn(yuan: number): string {
  const abs = Math.abs(yuan);
  const sign = yuan < 0 ? '−' : '';
  if (abs >= 1e6) return `${sign}CNY ${(abs / 1e6).toFixed(2)} m`;
  return `${sign}CNY ${(abs / 1e3).toFixed(0)} k`;
}

/** Direction-adjusted position of each option on each criterion: 1 = best among options, 0 = worst. */
function relativePositions(rows: readonly (readonly number[])[]): number[][] {
  return rows.map((row) =>
    row.map((x, j) => {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const r of rows) {
        lo = Math.min(lo, r[j]!);
        hi = Math.max(hi, r[j]!);
      }
      if (hi === lo) return 1;
      const pos = (x - lo) / (hi - lo);
      return CRITERIA[CRITERION_IDS[j]!].direction === 'benefit' ? pos : 1 - pos;
    }),
  );
}

function explain(
  rankIndex: number,
  total: number,
  closeness: number,
  positions: readonly (readonly number[])[],
  optionIndex: number,
  topIndex: number,
  weights: readonly number[],
  evaluation: PathwayEvaluation,
  pathway: Pathway,
): Bilingual {
  const pos = positions[optionIndex]!;
  const ids = CRITERION_IDS;
  // Strengths and weaknesses weighted by what the user cares about.
  const scored = ids.map((c, j) => ({ c, j, strength: weights[j]! * pos[j]!, weakness: weights[j]! * (1 - pos[j]!) }));
  // Positions are relative to the other options: an option that loses money may still sit near
  // the top on economic benefit when every option loses more. It is never called a strength then.
  const loses = evaluation.netValuePerYear < 0;
  const strengths = [...scored]
    .filter((s) => pos[s.j]! >= 0.6 && weights[s.j]! > 0 && !(loses && s.c === 'economic'))
    .sort((a, b) => b.strength - a.strength)
    .slice(0, 2);
  const weakest = [...scored].filter((s) => pos[s.j]! <= 0.4 && weights[s.j]! > 0).sort((a, b) => b.weakness - a.weakness)[0];
  const zh: string[] = [`第${rankIndex + 1}/${total}名，贴近度${closeness.toFixed(2)}`];
  const en: string[] = [`ranked ${rankIndex + 1} of ${total}, closeness ${closeness.toFixed(2)}`];
  if (loses) {
    zh.push(`亏损：年净收益为${fmtMoneyZh(evaluation.netValuePerYear)}，排名取决于其他准则`);
    en.push(`loses money: net ${fmtMoneyEn(evaluation.netValuePerYear)}/yr; its rank comes from the other criteria`);
  }
  if (strengths.length > 0) {
    zh.push(`相对其他方案的优势：${strengths.map((s) => CRITERIA[s.c].zh).join('、')}`);
    en.push(`strongest of the options on ${strengths.map((s) => CRITERIA[s.c].en).join(' and ')}`);
  }
  if (weakest !== undefined) {
    zh.push(`短板：${CRITERIA[weakest.c].zh}`);
    en.push(`weakest on ${CRITERIA[weakest.c].en}`);
  }
  if (optionIndex !== topIndex) {
    const top = positions[topIndex]!;
    let gapJ = 0;
    let gap = Number.NEGATIVE_INFINITY;
    ids.forEach((_, j) => {
      const g = weights[j]! * (top[j]! - pos[j]!);
      if (g > gap) {
        gap = g;
        gapJ = j;
      }
    });
    zh.push(`落后于第1名主要在${CRITERIA[ids[gapJ]!].zh}`);
    en.push(`behind the first choice mainly on ${CRITERIA[ids[gapJ]!].en}`);
  }
  zh.push(
    `年产${pathway.product.zh}约${evaluation.productTonnesPerYear.toPrecision(3)}吨，年净收益${fmtMoneyZh(evaluation.netValuePerYear)}（其中少付现处置费${fmtMoneyZh(evaluation.handlingAvoidedPerYear)}），减排${evaluation.co2eAvoidedPerYear.toPrecision(3)}吨CO2e`,
  );
  en.push(
    `about ${evaluation.productTonnesPerYear.toPrecision(3)} t/yr of ${pathway.product.en}, net ${fmtMoneyEn(evaluation.netValuePerYear)}/yr (of which ${fmtMoneyEn(evaluation.handlingAvoidedPerYear)} is today's handling cost no longer paid), ${evaluation.co2eAvoidedPerYear.toPrecision(3)} t CO2e/yr avoided`,
  );
  return { zh: zh.join('；') + '。', en: en.join('; ') + '.' };
}

function topUnder(normalised: readonly (readonly number[])[], weights: readonly number[]): number {
  return topsisFromNormalised(normalised, weights, CRITERION_IDS.map((c) => CRITERIA[c].direction)).order[0] ?? 0;
}

/** Weights with criterion j set to `value` and the others rescaled to keep their proportions. */
function reweighted(base: readonly number[], j: number, value: number): number[] {
  const rest = 1 - base[j]!;
  return base.map((w, k) => {
    if (k === j) return value;
    // When j held all the weight the others had no proportions; share equally.
    return rest <= 1e-12 ? (1 - value) / (base.length - 1) : (w * (1 - value)) / rest;
  });
}

/**
 * For each criterion, the smallest change of its weight that changes the top choice. Scans
 * in steps of 0.005 outward from the current weight, then bisects the crossing to 1e-4.
 */
export function sensitivityOfTopChoice(
  normalised: readonly (readonly number[])[],
  weights: readonly number[],
  pathwayIds: readonly string[],
): SensitivityEntry[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const base = weights.map((w) => w / total);
  const top = topUnder(normalised, base);
  return CRITERION_IDS.map((criterion, j): SensitivityEntry => {
    const w0 = base[j]!;
    if (normalised.length < 2) return { criterion, weight: w0, delta: null, newTop: null };
    let best: { delta: number; newTop: number } | null = null;
    for (const dir of [1, -1] as const) {
      let prev = w0;
      for (let step = 1; ; step++) {
        const w = Math.min(1, Math.max(0, w0 + dir * step * 0.005));
        const t = topUnder(normalised, reweighted(base, j, w));
        if (t !== top) {
          let lo = prev;
          let hi = w;
          for (let k = 0; k < 14; k++) {
            const midW = (lo + hi) / 2;
            if (topUnder(normalised, reweighted(base, j, midW)) === top) lo = midW;
            else hi = midW;
          }
          const delta = hi - w0;
          if (best === null || Math.abs(delta) < Math.abs(best.delta)) best = { delta, newTop: topUnder(normalised, reweighted(base, j, hi)) };
          break;
        }
        prev = w;
        if (w === 0 || w === 1) break;
      }
    }
    return best === null
      ? { criterion, weight: w0, delta: null, newTop: null }
      : { criterion, weight: w0, delta: Math.round(best.delta * 1e4) / 1e4, newTop: pathwayIds[best.newTop] ?? null };
  });
}

/** Feasible pathways ranked by TOPSIS, excluded ones with the failed conditions. */
export function adviseStream(
  stream: ByproductStream,
  pathways: readonly Pathway[],
  weights: CriterionWeights = WEIGHT_PRESETS.balanced,
  options: AdviseOptions = {},
): Advice {
  const classification = classifyStream(stream);
  const feasible: { pathway: Pathway; evaluation: PathwayEvaluation; caveats: Bilingual[] }[] = [];
  const excluded: ExcludedPathway[] = [];
  for (const pathway of pathways) {
    const check = checkConditions(stream, classification.classes, pathway);
    if (!check.feasible) {
      excluded.push({
        pathway: pathway.id,
        name: pathway.name,
        why: { zh: check.failures.map((f) => f.message.zh).join('；'), en: check.failures.map((f) => f.message.en).join('; ') },
        failed: check.failures.map((f) => f.condition),
      });
      continue;
    }
    feasible.push({ pathway, evaluation: evaluatePathway(stream, pathway), caveats: check.caveats });
  }

  const w = CRITERION_IDS.map((c) => weights[c]);
  const rows = feasible.map((f) => CRITERION_IDS.map((c) => f.evaluation.criteria[c]));
  const normalised = topsisNormalised(rows);
  const result = topsisFromNormalised(normalised, w, CRITERION_IDS.map((c) => CRITERIA[c].direction));
  const positions = relativePositions(rows);
  const topIndex = result.order[0] ?? 0;
  const ranked = result.order.map((i, rankIndex): AdviceOption => {
    const f = feasible[i]!;
    const closeness = result.closeness[i]!;
    return {
      rank: rankIndex + 1,
      pathway: f.pathway.id,
      name: f.pathway.name,
      product: f.pathway.product,
      mode: f.pathway.mode,
      score: Math.round(closeness * 1e4) / 1e4,
      netValuePerYear: Math.round(f.evaluation.netValuePerYear),
      criteria: f.evaluation.criteria,
      criteriaRelative: Object.fromEntries(CRITERION_IDS.map((c, j) => [c, positions[i]![j]!])) as Record<CriterionId, number>,
      evaluation: f.evaluation,
      reasons: explain(rankIndex, feasible.length, closeness, positions, i, topIndex, w, f.evaluation, f.pathway),
      caveats: f.caveats,
      figures: f.pathway.figures ?? [],
      source: f.pathway.source,
    };
  });
  const sensitivity =
    options.sensitivity === false ? [] : sensitivityOfTopChoice(normalised, w, feasible.map((f) => f.pathway.id));
  return { classes: classification.classes, classification, weights, options: ranked, excluded, sensitivity };
}

/** The advice in the shape the CLI prints and the API returns (issue 4, `advise --json`). */
export interface AdviceOutput {
  classes: { class: ClassScore['class']; score: number; rule: Bilingual }[];
  options: { rank: number; pathway: string; product: Bilingual; mode: ModeId; score: number; netValuePerYear: number; reasons: Bilingual }[];
  excluded: { pathway: string; why: Bilingual }[];
}

export function adviceOutput(advice: Advice): AdviceOutput {
  return {
    classes: advice.classes.map((c) => ({ class: c.class, score: c.score, rule: c.rule })),
    options: advice.options.map((o) => ({
      rank: o.rank,
      pathway: o.pathway,
      product: o.product,
      mode: o.mode,
      score: o.score,
      netValuePerYear: o.netValuePerYear,
      reasons: o.reasons,
    })),
    excluded: advice.excluded.map((e) => ({ pathway: e.pathway, why: e.why })),
  };
}
