import { z } from 'zod';
import { limits, membershipRoles } from '../../shared/limits';

/** The organisation whose members these are. */
export const memberOrganisationParams = z.object({ id: z.uuid() });
export const memberParams = z.object({ id: z.uuid(), userId: z.uuid() });

export const memberView = z.object({
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  disabled: z.boolean(),
  role: z.enum(membershipRoles),
  createdAt: z.string(),
});
export type MemberView = z.infer<typeof memberView>;

const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(limits.username.min)
  .max(limits.username.max)
  .regex(limits.username.pattern, 'lower-case letters, digits, dot, dash and underscore');

const passwordSchema = z.string().min(limits.password.min, `at least ${limits.password.min} characters`).max(limits.password.max);

/**
 * Adds a member. A new username creates the user (password and display name required); an
 * existing username only adds the membership, so one person can act for several organisations.
 */
export const addMemberBody = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(limits.displayName.max).optional(),
  email: z.email().nullable().optional(),
  password: passwordSchema.optional(),
  role: z.enum(membershipRoles),
});
export type AddMemberBody = z.infer<typeof addMemberBody>;

export const changeRoleBody = z.object({ role: z.enum(membershipRoles) });
