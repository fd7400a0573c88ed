/**
 * The credit grades (seed 004 §3, §6: 参与者信用评级, with admission and exit), best first, and the
 * score each needs. Nine grades in the AAA…C ladder that Chinese credit ratings use.
 */
export const grades = ['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC', 'CC', 'C'] as const;
export type Grade = (typeof grades)[number];

/** Lowest score (0–100) of each grade; C takes everything below CC. */
export const gradeFloors: Record<Grade, number> = { AAA: 95, AA: 90, A: 85, BBB: 80, BB: 75, B: 70, CCC: 60, CC: 50, C: 0 };

/** 0 for AAA … 8 for C: a larger rank is a worse grade. */
export const gradeRank = (g: Grade): number => grades.indexOf(g);

export function gradeOfScore(score: number): Grade {
  return grades.find((g) => score >= gradeFloors[g]) ?? 'C';
}

/** The worse of two grades. */
export const worseGrade = (a: Grade, b: Grade): Grade => (gradeRank(a) >= gradeRank(b) ? a : b);

export const isGrade = (s: string): s is Grade => (grades as readonly string[]).includes(s);
