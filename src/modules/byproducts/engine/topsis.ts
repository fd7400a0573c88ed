/**
 * TOPSIS (Hwang & Yoon 1981, "Multiple Attribute Decision Making"): rank alternatives by
 * their relative closeness to an ideal solution.
 *
 * 1. Vector-normalise each criterion column: r_ij = x_ij / sqrt(Σ_i x_ij²).
 * 2. Weight: v_ij = w_j · r_ij (weights normalised to sum 1).
 * 3. Ideal A+ takes the best value per column (max for benefit, min for cost criteria),
 *    anti-ideal A− the worst.
 * 4. Distances D+_i = ||v_i − A+||, D−_i = ||v_i − A−|| (Euclidean).
 * 5. Closeness C_i = D−_i / (D+_i + D−_i) ∈ [0, 1]; rank by C descending.
 *
 * Edge cases: a column of zeros normalises to zeros (it cannot discriminate); when every
 * alternative sits on both ideals at once (D+ = D− = 0, e.g. a single alternative or identical
 * rows) C is defined as 1, because nothing is better.
 */

export type CriterionDirection = 'benefit' | 'cost';

export interface TopsisResult {
  /** Closeness per alternative, in input order. */
  closeness: number[];
  /** Alternative indices, best first (ties keep input order). */
  order: number[];
}

export function normaliseWeights(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + Math.max(0, b), 0);
  if (total <= 0) return weights.map(() => 1 / weights.length);
  return weights.map((w) => Math.max(0, w) / total);
}

/** Column norms are the only O(n) pre-pass; kept separate so sensitivity analysis can reuse them. */
export function topsisNormalised(matrix: readonly (readonly number[])[]): number[][] {
  if (matrix.length === 0) return [];
  const m = matrix[0]?.length ?? 0;
  const norms = new Array<number>(m).fill(0);
  for (const row of matrix) for (let j = 0; j < m; j++) norms[j]! += (row[j] ?? 0) ** 2;
  for (let j = 0; j < m; j++) norms[j] = Math.sqrt(norms[j]!);
  return matrix.map((row) => row.map((x, j) => (norms[j]! === 0 ? 0 : x / norms[j]!)));
}

/** TOPSIS closeness from an already vector-normalised matrix. */
export function topsisFromNormalised(
  normalised: readonly (readonly number[])[],
  weights: readonly number[],
  directions: readonly CriterionDirection[],
): TopsisResult {
  const n = normalised.length;
  const m = directions.length;
  const w = normaliseWeights(weights);
  const ideal = new Array<number>(m);
  const anti = new Array<number>(m);
  for (let j = 0; j < m; j++) {
    let hi = Number.NEGATIVE_INFINITY;
    let lo = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const v = w[j]! * normalised[i]![j]!;
      if (v > hi) hi = v;
      if (v < lo) lo = v;
    }
    ideal[j] = directions[j] === 'benefit' ? hi : lo;
    anti[j] = directions[j] === 'benefit' ? lo : hi;
  }
  const closeness = normalised.map((row) => {
    let dPlus = 0;
    let dMinus = 0;
    for (let j = 0; j < m; j++) {
      const v = w[j]! * row[j]!;
      dPlus += (v - ideal[j]!) ** 2;
      dMinus += (v - anti[j]!) ** 2;
    }
    dPlus = Math.sqrt(dPlus);
    dMinus = Math.sqrt(dMinus);
    return dPlus + dMinus === 0 ? 1 : dMinus / (dPlus + dMinus);
  });
  const order = closeness.map((_, i) => i).sort((a, b) => closeness[b]! - closeness[a]! || a - b);
  return { closeness, order };
}

/** Full TOPSIS on raw values. */
export function topsis(
  matrix: readonly (readonly number[])[],
  weights: readonly number[],
  directions: readonly CriterionDirection[],
): TopsisResult {
  return topsisFromNormalised(topsisNormalised(matrix), weights, directions);
}
