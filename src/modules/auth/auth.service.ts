import type { AppConfig } from '../../config';
import type { DB, Executor } from '../../db/database';
import type { Actor } from '../../platform/actor';
import { type ActorViewer, anonymousViewer, type ServiceContext } from '../../platform/viewer';
import { errors } from '../../platform/errors';
import { unusableHash, verifyPassword } from '../../platform/password';
import { consumeRateLimit, resetRateLimit } from '../../platform/rate-limit';
import { randomSecret, sha256 } from '../../platform/tokens';
import { findOrganisation } from '../organisations';
import { acceptAccountInvitations, findUserByUsername, findUserProfile, listMembershipsOfUser, type UserMembership } from '../users';
import { capabilitiesOf } from './auth.capabilities';
import { deleteSession, findSession, insertSession, rowToActor, setSessionOrganisation } from './auth.repository';
import type { LoginBody, MeResponse } from './auth.schema';

export interface NewSession {
  cookieValue: string;
  csrfToken: string;
  expiresAt: Date;
  userId: string;
  organisationId: string;
}

/**
 * Logs a user in. Failed attempts are counted per username and per client address in the
 * database; a successful login clears the username's counter. The same scrypt work is done for
 * unknown users so response time does not reveal which usernames exist.
 */
export async function login(
  db: DB,
  config: AppConfig,
  body: LoginBody,
  client: { ip: string; userAgent: string | null },
): Promise<NewSession> {
  const { maxPerUser, maxPerIp, windowSeconds } = config.loginRateLimit;
  const userKey = `login:user:${body.username}`;
  const ipLimit = await consumeRateLimit(db, `login:ip:${client.ip}`, maxPerIp, windowSeconds);
  if (!ipLimit.allowed) throw errors.rateLimited(ipLimit.retryAfterSeconds);
  const userLimit = await consumeRateLimit(db, userKey, maxPerUser, windowSeconds);
  if (!userLimit.allowed) throw errors.rateLimited(userLimit.retryAfterSeconds);

  const user = await findUserByUsername(db, body.username);
  const ok = await verifyPassword(body.password, user?.password_hash ?? unusableHash);
  if (!user || !ok || user.disabled) throw errors.invalidCredentials();
  // An account an organisation created comes with its invitation: using the account accepts it.
  await db.transaction().execute((trx) => acceptAccountInvitations(trx, { viewer: anonymousViewer, requestId: `login:${user.username}` }, user));

  const memberships = await listMembershipsOfUser(db, user.id);
  const chosen = body.organisationId ? memberships.find((m) => m.organisation_id === body.organisationId) : memberships[0];
  if (!chosen) {
    throw body.organisationId
      ? errors.forbidden('You are not a member of that organisation.')
      : errors.forbidden('Your account belongs to no organisation yet. Ask an administrator to add you.');
  }
  await resetRateLimit(db, userKey);

  const cookieValue = randomSecret();
  const csrfToken = randomSecret(24);
  const expiresAt = new Date(Date.now() + config.sessionMaxDays * 86_400_000);
  await insertSession(db, {
    tokenHash: sha256(cookieValue),
    userId: user.id,
    organisationId: chosen.organisation_id,
    csrfToken,
    expiresAt,
    ip: client.ip,
    userAgent: client.userAgent?.slice(0, 300) ?? null,
  });
  return { cookieValue, csrfToken, expiresAt, userId: user.id, organisationId: chosen.organisation_id };
}

export async function logout(db: Executor, sessionHash: string): Promise<void> {
  await deleteSession(db, sessionHash);
}

/** Acts for another of the user's organisations from now on; answers the new `/auth/me`. */
export async function switchOrganisation(db: Executor, ctx: ServiceContext & { viewer: ActorViewer }, sessionHash: string | null, organisationId: string): Promise<MeResponse> {
  const actor = ctx.viewer.actor;
  if (!sessionHash || !actor.userId) throw errors.forbidden('API tokens are bound to one organisation.');
  const memberships = await listMembershipsOfUser(db, actor.userId);
  if (!memberships.some((m) => m.organisation_id === organisationId)) {
    throw errors.forbidden('You are not a member of that organisation.');
  }
  await setSessionOrganisation(db, sessionHash, organisationId);
  return describeSession(db, sessionHash);
}

function membershipView(m: UserMembership) {
  return {
    organisationId: m.organisation_id,
    organisationCode: m.organisation_code,
    organisationNameZh: m.organisation_name_zh,
    organisationNameEn: m.organisation_name_en,
    organisationType: m.organisation_type,
    role: m.role,
  };
}

async function describeActor(db: Executor, actor: Actor, csrfToken: string | null): Promise<MeResponse> {
  const org = await findOrganisation(db, actor.organisationId);
  if (!org) throw new Error(`the acting organisation ${actor.organisationId} vanished`);
  const actingAs = {
    organisationId: org.id,
    organisationCode: org.code,
    organisationNameZh: org.name_zh,
    organisationNameEn: org.name_en,
    organisationType: org.type,
    role: actor.role,
    regionCode: org.region_code,
    parkId: org.park_id,
  };
  const capabilities = capabilitiesOf(actor);
  if (!actor.userId) {
    return { user: null, actingAs, memberships: [], via: 'token', csrfToken: null, capabilities };
  }
  const user = await findUserProfile(db, actor.userId);
  const memberships = await listMembershipsOfUser(db, actor.userId);
  return {
    user: { id: user.id, username: user.username, displayName: user.display_name, locale: user.locale },
    actingAs,
    memberships: memberships.map(membershipView),
    via: 'session',
    csrfToken,
    capabilities,
  };
}

/** The logged-in session as `/auth/me` shows it (after login or a switch). */
export async function describeSession(db: Executor, sessionHash: string): Promise<MeResponse> {
  const row = await findSession(db, sessionHash);
  if (!row) throw new Error('the session vanished right after it was written');
  return describeActor(db, rowToActor(row, 'user'), row.csrf_token);
}

/** Who the caller is; the CSRF token only for a session (tokens need none). */
export async function whoAmI(db: Executor, ctx: ServiceContext & { viewer: ActorViewer }, sessionHash: string | null): Promise<MeResponse> {
  const csrf = sessionHash ? ((await findSession(db, sessionHash))?.csrf_token ?? null) : null;
  return describeActor(db, ctx.viewer.actor, csrf);
}
