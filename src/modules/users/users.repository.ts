import { sql } from 'kysely';
import type { Executor, MembershipRole, OrganisationType, Trx } from '../../db/database';
import type { InvitationRow, UserRow } from './users.tables';

export function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** What a user shows of themselves (never the password hash). */
export function findUserProfile(db: Executor, id: string) {
  return db.selectFrom('users').select(['id', 'username', 'display_name', 'locale']).where('id', '=', id).executeTakeFirstOrThrow();
}

export interface UserMembership {
  organisation_id: string;
  organisation_code: string;
  organisation_name_zh: string;
  organisation_name_en: string;
  organisation_type: OrganisationType;
  role: MembershipRole;
}

export function listMembershipsOfUser(db: Executor, userId: string): Promise<UserMembership[]> {
  return db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select([
      'm.organisation_id',
      'o.code as organisation_code',
      'o.name_zh as organisation_name_zh',
      'o.name_en as organisation_name_en',
      'o.type as organisation_type',
      'm.role',
    ])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at')
    .orderBy('o.code')
    .execute();
}

export function listMembers(db: Executor, organisationId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.email', 'u.disabled', 'u.created_at', 'm.role'])
    .where('m.organisation_id', '=', organisationId)
    .orderBy('u.username')
    .execute();
}

export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];

export function insertUser(
  trx: Trx,
  values: { username: string; display_name: string; email: string | null; password_hash: string; locale?: string },
): Promise<UserRow> {
  return trx.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertMembership(trx: Trx, userId: string, organisationId: string, role: MembershipRole): Promise<void> {
  await trx.insertInto('memberships').values({ user_id: userId, organisation_id: organisationId, role }).execute();
}

export function lockMembership(trx: Trx, userId: string, organisationId: string) {
  return trx
    .selectFrom('memberships')
    .selectAll()
    .where('user_id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateMembershipRole(trx: Trx, userId: string, organisationId: string, role: MembershipRole): Promise<void> {
  await trx.updateTable('memberships').set({ role }).where('user_id', '=', userId).where('organisation_id', '=', organisationId).execute();
}

export async function deleteMembership(trx: Trx, userId: string, organisationId: string): Promise<void> {
  await trx.deleteFrom('memberships').where('user_id', '=', userId).where('organisation_id', '=', organisationId).execute();
}

/** Locks the organisation's admin memberships so two concurrent demotions cannot both pass the "last admin" check. */
export async function lockAdminCount(trx: Trx, organisationId: string): Promise<number> {
  const rows = await trx
    .selectFrom('memberships')
    .select('user_id')
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'admin')
    .forUpdate()
    .execute();
  return rows.length;
}

export async function listUsers(db: Executor, limit: number, offset: number) {
  const [rows, total] = await Promise.all([
    db
      .selectFrom('users as u')
      .select(['u.id', 'u.username', 'u.display_name', 'u.email', 'u.disabled', 'u.created_at'])
      .select((eb) =>
        eb
          .selectFrom('memberships as m')
          .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
          .select(sql<string>`string_agg(o.code || ':' || m.role, ',' order by o.code)`.as('orgs'))
          .whereRef('m.user_id', '=', 'u.id')
          .as('memberships'),
      )
      .orderBy('u.username')
      .limit(limit)
      .offset(offset)
      .execute(),
    db.selectFrom('users').select(sql<number>`count(*)::int8`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

// ---- invitations ------------------------------------------------------------------------------

/** Open invitations past their expiry become `expired` (so the username may be invited again). */
export async function expireInvitations(trx: Trx, organisationId: string, username: string): Promise<void> {
  await trx
    .updateTable('membership_invitations')
    .set({ status: 'expired' })
    .where('organisation_id', '=', organisationId)
    .where('username', '=', username)
    .where('status', 'in', ['pending', 'declined'])
    .where('expires_at', '<=', sql<Date>`now()`)
    .execute();
}

export function findOpenInvitation(trx: Trx, organisationId: string, username: string) {
  return trx
    .selectFrom('membership_invitations')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('username', '=', username)
    .where('status', 'in', ['pending', 'declined'])
    .forUpdate()
    .executeTakeFirst();
}

export function insertInvitation(
  trx: Trx,
  values: { organisation_id: string; username: string; role: MembershipRole; with_account: boolean; invited_by: string | null; days: number },
): Promise<InvitationRow> {
  const { days, ...row } = values;
  return trx
    .insertInto('membership_invitations')
    .values({ ...row, expires_at: sql<Date>`now() + make_interval(days => ${days})` })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The organisation's open invitations, as its admins see them: a declined one stays listed (as
 * pending) until it expires, so the list never tells an admin that a username exists.
 */
export function listOpenInvitations(db: Executor, organisationId: string): Promise<InvitationRow[]> {
  return db
    .selectFrom('membership_invitations')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('status', 'in', ['pending', 'declined'])
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('created_at', 'desc')
    .execute();
}

/** A person's pending invitations, with the organisations' names. */
export function listInvitationsOfUsername(db: Executor, username: string) {
  return db
    .selectFrom('membership_invitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
    .select(['i.id', 'i.organisation_id', 'i.role', 'i.created_at', 'i.expires_at', 'o.code as organisation_code', 'o.name_zh as organisation_name', 'o.type as organisation_type'])
    .where('i.username', '=', username)
    .where('i.status', '=', 'pending')
    .where('i.expires_at', '>', sql<Date>`now()`)
    .orderBy('i.created_at')
    .execute();
}
export type UserInvitationRow = Awaited<ReturnType<typeof listInvitationsOfUsername>>[number];

export function lockInvitation(trx: Trx, id: string) {
  return trx.selectFrom('membership_invitations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setInvitationStatus(trx: Trx, id: string, status: 'accepted' | 'declined' | 'revoked'): Promise<void> {
  await trx.updateTable('membership_invitations').set({ status, responded_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

/** The pending invitations that came with the user's account (accepted by its first login). */
export function lockAccountInvitations(trx: Trx, username: string) {
  return trx
    .selectFrom('membership_invitations')
    .selectAll()
    .where('username', '=', username)
    .where('with_account', '=', true)
    .where('status', '=', 'pending')
    .where('expires_at', '>', sql<Date>`now()`)
    .forUpdate()
    .execute();
}
