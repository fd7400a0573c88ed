import { buildSystem, isMass, validateBalanceModel, BalanceModelError } from './model';
import { linearStep, type OrderingCache } from './linear-step';
import { quadraticFormInverse, selectedInverse } from './sparse';
import { chiSquareQuantile, chiSquareSurvival, normalQuantile, normalTwoSidedP } from './statistics';
import type {
  BalanceModel,
  ChiSquareTest,
  Estimate,
  GrossErrorTest,
  LayerResult,
  ReconcileOptions,
  ReconciliationResult,
  ReconciliationWarning,
} from './types';

export { BalanceModelError, validateBalanceModel } from './model';

/**
 * Data reconciliation of a material balance, following STAN (Cencic & Rechberger 2008;
 * Cencic 2016, Sustainable Environment Research 26:291–298):
 *
 * 1. Balance and relation equations f(x) = 0 are linearised at the current estimate
 *    (J·x = J·x̃ − f(x̃)); fixed quantities move to the right-hand side.
 * 2. Unknowns are eliminated by sparse Gaussian elimination on their columns (Madron 1992);
 *    rows left without unknowns are the reduced constraints A·y = c on the measured y.
 *    An unknown column without a pivot is free; an unknown is undetermined when it depends
 *    on a free one (after cancellation). A reduced row without measured variables is either
 *    redundant or, when its right-hand side is not zero, a contradiction among fixed values.
 * 3. Weighted least squares: ŷ = m − Q·Aᵀ·(A·Q·Aᵀ)⁻¹·(A·m − c), with the normal matrix
 *    factorised by sparse LDLᵀ; dependent rows drop out as zero pivots.
 * 4. Unknowns by back-substitution through the pivot rows.
 * 5. Repeat from 1 until the estimate no longer changes (only needed for nonlinear
 *    relations: transfer coefficients or concentrations that are measured or unknown).
 * 6. Error propagation at the solution: Cov(ŷ) = Q − Q·Aᵀ·N⁻¹·A·Q, whose diagonal needs N⁻¹
 *    only on the pattern of its factor (selected inversion); unknowns z = F·ŷ + g get
 *    Var(z) = fᵀ·Cov(ŷ)·f. Then the chi-square global test and measurement tests.
 * 7. If the global test fails, serial elimination sets suspects aside one at a time.
 * Steps 1–4 live in linear-step.ts, the model-to-equations translation in model.ts.
 */

/** Reconcile a balance model; throws BalanceModelError on structural problems. */
export function reconcileBalance(model: BalanceModel, options: ReconcileOptions = {}): ReconciliationResult {
  const problems = validateBalanceModel(model);
  if (problems.length > 0) throw new BalanceModelError(problems);
  const first = reconcileWithout(model, options, new Set());
  if (first.chiSquare.passed || options.serialElimination === false) return first;
  // Serial elimination (Narasimhan & Jordache 2000, §8): set aside the most suspect
  // measurement, reconcile again, until the global test passes. One gross error smears
  // adjustments over its neighbours; removing it first keeps innocent ones off the list.
  const maxRemovals = options.maxGrossErrors ?? 3;
  const removed: string[] = [];
  let current = first;
  while (!current.chiSquare.passed && removed.length < maxRemovals) {
    const top = current.grossErrors[0] ?? current.measurementTests[0];
    if (!top) break;
    const second = current.measurementTests.find((t) => t.id !== top.id);
    if (second && Math.abs(Math.abs(second.normalizedAdjustment) - Math.abs(top.normalizedAdjustment)) <= 1e-6 * Math.abs(top.normalizedAdjustment)) {
      first.warnings.push({ code: 'equallySuspect', params: { a: top.id, b: second.id }, message: `${top.id} and ${second.id} are equally suspect: the balances cannot tell them apart` });
    }
    removed.push(top.id);
    current = reconcileWithout(model, options, new Set(removed));
  }
  first.serialElimination = { removed, chiSquare: current.chiSquare };
  return first;
}

