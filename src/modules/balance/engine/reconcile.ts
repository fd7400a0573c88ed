import {
  factorLdl,
  minimumDegreeOrder,
  quadraticFormInverse,
  selectedInverse,
  solveLdl,
  symmetricFromTriplets,
  type LdlFactor,
} from './sparse';
import { chiSquareQuantile, chiSquareSurvival, normalQuantile, normalTwoSidedP } from './statistics';
import type {
  BalanceModel,
  ChiSquareTest,
  Contradiction,
  Estimate,
  GrossErrorTest,
  QuantityInput,
  ReconcileOptions,
  ReconciliationResult,
} from './types';

/**
 * Data reconciliation of a material balance, following STAN (Cencic & Rechberger 2008;
 * Cencic 2016, Sustainable Environment Research 26:291–298):
 *
 * 1. Balance and relation equations f(x) = 0 are linearised at the current estimate
 *    (J·x = J·x̃ − f(x̃)); fixed quantities move to the right-hand side.
 * 2. Unknowns are eliminated by sparse Gaussian elimination on their columns (Madron 1992);
 *    rows left without unknowns are the reduced constraints A·y = c on the measured y.
 *    An unknown column without a pivot is free: it and every unknown depending on it are
 *    undetermined. A reduced row without measured variables is either redundant or, when
 *    its right-hand side is not zero, a contradiction among fixed values.
 * 3. Weighted least squares: ŷ = m − Q·Aᵀ·(A·Q·Aᵀ)⁻¹·(A·m − c), with the normal matrix
 *    factorised by sparse LDLᵀ; dependent rows drop out as zero pivots.
 * 4. Unknowns by back-substitution through the pivot rows.
 * 5. Repeat from 1 until the estimate no longer changes (only needed for nonlinear
 *    relations: transfer coefficients that are themselves measured or unknown).
 * 6. Error propagation at the solution: Cov(ŷ) = Q − Q·Aᵀ·N⁻¹·A·Q, whose diagonal needs N⁻¹
 *    only on the pattern of its factor (selected inversion); unknowns z = F·ŷ + g get
 *    Var(z) = fᵀ·Cov(ŷ)·f. Then the chi-square global test and measurement tests.
 */

type VarKind = 'flow' | 'relation' | 'stock';
type VarStatus = 'measured' | 'fixed' | 'unknown';

interface Variable {
  key: string;
  kind: VarKind;
  id: string;
  status: VarStatus;
  /** Measured or fixed value; for unknowns the starting guess. */
  value: number;
  sd: number;
}

interface Equation {
  label: string;
  /** Residual f(x) and gradient entries at x. */
  evaluate(x: Float64Array): { residual: number; grad: Map<number, number> };
  nonlinear: boolean;
}

