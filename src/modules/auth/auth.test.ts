import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp } from '../../../test/helpers/app';
import { expectProblem, makeMember, orgId, unique } from '../../../test/helpers/fixtures';
import { TOKEN_CACHE_MS } from '../../platform/token-cache';
import { sha256 } from '../../platform/tokens';
import type { MeResponse } from './auth.schema';

const DAY = 86_400_000;

describe.each(backends)('auth (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    // Low limits so the rate-limit test needs few attempts; a window of ~115 days never rolls over mid-test.
    t = await createTestApp({ kind, config: { loginRateLimit: { maxPerUser: 3, maxPerIp: 1000, windowSeconds: 10_000_000 } } });
  });
  afterAll(() => t.close());

  const login = (username: string, password: string, extra: Record<string, unknown> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password, ...extra } });

  describe('login', () => {
    it('sets an HttpOnly SameSite session cookie and returns who I am with a CSRF token', async () => {
      const res = await login('huatuo', 'herbloop-demo');
      expect(res.statusCode).toBe(200);
      const session = res.cookies.find((c) => c.name === 'herbloop_session')!;
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(session.expires!.getTime()).toBeGreaterThan(Date.now() + 6 * DAY);
      const me = res.json<MeResponse>();
      expect(me).toMatchObject({ user: { username: 'huatuo' }, actingAs: { organisationCode: 'BZ-MFR-HUATUO', role: 'admin' }, via: 'session' });
      expect(me.csrfToken).toMatch(/^[\w-]{20,}$/);
      // Only the hash of the cookie is stored.
      const stored = await t.db.selectFrom('sessions').select('token_hash').execute();
      expect(stored.map((s) => s.token_hash)).toContain(sha256(session.value));
      expect(stored.map((s) => s.token_hash)).not.toContain(session.value);
      // Usernames are case-insensitive.
      expect((await login('  HUATUO ', 'herbloop-demo')).statusCode).toBe(200);
    });

    it('answers a wrong password and an unknown user with the same 401', async () => {
      const wrong = expectProblem(await login('shaodu', 'not-the-password'), 401, 'invalid_credentials');
      const unknown = expectProblem(await login('nobody-here', 'not-the-password'), 401, 'invalid_credentials');
      expect(unknown.detail).toBe(wrong.detail);
      expect(unknown.title).toBe(wrong.title);
    });

    it('refuses disabled users', async () => {
      await t.db.updateTable('users').set({ disabled: true }).where('username', '=', 'guohe').execute();
      expectProblem(await login('guohe', 'herbloop-demo'), 401, 'invalid_credentials');
    });

    it('rate-limits failed attempts per user with 429 and Retry-After; other users are not affected', async () => {
      for (let i = 0; i < 3; i++) expectProblem(await login('yaodu', `wrong-${i}`), 401, 'invalid_credentials');
      const limited = await login('yaodu', 'herbloop-demo');
      const problem = expectProblem(limited, 429, 'rate_limited');
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(problem.retryAfter).toBe(retryAfter);
      // The right password does not get through while limited.
      expect((await login('yaodu', 'herbloop-demo')).statusCode).toBe(429);
      expect((await login('jiuzhou', 'herbloop-demo')).statusCode).toBe(200);
    });

    it('a successful login clears the failure count', async () => {
      for (let i = 0; i < 2; i++) await login('kangyang', 'wrong-password');
      expect((await login('kangyang', 'herbloop-demo')).statusCode).toBe(200);
      for (let i = 0; i < 2; i++) expect((await login('kangyang', 'wrong-password')).statusCode).toBe(401);
      expect((await login('kangyang', 'herbloop-demo')).statusCode).toBe(200);
    });

  });

  describe('sessions', () => {
    it('logout ends the session on the server, not just in the browser', async () => {
      const c = await t.login('lvyuan');
      expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
      const out = await c.post('/api/v1/auth/logout');
      expect(out.statusCode).toBe(204);
      expect(out.cookies.find((x) => x.name === 'herbloop_session')?.value).toBe('');
      expectProblem(await c.get('/api/v1/auth/me'), 401, 'session_expired');
      expect(await t.db.selectFrom('sessions').select('token_hash').where('token_hash', '=', sha256(c.cookie!.split('=')[1]!)).execute()).toEqual([]);
    });

    it('expires after the idle time and after the absolute lifetime', async () => {
      const idle = await t.login('junxiang');
      const absolute = await t.login('fengmu');
      const hashOf = (cookie: string | null) => sha256(cookie!.split('=')[1]!);
      expect((await idle.get('/api/v1/auth/me')).statusCode).toBe(200);
      // 12 h idle by default: last seen 13 h ago is over.
      await t.db
        .updateTable('sessions')
        .set({ last_seen_at: sql`now() - interval '13 hours'` })
        .where('token_hash', '=', hashOf(idle.cookie))
        .execute();
      expectProblem(await idle.get('/api/v1/auth/me'), 401, 'session_expired');
      // Seen a moment ago, but past expires_at (7 days after login).
      await t.db
        .updateTable('sessions')
        .set({ expires_at: sql`now() - interval '1 second'` })
        .where('token_hash', '=', hashOf(absolute.cookie))
        .execute();
      expectProblem(await absolute.get('/api/v1/auth/me'), 401, 'session_expired');
      // A write with an expired session is refused too (and not as a CSRF failure).
      expectProblem(await absolute.post('/api/v1/auth/switch', { organisationId: await orgId(t.db, 'BZ-UTL-FENGMU') }), 401, 'session_expired');
    });

    it('keeps an active session alive: last_seen_at moves forward on use', async () => {
      const c = await t.login('senda');
      const hash = sha256(c.cookie!.split('=')[1]!);
      await t.db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '11 hours'` }).where('token_hash', '=', hash).execute();
      expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
      const row = await t.db.selectFrom('sessions').select('last_seen_at').where('token_hash', '=', hash).executeTakeFirstOrThrow();
      expect(Date.now() - row.last_seen_at.getTime()).toBeLessThan(60_000);
    });

    it('requires the CSRF token on unsafe methods with a session cookie', async () => {
      const c = await t.login('zhaoneng');
      const org = await orgId(t.db, 'BZ-UTL-ZHAONENG');
      const patch = (headers: Record<string, string>) =>
        t.app.inject({ method: 'PATCH', url: `/api/v1/organisations/${org}`, headers: { cookie: c.cookie!, ...headers }, payload: { contactPhone: '0558-1' } });
      expectProblem(await patch({}), 403, 'csrf_failed');
      expectProblem(await patch({ 'x-csrf-token': 'wrong' }), 403, 'csrf_failed');
      // Another session's token is not this session's token.
      const other = await t.login('benyuan');
      expectProblem(await patch({ 'x-csrf-token': other.csrf! }), 403, 'csrf_failed');
      expect((await patch({ 'x-csrf-token': c.csrf! })).statusCode).toBe(200);
      // Logout is a state change too.
      expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: c.cookie! } }), 403, 'csrf_failed');
      // Safe methods need no token.
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: c.cookie! } })).statusCode).toBe(200);
    });

    it('switches between the organisations of a user who has two', async () => {
      const c = await t.login('consultant');
      const me = (await c.get('/api/v1/auth/me')).json<MeResponse>();
      expect(me.memberships.map((m) => m.organisationCode).sort()).toEqual(['BZ-SVC-JIANCE', 'BZ-SVC-QINGYUAN']);
      const other = me.memberships.find((m) => m.organisationId !== me.actingAs.organisationId)!;
      const switched = await c.post('/api/v1/auth/switch', { organisationId: other.organisationId });
      expect(switched.statusCode).toBe(200);
      expect(switched.json<MeResponse>().actingAs.organisationId).toBe(other.organisationId);
      expect((await c.get('/api/v1/auth/me')).json<MeResponse>().actingAs.organisationCode).toBe(other.organisationCode);
      // Not a member: refused, and the session still acts for the same organisation.
      expectProblem(await c.post('/api/v1/auth/switch', { organisationId: await orgId(t.db, 'HERBLOOP') }), 403, 'forbidden');
      expect((await c.get('/api/v1/auth/me')).json<MeResponse>().actingAs.organisationId).toBe(other.organisationId);
      // Logging in straight into a chosen organisation.
      const direct = await login('consultant', 'herbloop-demo', { organisationId: other.organisationId });
      expect(direct.json<MeResponse>().actingAs.organisationId).toBe(other.organisationId);
      expectProblem(await login('consultant', 'herbloop-demo', { organisationId: await orgId(t.db, 'HERBLOOP') }), 403, 'forbidden');
    });

    it('a removed membership ends the access of sessions acting for that organisation', async () => {
      const org = await orgId(t.db, 'BZ-TRN-SHUNAN');
      const member = await makeMember(t.db, org, 'member');
      const c = await t.login(member.username, 'fixture-password-1');
      expect((await c.get(`/api/v1/organisations/${org}/members`)).statusCode).toBe(200);
      const admin = await t.login('shunan');
      expect((await admin.delete(`/api/v1/organisations/${org}/members/${member.userId}`)).statusCode).toBe(204);
      expectProblem(await c.get(`/api/v1/organisations/${org}/members`), 401, 'session_expired');
      // With no organisation left, logging in again is refused.
      expectProblem(await login(member.username, 'fixture-password-1'), 403, 'forbidden');
    });
  });

  describe('API tokens', () => {
    it('are shown once, stored hashed, work as Bearer, and stop working when revoked', async () => {
      const admin = await t.login('lvyun');
      const org = await orgId(t.db, 'BZ-TRN-LVYUN');
      const created = await admin.post(`/api/v1/organisations/${org}/tokens`, { name: 'ERP connector' });
      expect(created.statusCode).toBe(201);
      const view = created.json<{ id: string; token: string; prefix: string; role: string; expiresAt: string }>();
      expect(view.token).toMatch(new RegExp(`^hlp_${view.prefix}_[\\w-]{40,}$`));
      expect(view.role).toBe('member');
      expect(new Date(view.expiresAt).getTime()).toBeGreaterThan(Date.now() + 360 * DAY);

      // The database holds the hash only: the secret appears in no column of any token row.
      const rows = await sql<{ j: string }>`select row_to_json(t)::text as j from api_tokens t`.execute(t.db);
      expect(rows.rows.some((r) => r.j.includes(sha256(view.token)))).toBe(true);
      expect(rows.rows.some((r) => r.j.includes(view.token.slice(13)))).toBe(false);
      // Lists never show it again.
      const list = await admin.get(`/api/v1/organisations/${org}/tokens`);
      expect(list.body).not.toContain(view.token);
      expect(list.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(view.id);

      const machine = t.anonymous({ authorization: `Bearer ${view.token}` });
      const me = await machine.get('/api/v1/auth/me');
      expect(me.json<MeResponse>()).toMatchObject({ user: null, via: 'token', csrfToken: null, actingAs: { organisationId: org, role: 'member' } });
      // No CSRF token is needed with a Bearer token (browsers never send it by themselves)…
      // …but machines never mint machines or manage people.
      expectProblem(await machine.post(`/api/v1/organisations/${org}/tokens`, { name: 'child' }), 403, 'forbidden');
      expectProblem(await machine.post(`/api/v1/organisations/${org}/members`, { username: unique('m-'), displayName: 'X', password: 'fixture-password-1', role: 'admin' }), 403, 'forbidden');
      expectProblem(await machine.get(`/api/v1/organisations/${org}/members`), 403, 'forbidden');
      expectProblem(await machine.delete(`/api/v1/tokens/${view.id}`), 403, 'forbidden');
      expectProblem(await machine.post('/api/v1/auth/switch', { organisationId: org }), 403, 'forbidden');
      const used = await t.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', view.id).executeTakeFirstOrThrow();
      expect(used.last_used_at).not.toBeNull();

      expect((await admin.delete(`/api/v1/tokens/${view.id}`)).statusCode).toBe(200);
      expectProblem(await machine.get('/api/v1/auth/me'), 401, 'unauthenticated');
    });

    it('refuses malformed, unknown and expired tokens', async () => {
      const org = await orgId(t.db, 'BZ-TRN-LVYUN');
      const admin = await t.login('lvyun');
      const view = (await admin.post(`/api/v1/organisations/${org}/tokens`, { name: 'short-lived', role: 'reader', expiresInDays: 1 })).json<{ id: string; token: string }>();
      const machine = t.anonymous({ authorization: `Bearer ${view.token}` });
      expect((await machine.get('/api/v1/auth/me')).statusCode).toBe(200);
      await t.db.updateTable('api_tokens').set({ expires_at: sql`now() - interval '1 second'` }).where('id', '=', view.id).execute();
      // Expired behind this process's back (as by another process): refused within the cache's half second.
      await new Promise((r) => setTimeout(r, TOKEN_CACHE_MS));
      expectProblem(await machine.get('/api/v1/auth/me'), 401, 'unauthenticated');
      expectProblem(await t.anonymous({ authorization: 'Bearer hlp_unknown_token' }).get('/api/v1/auth/me'), 401, 'unauthenticated');
      expectProblem(await t.anonymous({ authorization: 'Basic dXNlcjpwYXNz' }).get('/api/v1/auth/me'), 401, 'unauthenticated');
      // A bad token is refused even where no login is needed: a caller must know its credentials fail.
      expectProblem(await t.anonymous({ authorization: 'Bearer hlp_unknown_token' }).get('/api/v1/regions'), 401, 'unauthenticated');
    });

    it('token creation is rate-limited per user', async () => {
      const org = await orgId(t.db, 'BZ-MFR-DANSHEN');
      const admin = await t.login('danshen');
      await t.db
        .insertInto('rate_limits')
        .values({ key: `token:create:${(await admin.get('/api/v1/auth/me')).json<MeResponse>().user!.id}`, window_start: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000), count: 20 })
        .execute();
      const res = await admin.post(`/api/v1/organisations/${org}/tokens`, { name: 'one too many' });
      expectProblem(res, 429, 'rate_limited');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });
  });
});

describe.each(backends)('login rate limit per client address (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ kind, demo: false, config: { loginRateLimit: { maxPerUser: 100, maxPerIp: 2, windowSeconds: 10_000_000 } } });
  });
  afterAll(() => t.close());

  it('counts every attempt from one address, whatever the username', async () => {
    const attempt = (username: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'whatever-pass' } });
    expect((await attempt('a1')).statusCode).toBe(401);
    expect((await attempt('a2')).statusCode).toBe(401);
    expectProblem(await attempt('a3'), 429, 'rate_limited');
  });
});