/** Reconcile with the measurements in `setAside` treated as unknown. */
function reconcileWithout(model: BalanceModel, options: ReconcileOptions, setAside: Set<string>): ReconciliationResult {
  const alpha = options.alpha ?? 0.05;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-10;
  const { vars, equations } = buildSystem(model);
  for (const v of vars) if (setAside.has(v.key) && v.status === 'measured') v.status = 'unknown';
  const nonlinear = equations.some((e) => e.nonlinear);
  const warnings: ReconciliationWarning[] = [];

  let flowScale = 0;
  for (const v of vars) if (isMass(v.kind) && v.status !== 'unknown') flowScale = Math.max(flowScale, Math.abs(v.value), v.sd);
  if (flowScale === 0) flowScale = 1;

  let x: Float64Array = new Float64Array(vars.length);
  for (let i = 0; i < vars.length; i++) x[i] = vars[i]!.value;
  if (nonlinear) {
    // Warm start: with measured transfer coefficients held at their values the relations are
    // linear, and one linear round gives unknown flows a consistent starting point (zero
    // starts make the first linearisations of TC·Σflows poor and cost several rounds).
    const held = vars.map((v) => ((v.kind === 'relation' || v.kind === 'concentration') && v.status === 'measured' ? { ...v, status: 'fixed' as const } : v));
    const warm = linearStep(held, equations, x);
    for (let i = 0; i < vars.length; i++) {
      if (vars[i]!.status === 'unknown' && !warm.undetermined.has(i)) x[i] = warm.x[i]!;
    }
  }
  const ordering: { cache?: OrderingCache } = {};
  let step = linearStep(vars, equations, x, ordering);
  let iterations = 1;
  let converged = !nonlinear;
  while (!converged && iterations < maxIterations) {
    let change = 0;
    for (let i = 0; i < vars.length; i++) {
      if (step.undetermined.has(i)) continue;
      const scale = isMass(vars[i]!.kind) ? flowScale : 1;
      change = Math.max(change, Math.abs(step.x[i]! - x[i]!) / scale);
    }
    x = step.x;
    if (change <= tolerance) {
      converged = true;
      break;
    }
    step = linearStep(vars, equations, x, ordering);
    iterations++;
  }
  if (!converged) warnings.push({ code: 'notConverged', params: { iterations: maxIterations }, message: `linearisation did not converge in ${maxIterations} iterations` });
  x = step.x;

  // Error propagation and tests at the solution.
  const measuredIdx: number[] = [];
  for (let i = 0; i < vars.length; i++) if (vars[i]!.status === 'measured') measuredIdx.push(i);
  const variance = new Float64Array(vars.length);
  const adjustVariance = new Float64Array(vars.length);
  const { reduced, factor } = step;
  const { ptr, row: colRow, val: colVal } = step.cols;
  const computeSd = options.skipUncertainty !== true;
  if (factor) {
    const zinv = selectedInverse(factor);
    for (const i of measuredIdx) {
      const q = vars[i]!.sd ** 2;
      let quad = 0;
      for (let a = ptr[i]!; a < ptr[i + 1]!; a++) {
        for (let b = ptr[i]!; b < ptr[i + 1]!; b++) quad += colVal[a]! * colVal[b]! * zinv.entry(colRow[a]!, colRow[b]!);
      }
      adjustVariance[i] = Math.max(0, q * q * quad);
      variance[i] = Math.max(0, q - q * q * quad);
    }
  } else {
    for (const i of measuredIdx) variance[i] = vars[i]!.sd ** 2;
  }
  if (computeSd) {
    // Unknowns: z = F·ŷ + g, built in pivot order reversed; Var(z) = fᵀQf − (AQf)ᵀN⁻¹(AQf).
    const F = new Map<number, Map<number, number>>();
    const work = factor ? new Float64Array(factor.n) : new Float64Array(0);
    for (let p = step.pivots.length - 1; p >= 0; p--) {
      const { col, row } = step.pivots[p]!;
      const pc = row.coef.get(col)!;
      const f = new Map<number, number>();
      for (const [j, a] of row.coef) {
        if (j === col) continue;
        const c = -a / pc;
        if (vars[j]!.status === 'measured') f.set(j, (f.get(j) ?? 0) + c);
        else {
          // Free unknowns contribute nothing measured; their part cancels for determined ones.
          for (const [m, b] of F.get(j) ?? []) f.set(m, (f.get(m) ?? 0) + c * b);
        }
      }
      F.set(col, f);
      if (step.undetermined.has(col)) continue;
      let fqf = 0;
      const g = new Map<number, number>();
      for (const [m, c] of f) {
        const q = vars[m]!.sd ** 2;
        fqf += c * c * q;
        for (let p = ptr[m]!; p < ptr[m + 1]!; p++) g.set(colRow[p]!, (g.get(colRow[p]!) ?? 0) + colVal[p]! * q * c);
      }
      let reduction = 0;
      if (factor && g.size > 0) reduction = quadraticFormInverse(factor, Array.from(g.keys()), Array.from(g.values()), work);
      variance[col] = Math.max(0, fqf - reduction);
    }
  }

  // Chi-square global test and measurement tests.
  let statistic = 0;
  for (const i of measuredIdx) statistic += ((vars[i]!.value - x[i]!) / vars[i]!.sd) ** 2;
  const dof = factor ? reduced.length - factor.dropped.length : 0;
  const chiSquare: ChiSquareTest = {
    statistic,
    degreesOfFreedom: dof,
    critical: chiSquareQuantile(1 - alpha, dof),
    pValue: chiSquareSurvival(statistic, dof),
    alpha,
    passed: dof === 0 ? statistic < 1e-18 : statistic <= chiSquareQuantile(1 - alpha, dof),
    tested: dof > 0,
  };
  const nonRedundant: string[] = [];
  const tests: GrossErrorTest[] = [];
  for (const i of measuredIdx) {
    if (adjustVariance[i]! <= 1e-12 * vars[i]!.sd ** 2) nonRedundant.push(vars[i]!.key);
  }
  const testable = measuredIdx.filter((i) => adjustVariance[i]! > 1e-12 * vars[i]!.sd ** 2);
  // Šidák correction: the family of all measurement tests keeps the stated level alpha.
  const beta = testable.length > 0 ? 1 - (1 - alpha) ** (1 / testable.length) : alpha;
  const zCritical = normalQuantile(1 - beta / 2);
  for (const i of testable) {
    const v = vars[i]!;
    const adjustment = v.value - x[i]!;
    const z = adjustment / Math.sqrt(adjustVariance[i]!);
    tests.push({
      id: v.key,
      measured: v.value,
      reconciled: x[i]!,
      adjustment,
      normalizedAdjustment: z,
      pValue: normalTwoSidedP(z),
      suspect: Math.abs(z) > zCritical,
    });
  }
  tests.sort((a, b) => Math.abs(b.normalizedAdjustment) - Math.abs(a.normalizedAdjustment));

  const flows: Record<string, Estimate> = {};
  const relations: Record<string, Estimate> = {};
  const stocks: Record<string, Estimate> = {};
  const undetermined: string[] = [];
  const layers: Record<string, LayerResult> = {};
  const layerResult = (id: string): LayerResult => (layers[id] ??= { flows: {}, concentrations: {}, stocks: {} });
  for (const l of model.layers ?? []) layerResult(l.id);
  for (let i = 0; i < vars.length; i++) {
    const v = vars[i]!;
    let est: Estimate;
    switch (v.status) {
      case 'measured':
        est = { value: x[i]!, sd: computeSd ? Math.sqrt(variance[i]!) : null, status: 'measured', measured: v.value, measuredSd: v.sd };
        break;
      case 'fixed':
        est = { value: v.value, sd: 0, status: 'fixed' };
        break;
      case 'unknown':
        if (step.undetermined.has(i)) {
          est = { value: null, sd: null, status: 'undetermined' };
          undetermined.push(v.key);
        } else {
          est = { value: x[i]!, sd: computeSd ? Math.sqrt(variance[i]!) : null, status: 'computed' };
        }
        break;
      default: {
        const never: never = v.status;
        throw new Error(`unexpected status ${String(never)}`);
      }
    }
    switch (v.kind) {
      case 'flow':
        flows[v.id] = est;
        if (est.value !== null && est.value < -1e-9 * flowScale) warnings.push({ code: 'negativeFlow', params: { flow: v.id, value: est.value }, message: `flow ${v.id} is negative after reconciliation` });
        break;
      case 'relation':
        relations[v.id] = est;
        break;
      case 'stock':
        stocks[v.id] = est;
        break;
      case 'substanceFlow':
        layerResult(v.layer!).flows[v.id] = est;
        break;
      case 'concentration':
        layerResult(v.layer!).concentrations[v.id] = est;
        break;
      case 'substanceStock':
        layerResult(v.layer!).stocks[v.id] = est;
        break;
      default: {
        const never: never = v.kind;
        throw new Error(`unexpected kind ${String(never)}`);
      }
    }
  }
  for (const rel of model.relations ?? []) {
    if (rel.kind === 'equal') relations[rel.id] = { value: rel.factor ?? 1, sd: 0, status: 'fixed' };
  }
  if (!chiSquare.passed && dof > 0) {
    const suspects = tests.filter((t) => t.suspect).map((t) => t.id).join(', ');
    warnings.push({
      code: 'chiSquareFailed',
      params: { statistic, critical: chiSquare.critical, suspects },
      message:
        `chi-square test failed (${statistic.toPrecision(4)} > ${chiSquare.critical.toPrecision(4)}): ` +
        `check the suspect measurements ${suspects || '(none individually significant)'}`,
    });
  }
  return {
    flows,
    relations,
    stocks,
    layers,
    undetermined,
    nonRedundant,
    grossErrors: tests.filter((t) => t.suspect),
    measurementTests: tests,
    chiSquare,
    contradictions: step.contradictions,
    iterations,
    converged,
    warnings,
  };
}
