import { z } from 'zod';
import { dimensions, grades } from './engine';

/** Schemas of the ratings routes (shared with the web: no server-only imports). */
export const grade = z.enum(grades);
const dimension = z.enum(dimensions);
/** A real calendar day of this century (a finding or decision date; PostgreSQL would refuse 2026-02-30). */
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d && d >= '2000-01-01' && d <= '2099-12-31';
  }, 'a real date between 2000 and 2099');

export const organisationParams = z.object({ organisationId: z.string().uuid() });
export const appealParams = z.object({ id: z.string().uuid() });

export const listRatingsQuery = z.object({
  region: z.string().regex(/^\d{6}$/, 'a six-digit region code').optional().describe('only organisations of this region (or under it)'),
  grade: grade.optional(),
  suspended: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
});

export const appealBody = z.object({ statement: z.string().trim().min(10, 'at least 10 characters').max(4000, 'at most 4000 characters') });
export const decideAppealBody = z.object({
  outcome: z.enum(['upheld', 'rejected']),
  reason: z.string().trim().min(5, 'at least 5 characters').max(2000, 'at most 2000 characters'),
});
export const findingBody = z.object({
  severity: z.enum(['minor', 'major', 'serious']),
  foundOn: isoDay,
  summary: z.string().trim().min(5, 'at least 5 characters').max(2000, 'at most 2000 characters'),
});
export const disputeBody = z.object({
  outcome: z.enum(['lost', 'won', 'settled', 'open']),
  decidedOn: isoDay,
  contractId: z.string().uuid().optional(),
  summary: z.string().trim().min(5, 'at least 5 characters').max(2000, 'at most 2000 characters'),
});
export const recomputeBody = z.object({}).strict().optional();

const organisationRef = z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string(), type: z.string(), regionCode: z.string() });
export const reasonView = z.object({ code: z.string().describe('message code, e.g. ratings.reason.pickup'), params: z.record(z.string(), z.union([z.string(), z.number()])) });
const dimensionView = z.object({ dimension, rate: z.number(), met: z.number(), missed: z.number() });

export const ratingSummaryView = z.object({
  organisation: organisationRef,
  grade,
  /** Suspended from exchange auctions now. */
  suspended: z.boolean(),
  ratedOn: z.string(),
  /** The score and reasons: null unless the viewer is the firm, its regional regulator or a platform admin. */
  score: z.number().nullable(),
  reasons: z.array(reasonView).nullable(),
  openAppeal: z.boolean().nullable(),
});
export const ratingListView = z.object({ items: z.array(ratingSummaryView), suspendBelow: grade, policyEdition: z.string() });

export const appealView = z.object({
  id: z.string(),
  grade,
  suspended: z.boolean(),
  statement: z.string(),
  status: z.enum(['open', 'upheld', 'rejected']),
  createdAt: z.string(),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

export const ratingDetailView = z.object({
  organisation: organisationRef,
  current: z
    .object({
      grade,
      ratedOn: z.string(),
      computedAt: z.string(),
      policyEdition: z.string(),
      belowSuspensionGrade: z.boolean(),
      score: z.number().nullable(),
      records: z.number().nullable(),
      dimensions: z.array(dimensionView).nullable(),
      reasons: z.array(reasonView).nullable(),
    })
    .nullable(),
  suspension: z.object({ since: z.string(), grade }).nullable(),
  /** Lifted by an upheld appeal: the firm bids while its grade is no worse than this one. */
  appealHolds: grade.nullable(),
  history: z.array(z.object({ ratedOn: z.string(), grade, score: z.number().nullable() })),
  appeals: z.array(appealView).nullable(),
  findings: z.array(z.object({ id: z.string(), severity: z.enum(['minor', 'major', 'serious']), foundOn: z.string(), summary: z.string() })).nullable(),
  disputes: z.array(z.object({ id: z.string(), outcome: z.enum(['lost', 'won', 'settled', 'open']), decidedOn: z.string(), summary: z.string() })).nullable(),
  can: z.object({ appeal: z.boolean(), decide: z.boolean(), recordFinding: z.boolean(), recordDispute: z.boolean() }),
});

export const computeView = z.object({ ratedOn: z.string(), organisations: z.number(), belowGrade: z.number(), suspensionsStarted: z.number(), suspensionsLifted: z.number() });
export const createdView = z.object({ id: z.string() });

export const methodView = z.object({
  edition: z.string(),
  halfLifeDays: z.number(),
  horizonDays: z.number(),
  weights: z.record(dimension, z.number()),
  priorRate: z.number(),
  priorWeight: z.number(),
  disputeLostPoints: z.number(),
  findingPoints: z.object({ minor: z.number(), major: z.number(), serious: z.number() }),
  seriousFindingCap: grade,
  suspendBelow: grade,
  gradeFloors: z.record(grade, z.number()),
  fulfilment: z.object({ graceDays: z.number(), minShare: z.number() }),
  manifestDue: z.object({ pickupHours: z.number(), receiptHours: z.number() }),
});

export type RatingDetailView = z.infer<typeof ratingDetailView>;
export type RatingSummaryView = z.infer<typeof ratingSummaryView>;
export type MethodView = z.infer<typeof methodView>;
