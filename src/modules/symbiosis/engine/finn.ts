/**
 * Finn's cycling index (Finn 1976, "Measures of ecosystem structure and function derived from
 * analysis of flows", J. Theor. Biol. 56): the share of the total system throughflow that
 * returns to where it came from. With T_i each node's throughflow, P_ij = f_ij / T_i and
 * N = (I − P)^-1, node i's cycled share is (N_ii − 1) / N_ii and
 * FCI = Σ_i ((N_ii − 1) / N_ii) · T_i / Σ_i T_i.
 *
 * N_ii sums the weights of every walk from i back to i, and such a walk never leaves i's
 * strongly connected component; so N_ii from the component's own block of P is exact, and a
 * park of a hundred firms inverts a few small blocks instead of one large matrix. A node outside
 * any cycle (a singleton without a self-loop) has N_ii = 1 and cycles nothing.
 */
import { strongComponents } from './components';
import type { CompiledNetwork } from './network-input';

/**
 * Components up to this size are solved densely (LU with partial pivoting on a flat array,
 * about k³/3 + k³/3 operations for the diagonal); larger ones iteratively (README "Large
 * components"), which costs the component's arcs per sweep instead of k³.
 */
export const FCI_DENSE_MAX = 1_000;
/** Budget of the iterative method in arc visits (sweeps × arcs, over all its solves); past it the status is `component-too-large`. */
export const FCI_MAX_ITERATIVE_WORK = 2e9;
/** Relative accuracy of each N_ii from the iterative method, guaranteed by the bound in the README. */
export const FCI_ITERATIVE_TOLERANCE = 1e-10;

/**
 * A component whose every node sends all of its throughflow to the component (no loss to the
 * outside or onward) makes I − P singular: the row sums of P are 1 and nothing ever leaves.
 * The test is on the flows themselves, with a relative tolerance for the order of summation.
 */
const CLOSED_TOLERANCE = 1e-12;

export type FinnStatus = 'computed' | 'singular' | 'no-throughflow' | 'component-too-large';

export interface FinnResult {
  /** null unless status is `computed`. */
  value: number | null;
  status: FinnStatus;
  /** Σ_i ((N_ii − 1) / N_ii) · T_i: the cycled throughflow, in the network's unit. */
  cycledThroughflow: number | null;
}

export interface FinnOptions {
  /** Components larger than this are solved iteratively (default FCI_DENSE_MAX). */
  denseMax?: number;
  /** Arc visits the iterative method may spend (default FCI_MAX_ITERATIVE_WORK). */
  maxIterativeWork?: number;
  /** The strongly connected components over the links, when the caller has them already. */
  components?: readonly (readonly number[])[];
}

/** One component's block of P in compressed rows over local indices 0…k−1. */
interface Block {
  k: number;
  rowStart: Int32Array;
  col: Int32Array;
  p: Float64Array;
}

