/**
 * Statistical disclosure control of published aggregates: the cell rule.
 *
 * A cell is an aggregate of contributors (firms); each contributor gives one value per measure
 * (tonnes generated, disposal cost, …). A cell is sensitive when publishing it would let someone
 * work out one contributor's value closely:
 * - threshold: fewer than `minContributors` firms (with one firm the cell is that firm; with two,
 *   each subtracts its own and has the other's);
 * - dominance, the (n, k) rule: the n largest contributors make up more than k of the cell in
 *   one of its measures (the second largest subtracts its own and bounds the largest closely).
 * An empty cell (no contributor) discloses nobody and is published as zero.
 *
 * Pure: no I/O, no clock.
 */

export interface DisclosureRule {
  /** Fewest contributors a published cell may have. */
  minContributors: number;
  /** The (n, k) dominance rule: the `top` largest contributors may make up at most `share` of each measure. */
  dominance: { top: number; share: number };
}

/**
 * The rule herbloop applies (documented in README "Confidentiality of public figures" and
 * docs/security.md): at least 3 firms per cell, and the 2 largest at most 85 % of it.
 */
export const DISCLOSURE_RULE: DisclosureRule = { minContributors: 3, dominance: { top: 2, share: 0.85 } };

import type { SuppressionReason } from '../../shared/disclosure';

export { type SuppressionReason, suppressionReasons } from '../../shared/disclosure';

/** A cell's contributors: contributor id → one value per measure (every entry the same length). */
export type Contributions = ReadonlyMap<string, readonly number[]>;

/** Values below this share of the cell's largest magnitude count as zero (float noise of subtractions). */
const RELATIVE_EPSILON = 1e-9;

function significant(c: Contributions): [string, readonly number[]][] {
  let scale = 0;
  for (const values of c.values()) for (const v of values) scale = Math.max(scale, Math.abs(v));
  const floor = scale * RELATIVE_EPSILON;
  return [...c.entries()].filter(([, values]) => values.some((v) => Math.abs(v) > floor));
}

/** The reason the cell may not be published on its own, or null when it may. */
export function primaryReason(cell: Contributions, rule: DisclosureRule = DISCLOSURE_RULE): SuppressionReason | null {
  const present = significant(cell);
  if (present.length === 0) return null;
  if (present.length < rule.minContributors) return 'threshold';
  const measures = Math.max(...present.map(([, v]) => v.length));
  for (let m = 0; m < measures; m++) {
    const magnitudes = present.map(([, v]) => Math.abs(v[m] ?? 0)).sort((a, b) => b - a);
    const total = magnitudes.reduce((s, v) => s + v, 0);
    if (total === 0) continue;
    const top = magnitudes.slice(0, rule.dominance.top).reduce((s, v) => s + v, 0);
    if (top > rule.dominance.share * total) return 'dominance';
  }
  return null;
}

/** Per contributor and measure: `whole` minus the sum of `parts`. */
export function difference(whole: Contributions, parts: readonly Contributions[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [id, values] of whole) out.set(id, [...values]);
  for (const part of parts) {
    for (const [id, values] of part) {
      const acc = out.get(id) ?? values.map(() => 0);
      values.forEach((v, m) => (acc[m] = (acc[m] ?? 0) - v));
      out.set(id, acc);
    }
  }
  return out;
}

/** Per contributor and measure: the sum of the cells. */
export function sumCells(cells: readonly Contributions[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const cell of cells) {
    for (const [id, values] of cell) {
      const acc = out.get(id) ?? values.map(() => 0);
      values.forEach((v, m) => (acc[m] = (acc[m] ?? 0) + v));
      out.set(id, acc);
    }
  }
  return out;
}

/** The cell's size by its first measure (which cell to give up when one must be). */
export function cellSize(cell: Contributions): number {
  let s = 0;
  for (const values of cell.values()) s += Math.abs(values[0] ?? 0);
  return s;
}
