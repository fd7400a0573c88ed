import { z } from 'zod';
import { suppressionReasons } from '../../shared/disclosure';

const period = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'YYYY or YYYY-MM');

const reportLine = z.object({
  kind: z.string().trim().min(1).max(40),
  unit: z.string().trim().min(1).max(20),
  consumed: z.coerce.number().finite().min(0),
  recycled: z.coerce.number().finite().min(0).default(0),
});

export const reportBody = z.object({
  period,
  /** Output value of the period, 万元. */
  outputValue: z.number().finite().min(0).nullable().optional(),
  lines: z.array(reportLine).min(1).max(200),
});
export type ReportBody = z.infer<typeof reportBody>;

export const reportColumns = {
  period: ['报告期', '期间'],
  kind: ['资源种类', '种类'],
  unit: ['单位'],
  consumed: ['消耗量', '消费量'],
  recycled: ['其中再生资源', '再生资源'],
  outputValue: ['output_value', '产值', '工业总产值'],
} as const;
export const reportRowInput = reportLine.extend({ period, outputValue: z.coerce.number().finite().min(0).optional() });
export type ReportRowInput = z.output<typeof reportRowInput>;
/** The report import file: one line per row, several periods allowed. */

export const reportView = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  organisationCode: z.string(),
  organisationName: z.string(),
  period: z.string(),
  status: z.enum(['draft', 'submitted', 'returned', 'accepted']),
  outputValue: z.number().nullable(),
  lines: z.array(z.object({ kind: z.string(), unit: z.string(), consumed: z.number(), recycled: z.number() })),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewComment: z.string().nullable(),
});
export type ReportView = z.infer<typeof reportView>;

export const reportIdParams = z.object({ id: z.uuid() });
export const listReportsQuery = z.object({
  period: period.optional(),
  status: z.enum(['draft', 'submitted', 'returned', 'accepted']).optional(),
});
export const returnBody = z.object({ comment: z.string().trim().min(1).max(2000) });
export const boardQuery = z.object({ period, region: z.string().regex(/^\d{6}$/).optional() });
export const aggregateQuery = z.object({ period, region: z.string().regex(/^\d{6}$/) });

const reportStatusOrMissing = z.enum(['missing', 'draft', 'submitted', 'returned', 'accepted']);

export const boardView = z.object({
  region: z.string(),
  period: z.string(),
  counts: z.record(reportStatusOrMissing, z.number().int()),
  firms: z.array(
    z.object({
      organisationId: z.uuid(),
      code: z.string(),
      name: z.string(),
      type: z.string(),
      status: reportStatusOrMissing,
      reportId: z.uuid().nullable(),
      submittedAt: z.string().nullable(),
    }),
  ),
});

export const aggregateView = z.object({
  region: z.string(),
  period: z.string(),
  firms: z.number().int(),
  outputValue: z.number().nullable(),
  /** Why the output value is withheld (disclosure control), or null. */
  outputValueSuppressed: z.enum(suppressionReasons).nullable(),
  kinds: z.array(
    z.object({
      kind: z.string(),
      nameZh: z.string(),
      category: z.string(),
      firms: z.number().int(),
      consumedTonnes: z.number().nullable(),
      recycledTonnes: z.number().nullable(),
      suppressed: z.boolean(),
      /** threshold | dominance | complementary; null when published. */
      suppressedReason: z.enum(suppressionReasons).nullable(),
    }),
  ),
});
