/**
 * Credit rating of a participant from its record on the platform (seed 004 §3 "根据参与者在交易平台上
 * 的交易行为开展信用评级，建立准入和退出机制", §6 "线上信用评价"; issue 13). The method is published:
 * engine/README.md writes it out with a worked example; the numbers live in `RatingPolicy`.
 *
 * 1. Each obligation the participant had (a contract delivery, a pickup, a receipt, a weighing, a
 *    load handed to a receiver) is met or missed; each weighs 2^(−age / half-life), so a year-old
 *    miss counts half as much as today's, and records older than the horizon not at all.
 * 2. Per dimension, the decayed share met, starting from a prior (`priorRate` over `priorWeight`
 *    obligations) so that one record does not decide a newcomer's grade.
 * 3. The base score is 100 × the dimensions' weighted mean; disputes lost and regulator findings
 *    then take decayed points off.
 * 4. The score gives the grade; a serious regulator finding younger than one half-life caps the
 *    grade; below the policy's grade the participant is suspended from auctions.
 *
 * Reasons are message codes with parameters (texts in the module's locale files), largest
 * deduction first. Pure: `asOf` is a parameter.
 */
import { gradeOfScore, gradeRank, worseGrade, type Grade } from './grades';

export const dimensions = ['fulfilment', 'pickup', 'receipt', 'weight', 'acceptance'] as const;
/**
 * fulfilment: contract deliveries made in full by their date; pickup / receipt: signed on time
 * (the manifests' overdue rules); weight: received weight within tolerance of the picked-up
 * weight; acceptance: the participant's loads accepted by the receiver (a refusal, partial or
 * whole, is a miss).
 */
export type Dimension = (typeof dimensions)[number];

/**
 * `count` (default 1): that many identical records on the same day. The ratings module reads the
 * record aggregated in SQL (one row per participant, day and outcome), not row by row.
 */
export type RecordEntry =
  | { kind: 'obligation'; dimension: Dimension; met: boolean; at: string; ref: string; count?: number }
  | { kind: 'dispute'; outcome: 'lost' | 'won' | 'settled' | 'open'; at: string; ref: string; count?: number }
  | { kind: 'finding'; severity: 'minor' | 'major' | 'serious'; at: string; ref: string; count?: number };

export interface RatingPolicy {
  halfLifeDays: number;
  /** Records older than this are not counted. */
  horizonDays: number;
  weights: Record<Dimension, number>;
  priorRate: number;
  priorWeight: number;
  disputeLostPoints: number;
  findingPoints: Record<'minor' | 'major' | 'serious', number>;
  /** Grade a serious finding younger than one half-life caps the rating at. */
  seriousFindingCap: Grade;
  /** Grades below this one are suspended from exchange auctions. */
  suspendBelow: Grade;
  /** Decayed obligations under which the rating says it rests on little record. */
  littleRecord: number;
}

export const DEFAULT_RATING_POLICY: RatingPolicy = {
  halfLifeDays: 365,
  horizonDays: 3 * 365,
  weights: { fulfilment: 0.35, pickup: 0.15, receipt: 0.1, weight: 0.2, acceptance: 0.2 },
  priorRate: 0.85,
  priorWeight: 4,
  disputeLostPoints: 5,
  findingPoints: { minor: 3, major: 10, serious: 25 },
  seriousFindingCap: 'CCC',
  suspendBelow: 'B',
  littleRecord: 5,
};

export type RatingReason =
  | { code: `ratings.reason.${Dimension}`; params: { rate: number; met: number; missed: number; pointsLost: number } }
  | { code: 'ratings.reason.disputes-lost'; params: { count: number; pointsLost: number } }
  | { code: 'ratings.reason.findings'; params: { minor: number; major: number; serious: number; pointsLost: number } }
  | { code: 'ratings.reason.serious-finding-cap'; params: { date: string; cap: Grade } }
  | { code: 'ratings.reason.little-record'; params: { records: number } }
  | { code: 'ratings.reason.clean-record'; params: Record<string, never> };

export interface DimensionFigure {
  dimension: Dimension;
  /** Decayed share met, prior included. */
  rate: number;
  /** Decayed obligations met and missed (prior excluded). */
  met: number;
  missed: number;
}

export interface Rating {
  score: number;
  grade: Grade;
  suspended: boolean;
  dimensions: DimensionFigure[];
  reasons: RatingReason[];
  /** Records counted (inside the horizon). */
  records: number;
}

