import { Writable } from 'node:stream';
import Fastify, { type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownMigrations } from '../../src/db/migrate';
import { modules } from '../../src/modules/index';
import { type AppInstance, type BuildAppOptions, buildApp } from '../../src/server/app';
import { version } from '../../src/version';
import { backends, createTestDatabase, testConfig, type TestDatabase } from '../helpers/app';
import { expectProblem, problemOf } from '../helpers/fixtures';

/**
 * The server's contract with every client: problem+json errors that leak nothing, health,
 * OpenAPI, security headers. The app is built here (not through createTestApp) so a test route
 * that throws can be added before `ready()`, and the log can be read.
 */
const BODY_LIMIT = 8 * 1024;
const SECRET = 'password=hunter2 at /srv/secret/path';

describe.each(backends)('server contract (%s)', (kind) => {
  let database: TestDatabase;
  let app: AppInstance;
  let cookie: string;
  let csrf: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind, { demo: ['platform'] });
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    app = await buildApp({
      db: database.db,
      dbKind: kind,
      config: testConfig({ bodyLimitBytes: BODY_LIMIT }),
      // pino accepts a destination stream; the option type only lists what serve.ts uses.
      logger: { level: 'error', stream } as unknown as BuildAppOptions['logger'],
      webDist: null,
    });
    app.get('/api/v1/test/boom', { schema: { hide: true } }, () => {
      throw new Error(SECRET);
    });
    await app.ready();
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'herbloop-demo' } });
    cookie = `herbloop_session=${res.cookies.find((c) => c.name === 'herbloop_session')!.value}`;
    csrf = res.json<{ csrfToken: string }>().csrfToken;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const post = (url: string, payload: string | object, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, headers: { cookie, 'x-csrf-token': csrf, ...headers }, payload });

  describe('errors are application/problem+json', () => {
    it('validation errors name each offending field', async () => {
      const res = await post('/api/v1/organisations', { code: 'bad code!', nameZh: '', type: 'bakery', regionCode: '34' });
      const problem = expectProblem(res, 400, 'validation');
      const fields = problem.errors!.map((e) => e.field).sort();
      expect(fields).toEqual(['body.code', 'body.nameEn', 'body.nameZh', 'body.regionCode', 'body.type']);
      expect(problem.errors!.every((e) => e.message.length > 0)).toBe(true);
      expect(problem).toMatchObject({ type: 'https://herbloop.org/problems/validation', title: 'Bad Request', instance: '/api/v1/organisations' });
      expect(problem.requestId).toBe(res.headers['x-request-id']);

      const query = expectProblem(await app.inject({ method: 'GET', url: '/api/v1/organisations?limit=abc', headers: { cookie } }), 400, 'validation');
      expect(query.errors!.map((e) => e.field)).toEqual(['query.limit']);
      const params = expectProblem(await app.inject({ method: 'GET', url: '/api/v1/organisations/not-a-uuid', headers: { cookie } }), 400, 'validation');
      expect(params.errors!.map((e) => e.field)).toEqual(['params.id']);
      // Nested fields use dots.
      const siteOrg = (await database.db.selectFrom('organisations').select('id').where('code', '=', 'HERBLOOP').executeTakeFirstOrThrow()).id;
      const site = expectProblem(await post(`/api/v1/organisations/${siteOrg}/sites`, { name: 'x', address: 'y', latitude: 91, longitude: 'east' }), 400, 'validation');
      expect(site.errors!.map((e) => e.field).sort()).toEqual(['body.latitude', 'body.longitude']);
    });

    it('service-level validation also names the field', async () => {
      const res = await post('/api/v1/organisations', { code: 'NEW-ORG', nameZh: '新', nameEn: 'New', type: 'utilizer', regionCode: '999999' });
      expect(expectProblem(res, 400, 'validation').errors).toEqual([{ field: 'regionCode', message: 'unknown region 999999' }]);
    });

    it('unknown routes are a 404 problem', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing?x=1' });
      const problem = expectProblem(res, 404, 'not_found');
      expect(problem.detail).toContain('/api/v1/no-such-thing');
      expectProblem(await app.inject({ method: 'DELETE', url: '/api/v1/organisations' }), 404, 'not_found');
    });

    it('malformed JSON is a 400, another media type a 415, an oversized body a 413', async () => {
      expectProblem(await post('/api/v1/auth/switch', '{"organisationId": ', { 'content-type': 'application/json' }), 400, 'bad_request');
      expectProblem(await post('/api/v1/auth/switch', '<organisationId/>', { 'content-type': 'application/xml' }), 415, 'unsupported_media_type');
      const big = { username: 'admin', password: 'x'.repeat(BODY_LIMIT) };
      expectProblem(await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: big }), 413, 'payload_too_large');
    });

    it('an unexpected error is a generic 500 that leaks nothing, logged with the request id', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/test/boom' });
      const problem = expectProblem(res, 500, 'internal');
      expect(problem.requestId).toBe(res.headers['x-request-id']);
      expect(problem.detail).toContain(problem.requestId);
      expect(Object.keys(problem).sort()).toEqual(['code', 'detail', 'instance', 'requestId', 'status', 'title', 'type']);
      expect(res.body).not.toContain('hunter2');
      expect(res.body).not.toContain('/srv/');
      expect(res.body).not.toMatch(/at .*\.ts:\d+/);
      const logged = logLines.map((l) => JSON.parse(l) as { reqId?: string; err?: { message?: string } }).find((l) => l.reqId === problem.requestId);
      expect(logged?.err?.message).toBe(SECRET);
    });

    it('a database error is a generic 500 too', async () => {
      await sql`alter table parks rename to parks_moved`.execute(database.db);
      try {
        const res = await app.inject({ method: 'GET', url: '/api/v1/parks' });
        expectProblem(res, 500, 'internal');
        expect(res.body).not.toMatch(/parks_moved|relation|does not exist|select/i);
      } finally {
        await sql`alter table parks_moved rename to parks`.execute(database.db);
      }
      expect((await app.inject({ method: 'GET', url: '/api/v1/parks' })).statusCode).toBe(200);
    });

    it('unauthenticated and forbidden are problems as well', async () => {
      expectProblem(await app.inject({ method: 'GET', url: '/api/v1/auth/me' }), 401, 'unauthenticated');
      const res = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: 'herbloop_session=forged' } });
      expect(problemOf(res).code).toBe('session_expired');
    });
  });

  describe('security baseline', () => {
    it('sends security headers and no CORS headers', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/health', headers: { origin: 'https://evil.example' } });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBeDefined();
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await app.inject({ method: 'OPTIONS', url: '/api/v1/organisations', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('health and OpenAPI', () => {
    it('GET /api/health reports the database kind, version and migrations', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(200);
      const known = knownMigrations();
      expect(res.json()).toEqual({
        status: 'ok',
        db: kind,
        version,
        migrations: { applied: known.length, known: known.length, latest: known.at(-1), pending: [] },
      });
    });

    it('reports 503 degraded while a migration is pending', async () => {
      const latest = knownMigrations().at(-1)!;
      const row = await database.db.transaction().execute(async (trx) => {
        const saved = await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration where name = ${latest}`.execute(trx);
        await sql`delete from kysely_migration where name = ${latest}`.execute(trx);
        return saved.rows[0]!;
      });
      try {
        const res = await app.inject({ method: 'GET', url: '/api/health' });
        expect(res.statusCode).toBe(503);
        expect(res.json()).toMatchObject({ status: 'degraded', migrations: { pending: [latest] } });
      } finally {
        await sql`insert into kysely_migration (name, timestamp) values (${row.name}, ${row.timestamp})`.execute(database.db);
      }
    });

    it('serves OpenAPI 3.1 that documents every /api/v1 route', async () => {
      // Collect the routes the modules register, as the server registers them.
      const routes: RouteOptions[] = [];
      const bare = Fastify().withTypeProvider<ZodTypeProvider>();
      bare.setValidatorCompiler(validatorCompiler);
      bare.setSerializerCompiler(serializerCompiler);
      bare.decorate('config', testConfig());
      bare.decorate('db', database.db);
      bare.decorate('dbKind', kind);
      bare.addHook('onRoute', (route) => {
        routes.push(route);
      });
      for (const register of modules) await bare.register(register);
      await bare.ready();
      await bare.close();

      const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json<{ openapi: string; info: { version: string }; paths: Record<string, Record<string, { responses?: object }>> }>();
      expect(doc.openapi).toMatch(/^3\.1\./);
      expect(doc.info.version).toBe(version);
      const missing: string[] = [];
      const v1 = routes.filter((r) => r.url.startsWith('/api/v1/'));
      expect(v1.length).toBeGreaterThanOrEqual(15);
      for (const route of v1) {
        const path = route.url.replace(/:(\w+)/g, '{$1}');
        for (const method of [route.method].flat()) {
          if (method === 'HEAD') continue;
          if (!doc.paths[path]?.[method.toLowerCase()]?.responses) missing.push(`${method} ${route.url}`);
        }
      }
      expect(missing).toEqual([]);
      expect((await app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBeLessThan(400);
    });
  });
});
