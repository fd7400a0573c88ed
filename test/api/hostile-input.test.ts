import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../helpers/app';
import { countRows, expectProblem } from '../helpers/fixtures';

/**
 * Requests a fuzzer sent that used to answer 500 or Fastify's own JSON: control characters in
 * any string, malformed URL encoding, over-long path parameters, integers past int4. Each must be
 * a problem+json 4xx naming the field where there is one, and write nothing.
 */
describe.each(backends)('hostile input (%s)', (kind) => {
  let t: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['platform'] });
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a NUL in a public path parameter, a query or a body field is a 400 naming it, never a 500', async () => {
    const pub = expectProblem(await t.anonymous().get('/api/v1/public/bulletins/%00'), 400, 'validation');
    expect(pub.errors).toEqual([{ field: 'params.ref', message: expect.stringMatching(/control characters/) as string }]);
    const query = expectProblem(await admin.get('/api/v1/organisations?q=a%00b'), 400, 'validation');
    expect(query.errors!.map((e) => e.field)).toEqual(['query.q']);
    const before = await countRows(t.db, 'organisations');
    const body = expectProblem(
      await admin.post('/api/v1/organisations', { code: 'NUL-ORG', nameZh: '空\u0000字', nameEn: 'Nul\u0007', type: 'utilizer', regionCode: '340000' }),
      400,
      'validation',
    );
    expect(body.errors!.map((e) => e.field).sort()).toEqual(['body.nameEn', 'body.nameZh']);
    expect(await countRows(t.db, 'organisations')).toBe(before);
  });

  it('line breaks and tabs stay allowed in bodies; nested fields and keys are named by their path', async () => {
    const nested = expectProblem(await admin.post('/api/v1/auth/switch', { organisationId: ['ok', 'bad\u0000'] }), 400, 'validation');
    expect(nested.errors!.map((e) => e.field)).toEqual(['body.organisationId.1']);
    const key = expectProblem(await admin.post('/api/v1/auth/switch', { 'a\u0000b': 1 }), 400, 'validation');
    expect(key.errors![0]!.field).toBe('body.a?b');
    // A multi-line value passes the guard (and is then judged by the route's own schema).
    const multiline = await admin.post('/api/v1/auth/switch', { organisationId: 'line one\nline two\ttabbed' });
    expect(multiline.statusCode).toBe(400);
    expect(multiline.body).not.toMatch(/control characters/);
  });

  it('bad URL encoding and over-long path parameters are problem+json, not Fastify JSON', async () => {
    const bad = await admin.get('/api/v1/organisations/%E0%A4%A');
    expectProblem(bad, 400, 'bad_request');
    const long = await admin.get(`/api/v1/organisations/${'a'.repeat(150)}`);
    expectProblem(long, 414, 'uri_too_long');
  });

  it('an integer path parameter past int4 is a 4xx, never a 500', async () => {
    const res = await admin.patch('/api/v1/supply/specs/2147483648', { name: '统货' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
