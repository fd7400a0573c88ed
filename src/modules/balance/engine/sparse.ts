/**
 * Sparse symmetric LDLᵀ for the normal equations of reconciliation.
 *
 * The numeric kernel is the up-looking algorithm of T. A. Davis, "Algorithm 849: A concise
 * sparse Cholesky factorization package" (ACM TOMS 31, 2005): elimination tree, then one row of
 * L per step. The matrices we factor are positive semi-definite (A·Q·Aᵀ), so no pivoting is
 * needed; a pivot that vanishes marks a linearly dependent equation, which is dropped (its
 * multiplier is zero) and reported by the caller. The ordering is a plain minimum-degree
 * ordering on the explicit elimination graph: material-flow networks are sparse and local,
 * where it keeps the fill small; it is not AMD and would be slow on dense random graphs.
 */

/** Symmetric matrix in compressed-column form holding both triangles. */
export interface SymmetricCsc {
  n: number;
  colPtr: Int32Array;
  rowIdx: Int32Array;
  values: Float64Array;
}

export interface LdlFactor {
  n: number;
  /** perm[k] = original index of the k-th pivot. */
  perm: Int32Array;
  pinv: Int32Array;
  Lp: Int32Array;
  Li: Int32Array;
  Lx: Float64Array;
  /** Pivots; Infinity marks a dropped (dependent) equation. */
  D: Float64Array;
  /** Original indices of dropped equations. */
  dropped: number[];
}

/** Sum duplicate triplets into a symmetric CSC; pass each off-diagonal pair once (i ≠ j). */
export function symmetricFromTriplets(
  n: number,
  rows: ArrayLike<number>,
  cols: ArrayLike<number>,
  vals: ArrayLike<number>,
  count: number,
): SymmetricCsc {
  const colCount = new Int32Array(n + 1);
  for (let t = 0; t < count; t++) {
    const i = rows[t] as number;
    const j = cols[t] as number;
    colCount[j]! += 1;
    if (i !== j) colCount[i]! += 1;
  }
  const ptr = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) ptr[j + 1] = ptr[j]! + colCount[j]!;
  const next = ptr.slice(0, n);
  const ri = new Int32Array(ptr[n]!);
  const rv = new Float64Array(ptr[n]!);
  for (let t = 0; t < count; t++) {
    const i = rows[t] as number;
    const j = cols[t] as number;
    const v = vals[t] as number;
    let p = next[j]!++;
    ri[p] = i;
    rv[p] = v;
    if (i !== j) {
      p = next[i]!++;
      ri[p] = j;
      rv[p] = v;
    }
  }
  // Compress duplicates per column with a marker array.
  const mark = new Int32Array(n).fill(-1);
  const outPtr = new Int32Array(n + 1);
  let nz = 0;
  for (let j = 0; j < n; j++) {
    const start = nz;
    for (let p = ptr[j]!; p < ptr[j + 1]!; p++) {
      const i = ri[p]!;
      const at = mark[i]!;
      if (at >= start) {
        rv[at] = rv[at]! + rv[p]!;
      } else {
        mark[i] = nz;
        ri[nz] = i;
        rv[nz] = rv[p]!;
        nz++;
      }
    }
    outPtr[j + 1] = nz;
  }
  return { n, colPtr: outPtr, rowIdx: ri.slice(0, nz), values: rv.slice(0, nz) };
}

