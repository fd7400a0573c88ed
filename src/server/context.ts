import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../platform/actor';
import { errors } from '../platform/errors';
import { cachedToken, cacheToken, updateCachedToken } from '../platform/token-cache';
import { API_TOKEN_PREFIX, safeEqual, sha256 } from '../platform/tokens';
import { actorViewer, anonymousViewer, type ActorViewer, type RequestViewer, type ServiceContext } from '../platform/viewer';
import { findSession, findTokenActor, rowToActor, touchSession, touchToken } from '../modules/auth/auth.repository';

export const SESSION_COOKIE = 'herbloop_session';
export const CSRF_COOKIE = 'herbloop_csrf';
const CSRF_HEADER = 'x-csrf-token';

/** Writing last-seen on every request would turn every read into a write; once a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** Hash of the session cookie when the request is authenticated by a session. */
    sessionHash: string | null;
    /** A session cookie was sent but it is expired or unknown: answers say "log in again". */
    sessionExpired: boolean;
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type TokenActorRow = NonNullable<Awaited<ReturnType<typeof findTokenActor>>>;

/** The token's row from the database, kept a moment for the next requests (platform/token-cache.ts says how revocation still wins). */
async function lookUpToken(app: FastifyInstance, hash: string): Promise<TokenActorRow | undefined> {
  const started = Date.now();
  const row = await findTokenActor(app.db, hash);
  if (row) cacheToken(app.db, hash, { id: row.token_id!, expiresAt: row.expires_at, value: row }, started);
  return row;
}

export function registerRequestContext(app: FastifyInstance): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionHash', null);
  app.decorateRequest('sessionExpired', false);

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    if (!request.url.startsWith('/api/')) return;

    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match?.[1]?.startsWith(API_TOKEN_PREFIX)) throw errors.unauthenticated('Malformed Authorization header: expected "Bearer hlp_…".');
      const hash = sha256(match[1]);
      const row = cachedToken<TokenActorRow>(app.db, hash) ?? (await lookUpToken(app, hash));
      if (!row) throw errors.unauthenticated('The API token is unknown, revoked or expired.');
      if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > TOUCH_INTERVAL_MS) {
        await touchToken(app.db, row.token_id!);
        const touched = new Date();
        updateCachedToken<TokenActorRow>(app.db, hash, (r) => ({ ...r, last_used_at: touched }));
      }
      request.actor = rowToActor(row, 'token');
      // Bearer tokens are not sent by browsers on their own, so CSRF does not apply.
      return;
    }

    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const hash = sha256(cookie);
    const row = await findSession(app.db, hash);
    const idleMs = app.config.sessionIdleHours * 3_600_000;
    const now = Date.now();
    if (!row || row.disabled || row.expires_at.getTime() <= now || now - row.last_seen_at.getTime() > idleMs) {
      request.sessionExpired = true;
      return;
    }
    if (unsafeMethods.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, row.csrf_token)) throw errors.csrf();
    }
    if (now - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) await touchSession(app.db, hash);
    request.actor = rowToActor(row, 'user');
    request.sessionHash = hash;
  });
}

export function requireActor(request: FastifyRequest): Actor {
  if (request.actor) return request.actor;
  throw request.sessionExpired ? errors.sessionExpired() : errors.unauthenticated();
}

/** Who sent the request: never the system viewer (that one exists only outside HTTP). */
export function viewerOf(request: FastifyRequest): RequestViewer {
  return request.actor ? actorViewer(request.actor) : anonymousViewer;
}

/** A logged-in caller's service context; 401 without a session or token. */
export function serviceContext(request: FastifyRequest): ServiceContext & { viewer: ActorViewer } {
  return { viewer: actorViewer(requireActor(request)), requestId: request.id };
}

/** The service context of a route that also answers anonymous callers (public data). */
export function publicContext(request: FastifyRequest): ServiceContext & { viewer: RequestViewer } {
  return { viewer: viewerOf(request), requestId: request.id };
}
