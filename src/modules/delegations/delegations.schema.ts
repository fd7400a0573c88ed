import { z } from 'zod';
import { delegationScopes } from './delegations.scopes';

export const delegationScope = z.enum(delegationScopes);

const orgRef = z.object({ id: z.string().uuid(), nameZh: z.string(), nameEn: z.string() });

/**
 * What a module shows on a record done under a delegation (its `delegation_id` column): who
 * acted for whom, under which grant. Acting modules put it in their views as `delegation`.
 */
export const delegationRef = z.object({
  id: z.string().uuid(),
  grantor: orgRef,
  grantee: orgRef,
  scopes: z.array(delegationScope),
});
export type DelegationRef = z.infer<typeof delegationRef>;

export const delegationView = delegationRef.extend({
  validFrom: z.string().datetime({ offset: true }),
  validUntil: z.string().datetime({ offset: true }).nullable(),
  note: z.string().nullable(),
  grantedAt: z.string().datetime({ offset: true }),
  revokedAt: z.string().datetime({ offset: true }).nullable(),
  revocationReason: z.string().nullable(),
  /** `active` now; `scheduled` before validFrom; `expired` after validUntil; `revoked`. */
  status: z.enum(['active', 'scheduled', 'expired', 'revoked']),
  /** Whether the viewer may revoke it (the grantor's admin, a platform admin). */
  canRevoke: z.boolean(),
});
export type DelegationView = z.infer<typeof delegationView>;

export const grantBody = z
  .object({
    granteeId: z.string().uuid(),
    scopes: z.array(delegationScope).min(1).max(delegationScopes.length),
    validFrom: z.string().datetime({ offset: true }).optional(),
    validUntil: z.string().datetime({ offset: true }).nullable().optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export type GrantBody = z.infer<typeof grantBody>;

export const revokeBody = z.object({ reason: z.string().trim().max(500).optional() }).strict();

export const delegationIdParams = z.object({ id: z.string().uuid() });
export const organisationIdParams = z.object({ id: z.string().uuid() });

export const listDelegationsQuery = z.object({
  direction: z.enum(['granted', 'received', 'both']).default('both'),
  includeRevoked: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