/** Minimum-degree ordering on the explicit elimination graph (ties: lowest index). */
export function minimumDegreeOrder(a: SymmetricCsc): Int32Array {
  const { n, colPtr, rowIdx } = a;
  const adj: Set<number>[] = new Array<Set<number>>(n);
  for (let j = 0; j < n; j++) {
    const s = new Set<number>();
    for (let p = colPtr[j]!; p < colPtr[j + 1]!; p++) {
      const i = rowIdx[p]!;
      if (i !== j) s.add(i);
    }
    adj[j] = s;
  }
  const buckets: Set<number>[] = [];
  const degree = new Int32Array(n);
  const bucketOf = (d: number): Set<number> => {
    let b = buckets[d];
    if (!b) {
      b = new Set<number>();
      buckets[d] = b;
    }
    return b;
  };
  for (let j = 0; j < n; j++) {
    degree[j] = adj[j]!.size;
    bucketOf(degree[j]!).add(j);
  }
  const order = new Int32Array(n);
  let minDeg = 0;
  for (let k = 0; k < n; k++) {
    while (!buckets[minDeg] || buckets[minDeg]!.size === 0) minDeg++;
    const bucket = buckets[minDeg]!;
    const v = bucket.values().next().value as number;
    bucket.delete(v);
    order[k] = v;
    const nb = Array.from(adj[v]!);
    for (const u of nb) adj[u]!.delete(v);
    for (let x = 0; x < nb.length; x++) {
      const ax = adj[nb[x]!]!;
      for (let y = x + 1; y < nb.length; y++) {
        if (!ax.has(nb[y]!)) {
          ax.add(nb[y]!);
          adj[nb[y]!]!.add(nb[x]!);
        }
      }
    }
    for (const u of nb) {
      const d = adj[u]!.size;
      if (d !== degree[u]) {
        buckets[degree[u]!]!.delete(u);
        degree[u] = d;
        bucketOf(d).add(u);
        if (d < minDeg) minDeg = d;
      }
    }
    adj[v] = new Set<number>();
  }
  return order;
}

/**
 * LDLᵀ of P·A·Pᵀ. A pivot below `dropTolerance` × the original diagonal is treated as a
 * dependent equation: it is set to Infinity, which zeroes its column of L and its multiplier.
 */
export function factorLdl(a: SymmetricCsc, perm: Int32Array, dropTolerance = 1e-10): LdlFactor {
  const { n, colPtr: Ap, rowIdx: Ai, values: Ax } = a;
  const pinv = new Int32Array(n);
  for (let k = 0; k < n; k++) pinv[perm[k]!] = k;
  const parent = new Int32Array(n);
  const lnz = new Int32Array(n);
  const flag = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    parent[k] = -1;
    flag[k] = k;
    lnz[k] = 0;
    const kk = perm[k]!;
    for (let p = Ap[kk]!; p < Ap[kk + 1]!; p++) {
      let i = pinv[Ai[p]!]!;
      if (i < k) {
        for (; flag[i] !== k; i = parent[i]!) {
          if (parent[i] === -1) parent[i] = k;
          lnz[i]! += 1;
          flag[i] = k;
        }
      }
    }
  }
  const Lp = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) Lp[k + 1] = Lp[k]! + lnz[k]!;
  const Li = new Int32Array(Lp[n]!);
  const Lx = new Float64Array(Lp[n]!);
  const D = new Float64Array(n);
  const Y = new Float64Array(n);
  const pattern = new Int32Array(n);
  const dropped: number[] = [];
  for (let k = 0; k < n; k++) {
    Y[k] = 0;
    let top = n;
    flag[k] = k;
    lnz[k] = 0;
    const kk = perm[k]!;
    let diag = 0;
    for (let p = Ap[kk]!; p < Ap[kk + 1]!; p++) {
      let i = pinv[Ai[p]!]!;
      if (i <= k) {
        Y[i] = Y[i]! + Ax[p]!;
        if (i === k) diag += Ax[p]!;
        let len = 0;
        for (; flag[i] !== k; i = parent[i]!) {
          pattern[len++] = i;
          flag[i] = k;
        }
        while (len > 0) pattern[--top] = pattern[--len]!;
      }
    }
    let dk = Y[k]!;
    Y[k] = 0;
    for (; top < n; top++) {
      const i = pattern[top]!;
      const yi = Y[i]!;
      Y[i] = 0;
      const p2 = Lp[i]! + lnz[i]!;
      let p = Lp[i]!;
      for (; p < p2; p++) Y[Li[p]!] = Y[Li[p]!]! - Lx[p]! * yi;
      const lki = yi / D[i]!;
      dk -= lki * yi;
      Li[p] = k;
      Lx[p] = lki;
      lnz[i]! += 1;
    }
    if (!(dk > dropTolerance * Math.abs(diag)) || !(diag > 0)) {
      D[k] = Number.POSITIVE_INFINITY;
      dropped.push(kk);
    } else {
      D[k] = dk;
    }
  }
  return { n, perm, pinv, Lp, Li, Lx, D, dropped };
}