const DAY_MS = 86_400_000;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Weight of a record of `at` on day `asOf`: 2^(−age/half-life); 0 beyond the horizon. A future date counts as today. */
export function decayWeight(at: string, asOf: string, policy: Pick<RatingPolicy, 'halfLifeDays' | 'horizonDays'>): number {
  const ageDays = Math.max(0, (Date.parse(asOf) - Date.parse(at)) / DAY_MS);
  if (ageDays > policy.horizonDays) return 0;
  return 2 ** (-ageDays / policy.halfLifeDays);
}

/** Rates a participant's record as of `asOf`. */
export function rateParticipant(record: RecordEntry[], asOf: string, policy: RatingPolicy = DEFAULT_RATING_POLICY): Rating {
  const met = Object.fromEntries(dimensions.map((d) => [d, 0])) as Record<Dimension, number>;
  const missed = { ...met };
  let disputesLost = 0;
  let disputePoints = 0;
  const findings = { minor: 0, major: 0, serious: 0 };
  let findingPoints = 0;
  let capDate: string | null = null;
  let records = 0;

  for (const r of record) {
    const n = r.count ?? 1;
    const w = decayWeight(r.at, asOf, policy) * n;
    if (w === 0) continue;
    records += n;
    switch (r.kind) {
      case 'obligation':
        if (r.met) met[r.dimension] += w;
        else missed[r.dimension] += w;
        break;
      case 'dispute':
        if (r.outcome === 'lost') {
          disputesLost += n;
          disputePoints += policy.disputeLostPoints * w;
        }
        break;
      case 'finding':
        findings[r.severity] += n;
        findingPoints += policy.findingPoints[r.severity] * w;
        // Younger than one half-life: its weight is still above one half.
        if (r.severity === 'serious' && w / n > 0.5 && (capDate === null || Date.parse(r.at) > Date.parse(capDate))) capDate = r.at;
        break;
    }
  }

  const weightSum = dimensions.reduce((s, d) => s + policy.weights[d], 0);
  const figures: DimensionFigure[] = dimensions.map((d) => ({
    dimension: d,
    rate: (met[d] + policy.priorRate * policy.priorWeight) / (met[d] + missed[d] + policy.priorWeight),
    met: round(met[d], 3),
    missed: round(missed[d], 3),
  }));
  const base = (100 * figures.reduce((s, f) => s + policy.weights[f.dimension] * f.rate, 0)) / weightSum;
  const score = round(Math.max(0, Math.min(100, base - disputePoints - findingPoints)), 1);
  let grade = gradeOfScore(score);

  const deductions: { points: number; reason: RatingReason }[] = [];
  for (const f of figures) {
    // Points lost against a spotless record in this dimension.
    const pointsLost = (100 * policy.weights[f.dimension] * (1 - f.rate)) / weightSum;
    if (f.missed > 0) {
      deductions.push({ points: pointsLost, reason: { code: `ratings.reason.${f.dimension}`, params: { rate: round(f.rate, 3), met: round(f.met, 1), missed: round(f.missed, 1), pointsLost: round(pointsLost, 1) } } });
    }
  }
  if (disputesLost > 0) deductions.push({ points: disputePoints, reason: { code: 'ratings.reason.disputes-lost', params: { count: disputesLost, pointsLost: round(disputePoints, 1) } } });
  if (findingPoints > 0) deductions.push({ points: findingPoints, reason: { code: 'ratings.reason.findings', params: { ...findings, pointsLost: round(findingPoints, 1) } } });
  deductions.sort((a, b) => b.points - a.points);
  const reasons = deductions.map((d) => d.reason);

  if (capDate !== null && gradeRank(grade) < gradeRank(policy.seriousFindingCap)) {
    grade = worseGrade(grade, policy.seriousFindingCap);
    reasons.unshift({ code: 'ratings.reason.serious-finding-cap', params: { date: capDate.slice(0, 10), cap: policy.seriousFindingCap } });
  }
  const evidence = dimensions.reduce((s, d) => s + met[d] + missed[d], 0);
  if (evidence < policy.littleRecord) reasons.push({ code: 'ratings.reason.little-record', params: { records: round(evidence, 1) } });
  if (deductions.length === 0 && capDate === null) reasons.push({ code: 'ratings.reason.clean-record', params: {} });

  return { score, grade, suspended: gradeRank(grade) > gradeRank(policy.suspendBelow), dimensions: figures, reasons, records };
}
