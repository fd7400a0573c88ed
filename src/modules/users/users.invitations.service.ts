import type { Trx, Executor } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { hashPassword } from '../../platform/password';
import { passwordRefusal, passwordRefusalMessages } from '../../platform/password-policy';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { findOrganisation, ownerOf } from '../organisations';
import { memberPolicy } from './users.policy';
import * as repo from './users.repository';
import type { InviteBody } from './users.schema';
import type { InvitationRow } from './users.tables';

/**
 * Memberships are invitations the invited person accepts (issue 10). An organisation's admin
 * invites by username; the answer is the same whether or not the username exists, and names no
 * one. A new account can come with its invitation (the admin gives a display name and an initial
 * password); its first login accepts it. Every step is audited.
 */

/** Days an invitation stays open. */
export const INVITATION_DAYS = 30;

async function organisationOwner(db: Executor, organisationId: string) {
  const org = await findOrganisation(db, organisationId);
  if (!org) throw errors.notFound('Organisation', organisationId);
  return ownerOf(org);
}

/** The password of a new account is checked whether or not the username exists (the check must not tell). */
function checkNewAccount(body: InviteBody): void {
  if (body.password === undefined) return;
  if (!body.displayName) throw errors.validation('A new account needs a display name.', [{ field: 'displayName', message: 'required with a password' }]);
  const refusal = passwordRefusal(body.password, { username: body.username, displayName: body.displayName, email: body.email ?? undefined });
  if (refusal !== null) {
    throw errors.validation(`The password ${passwordRefusalMessages[refusal]}.`, [{ field: 'password', message: passwordRefusalMessages[refusal], code: `users.password.${refusal}` }]);
  }
}

export async function invite(trx: Trx, ctx: ServiceContext, organisationId: string, body: InviteBody): Promise<InvitationRow> {
  const owner = await organisationOwner(trx, organisationId);
  permit(ctx.viewer, memberPolicy.invite(ctx.viewer, owner), 'Only the organisation’s administrators invite members.');
  checkNewAccount(body);
  // Hashed whether or not the account will be created: the time taken must not tell either.
  const passwordHash = body.password !== undefined ? await hashPassword(body.password) : null;
  // A member is listed to the admin already: saying so tells nothing new.
  const user = await repo.findUserByUsername(trx, body.username);
  if (user && (await repo.lockMembership(trx, user.id, organisationId))) {
    throw errors.conflict(`${body.username} is already a member of this organisation.`, [{ field: 'username', message: 'already a member' }]);
  }
  await repo.expireInvitations(trx, organisationId, body.username);
  if (await repo.findOpenInvitation(trx, organisationId, body.username)) {
    throw errors.conflict(`${body.username} has an open invitation already.`, [{ field: 'username', message: 'already invited' }]);
  }
  // The password creates an account only for a username nobody has; an existing person's account is never touched.
  let withAccount = false;
  if (!user && passwordHash !== null) {
    const created = await repo.insertUser(trx, { username: body.username, display_name: body.displayName!, email: body.email ?? null, password_hash: passwordHash });
    withAccount = true;
    // Audited at platform level: the organisation's audit log would tell its admins the username was free.
    await recordAudit(trx, ctx, { action: 'user.create', entityType: 'users', entityId: created.id, organisationId: null, after: created });
  }
  const invitation = await repo.insertInvitation(trx, {
    organisation_id: organisationId,
    username: body.username,
    role: body.role,
    with_account: withAccount,
    invited_by: actorOf(ctx.viewer)?.userId ?? null,
    days: INVITATION_DAYS,
  });
  await recordAudit(trx, ctx, {
    action: 'invitation.create',
    entityType: 'membership_invitations',
    entityId: invitation.id,
    organisationId,
    after: { username: body.username, role: body.role },
  });
  return invitation;
}

/** The organisation's open invitations (declined ones show as pending until they expire). */
export async function listInvitations(db: Executor, ctx: ServiceContext, organisationId: string): Promise<InvitationRow[]> {
  const owner = await organisationOwner(db, organisationId);
  permit(ctx.viewer, memberPolicy.invite(ctx.viewer, owner), 'Only the organisation’s administrators see its invitations.');
  return repo.listOpenInvitations(db, organisationId);
}

