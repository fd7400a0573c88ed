import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { publicContext, serviceContext, viewerOf } from '../../src/server/context';
import type { ActorViewer, RequestViewer, SystemViewer } from '../../src/platform/viewer';
import { backends, createTestApp, type TestApp } from '../helpers/app';

/**
 * A public route (one that answers without a session) must never act with the system viewer,
 * which sees everything. Three guards: the types (a request's viewer cannot be the system one),
 * the lint rule (no system context in route files or src/server, see eslint.config.js), and this
 * walk over every public route of the OpenAPI document, asking anonymously.
 */
describe('the request viewer is never the system viewer (types)', () => {
  it('viewerOf, publicContext and serviceContext exclude the system viewer', () => {
    expectTypeOf<ReturnType<typeof viewerOf>>().toEqualTypeOf<RequestViewer>();
    expectTypeOf<ReturnType<typeof publicContext>['viewer']>().toEqualTypeOf<RequestViewer>();
    expectTypeOf<ReturnType<typeof serviceContext>['viewer']>().toEqualTypeOf<ActorViewer>();
    expectTypeOf<SystemViewer>().not.toExtend<RequestViewer>();
  });
});

describe.each(backends)('public routes answer anonymous callers with public fields only (%s)', (kind) => {
  let t: TestApp;
  let organisationId: string;
  let confidentialValues: string[];
  beforeAll(async () => {
    t = await createTestApp({ kind });
    const orgs = await t.db.selectFrom('organisations').select(['id', 'contact_phone', 'credit_code']).orderBy('code').execute();
    organisationId = orgs[0]!.id;
    const sites = await t.db.selectFrom('sites').select('address').execute();
    const users = await t.db.selectFrom('users').select(['email', 'password_hash']).execute();
    confidentialValues = [
      ...orgs.flatMap((o) => [o.contact_phone, o.credit_code]),
      ...sites.map((s) => s.address),
      ...users.flatMap((u) => [u.email, u.password_hash]),
    ].filter((v): v is string => typeof v === 'string' && v.length >= 6);
  });
  afterAll(() => t.close());

  it('walks every GET route of the OpenAPI document and finds no confidential field in a public answer', async () => {
    const doc = (await t.anonymous().get('/api/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const publicPaths: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!('get' in methods)) continue;
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      // Only `{id}` can be filled with something real here (an organisation); other parameters
      // name things the platform demo step does not create.
      if (params.some((p) => p !== 'id')) continue;
      const url = path.replace('{id}', organisationId);
      const res = await t.anonymous().get(url);
      if (res.statusCode !== 200) continue;
      publicPaths.push(path);
      expect(res.body, url).not.toMatch(/"(contactPhone|creditCode|passwordHash|password_hash)"/);
      for (const value of confidentialValues) expect(res.body.includes(value), `${url} shows a confidential value`).toBe(false);
    }
    expect(publicPaths).toEqual(expect.arrayContaining(['/api/v1/organisations', '/api/v1/organisations/{id}', '/api/v1/parks', '/api/v1/regions']));
  });

  it('the public organisation directory does not include contact_phone', async () => {
    const res = await t.anonymous().get('/api/v1/organisations?limit=500');
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Record<string, unknown>[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item).not.toHaveProperty('contactPhone');
      expect(item).not.toHaveProperty('creditCode');
    }
  });
});
