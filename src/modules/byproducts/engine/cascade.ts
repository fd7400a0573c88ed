/**
 * Cascade plan (梯度化综合利用, seed 000 §3.2.1): use one stream step by step — the valuable
 * fraction first, the remaining mass in conversion, what is left in low-value use, and only the
 * rest to harmless disposal. Each step consumes the residue of the one before.
 *
 * Masses are carried in whole kilograms so the balance closes exactly:
 * in = Σ products + final residue + Σ losses, with no floating-point drift.
 */
import type { CriterionWeights } from './advisor';
import { WEIGHT_PRESETS } from './advisor';
import type { ClassScore } from './classify';
import { classifyStream, deriveClasses } from './classify';
import type { PathwayEvaluation } from './criteria';
import { checkConditions, CRITERIA, CRITERION_IDS, currentHandlingCostPerTonne, evaluatePathway, PROCESS_PROFILE } from './criteria';
import type { Pathway } from './pathway';
import type { ByproductStream } from './stream';
import type { Bilingual, CompositionClassId, ModeId, PhysicalStateId, ResidueKindId } from './taxonomy';
import { MODE_CASCADE_RANK } from './taxonomy';
import { topsis } from './topsis';

/** 元 per wet tonne for harmless treatment of what no pathway takes (estimate; README §cascade). */
export const HARMLESS_TREATMENT_COST_PER_TONNE: Record<PhysicalStateId, number> = {
  solid: 300,
  // Waste water goes to the on-site or park treatment plant.
  liquid: 15,
  // Residual off-gas is already abated in the VOC unit; no separate charge.
  gas: 0,
};

export interface CascadeStep {
  order: number;
  pathway: string;
  name: Bilingual;
  mode: ModeId;
  product: Bilingual;
  inputKg: number;
  productKg: number;
  /** Passed on to the next step (or to disposal after the last). */
  residueKg: number;
  lossKg: number;
  productValue: number;
  processingCost: number;
  /** productValue − processingCost (元/yr). */
  netValue: number;
}

export interface MassBalance {
  unit: 'kg';
  in: number;
  out: number;
  residue: number;
  losses: number;
  closes: boolean;
}

export interface CascadePlan {
  steps: CascadeStep[];
  disposal: { route: 'harmless-treatment'; kg: number; cost: number };
  balance: MassBalance;
  /** Current handling cost of the whole stream, no longer paid. */
  handlingAvoided: number;
  /** Σ step net − disposal cost + handling avoided (元/yr). */
  totalNetValue: number;
}

export interface CascadeOptions {
  weights?: CriterionWeights;
  maxSteps?: number;
}

const LIQUID_KINDS: readonly ResidueKindId[] = ['resin-elution-wastewater', 'membrane-concentrate'];

/** Classes a pathway removes from what it leaves behind (its target fraction). */
function depletedClasses(pathway: Pathway): CompositionClassId[] {
  const targeted = pathway.conditions.classes;
  if (targeted !== undefined && targeted.length === 1) return [...targeted];
  if (pathway.process === 'pressing') return ['lipid-rich'];
  if (PROCESS_PROFILE[pathway.process].depth === 3) return ['bioactive-small-molecule-rich'];
  return [];
}

/** The residue a step leaves, as a stream the next step can be matched against. */
function residueStream(from: ByproductStream, pathway: Pathway, residueKg: number): ByproductStream {
  const out = pathway.residueOut;
  const kind = out?.kind ?? from.residue;
  const depleted = depletedClasses(pathway);
  const assays = { ...from.assays, constituents: depleted.includes('bioactive-small-molecule-rich') ? {} : { ...from.assays.constituents } };
  // A depleted fraction is reported at a trace level rather than dropped, so the assay still
  // decides the class (absent assays would fall back to knowledge and resurrect the class).
  if (depleted.includes('lipid-rich')) assays.crudeFat = 2;
  if (depleted.includes('biomacromolecule-rich')) {
    assays.polysaccharides = 2;
    if (assays.crudeProtein !== undefined) assays.crudeProtein = Math.min(assays.crudeProtein, 8);
  }
  const state: PhysicalStateId = kind !== null && LIQUID_KINDS.includes(kind) ? 'liquid' : 'solid';
  if (state !== 'liquid') delete assays.cod;
  return {
    ...from,
    name: `${from.name ?? from.herb ?? 'stream'} → ${pathway.id} residue`,
    residue: kind,
    state,
    tonnesPerYear: residueKg / 1000,
    moisture: out?.moisture ?? from.moisture,
    assays,
    classOverride: null,
    currentHandling: 'harmless-treatment',
    currentHandlingCostPerTonne: HARMLESS_TREATMENT_COST_PER_TONNE[state],
  };
}

function classesFor(stream: ByproductStream, depleted: ReadonlySet<CompositionClassId>, first: boolean): ClassScore[] {
  const classes = first ? classifyStream(stream).classes : deriveClasses(stream);
  return classes.filter((c) => !depleted.has(c.class));
}

/**
 * Plan the cascade. At each step the candidates are the unused feasible pathways whose mode is
 * not above the previous step's (value-added → reduce-efficiency → low-value) and whose net
 * value is ≥ 0 against harmless disposal of the same mass; the highest mode wins, within it a
 * pathway that leaves a usable residue, and then the best TOPSIS closeness under the weights.
 */
