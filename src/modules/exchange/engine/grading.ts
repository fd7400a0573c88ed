/**
 * Standard grades of by-product lots (seed 004 mechanism 3: 副产物标准化分级). A grading standard
 * is data, versioned per composition class: each criterion is an assay with a limit per grade,
 * either a ceiling (moisture, ash, contamination: lower is better) or a floor (protein, a named
 * constituent: higher is better). A lot meets a grade when every criterion meets that grade's
 * limit; its grade is the best grade it meets, and the criterion that kept it from the next
 * better grade is reported as the rule that decided it. A lot with an assay missing for a
 * criterion cannot be graded (grading from a guess would mislead a buyer).
 */
import type { CompositionClassId } from '../../byproducts/engine';
import { GRADES, type Grade } from './match';

export interface GradingCriterion {
  /** The assay's key in a lot's assays, e.g. `moisture`, `crudeProtein`, `constituent:salvianolic-acid-b`. */
  assay: string;
  unit: string;
  /** `max`: the value must not exceed the limit; `min`: it must reach it. */
  bound: 'max' | 'min';
  /** The limit for each grade; B's is looser than A's, C's than B's. */
  limits: Record<Grade, number>;
}

export interface GradingStandard {
  class: CompositionClassId;
  version: number;
  criteria: readonly GradingCriterion[];
}

export type LotGrading =
  | {
      grade: Grade;
      /** Why not one grade better (null for grade A): the first criterion that misses it. */
      limitedBy: { assay: string; value: number; bound: 'max' | 'min'; limit: number; grade: Grade } | null;
      standardVersion: number;
    }
  | { grade: null; reason: 'missing-assays'; missing: string[]; standardVersion: number }
  | { grade: null; reason: 'below-grade-c'; failed: { assay: string; value: number; bound: 'max' | 'min'; limit: number }[]; standardVersion: number };

const meets = (c: GradingCriterion, value: number, grade: Grade) => (c.bound === 'max' ? value <= c.limits[grade] : value >= c.limits[grade]);

/** Structural problems of a standard (limits not monotone, no criteria); empty when sound. */
export function standardProblems(standard: GradingStandard): string[] {
  const problems: string[] = [];
  if (standard.criteria.length === 0) problems.push('a standard needs at least one criterion');
  const seen = new Set<string>();
  standard.criteria.forEach((c, k) => {
    if (seen.has(c.assay)) problems.push(`criteria[${k}]: ${c.assay} is graded twice`);
    seen.add(c.assay);
    for (const g of GRADES) if (!Number.isFinite(c.limits[g])) problems.push(`criteria[${k}].limits.${g}: must be a finite number`);
    const [a, b, cc] = GRADES.map((g) => c.limits[g]);
    const monotone = c.bound === 'max' ? a! <= b! && b! <= cc! : a! >= b! && b! >= cc!;
    if (!monotone) problems.push(`criteria[${k}].limits: grade A must be the strictest and C the loosest (${c.bound === 'max' ? 'A ≤ B ≤ C' : 'A ≥ B ≥ C'})`);
  });
  return problems;
}

export function gradeLot(standard: GradingStandard, assays: Readonly<Record<string, number | undefined>>): LotGrading {
  const missing = standard.criteria.filter((c) => assays[c.assay] === undefined || !Number.isFinite(assays[c.assay])).map((c) => c.assay);
  if (missing.length > 0) return { grade: null, reason: 'missing-assays', missing, standardVersion: standard.version };
  const value = (c: GradingCriterion) => assays[c.assay]!;
  for (let k = 0; k < GRADES.length; k++) {
    const grade = GRADES[k]!;
    if (!standard.criteria.every((c) => meets(c, value(c), grade))) continue;
    const better = k > 0 ? GRADES[k - 1]! : null;
    const blocker = better === null ? undefined : standard.criteria.find((c) => !meets(c, value(c), better));
    return {
      grade,
      limitedBy: better === null || blocker === undefined ? null : { assay: blocker.assay, value: value(blocker), bound: blocker.bound, limit: blocker.limits[better], grade: better },
      standardVersion: standard.version,
    };
  }
  const worst = GRADES[GRADES.length - 1]!;
  return {
    grade: null,
    reason: 'below-grade-c',
    failed: standard.criteria.filter((c) => !meets(c, value(c), worst)).map((c) => ({ assay: c.assay, value: value(c), bound: c.bound, limit: c.limits[worst] })),
    standardVersion: standard.version,
  };
}

/**
 * The standards a new platform starts with (version 1): working limits for the demo market, not
 * a published national standard; platform administrators revise them as data (each revision a
 * new version, audited). Percentages are of the lot as delivered (moisture) or of dry matter.
 */
export const INITIAL_GRADING_STANDARDS: readonly GradingStandard[] = [
  {
    class: 'cellulose-rich',
    version: 1,
    criteria: [
      { assay: 'moisture', unit: '%', bound: 'max', limits: { A: 15, B: 30, C: 60 } },
      { assay: 'crudeFibre', unit: '% DM', bound: 'min', limits: { A: 40, B: 30, C: 20 } },
      { assay: 'ash', unit: '% DM', bound: 'max', limits: { A: 8, B: 12, C: 20 } },
    ],
  },
  {
    class: 'biomacromolecule-rich',
    version: 1,
    criteria: [
      { assay: 'moisture', unit: '%', bound: 'max', limits: { A: 12, B: 25, C: 60 } },
      { assay: 'crudeProtein', unit: '% DM', bound: 'min', limits: { A: 20, B: 12, C: 6 } },
      { assay: 'ash', unit: '% DM', bound: 'max', limits: { A: 10, B: 15, C: 25 } },
    ],
  },
  {
    class: 'lipid-rich',
    version: 1,
    criteria: [
      { assay: 'moisture', unit: '%', bound: 'max', limits: { A: 10, B: 20, C: 40 } },
      { assay: 'crudeFat', unit: '% DM', bound: 'min', limits: { A: 15, B: 8, C: 3 } },
    ],
  },
  {
    class: 'bioactive-small-molecule-rich',
    version: 1,
    criteria: [
      { assay: 'moisture', unit: '%', bound: 'max', limits: { A: 12, B: 25, C: 60 } },
      { assay: 'ash', unit: '% DM', bound: 'max', limits: { A: 10, B: 15, C: 25 } },
    ],
  },
];