/** `throughflow[i]` = T_i (the caller computes it with the outside included). */
export function finnCyclingIndex(network: CompiledNetwork, throughflow: Float64Array, options: FinnOptions = {}): FinnResult {
  const denseMax = options.denseMax ?? FCI_DENSE_MAX;
  let work = options.maxIterativeWork ?? FCI_MAX_ITERATIVE_WORK;
  const n = network.ids.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += throughflow[i]!;
  if (!(total > 0)) return { value: null, status: 'no-throughflow', cycledThroughflow: null };

  const successors: number[][] = Array.from({ length: n }, () => []);
  const selfLoop = new Float64Array(n);
  for (let a = 0; a < network.arcFrom.length; a++) {
    const i = network.arcFrom[a]!;
    const j = network.arcTo[a]!;
    if (i === j) selfLoop[i] = network.arcTonnes[a]!;
    else if (options.components === undefined) successors[i]!.push(j);
  }
  const local = new Int32Array(n).fill(-1);
  let cycled = 0;
  for (const component of options.components ?? strongComponents(successors)) {
    if (component.length === 1) {
      const i = component[0]!;
      if (selfLoop[i] === 0) continue;
      const p = selfLoop[i]! / throughflow[i]!;
      if (p >= 1 - CLOSED_TOLERANCE) return { value: null, status: 'singular', cycledThroughflow: null };
      // N_ii = 1 / (1 − p), so (N_ii − 1) / N_ii = p.
      cycled += p * throughflow[i]!;
      continue;
    }
    const k = component.length;
    component.forEach((node, idx) => (local[node] = idx));
    const block: Block = { k, rowStart: new Int32Array(k + 1), col: new Int32Array(0), p: new Float64Array(0) };
    const cols: number[] = [];
    const ps: number[] = [];
    let closed = true;
    component.forEach((i, row) => {
      let kept = 0;
      for (let a = network.arcStart[i]!; a < network.arcStart[i + 1]!; a++) {
        const c = local[network.arcTo[a]!]!;
        if (c < 0) continue;
        kept += network.arcTonnes[a]!;
        cols.push(c);
        ps.push(network.arcTonnes[a]! / throughflow[i]!);
      }
      block.rowStart[row + 1] = cols.length;
      if (throughflow[i]! - kept > CLOSED_TOLERANCE * throughflow[i]!) closed = false;
    });
    for (const node of component) local[node] = -1;
    if (closed) return { value: null, status: 'singular', cycledThroughflow: null };
    block.col = Int32Array.from(cols);
    block.p = Float64Array.from(ps);
    let diagonal: Float64Array | 'singular' | 'too-large';
    if (k <= denseMax) diagonal = denseInverseDiagonal(block);
    else {
      const solved = iterativeInverseDiagonal(block, work);
      work = solved.workLeft;
      diagonal = solved.diagonal;
    }
    if (diagonal === 'singular') return { value: null, status: 'singular', cycledThroughflow: null };
    if (diagonal === 'too-large') return { value: null, status: 'component-too-large', cycledThroughflow: null };
    component.forEach((i, row) => {
      const nii = diagonal[row]!;
      cycled += ((nii - 1) / nii) * throughflow[i]!;
    });
  }
  return { value: cycled / total, status: 'computed', cycledThroughflow: cycled };
}

/** A pivot this small relative to its column's largest entry means I − P is singular to working precision. */
const PIVOT_TOLERANCE = 1e-13;

/**
 * The diagonal of (I − P)⁻¹ for one block: LU with partial pivoting in place on a flat row-major
 * array, then for each j the solve of LU x = Π e_j, stopping the backward pass once x_j is
 * known: only N_jj is needed.
 */
function denseInverseDiagonal(block: Block): Float64Array | 'singular' {
  const { k } = block;
  const a = new Float64Array(k * k);
  for (let r = 0; r < k; r++) {
    a[r * k + r] = 1;
    for (let e = block.rowStart[r]!; e < block.rowStart[r + 1]!; e++) a[r * k + block.col[e]!]! -= block.p[e]!;
  }
  // perm[r] = the original row now at position r.
  const perm = new Int32Array(k);
  for (let r = 0; r < k; r++) perm[r] = r;
  for (let c = 0; c < k; c++) {
    let best = c;
    let bestAbs = Math.abs(a[c * k + c]!);
    for (let r = c + 1; r < k; r++) {
      const v = Math.abs(a[r * k + c]!);
      if (v > bestAbs) {
        bestAbs = v;
        best = r;
      }
    }
    // Entries of I − P are at most 1 in size, so an absolute test is a relative one.
    if (bestAbs < PIVOT_TOLERANCE) return 'singular';
    if (best !== c) {
      for (let m = 0; m < k; m++) {
        const t = a[c * k + m]!;
        a[c * k + m] = a[best * k + m]!;
        a[best * k + m] = t;
      }
      const t = perm[c]!;
      perm[c] = perm[best]!;
      perm[best] = t;
    }
    const pivot = a[c * k + c]!;
    for (let r = c + 1; r < k; r++) {
      const f = a[r * k + c]! / pivot;
      if (f === 0) continue;
      a[r * k + c] = f;
      for (let m = c + 1; m < k; m++) a[r * k + m]! -= f * a[c * k + m]!;
    }
  }
  const position = new Int32Array(k);
  for (let r = 0; r < k; r++) position[perm[r]!] = r;
  const y = new Float64Array(k);
  const x = new Float64Array(k);
  const diagonal = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    // Π e_j has its 1 at row position[j]; forward substitution with unit L starts there.
    const q = position[j]!;
    y.fill(0, 0, k);
    y[q] = 1;
    for (let m = q + 1; m < k; m++) {
      let sum = 0;
      for (let l = q; l < m; l++) sum += a[m * k + l]! * y[l]!;
      y[m] = -sum;
    }
    for (let m = k - 1; m >= j; m--) {
      let sum = y[m]!;
      for (let l = m + 1; l < k; l++) sum -= a[m * k + l]! * x[l]!;
      x[m] = sum / a[m * k + m]!;
    }
    diagonal[j] = x[j]!;
  }
  return diagonal;
}

