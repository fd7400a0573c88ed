import { z } from 'zod';

export const auditQuery = z.object({
  organisationId: z.uuid().optional(),
  entityType: z.string().max(60).optional(),
  entityId: z.string().max(120).optional(),
  action: z.string().max(60).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  beforeId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQueryInput = z.infer<typeof auditQuery>;

const auditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorTokenId: z.string().nullable(),
  organisationId: z.string().nullable(),
  organisationCode: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof auditEntry>;

export const auditPage = z.object({ items: z.array(auditEntry), nextBeforeId: z.number().int().nullable() });