/** Solve A x = b with the factor; b and x in the original ordering. */
export function solveLdl(f: LdlFactor, b: Float64Array): Float64Array {
  const { n, perm, Lp, Li, Lx, D } = f;
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) x[k] = b[perm[k]!]!;
  for (let j = 0; j < n; j++) {
    const xj = x[j]!;
    if (xj === 0) continue;
    for (let p = Lp[j]!; p < Lp[j + 1]!; p++) x[Li[p]!] = x[Li[p]!]! - Lx[p]! * xj;
  }
  for (let j = 0; j < n; j++) x[j] = x[j]! / D[j]!;
  for (let j = n - 1; j >= 0; j--) {
    let s = x[j]!;
    for (let p = Lp[j]!; p < Lp[j + 1]!; p++) s -= Lx[p]! * x[Li[p]!]!;
    x[j] = s;
  }
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[perm[k]!] = x[k]!;
  return out;
}

/**
 * bᵀ A⁻¹ b for a sparse b given as (index, value) pairs in the original ordering, via
 * ‖D^{-1/2} L⁻¹ P b‖². The forward solve only touches the elimination-tree path of b.
 */
export function quadraticFormInverse(f: LdlFactor, idx: number[], val: number[], work: Float64Array): number {
  const { pinv, Lp, Li, Lx, D } = f;
  // Forward solve in place on `work` (all zero on entry, restored to zero on exit).
  const touched: number[] = [];
  const seen = new Set<number>();
  const stack: number[] = [];
  for (let t = 0; t < idx.length; t++) {
    const k = pinv[idx[t]!]!;
    work[k] = work[k]! + val[t]!;
    stack.push(k);
  }
  // Collect reachable columns: the forward solve fills along the elimination tree, which is
  // the set of rows reachable through the column structure of L.
  while (stack.length > 0) {
    const j = stack.pop()!;
    if (seen.has(j)) continue;
    seen.add(j);
    touched.push(j);
    for (let p = Lp[j]!; p < Lp[j + 1]!; p++) {
      const i = Li[p]!;
      if (!seen.has(i)) stack.push(i);
    }
  }
  touched.sort((a, b) => a - b);
  let sum = 0;
  for (const j of touched) {
    const xj = work[j]!;
    if (xj !== 0) {
      for (let p = Lp[j]!; p < Lp[j + 1]!; p++) work[Li[p]!] = work[Li[p]!]! - Lx[p]! * xj;
      sum += (xj * xj) / D[j]!;
    }
  }
  for (const j of touched) work[j] = 0;
  return sum;
}

/**
 * Entries of A⁻¹ on the pattern of L (Takahashi, Fagan & Chen 1973; Erisman & Tinney 1975):
 * enough to read covariances of any two equations that share a variable.
 */
export interface SelectedInverse {
  /** (A⁻¹)_{ij} for original indices i, j that are structurally adjacent in L + Lᵀ or equal. */
  entry(i: number, j: number): number;
}

export function selectedInverse(f: LdlFactor): SelectedInverse {
  const { n, pinv, Lp, Li, Lx, D } = f;
  const Zx = new Float64Array(Lx.length);
  const Zd = new Float64Array(n);
  const find = (col: number, row: number): number => {
    let lo = Lp[col]!;
    let hi = Lp[col + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = Li[mid]!;
      if (r === row) return mid;
      if (r < row) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  const z = (i: number, l: number): number => {
    if (i === l) return Zd[i]!;
    const a = i < l ? i : l;
    const b = i < l ? l : i;
    const p = find(a, b);
    return p < 0 ? 0 : Zx[p]!;
  };
  for (let j = n - 1; j >= 0; j--) {
    const p0 = Lp[j]!;
    const p1 = Lp[j + 1]!;
    for (let p = p0; p < p1; p++) {
      const i = Li[p]!;
      let s = 0;
      for (let q = p0; q < p1; q++) s += z(i, Li[q]!) * Lx[q]!;
      Zx[p] = -s;
    }
    let dj = 1 / D[j]!;
    for (let p = p0; p < p1; p++) dj -= Lx[p]! * Zx[p]!;
    Zd[j] = dj;
  }
  return { entry: (i: number, j: number) => z(pinv[i]!, pinv[j]!) };
}