export class BalanceModelError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid balance model: ${problems.join('; ')}`);
    this.name = 'BalanceModelError';
  }
}

/** Structural problems of a model (unknown references, duplicate ids, bad numbers). */
export function validateBalanceModel(model: BalanceModel): string[] {
  const problems: string[] = [];
  const processIds = new Set<string>();
  for (const p of model.processes) {
    if (processIds.has(p.id)) problems.push(`duplicate process id ${p.id}`);
    processIds.add(p.id);
    if (p.stock) problems.push(...quantityProblems(`stock of ${p.id}`, p.stock));
  }
  const flowIds = new Set<string>();
  for (const f of model.flows) {
    if (flowIds.has(f.id)) problems.push(`duplicate flow id ${f.id}`);
    flowIds.add(f.id);
    if (f.from !== null && !processIds.has(f.from)) problems.push(`flow ${f.id}: unknown process ${f.from}`);
    if (f.to !== null && !processIds.has(f.to)) problems.push(`flow ${f.id}: unknown process ${f.to}`);
    if (f.from === null && f.to === null) problems.push(`flow ${f.id} connects the outside to the outside`);
    problems.push(...quantityProblems(`flow ${f.id}`, f));
  }
  const relationIds = new Set<string>();
  for (const r of model.relations ?? []) {
    if (relationIds.has(r.id)) problems.push(`duplicate relation id ${r.id}`);
    relationIds.add(r.id);
    switch (r.kind) {
      case 'transfer':
        if (!flowIds.has(r.flow)) problems.push(`relation ${r.id}: unknown flow ${r.flow}`);
        if (r.of.length === 0) problems.push(`relation ${r.id}: empty "of"`);
        for (const o of r.of) if (!flowIds.has(o)) problems.push(`relation ${r.id}: unknown flow ${o}`);
        problems.push(...quantityProblems(`relation ${r.id}`, r));
        break;
      case 'equal':
        for (const o of r.flows) if (!flowIds.has(o)) problems.push(`relation ${r.id}: unknown flow ${o}`);
        if (r.factor !== undefined && !Number.isFinite(r.factor)) problems.push(`relation ${r.id}: bad factor`);
        break;
      default: {
        const never: never = r;
        problems.push(`unknown relation kind in ${JSON.stringify(never)}`);
      }
    }
  }
  return problems;
}

function quantityProblems(label: string, q: QuantityInput): string[] {
  const out: string[] = [];
  if (q.value !== undefined && !Number.isFinite(q.value)) out.push(`${label}: value is not a finite number`);
  if (q.sd !== undefined && !(Number.isFinite(q.sd) && q.sd >= 0)) out.push(`${label}: sd must be ≥ 0`);
  if (q.sdRelative !== undefined && !(Number.isFinite(q.sdRelative) && q.sdRelative >= 0))
    out.push(`${label}: sdRelative must be ≥ 0`);
  if (q.value === undefined && (q.sd !== undefined || q.sdRelative !== undefined))
    out.push(`${label}: an uncertainty without a value`);
  return out;
}

function classify(q: QuantityInput, unknownGuess: number): { status: VarStatus; value: number; sd: number } {
  if (q.value === undefined) return { status: 'unknown', value: unknownGuess, sd: 0 };
  const sd = q.sd ?? (q.sdRelative !== undefined ? q.sdRelative * Math.abs(q.value) : 0);
  return sd > 0 ? { status: 'measured', value: q.value, sd } : { status: 'fixed', value: q.value, sd: 0 };
}

function buildSystem(model: BalanceModel): { vars: Variable[]; equations: Equation[] } {
  const vars: Variable[] = [];
  const flowIndex = new Map<string, number>();
  for (const f of model.flows) {
    flowIndex.set(f.id, vars.length);
    vars.push({ key: f.id, kind: 'flow', id: f.id, ...classify(f, 0) });
  }
  const stockIndex = new Map<string, number>();
  for (const p of model.processes) {
    if (!p.stock) continue;
    stockIndex.set(p.id, vars.length);
    vars.push({ key: `stock:${p.id}`, kind: 'stock', id: p.id, ...classify(p.stock, 0) });
  }
  const equations: Equation[] = [];
  const inflows = new Map<string, number[]>();
  const outflows = new Map<string, number[]>();
  for (const f of model.flows) {
    const i = flowIndex.get(f.id)!;
    if (f.to !== null) (inflows.get(f.to) ?? inflows.set(f.to, []).get(f.to)!).push(i);
    if (f.from !== null) (outflows.get(f.from) ?? outflows.set(f.from, []).get(f.from)!).push(i);
  }
  for (const p of model.processes) {
    if (p.balanced === false) continue;
    const coef = new Map<number, number>();
    const add = (i: number, c: number) => coef.set(i, (coef.get(i) ?? 0) + c);
    for (const i of inflows.get(p.id) ?? []) add(i, 1);
    for (const i of outflows.get(p.id) ?? []) add(i, -1);
    const s = stockIndex.get(p.id);
    if (s !== undefined) add(s, -1);
    for (const [k, v] of coef) if (v === 0) coef.delete(k);
    if (coef.size === 0) continue;
    equations.push({
      label: `balance:${p.id}`,
      nonlinear: false,
      evaluate: (x) => {
        let r = 0;
        for (const [k, v] of coef) r += v * x[k]!;
        return { residual: r, grad: new Map(coef) };
      },
    });
  }
  for (const rel of model.relations ?? []) {
    switch (rel.kind) {
      case 'transfer': {
        const k = vars.length;
        vars.push({ key: rel.id, kind: 'relation', id: rel.id, ...classify(rel, 0.5) });
        const target = flowIndex.get(rel.flow)!;
        const sources = rel.of.map((o) => flowIndex.get(o)!);
        const kVar = vars[k]!;
        const sourcesVary = sources.some((s) => vars[s]!.status !== 'fixed');
        equations.push({
          label: `relation:${rel.id}`,
          nonlinear: kVar.status !== 'fixed' && sourcesVary,
          evaluate: (x) => {
            let sum = 0;
            for (const s of sources) sum += x[s]!;
            const grad = new Map<number, number>();
            const add = (i: number, c: number) => grad.set(i, (grad.get(i) ?? 0) + c);
            add(target, 1);
            add(k, -sum);
            for (const s of sources) add(s, -x[k]!);
            return { residual: x[target]! - x[k]! * sum, grad };
          },
        });
        break;
      }
      case 'equal': {
        const a = flowIndex.get(rel.flows[0])!;
        const b = flowIndex.get(rel.flows[1])!;
        const factor = rel.factor ?? 1;
        equations.push({
          label: `relation:${rel.id}`,
          nonlinear: false,
          evaluate: (x) => {
            const grad = new Map<number, number>();
            grad.set(a, 1);
            grad.set(b, (grad.get(b) ?? 0) - factor);
            return { residual: x[a]! - factor * x[b]!, grad };
          },
        });
        break;
      }
      default: {
        const never: never = rel;
        throw new BalanceModelError([`unknown relation ${JSON.stringify(never)}`]);
      }
    }
  }
  return { vars, equations };
}

interface Row {
  coef: Map<number, number>;
  rhs: number;
  /** Magnitude of the terms that built the row: the yardstick of "zero" for the residual. */
  magnitude: number;
  origins: string[];
}

interface Pivot {
  col: number;
  row: Row;
}

interface LinearStep {
  x: Float64Array;
  undetermined: Set<number>;
  contradictions: Contradiction[];
  /** Reduced rows on measured variables; row k of N. */
  reduced: Row[];
  factor: LdlFactor | null;
  pivots: Pivot[];
  free: Set<number>;
}

const MAX_ORIGINS = 12;

/** Binary min-heap of (key, item); ties pop the smaller item, so results are deterministic. */
class MinHeap {
  private keys: number[] = [];
  private items: number[] = [];
  push(key: number, item: number): void {
    const k = this.keys;
    const it = this.items;
    let i = k.length;
    k.push(key);
    it.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (k[p]! < key || (k[p] === key && it[p]! <= item)) break;
      k[i] = k[p]!;
      it[i] = it[p]!;
      i = p;
    }
    k[i] = key;
    it[i] = item;
  }
  pop(): { key: number; item: number } | undefined {
    const k = this.keys;
    const it = this.items;
    if (k.length === 0) return undefined;
    const out = { key: k[0]!, item: it[0]! };
    const lastK = k.pop()!;
    const lastI = it.pop()!;
    const n = k.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let m = l;
        if (r < n && (k[r]! < k[l]! || (k[r] === k[l] && it[r]! < it[l]!))) m = r;
        if (k[m]! > lastK || (k[m] === lastK && it[m]! > lastI)) break;
        k[i] = k[m]!;
        it[i] = it[m]!;
        i = m;
      }
      k[i] = lastK;
      it[i] = lastI;
    }
    return out;
  }
}

function mergeOrigins(a: string[], b: string[]): string[] {
  if (a.length >= MAX_ORIGINS) return a;
  const out = a.slice();
  for (const o of b) {
    if (out.length >= MAX_ORIGINS) break;
    if (!out.includes(o)) out.push(o);
  }
  return out;
}

/** One linearised reconciliation at x̃ (see the steps in the file comment). */
function linearStep(vars: Variable[], equations: Equation[], xt: Float64Array): LinearStep {
  const contradictions: Contradiction[] = [];
  const rows: Row[] = [];
  for (const eq of equations) {
    const { residual, grad } = eq.evaluate(xt);
    // J·x = J·x̃ − f(x̃), fixed columns to the right.
    let rhs = -residual;
    let magnitude = Math.abs(residual);
    const coef = new Map<number, number>();
    for (const [i, g] of grad) {
      if (g === 0) continue;
      const v = vars[i]!;
      const term = g * xt[i]!;
      rhs += term;
      magnitude += Math.abs(term) + Math.abs(g) * v.sd;
      if (v.status === 'fixed') rhs -= g * v.value;
      else coef.set(i, g);
    }
    const row: Row = { coef, rhs, magnitude, origins: [eq.label] };
    if (coef.size === 0) checkEmptyRow(row, contradictions);
    else rows.push(row);
  }

  // Column structure of the unknowns.
  const colRows = new Map<number, Set<Row>>();
  for (const row of rows) {
    for (const i of row.coef.keys()) {
      if (vars[i]!.status !== 'unknown') continue;
      (colRows.get(i) ?? colRows.set(i, new Set()).get(i)!).add(row);
    }
  }
  const active = new Set<Row>(rows);
  const pivots: Pivot[] = [];
  const free = new Set<number>();
  const unknownCols: number[] = [];
  for (let i = 0; i < vars.length; i++) if (vars[i]!.status === 'unknown') unknownCols.push(i);
  // Column with the fewest active rows first (Markowitz-style, limits fill). A lazy heap:
  // stale entries are skipped when their count no longer matches.
  const done = new Set<number>();
  const heap = new MinHeap();
  for (const c of unknownCols) heap.push(colRows.get(c)?.size ?? 0, c);
  const touchedCols = new Set<number>();
  while (done.size < unknownCols.length) {
    const top = heap.pop()!;
    const best = top.item;
    if (done.has(best) || top.key !== (colRows.get(best)?.size ?? 0)) continue;
    done.add(best);
    touchedCols.clear();
    const candidates = colRows.get(best);
    if (!candidates || candidates.size === 0) {
      free.add(best);
      continue;
    }
    let maxAbs = 0;
    for (const r of candidates) maxAbs = Math.max(maxAbs, Math.abs(r.coef.get(best)!));
    let pivotRow: Row | null = null;
    for (const r of candidates) {
      if (Math.abs(r.coef.get(best)!) < 0.1 * maxAbs) continue;
      if (!pivotRow || r.coef.size < pivotRow.coef.size) pivotRow = r;
    }
    const prow = pivotRow!;
    const pc = prow.coef.get(best)!;
    for (const r of Array.from(candidates)) {
      if (r === prow) continue;
      const factor = r.coef.get(best)! / pc;
      for (const [j, a] of prow.coef) {
        const old = r.coef.get(j) ?? 0;
        const delta = factor * a;
        const nv = old - delta;
        const isUnknown = vars[j]!.status === 'unknown';
        if (j === best || Math.abs(nv) <= 1e-13 * (Math.abs(old) + Math.abs(delta))) {
          r.coef.delete(j);
          if (isUnknown) {
            colRows.get(j)?.delete(r);
            touchedCols.add(j);
          }
        } else {
          r.coef.set(j, nv);
          if (isUnknown && old === 0) {
            colRows.get(j)!.add(r);
            touchedCols.add(j);
          }
        }
      }
      r.rhs -= factor * prow.rhs;
      r.magnitude += Math.abs(factor) * prow.magnitude;
      r.origins = mergeOrigins(r.origins, prow.origins);
    }
    for (const j of prow.coef.keys()) {
      if (vars[j]!.status !== 'unknown') continue;
      colRows.get(j)!.delete(prow);
      touchedCols.add(j);
    }
    active.delete(prow);
    pivots.push({ col: best, row: prow });
    for (const j of touchedCols) if (!done.has(j)) heap.push(colRows.get(j)?.size ?? 0, j);
  }

  const reduced: Row[] = [];
  for (const r of active) {
    if (r.coef.size === 0) checkEmptyRow(r, contradictions);
    else reduced.push(r);
  }

  // Weighted least squares on the measured variables.
  const x = new Float64Array(xt.length);
  for (let i = 0; i < vars.length; i++) {
    const v = vars[i]!;
    x[i] = v.status === 'unknown' ? xt[i]! : v.value;
  }
  let factor: LdlFactor | null = null;
  if (reduced.length > 0) {
    const nr = reduced.length;
    const colEntries = new Map<number, { row: number; a: number }[]>();
    const resid = new Float64Array(nr);
    for (let k = 0; k < nr; k++) {
      const r = reduced[k]!;
      let s = -r.rhs;
      for (const [i, a] of r.coef) {
        s += a * vars[i]!.value;
        (colEntries.get(i) ?? colEntries.set(i, []).get(i)!).push({ row: k, a });
      }
      resid[k] = s;
    }
    let count = 0;
    for (const e of colEntries.values()) count += (e.length * (e.length + 1)) / 2;
    const ti = new Int32Array(count);
    const tj = new Int32Array(count);
    const tv = new Float64Array(count);
    let t = 0;
    for (const [i, e] of colEntries) {
      const q = vars[i]!.sd ** 2;
      for (let a = 0; a < e.length; a++) {
        for (let b = a; b < e.length; b++) {
          ti[t] = e[a]!.row;
          tj[t] = e[b]!.row;
          tv[t] = q * e[a]!.a * e[b]!.a;
          t++;
        }
      }
    }
    const N = symmetricFromTriplets(nr, ti, tj, tv, t);
    factor = factorLdl(N, minimumDegreeOrder(N));
    const lambda = solveLdl(factor, resid);
    for (const [i, e] of colEntries) {
      const q = vars[i]!.sd ** 2;
      let s = 0;
      for (const { row, a } of e) s += a * lambda[row]!;
      x[i] = vars[i]!.value - q * s;
    }
    // Dropped (dependent) rows must still hold at the solution, or the data contradict.
    for (const d of factor.dropped) {
      const r = reduced[d]!;
      let s = -r.rhs;
      for (const [i, a] of r.coef) s += a * x[i]!;
      if (Math.abs(s) > 1e-9 * r.magnitude + 1e-300) {
        contradictions.push({
          equations: r.origins,
          residual: s,
          message: `equations ${r.origins.join(', ')} cannot hold together for any adjustment of the measurements`,
        });
      }
    }
  }

  // Back-substitution for unknowns, last pivot first. Each unknown is also written in terms
  // of the free unknowns (those without a pivot): it is determined only when that part
  // cancels, e.g. out = p1 + p2 is known when only p1 − p2 is free.
  const undetermined = new Set<number>(free);
  const freeDependence = new Map<number, Map<number, number>>();
  for (const c of free) freeDependence.set(c, new Map([[c, 1]]));
  for (let p = pivots.length - 1; p >= 0; p--) {
    const { col, row } = pivots[p]!;
    const pc = row.coef.get(col)!;
    let s = row.rhs;
    const dep = new Map<number, number>();
    let depScale = 0;
    for (const [j, a] of row.coef) {
      if (j === col) continue;
      s -= a * x[j]!;
      const d = freeDependence.get(j);
      if (!d) continue;
      for (const [f, b] of d) {
        const c = (-a * b) / pc;
        dep.set(f, (dep.get(f) ?? 0) + c);
        depScale += Math.abs(c);
      }
    }
    for (const [f, c] of dep) if (Math.abs(c) <= 1e-10 * depScale) dep.delete(f);
    freeDependence.set(col, dep);
    if (dep.size > 0) undetermined.add(col);
    x[col] = s / pc;
  }
  return { x, undetermined, contradictions, reduced, factor, pivots, free };
}

function checkEmptyRow(row: Row, contradictions: Contradiction[]): void {
  if (Math.abs(row.rhs) > 1e-9 * row.magnitude + 1e-300) {
    contradictions.push({
      equations: row.origins,
      residual: -row.rhs,
      message:
        row.origins.length === 1
          ? `${row.origins[0]} is violated by fixed values (residual ${formatNumber(-row.rhs)})`
          : `equations ${row.origins.join(', ')} combined are violated by fixed values (residual ${formatNumber(-row.rhs)})`,
    });
  }
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(6);
}

/** Reconcile a balance model; throws BalanceModelError on structural problems. */
export function reconcileBalance(model: BalanceModel, options: ReconcileOptions = {}): ReconciliationResult {
  const problems = validateBalanceModel(model);
  if (problems.length > 0) throw new BalanceModelError(problems);
  const alpha = options.alpha ?? 0.05;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-10;
  const { vars, equations } = buildSystem(model);
  const nonlinear = equations.some((e) => e.nonlinear);
  const warnings: string[] = [];

  let flowScale = 0;
  for (const v of vars) if (v.kind !== 'relation' && v.status !== 'unknown') flowScale = Math.max(flowScale, Math.abs(v.value), v.sd);
  if (flowScale === 0) flowScale = 1;

  let x: Float64Array = new Float64Array(vars.length);
  for (let i = 0; i < vars.length; i++) x[i] = vars[i]!.value;
  let step = linearStep(vars, equations, x);
  let iterations = 1;
  let converged = !nonlinear;
  while (!converged && iterations < maxIterations) {
    let change = 0;
    for (let i = 0; i < vars.length; i++) {
      if (step.undetermined.has(i)) continue;
      const scale = vars[i]!.kind === 'relation' ? 1 : flowScale;
      change = Math.max(change, Math.abs(step.x[i]! - x[i]!) / scale);
    }
    x = step.x;
    if (change <= tolerance) {
      converged = true;
      break;
    }
    step = linearStep(vars, equations, x);
    iterations++;
  }
  if (!converged) warnings.push(`linearisation did not converge in ${maxIterations} iterations`);
  x = step.x;

  // Error propagation and tests at the solution.
  const measuredIdx: number[] = [];
  for (let i = 0; i < vars.length; i++) if (vars[i]!.status === 'measured') measuredIdx.push(i);
  const variance = new Float64Array(vars.length);
  const adjustVariance = new Float64Array(vars.length);
  const { reduced, factor } = step;
  const colEntries = new Map<number, { row: number; a: number }[]>();
  reduced.forEach((r, k) => {
    for (const [i, a] of r.coef) (colEntries.get(i) ?? colEntries.set(i, []).get(i)!).push({ row: k, a });
  });
  const computeSd = options.skipUncertainty !== true;
  if (factor) {
    const zinv = selectedInverse(factor);
    for (const i of measuredIdx) {
      const e = colEntries.get(i);
      const q = vars[i]!.sd ** 2;
      let quad = 0;
      if (e) {
        for (const a of e) for (const b of e) quad += a.a * b.a * zinv.entry(a.row, b.row);
      }
      adjustVariance[i] = Math.max(0, q * q * quad);
      variance[i] = Math.max(0, q - adjustVariance[i]!);
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
        for (const { row: r, a } of colEntries.get(m) ?? []) g.set(r, (g.get(r) ?? 0) + a * q * c);
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
        if (est.value !== null && est.value < -1e-9 * flowScale) warnings.push(`flow ${v.id} is negative after reconciliation`);
        break;
      case 'relation':
        relations[v.id] = est;
        break;
      case 'stock':
        stocks[v.id] = est;
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
    warnings.push(
      `chi-square test failed (${statistic.toPrecision(4)} > ${chiSquare.critical.toPrecision(4)}): ` +
        `check the suspect measurements ${tests.filter((t) => t.suspect).map((t) => t.id).join(', ') || '(none individually significant)'}`,
    );
  }
  return {
    flows,
    relations,
    stocks,
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
