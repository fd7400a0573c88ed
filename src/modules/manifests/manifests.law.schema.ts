import { z } from 'zod';
import { transporterPermits } from './engine/duties';
import { quantity } from './manifests.schema';

const text = (max: number) => z.string().trim().min(1).max(max);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day: YYYY-MM-DD');
const province = z.string().regex(/^\d{2}0000$/, 'a province code (GB/T 2260, e.g. 340000)');
const category = z.string().trim().regex(/^([A-Z]{2}\d{2})?$/, 'a category such as HW02, or empty for the whole class');

export const dutyView = z.object({
  id: z.string().uuid(),
  wasteList: z.enum(['general', 'hazardous']),
  category: z.string(),
  edition: z.string(),
  inForceFrom: z.string(),
  /** The day a later edition of the same class and category replaced it; null while in force or not yet. */
  replacedOn: z.string().nullable(),
  inForce: z.boolean(),
  maxCategories: z.number().int().nullable(),
  retentionYears: z.number().int(),
  permits: z.array(z.enum(transporterPermits)),
  rule: z.string(),
  unverified: z.boolean(),
  updatedAt: z.string().datetime({ offset: true }),
});
export type DutyView = z.infer<typeof dutyView>;

export const dutyBody = z
  .object({
    wasteList: z.enum(['general', 'hazardous']),
    category: category.default(''),
    edition: text(300),
    inForceFrom: day,
    maxCategories: z.number().int().min(1).max(50).nullable(),
    retentionYears: z.number().int().min(0).max(100),
    permits: z.array(z.enum(transporterPermits)).max(transporterPermits.length),
    rule: text(2000),
    unverified: z.boolean(),
  })
  .strict();
export type DutyBody = z.infer<typeof dutyBody>;

export const dutiesQuery = z.object({ on: day.optional() }).strict();
export const dutyParams = z.object({ duty: z.string().uuid() }).strict();

const orgRef = z.object({ id: z.string().uuid(), nameZh: z.string(), nameEn: z.string() });
const decisionView = z.object({ organisation: orgRef, decision: z.enum(['agree', 'refuse', 'approve']), reason: z.string().nullable(), at: z.string().datetime({ offset: true }) }).nullable();

export const approvalView = z.object({
  id: z.string().uuid(),
  generator: orgRef,
  receiver: orgRef,
  wasteCodes: z.array(z.string()),
  quantity: z.string(),
  /** Tonnes still free: the approved quantity less what open or completed manifests under it carry. */
  remaining: z.string(),
  validFrom: z.string(),
  validUntil: z.string(),
  originProvince: z.string(),
  destinationProvince: z.string(),
  transitProvinces: z.array(z.string()),
  /** Names of the provinces on the route. */
  provinces: z.array(z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() })),
  status: z.enum(['applied', 'destination-agreed', 'approved', 'refused']),
  appliedAt: z.string().datetime({ offset: true }),
  destination: decisionView,
  origin: decisionView,
  notices: z.array(z.object({ organisation: orgRef, role: z.enum(['destination', 'transit', 'origin']), province: z.string(), at: z.string().datetime({ offset: true }) })),
  /** What the viewer may decide now (the web shows those buttons). */
  canDecide: z.array(z.enum(['agree', 'refuse', 'approve'])),
});
export type ApprovalView = z.infer<typeof approvalView>;

export const applyTransferBody = z
  .object({
    generatorId: z.string().uuid(),
    receiverId: z.string().uuid(),
    wasteCodes: z.array(text(40)).min(1).max(50),
    quantity,
    validFrom: day,
    validUntil: day,
    transitProvinces: z.array(province).max(30).default([]),
  })
  .strict();
export type ApplyTransferBody = z.infer<typeof applyTransferBody>;

export const decideTransferBody = z
  .object({
    decision: z.enum(['agree', 'refuse', 'approve']),
    reason: text(1000).optional(),
  })
  .strict();
export type DecideTransferBody = z.infer<typeof decideTransferBody>;

export const approvalsQuery = z.object({ status: z.enum(['applied', 'destination-agreed', 'approved', 'refused']).optional() }).strict();
export const approvalParams = z.object({ approval: z.string().uuid() }).strict();

export const permitView = z.object({
  id: z.string().uuid(),
  organisationId: z.string().uuid(),
  kind: z.enum(transporterPermits),
  number: z.string(),
  subject: z.string(),
  validFrom: z.string(),
  validUntil: z.string(),
});
export type PermitView = z.infer<typeof permitView>;

export const permitBody = z
  .object({
    organisationId: z.string().uuid(),
    kind: z.enum(transporterPermits),
    number: text(100),
    /** The vehicle's plate or the driver's name; omitted for the firm's licence. */
    subject: text(100).optional(),
    validFrom: day,
    validUntil: day,
  })
  .strict();
export type PermitBody = z.infer<typeof permitBody>;

export const permitsQuery = z.object({ organisationId: z.string().uuid() }).strict();

export const deleteManifestQuery = z.object({ reason: text(500) }).strict();
export const deletedView = z.object({ id: z.string().uuid(), number: z.string(), retainedUntil: z.string() });