export async function revokeInvitation(trx: Trx, ctx: ServiceContext, organisationId: string, id: string): Promise<void> {
  const owner = await organisationOwner(trx, organisationId);
  permit(ctx.viewer, memberPolicy.invite(ctx.viewer, owner), 'Only the organisation’s administrators revoke its invitations.');
  const invitation = await repo.lockInvitation(trx, id);
  if (!invitation || invitation.organisation_id !== organisationId || (invitation.status !== 'pending' && invitation.status !== 'declined')) throw errors.notFound('Invitation', id);
  await repo.setInvitationStatus(trx, id, 'revoked');
  await recordAudit(trx, ctx, { action: 'invitation.revoke', entityType: 'membership_invitations', entityId: id, organisationId, before: { username: invitation.username, status: invitation.status } });
}

async function myUsername(db: Executor, ctx: ServiceContext): Promise<{ userId: string; username: string }> {
  permit(ctx.viewer, memberPolicy.respond(ctx.viewer), 'Invitations are answered by the person, logged in.');
  const userId = actorOf(ctx.viewer)!.userId!;
  const profile = await repo.findUserProfile(db, userId);
  if (!profile) throw errors.notFound('User', userId);
  return { userId, username: profile.username };
}

/** The logged-in person's pending invitations. */
export async function myInvitations(db: Executor, ctx: ServiceContext): Promise<repo.UserInvitationRow[]> {
  const { username } = await myUsername(db, ctx);
  return repo.listInvitationsOfUsername(db, username);
}

async function openInvitationOf(trx: Trx, ctx: ServiceContext, id: string) {
  const me = await myUsername(trx, ctx);
  const invitation = await repo.lockInvitation(trx, id);
  // Someone else's invitation answers like one that does not exist.
  if (!invitation || invitation.username !== me.username || invitation.status !== 'pending' || invitation.expires_at <= new Date()) throw errors.notFound('Invitation', id);
  return { me, invitation };
}

async function join(trx: Trx, ctx: ServiceContext, userId: string, invitation: InvitationRow): Promise<void> {
  await repo.setInvitationStatus(trx, invitation.id, 'accepted');
  if (!(await repo.lockMembership(trx, userId, invitation.organisation_id))) await repo.insertMembership(trx, userId, invitation.organisation_id, invitation.role);
  await recordAudit(trx, ctx, { action: 'invitation.accept', entityType: 'membership_invitations', entityId: invitation.id, organisationId: invitation.organisation_id, after: { status: 'accepted' } });
  await recordAudit(trx, ctx, {
    action: 'membership.create',
    entityType: 'memberships',
    entityId: `${userId}:${invitation.organisation_id}`,
    organisationId: invitation.organisation_id,
    after: { user_id: userId, organisation_id: invitation.organisation_id, role: invitation.role, invitation_id: invitation.id },
  });
}

export async function acceptInvitation(trx: Trx, ctx: ServiceContext, id: string): Promise<{ organisationId: string; role: InvitationRow['role'] }> {
  const { me, invitation } = await openInvitationOf(trx, ctx, id);
  await join(trx, ctx, me.userId, invitation);
  return { organisationId: invitation.organisation_id, role: invitation.role };
}

export async function declineInvitation(trx: Trx, ctx: ServiceContext, id: string): Promise<void> {
  const { invitation } = await openInvitationOf(trx, ctx, id);
  await repo.setInvitationStatus(trx, invitation.id, 'declined');
  await recordAudit(trx, ctx, { action: 'invitation.decline', entityType: 'membership_invitations', entityId: invitation.id, organisationId: invitation.organisation_id, after: { status: 'declined' } });
}

/**
 * At a successful login (before the organisation is chosen): the invitations that came with the
 * account are accepted, as the person now uses the account the organisation made for them.
 */
export async function acceptAccountInvitations(trx: Trx, ctx: ServiceContext, user: { id: string; username: string }): Promise<void> {
  for (const invitation of await repo.lockAccountInvitations(trx, user.username)) await join(trx, ctx, user.id, invitation);
}
