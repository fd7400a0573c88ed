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

/**
 * An invitation into the organisation, by username. With a display name and a password it also
 * creates the account when nobody has the username (its first login accepts the invitation); for
 * an existing person the password is ignored. The answer is the same either way.
 */
export const inviteBody = z.object({
  username: usernameSchema,
  role: z.enum(membershipRoles),
  displayName: z.string().trim().min(1).max(limits.displayName.max).optional(),
  email: z.email().nullable().optional(),
  password: passwordSchema.optional(),
});
export type InviteBody = z.infer<typeof inviteBody>;

/** An invitation as the organisation's admins see it: the username they typed, nothing about the person. */
export const invitationView = z.object({
  id: z.uuid(),
  username: z.string(),
  role: z.enum(membershipRoles),
  status: z.literal('pending'),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type InvitationView = z.infer<typeof invitationView>;

/** An invitation as the invited person sees it. */
export const myInvitationView = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  organisationCode: z.string(),
  organisationName: z.string(),
  organisationType: z.string(),
  role: z.enum(membershipRoles),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type MyInvitationView = z.infer<typeof myInvitationView>;
export const invitationParams = z.object({ id: z.uuid() });
export const orgInvitationParams = z.object({ id: z.uuid(), invitationId: z.uuid() });
