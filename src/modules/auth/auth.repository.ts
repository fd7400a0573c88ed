import { sql } from 'kysely';
import type { Executor, MembershipRole, OrganisationType } from '../../db/database';
import type { Actor } from '../../platform/actor';

export interface ActorRow {
  user_id: string | null;
  token_id: string | null;
  organisation_id: string;
  organisation_type: OrganisationType;
  region_code: string;
  park_id: string | null;
  role: MembershipRole;
}

export interface SessionLookup extends ActorRow {
  csrf_token: string;
  last_seen_at: Date;
  expires_at: Date;
  disabled: boolean;
}

/**
 * A session is only valid while the user is still a member of the organisation it acts for:
 * removing a membership takes effect on the next request, not at session expiry.
 */
export async function findSession(db: Executor, tokenHash: string): Promise<SessionLookup | undefined> {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 's.user_id').onRef('m.organisation_id', '=', 's.organisation_id'))
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select([
      's.user_id',
      sql<null>`null`.as('token_id'),
      's.organisation_id',
      'o.type as organisation_type',
      'o.region_code',
      'o.park_id',
      'm.role',
      's.csrf_token',
      's.last_seen_at',
      's.expires_at',
      'u.disabled',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchSession(db: Executor, tokenHash: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('token_hash', '=', tokenHash).execute();
}

export async function insertSession(
  db: Executor,
  values: {
    tokenHash: string;
    userId: string;
    organisationId: string;
    csrfToken: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: values.tokenHash,
      user_id: values.userId,
      organisation_id: values.organisationId,
      csrf_token: values.csrfToken,
      expires_at: values.expiresAt,
      ip: values.ip,
      user_agent: values.userAgent,
    })
    .execute();
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function setSessionOrganisation(db: Executor, tokenHash: string, organisationId: string): Promise<void> {
  await db.updateTable('sessions').set({ organisation_id: organisationId }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredSessions(db: Executor, idleHours: number): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<', sql<Date>`now()`),
        eb('last_seen_at', '<', sql<Date>`now() - make_interval(hours => ${idleHours})`),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function findTokenActor(db: Executor, tokenHash: string): Promise<(ActorRow & { last_used_at: Date | null; expires_at: Date | null }) | undefined> {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('organisations as o', 'o.id', 't.organisation_id')
    .select([
      sql<null>`null`.as('user_id'),
      't.id as token_id',
      't.organisation_id',
      'o.type as organisation_type',
      'o.region_code',
      'o.park_id',
      't.role',
      't.last_used_at',
      't.expires_at',
    ])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', sql<Date>`now()`)]))
    .executeTakeFirst();
}

export async function touchToken(db: Executor, tokenId: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: sql`now()` }).where('id', '=', tokenId).execute();
}

export function rowToActor(row: ActorRow, kind: Actor['kind']): Actor {
  return {
    kind,
    userId: row.user_id,
    tokenId: row.token_id,
    organisationId: row.organisation_id,
    organisationType: row.organisation_type,
    regionCode: row.region_code,
    parkId: row.park_id,
    role: row.role,
  };
}
