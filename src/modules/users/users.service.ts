import type { Executor, MembershipRole, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { hashPassword, unusableHash, verifyPassword } from '../../platform/password';
import { passwordRefusal, passwordRefusalMessages } from '../../platform/password-policy';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { findOrganisation, ownerOf } from '../organisations';
import { memberPolicy } from './users.policy';
import * as repo from './users.repository';
import type { AddMemberBody } from './users.schema';
import type { UserRow } from './users.tables';

async function organisationOwner(db: Executor, organisationId: string) {
  const org = await findOrganisation(db, organisationId);
  if (!org) throw errors.notFound('Organisation', organisationId);
  return ownerOf(org);
}

export async function listMembers(db: Executor, ctx: ServiceContext, organisationId: string): Promise<repo.MemberRow[]> {
  const owner = await organisationOwner(db, organisationId);
  permit(ctx.viewer, memberPolicy.list(ctx.viewer, owner));
  return repo.listMembers(db, owner.organisationId);
}

/**
 * The operator's "create user" (CLI) and the demo loader: user (if new) + membership + audit, in
 * the caller's transaction, without an invitation. People in organisations invite instead
 * (users.invitations.service.ts).
 */
export async function addMember(
  trx: Trx,
  ctx: ServiceContext,
  organisationId: string,
  body: AddMemberBody,
  /** The demo loader hashes its one shared password once instead of thirty times. */
  options: { passwordHash?: string } = {},
): Promise<{ user: UserRow; created: boolean; role: MembershipRole }> {
  permit(ctx.viewer, memberPolicy.addDirectly(ctx.viewer), 'Members join by invitation.');
  await organisationOwner(trx, organisationId);

  let user = await repo.findUserByUsername(trx, body.username);
  let created = false;
  if (!user) {
    const missing = [
      ...(body.password ? [] : [{ field: 'password', message: 'required for a new user' }]),
      ...(body.displayName ? [] : [{ field: 'displayName', message: 'required for a new user' }]),
    ];
    if (missing.length > 0) throw errors.validation('A new user needs a display name and a password.', missing);
    if (options.passwordHash === undefined) {
      const refusal = passwordRefusal(body.password!, { username: body.username, displayName: body.displayName, email: body.email ?? undefined });
      if (refusal !== null) {
        throw errors.validation(`The password ${passwordRefusalMessages[refusal]}.`, [
          { field: 'password', message: passwordRefusalMessages[refusal], code: `users.password.${refusal}` },
        ]);
      }
    }
    user = await repo.insertUser(trx, {
      username: body.username,
      display_name: body.displayName!,
      email: body.email ?? null,
      password_hash: options.passwordHash ?? (await hashPassword(body.password!)),
    });
    created = true;
    await recordAudit(trx, ctx, { action: 'user.create', entityType: 'users', entityId: user.id, organisationId, after: user });
  } else if (body.password) {
    // Setting another person's password through "add member" would be an account takeover path.
    throw errors.conflict(`User ${body.username} exists already; add them without a password.`, [
      { field: 'password', message: 'must be empty for an existing user' },
    ]);
  }
  if (await repo.lockMembership(trx, user.id, organisationId)) {
    throw errors.conflict(`${body.username} is already a member of this organisation.`, [{ field: 'username', message: 'already a member' }]);
  }
  await repo.insertMembership(trx, user.id, organisationId, body.role);
  await recordAudit(trx, ctx, {
    action: 'membership.create',
    entityType: 'memberships',
    entityId: `${user.id}:${organisationId}`,
    organisationId,
    after: { user_id: user.id, organisation_id: organisationId, role: body.role },
  });
  return { user, created, role: body.role };
}

async function guardLastAdmin(trx: Trx, organisationId: string, currentRole: MembershipRole, newRole: MembershipRole | null) {
  if (currentRole !== 'admin' || newRole === 'admin') return;
  const admins = await repo.lockAdminCount(trx, organisationId);
  if (admins <= 1) throw errors.conflict('An organisation must keep at least one administrator.');
}

export async function changeRole(trx: Trx, ctx: ServiceContext, organisationId: string, userId: string, role: MembershipRole): Promise<void> {
  const owner = await organisationOwner(trx, organisationId);
  permit(ctx.viewer, memberPolicy.manage(ctx.viewer, owner), 'Only the organisation’s administrators manage its members.');
  const membership = await repo.lockMembership(trx, userId, organisationId);
  if (!membership) throw errors.notFound('Membership', `${userId} in ${organisationId}`);
  await guardLastAdmin(trx, organisationId, membership.role, role);
  await repo.updateMembershipRole(trx, userId, organisationId, role);
  await recordAudit(trx, ctx, {
    action: 'membership.update',
    entityType: 'memberships',
    entityId: `${userId}:${organisationId}`,
    organisationId,
    before: { role: membership.role },
    after: { role },
  });
}

export async function removeMember(trx: Trx, ctx: ServiceContext, organisationId: string, userId: string): Promise<void> {
  const owner = await organisationOwner(trx, organisationId);
  permit(ctx.viewer, memberPolicy.manage(ctx.viewer, owner), 'Only the organisation’s administrators manage its members.');
  const membership = await repo.lockMembership(trx, userId, organisationId);
  if (!membership) throw errors.notFound('Membership', `${userId} in ${organisationId}`);
  await guardLastAdmin(trx, organisationId, membership.role, null);
  await repo.deleteMembership(trx, userId, organisationId);
  // Sessions acting for the organisation end with the membership (the session lookup joins memberships).
  await recordAudit(trx, ctx, {
    action: 'membership.delete',
    entityType: 'memberships',
    entityId: `${userId}:${organisationId}`,
    organisationId,
    before: { role: membership.role },
  });
}

/**
 * Whether `password` is the user's current password: a signature that needs the person to
 * re-enter it (manifests) checks it here; a disabled or unknown user never matches, in the same time.
 */
export async function verifyUserPassword(db: Executor, userId: string, password: string): Promise<boolean> {
  const row = await db.selectFrom('users').select(['password_hash']).where('id', '=', userId).where('disabled', '=', false).executeTakeFirst();
  return verifyPassword(password, row?.password_hash ?? unusableHash);
}
