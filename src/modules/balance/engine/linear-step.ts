import {
  factorLdl,
  minimumDegreeOrder,
  solveLdl,
  symmetricFromTriplets,
  type LdlFactor,
  type SymmetricCsc,
} from './sparse';
import type { Equation, Variable } from './model';
import type { Contradiction } from './types';

/**
 * One linearised reconciliation round: linearise, eliminate unknowns, weighted least squares
 * on the reduced constraints, back-substitute the unknowns (steps 1–4 in reconcile.ts).
 */

export interface Row {
  coef: Map<number, number>;
  rhs: number;
  /** Magnitude of the terms that built the row: the yardstick of "zero" for the residual. */
  magnitude: number;
  origins: string[];
}

export interface Pivot {
  col: number;
  row: Row;
}

export interface LinearStep {
  x: Float64Array;
  undetermined: Set<number>;
  contradictions: Contradiction[];
  /** Reduced rows on measured variables; row k of N. */
  reduced: Row[];
  cols: ReducedColumns;
  factor: LdlFactor | null;
  pivots: Pivot[];
  free: Set<number>;
}

/** Columns of the reduced matrix A by variable index: entries ptr[i]..ptr[i+1] (row, value). */
export interface ReducedColumns {
  ptr: Int32Array;
  row: Int32Array;
  val: Float64Array;
}

function columnsOf(reduced: Row[], nVars: number): ReducedColumns {
  const ptr = new Int32Array(nVars + 1);
  for (const r of reduced) for (const i of r.coef.keys()) ptr[i + 1]! += 1;
  for (let i = 0; i < nVars; i++) ptr[i + 1]! += ptr[i]!;
  const next = ptr.slice(0, nVars);
  const row = new Int32Array(ptr[nVars]!);
  const val = new Float64Array(ptr[nVars]!);
  reduced.forEach((r, k) => {
    for (const [i, a] of r.coef) {
      const p = next[i]!++;
      row[p] = k;
      val[p] = a;
    }
  });
  return { ptr, row, val };
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

/** One linearised reconciliation at x̃ (steps 1–4 of reconcile.ts). */
/**
 * Fill-reducing ordering of the last normal matrix. Successive linearisations usually keep the
 * same sparsity pattern, and the minimum-degree search costs more than the factorisation.
 */
export interface OrderingCache {
  colPtr: Int32Array;
  rowIdx: Int32Array;
  perm: Int32Array;
}

function samePattern(cache: OrderingCache, a: SymmetricCsc): boolean {
  if (cache.colPtr.length !== a.colPtr.length || cache.rowIdx.length !== a.rowIdx.length) return false;
  for (let i = 0; i < a.colPtr.length; i++) if (cache.colPtr[i] !== a.colPtr[i]) return false;
  for (let i = 0; i < a.rowIdx.length; i++) if (cache.rowIdx[i] !== a.rowIdx[i]) return false;
  return true;
}

export function linearStep(vars: Variable[], equations: Equation[], xt: Float64Array, ordering?: { cache?: OrderingCache }): LinearStep {
  const contradictions: Contradiction[] = [];
  const rows: Row[] = [];
  for (const eq of equations) {
    const { residual, grad } = eq.evaluate(xt);
    // J·x = J·x̃ − f(x̃), fixed columns to the right.
    let rhs = -residual;
    let magnitude = Math.abs(residual);
    // evaluate() hands over a fresh map: it becomes the row after fixed columns leave it.
    const coef = grad;
    for (const [i, g] of grad) {
      if (g === 0) {
        coef.delete(i);
        continue;
      }
      const v = vars[i]!;
      const term = g * xt[i]!;
      rhs += term;
      magnitude += Math.abs(term) + Math.abs(g) * v.sd;
      if (v.status === 'fixed') {
        rhs -= g * v.value;
        coef.delete(i);
      }
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
  let cols: ReducedColumns = { ptr: new Int32Array(vars.length + 1), row: new Int32Array(0), val: new Float64Array(0) };
  if (reduced.length > 0) {
    const nr = reduced.length;
    cols = columnsOf(reduced, vars.length);
    const { ptr, row, val } = cols;
    const resid = new Float64Array(nr);
    for (let k = 0; k < nr; k++) {
      const r = reduced[k]!;
      let s = -r.rhs;
      for (const [i, a] of r.coef) s += a * vars[i]!.value;
      resid[k] = s;
    }
    let count = 0;
    for (let i = 0; i < vars.length; i++) {
      const len = ptr[i + 1]! - ptr[i]!;
      count += (len * (len + 1)) / 2;
    }
    const ti = new Int32Array(count);
    const tj = new Int32Array(count);
    const tv = new Float64Array(count);
    let t = 0;
    for (let i = 0; i < vars.length; i++) {
      const p0 = ptr[i]!;
      const p1 = ptr[i + 1]!;
      if (p0 === p1) continue;
      const q = vars[i]!.sd ** 2;
      for (let a = p0; a < p1; a++) {
        for (let b = a; b < p1; b++) {
          ti[t] = row[a]!;
          tj[t] = row[b]!;
          tv[t] = q * val[a]! * val[b]!;
          t++;
        }
      }
    }
    const N = symmetricFromTriplets(nr, ti, tj, tv, t);
    let perm: Int32Array;
    if (ordering?.cache && samePattern(ordering.cache, N)) perm = ordering.cache.perm;
    else {
      perm = minimumDegreeOrder(N);
      if (ordering) ordering.cache = { colPtr: N.colPtr, rowIdx: N.rowIdx, perm };
    }
    factor = factorLdl(N, perm);
    const lambda = solveLdl(factor, resid);
    for (let i = 0; i < vars.length; i++) {
      const p0 = ptr[i]!;
      const p1 = ptr[i + 1]!;
      if (p0 === p1) continue;
      let s = 0;
      for (let p = p0; p < p1; p++) s += val[p]! * lambda[row[p]!]!;
      x[i] = vars[i]!.value - vars[i]!.sd ** 2 * s;
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
          code: 'inconsistentEquations',
          params: { equations: r.origins.join(', ') },
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
  return { x, undetermined, contradictions, reduced, cols, factor, pivots, free };
}

function checkEmptyRow(row: Row, contradictions: Contradiction[]): void {
  if (Math.abs(row.rhs) > 1e-9 * row.magnitude + 1e-300) {
    contradictions.push({
      equations: row.origins,
      residual: -row.rhs,
      code: row.origins.length === 1 ? 'violatedByFixed' : 'combinedViolatedByFixed',
      params: { equations: row.origins.join(', '), residual: -row.rhs },
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

