import { z } from 'zod';
import { limits, membershipRoles } from '../../shared/limits';

export const tokenView = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  role: z.enum(membershipRoles),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const createTokenBody = z.object({
  name: z.string().trim().min(1).max(limits.tokenName.max),
  /** Machines usually only feed data: `member` writes, `reader` only reads. */
  role: z.enum(['member', 'reader']).default('member'),
  expiresInDays: z.number().int().min(1).max(3650).nullable().default(365),
});
export type CreateTokenBody = z.infer<typeof createTokenBody>;

export const createdTokenView = tokenView.extend({
  /** The secret, shown this once; only its hash is stored. */
  token: z.string(),
});

export const tokenIdParams = z.object({ id: z.uuid() });
/** The organisation whose tokens these are. */
export const tokenOrganisationParams = z.object({ id: z.uuid() });

export type TokenView = z.infer<typeof tokenView>;