export function planCascade(stream: ByproductStream, pathways: readonly Pathway[], options: CascadeOptions = {}): CascadePlan {
  const weights = options.weights ?? WEIGHT_PRESETS.balanced;
  const maxSteps = options.maxSteps ?? 6;
  const inKg = Math.round(stream.tonnesPerYear * 1000);
  const steps: CascadeStep[] = [];
  const used = new Set<string>();
  const depleted = new Set<CompositionClassId>();
  let current: ByproductStream = { ...stream, tonnesPerYear: inKg / 1000 };
  let currentKg = inKg;
  let modeCeiling = MODE_CASCADE_RANK['value-added'];

  while (steps.length < maxSteps && currentKg > 0) {
    const classes = classesFor(current, depleted, steps.length === 0);
    const candidates: { pathway: Pathway; evaluation: PathwayEvaluation }[] = [];
    for (const pathway of pathways) {
      if (used.has(pathway.id) || MODE_CASCADE_RANK[pathway.mode] > modeCeiling) continue;
      if (!checkConditions(current, classes, pathway).feasible) continue;
      const evaluation = evaluatePathway(current, pathway);
      if (evaluation.netValuePerYear >= 0) candidates.push({ pathway, evaluation });
    }
    if (candidates.length === 0) break;
    const topRank = Math.max(...candidates.map((c) => MODE_CASCADE_RANK[c.pathway.mode]));
    const sameMode = candidates.filter((c) => MODE_CASCADE_RANK[c.pathway.mode] === topRank);
    // Within a mode, a pathway that leaves a usable residue goes first (fat before meal,
    // digestion before composting the digestate): it lets the rest of the mass be used too.
    const leavesResidue = sameMode.filter((c) => (c.pathway.residueOut?.share ?? 0) > 0);
    const tier = leavesResidue.length > 0 ? leavesResidue : sameMode;
    const ranking = topsis(
      tier.map((c) => CRITERION_IDS.map((k) => c.evaluation.criteria[k])),
      CRITERION_IDS.map((k) => weights[k]),
      CRITERION_IDS.map((k) => CRITERIA[k].direction),
    );
    const chosen = tier[ranking.order[0] ?? 0]!;
    const { pathway, evaluation } = chosen;

    const productKg = Math.min(currentKg, Math.round(evaluation.productTonnesPerYear * 1000));
    const residueKg = Math.round((pathway.residueOut?.share ?? 0) * (currentKg - productKg));
    const lossKg = currentKg - productKg - residueKg;
    const productValue = (productKg / 1000) * ((pathway.productValuePerTonne.min + pathway.productValuePerTonne.max) / 2);
    const processingCost = evaluation.processingCostPerYear;
    steps.push({
      order: steps.length + 1,
      pathway: pathway.id,
      name: pathway.name,
      mode: pathway.mode,
      product: pathway.product,
      inputKg: currentKg,
      productKg,
      residueKg,
      lossKg,
      productValue,
      processingCost,
      netValue: productValue - processingCost,
    });
    used.add(pathway.id);
    for (const c of depletedClasses(pathway)) depleted.add(c);
    modeCeiling = MODE_CASCADE_RANK[pathway.mode];
    current = residueStream(current, pathway, residueKg);
    currentKg = residueKg;
  }

  const out = steps.reduce((s, st) => s + st.productKg, 0);
  const losses = steps.reduce((s, st) => s + st.lossKg, 0);
  const residue = currentKg;
  const disposalCost = (residue / 1000) * HARMLESS_TREATMENT_COST_PER_TONNE[current.state];
  const handlingAvoided = stream.tonnesPerYear * currentHandlingCostPerTonne(stream);
  const totalNetValue = steps.reduce((s, st) => s + st.netValue, 0) - disposalCost + handlingAvoided;
  return {
    steps,
    disposal: { route: 'harmless-treatment', kg: residue, cost: disposalCost },
    balance: { unit: 'kg', in: inKg, out, residue, losses, closes: inKg === out + residue + losses },
    handlingAvoided,
    totalNetValue,
  };
}

export interface SankeyData {
  nodes: { id: string; label: Bilingual }[];
  /** Values in kg. */
  links: { source: string; target: string; value: number }[];
}

/**
 * The plan as a Sankey diagram: input → step 1 → step 2 … with each step's product and losses
 * branching off and the final residue flowing to harmless treatment. Zero flows are dropped.
 */
export function cascadeSankey(plan: CascadePlan, inputLabel: Bilingual = { zh: '副产品', en: 'by-product' }): SankeyData {
  const nodes: SankeyData['nodes'] = [{ id: 'input', label: inputLabel }];
  const links: SankeyData['links'] = [];
  let from = 'input';
  let fromKg = plan.balance.in;
  for (const step of plan.steps) {
    const stepId = `step-${step.order}`;
    nodes.push({ id: stepId, label: step.name });
    if (fromKg > 0) links.push({ source: from, target: stepId, value: fromKg });
    const productId = `${stepId}-product`;
    nodes.push({ id: productId, label: step.product });
    if (step.productKg > 0) links.push({ source: stepId, target: productId, value: step.productKg });
    if (step.lossKg > 0) {
      nodes.push({ id: `${stepId}-losses`, label: { zh: '损耗（水分、气体、废液）', en: 'losses (water, gas, effluent)' } });
      links.push({ source: stepId, target: `${stepId}-losses`, value: step.lossKg });
    }
    from = stepId;
    fromKg = step.residueKg;
  }
  if (plan.disposal.kg > 0) {
    nodes.push({ id: 'disposal', label: { zh: '无害化处理', en: 'harmless treatment' } });
    links.push({ source: from, target: 'disposal', value: plan.disposal.kg });
  }
  return { nodes, links };
}
