import { z } from 'zod';
import { overdueRules } from './engine/overdue';
import { queueItemKinds, queueStatuses } from './engine/queue';
import { revisionStatuses } from './engine/revision';

const text = (max: number) => z.string().trim().min(1).max(max);
const orgRef = z.object({ id: z.string().uuid(), nameZh: z.string(), nameEn: z.string() });
const when = z.string().datetime({ offset: true });
const password = z.string().min(1).max(200).optional();
const fieldValue = z.union([z.string().max(500), z.number().int().min(0).max(1_000_000_000), z.null()]);

export const revisionParams = z.object({ id: z.string().uuid(), revision: z.string().uuid() });

export const requestRevisionBody = z
  .object({
    reason: text(1000),
    /** Fields by path (`lines.1.quantity`, `transporters.2.plate`, `treatmentCode`) and their corrected values. */
    changes: z.array(z.object({ field: z.string().trim().min(1).max(60), to: fieldValue }).strict()).min(1).max(100),
    password,
  })
  .strict();
export type RequestRevisionBody = z.infer<typeof requestRevisionBody>;

export const decideRevisionBody = z
  .object({ decision: z.enum(['approve', 'refuse']), reason: text(1000).optional(), password })
  .strict()
  .refine((b) => b.decision === 'approve' || b.reason !== undefined, { message: 'give the reason for refusing', path: ['reason'] });
export type DecideRevisionBody = z.infer<typeof decideRevisionBody>;

export const cancelRevisionBody = z.object({ reason: text(1000) }).strict();

const fieldChange = z.object({ field: z.string(), from: fieldValue, to: fieldValue });

export const revisionView = z.object({
  id: z.string().uuid(),
  status: z.enum(revisionStatuses),
  reason: z.string(),
  requester: orgRef,
  createdAt: when,
  decidedAt: when.nullable(),
  decisionReason: z.string().nullable(),
  fromVersion: z.number().int(),
  toVersion: z.number().int().nullable(),
  /** The signed `revised` event of an approved request. */
  eventId: z.string().uuid().nullable(),
  changes: z.array(fieldChange),
  approvals: z.array(z.object({ organisation: orgRef, decision: z.enum(['approved', 'refused']).nullable(), reason: z.string().nullable(), at: when.nullable() })),
  /** Whether the viewer's organisation decides on it now. */
  mayDecide: z.boolean(),
  mayCancel: z.boolean(),
});
export type RevisionView = z.infer<typeof revisionView>;

export const revisionsView = z.object({
  manifestId: z.string().uuid(),
  number: z.string(),
  status: z.string(),
  /** Every version's correctable fields (version 1: as closed), with the difference to the one before. */
  versions: z.array(z.object({ version: z.number().int(), createdAt: when.nullable(), revisionId: z.string().uuid().nullable(), fields: z.record(z.string(), fieldValue), diff: z.array(fieldChange) })),
  revisions: z.array(revisionView),
  mayRequest: z.boolean(),
});
export type RevisionsView = z.infer<typeof revisionsView>;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'a date YYYY-MM-DD');

export const queueQuery = z.object({
  kind: z.enum(queueItemKinds).optional(),
  status: z.enum(queueStatuses).optional(),
  from: day.optional(),
  to: day.optional(),
  firm: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type QueueQuery = z.infer<typeof queueQuery>;
export const queueExportQuery = queueQuery.omit({ limit: true, offset: true }).extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });
export type QueueExportQuery = z.infer<typeof queueExportQuery>;

export const queueItemView = z.object({
  id: z.string().uuid(),
  kind: z.enum(queueItemKinds),
  status: z.enum(queueStatuses),
  manifest: z.object({ id: z.string().uuid(), number: z.string(), status: z.string() }),
  generator: orgRef,
  receiver: orgRef,
  detail: z.record(z.string(), z.unknown()),
  openedAt: when,
  closedAt: when.nullable(),
  closeReason: z.string().nullable(),
  notes: z.array(z.object({ text: z.string(), organisation: orgRef, at: when })),
});
export type QueueItemView = z.infer<typeof queueItemView>;

export const queueItemParams = z.object({ item: z.string().uuid() });
export const annotateBody = z.object({ text: text(2000) }).strict();
export const closeItemBody = z.object({ reason: text(2000) }).strict();

export const figuresQuery = z.object({ month });
export const figuresView = z.object({
  month: z.string(),
  manifests: z.number().int(),
  closed: z.number().int(),
  closedOnTime: z.number().int(),
  /** closedOnTime / closed, null when none closed. */
  onTimeShare: z.number().nullable(),
  byCode: z.array(z.object({ wasteCode: z.string(), manifests: z.number().int(), tonnes: z.string() })),
  byTreatment: z.array(z.object({ treatment: z.string().nullable(), manifests: z.number().int(), tonnes: z.string() })),
});
export type FiguresView = z.infer<typeof figuresView>;

export const overdueJobView = z.object({ flagged: z.array(z.object({ manifestId: z.string().uuid(), rule: z.enum(overdueRules) })) });