/**
 * The diagonal of N = (I − P)⁻¹ for a large block by Gauss–Seidel, one column at a time (README
 * "Large components"). P is substochastic and the block is irreducible and not closed, so its
 * spectral radius is below 1 (Perron–Frobenius), I − P is a nonsingular M-matrix, N ≥ 0 and
 * Gauss–Seidel from 0 converges. Accuracy is certified, not assumed: first an upper bound U of
 * z = N·1 from a supersolution u ≥ 1 + P·u (then u ≥ z, as N ≥ 0); then for column j the error
 * of an iterate x is N·r with r = e_j + P·x − x, so |x_j − N_jj| ≤ ‖r‖∞ · U, and the sweeps stop
 * when that is below the tolerance times x_j.
 */
function iterativeInverseDiagonal(block: Block, budget: number): { diagonal: Float64Array | 'too-large'; workLeft: number } {
  const { k, rowStart, col, p } = block;
  const arcs = col.length + k;
  let workLeft = budget;
  const x = new Float64Array(k);
  const sweep = (rhs: (r: number) => number): void => {
    for (let r = 0; r < k; r++) {
      let sum = rhs(r);
      let diag = 0;
      for (let e = rowStart[r]!; e < rowStart[r + 1]!; e++) {
        const c = col[e]!;
        if (c === r) diag += p[e]!;
        else sum += p[e]! * x[c]!;
      }
      x[r] = sum / (1 - diag);
    }
    workLeft -= arcs;
  };
  /** ‖rhs + P·x − x‖∞ */
  const residual = (rhs: (r: number) => number): number => {
    let worst = 0;
    for (let r = 0; r < k; r++) {
      let sum = rhs(r) - x[r]!;
      for (let e = rowStart[r]!; e < rowStart[r + 1]!; e++) sum += p[e]! * x[col[e]!]!;
      worst = Math.max(worst, Math.abs(sum));
    }
    workLeft -= arcs;
    return worst;
  };
  const CHECK_EVERY = 8;

  // z = N·1 and its certified upper bound U.
  const one = (): number => 1;
  x.fill(0);
  let bound = Number.POSITIVE_INFINITY;
  while (!(bound < Number.POSITIVE_INFINITY)) {
    for (let s = 0; s < CHECK_EVERY; s++) sweep(one);
    if (workLeft < 0) return { diagonal: 'too-large', workLeft };
    // Try u = (1 + δ)·x: a supersolution once x is within δ of z in the right sense.
    const u = 1 + 1e-3;
    let isSuper = true;
    let max = 0;
    for (let r = 0; r < k && isSuper; r++) {
      let pu = 0;
      for (let e = rowStart[r]!; e < rowStart[r + 1]!; e++) pu += p[e]! * u * x[col[e]!]!;
      if (u * x[r]! < 1 + pu) isSuper = false;
      max = Math.max(max, u * x[r]!);
    }
    workLeft -= arcs;
    if (isSuper) bound = max;
  }

  const diagonal = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const unit = (r: number): number => (r === j ? 1 : 0);
    x.fill(0);
    for (;;) {
      for (let s = 0; s < CHECK_EVERY; s++) sweep(unit);
      if (workLeft < 0) return { diagonal: 'too-large', workLeft };
      if (residual(unit) * bound <= FCI_ITERATIVE_TOLERANCE * x[j]!) break;
    }
    diagonal[j] = x[j]!;
  }
  return { diagonal, workLeft };
}
