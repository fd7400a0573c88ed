import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp } from '../helpers/app';
import { type FuzzRequest, type JsonSchema, type OperationParameter, type Pools, jsonOf, requestArb, surfaceOf, urlOf, validRequestArb } from '../helpers/openapi-fuzz';

/**
 * Schema-driven fuzzing of every operation in the OpenAPI document the server serves, against
 * the full demo data, anonymously and as the platform admin with a session and CSRF token.
 * Requests are realistic except at one place that carries a hostile value (see
 * test/helpers/openapi-fuzz.ts). Bounded and seeded: the same requests on every run. Every
 * answer must be below 500, and every 4xx must be application/problem+json.
 */
const SEED = 20_261_202;
/**
 * Requests per operation and viewer, at most: the admin's reach the services, the anonymous ones
 * mostly the policies. An operation with little to vary (no parameters, no body) gets fewer.
 */
const CASES = { admin: 12, anonymous: 4 } as const;
function casesFor(op: Operation, viewer: keyof typeof CASES): number {
  const surface = surfaceOf(op.parameters, op.body, op.upload);
  return Math.min(CASES[viewer], viewer === 'admin' ? 2 + 3 * surface : 1 + surface);
}

interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  template: string;
  parameters: OperationParameter[];
  body: JsonSchema | undefined;
  /** A POST or PUT without a JSON body: a CSV/.xlsx import. */
  upload: boolean;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: OperationParameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
}

function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const upper = method.toUpperCase() as Operation['method'];
      const body = op.requestBody?.content?.['application/json']?.schema;
      ops.push({ method: upper, template, parameters: op.parameters ?? [], body, upload: !body && (upper === 'POST' || upper === 'PUT') && /import/.test(template) });
    }
  }
  // Reads first, deletions and the session's own routes last, so the admin keeps what the
  // later operations need for as long as possible.
  const rank = (op: Operation) => (op.template.startsWith('/api/v1/auth/') ? 3 : op.method === 'DELETE' ? 2 : op.method === 'GET' ? 0 : 1);
  return ops.sort((a, b) => rank(a) - rank(b));
}

const KEYS_FOR_PATH = ['code', 'ref', 'number', 'id', 'userId', 'name'];

/** Every scalar in a JSON answer, by key; every UUID also under `id`. */
function harvest(value: unknown, into: Map<string, Set<string | number>>, key = ''): void {
  if (Array.isArray(value)) {
    for (const item of value.slice(0, 30)) harvest(item, into, key);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) harvest(v, into, k);
    return;
  }
  if ((typeof value === 'string' && value.length > 0 && value.length <= 100) || typeof value === 'number') {
    const add = (k: string) => {
      const set = into.get(k) ?? new Set();
      if (set.size < 8) set.add(value);
      into.set(k, set);
    };
    if (key) add(key);
    if (typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)) add('id');
  }
}

const DEADLINE_MS = 30_000;
async function withDeadline<T>(promise: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), DEADLINE_MS);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h & 0xfffff;
}

function toPools(map: Map<string, Set<string | number>>): Map<string, (string | number)[]> {
  return new Map([...map].map(([k, v]) => [k, [...v]]));
}

describe.each(backends)('API fuzz from the OpenAPI document (%s)', (kind) => {
  let t: TestApp;
  let ops: Operation[];
  let pools: Map<string, (string | number)[]>;
  /** Real values for a path parameter, from the collection its path names (…/sites for /sites/{id}). */
  const pathPools = new Map<string, (string | number)[]>();
  let adminUserId: string;

  beforeAll(async () => {
    t = await createTestApp({ kind, demo: true });
    const doc = (await t.anonymous().get('/api/openapi.json')).json<OpenApiDocument>();
    ops = operationsOf(doc);
    const admin = await t.login('admin');
    adminUserId = (await admin.get('/api/v1/auth/me')).json<{ user: { id: string } }>().user.id;

    const seen = new Map<string, Set<string | number>>();
    const plainReads = ops.filter((op) => op.method === 'GET' && !op.template.includes('{') && !op.parameters.some((p) => p.required));
    for (const op of plainReads) {
      const res = await admin.get(op.template);
      if (res.statusCode === 200 && res.headers['content-type']?.toString().includes('json')) harvest(res.json(), seen);
    }
    pools = toPools(seen);

    const resolving = new Set<string>();
    const resolve = async (template: string, name: string): Promise<(string | number)[]> => {
      const key = `${template}|${name}`;
      const known = pathPools.get(key);
      if (known) return known;
      if (resolving.has(key)) return [];
      resolving.add(key);
      const segments = template.split('/');
      const collection = segments[segments.indexOf(`{${name}}`) - 1];
      const found = new Map<string, Set<string | number>>();
      for (const op of ops.filter((o) => o.method === 'GET' && o.template.split('/').at(-1) === collection)) {
        let url = op.template;
        for (const p of op.parameters.filter((x) => x.in === 'path')) {
          const values = await resolve(op.template, p.name);
          const value = values.find((v) => typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v)) ?? values[0];
          if (value === undefined) break;
          url = url.replace(`{${p.name}}`, encodeURIComponent(String(value)));
        }
        if (url.includes('{')) continue;
        const res = await admin.get(url);
        if (res.statusCode === 200 && res.headers['content-type']?.toString().includes('json')) harvest(res.json(), found);
      }
      const values = [...new Set([...(found.get(name) ?? []), ...KEYS_FOR_PATH.flatMap((k) => [...(found.get(k) ?? [])])])].filter(
        // The admin must not demote or remove itself halfway through.
        (v) => v !== adminUserId,
      );
      const result = values.length ? values : (pools.get(name) ?? []);
      pathPools.set(key, result);
      return result;
    };
    for (const op of ops) for (const p of op.parameters.filter((x) => x.in === 'path')) await resolve(op.template, p.name);
    // Reads of one row (a formula's ingredients, a stream's records) with its first real key add
    // the values that belong together to the pools: a what-if then names the formula's own herbs.
    const related = new Map<string, Set<string | number>>();
    for (const op of ops.filter((o) => o.method === 'GET' && o.template.includes('{') && !o.parameters.some((p) => p.in === 'query' && p.required))) {
      const url = op.template.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(pathPools.get(`${op.template}|${name}`)?.[0] ?? '')));
      const res = await admin.get(url);
      if (res.statusCode === 200 && res.headers['content-type']?.toString().includes('json')) harvest(res.json(), related);
    }
    for (const [key, values] of toPools(related)) pools.set(key, [...new Set([...values, ...(pools.get(key) ?? [])])]);
    // The whole demo and a few hundred reads: minutes on a loaded machine.
  }, 300_000);

  afterAll(async () => {
    await t?.close();
  });

  function poolsFor(op: Operation): Pools {
    const own = new Map(pools);
    for (const p of op.parameters.filter((x) => x.in === 'path')) own.set(p.name, pathPools.get(`${op.template}|${p.name}`) ?? []);
    return own;
  }

  async function send(op: Operation, request: FuzzRequest, headers: Record<string, string>): Promise<LightMyRequestResponse> {
    const hasBody = request.body !== undefined;
    return t.app.inject({
      method: op.method,
      url: urlOf(op.template, request),
      headers: { ...headers, ...(hasBody ? { 'content-type': request.contentType ?? 'application/json' } : {}) },
      ...(hasBody ? { payload: jsonOf(request.body) } : {}),
    });
  }

  interface Failure {
    viewer: string;
    method: string;
    url: string;
    target: string;
    body: string | undefined;
    status: number;
    contentType: string | undefined;
    answer: string;
  }

  async function fuzz(viewer: 'admin' | 'anonymous'): Promise<{ failures: Failure[]; sent: number; byStatus: Record<number, number> }> {
    const failures: Failure[] = [];
    const byStatus: Record<number, number> = {};
    let sent = 0;
    let session = viewer === 'admin' ? await t.login('admin') : null;
    const headersOf = (method: string): Record<string, string> =>
      session ? { cookie: session.cookie!, ...(method === 'GET' ? {} : { 'x-csrf-token': session.csrf! }) } : {};

    const only = process.env.FUZZ_OPS ? new RegExp(process.env.FUZZ_OPS) : undefined;
    for (const op of ops) {
      if (only && !only.test(`${op.method} ${op.template}`)) continue;
      // Seeded by the operation itself, so adding a route does not change the others' requests.
      const seed = SEED + hash(`${viewer} ${op.method} ${op.template}`);
      const cases = fc.sample(requestArb(op.parameters, op.body, op.upload, poolsFor(op)), { seed, numRuns: casesFor(op, viewer) });
      for (const request of cases) {
        const started = Date.now();
        if (process.env.FUZZ_TRACE) appendFileSync(process.env.FUZZ_TRACE, `${op.method} ${urlOf(op.template, request).slice(0, 200)} ${request.target} ${request.body === undefined ? '' : jsonOf(request.body).slice(0, 300)}\n`);
        const res = await withDeadline(send(op, request, headersOf(op.method)));
        if (res === null) {
          // A request that never answers may hold the database (PGlite has one connection):
          // report it and stop rather than hang the suite.
          failures.push({ viewer, method: op.method, url: urlOf(op.template, request).slice(0, 300), target: request.target, body: request.body === undefined ? undefined : jsonOf(request.body).slice(0, 300), status: 0, contentType: undefined, answer: `no answer within ${DEADLINE_MS} ms` });
          return { failures, sent, byStatus };
        }
        if (process.env.FUZZ_TRACE && Date.now() - started > 500) console.error('slow', Date.now() - started, op.method, urlOf(op.template, request).slice(0, 200), request.target, res.statusCode);
        sent += 1;
        byStatus[res.statusCode] = (byStatus[res.statusCode] ?? 0) + 1;
        const type = res.headers['content-type']?.toString();
        const badStatus = res.statusCode >= 500;
        const badType = res.statusCode >= 400 && !type?.startsWith('application/problem+json');
        if (badStatus || badType) {
          failures.push({
            viewer,
            method: op.method,
            url: urlOf(op.template, request).slice(0, 300),
            target: request.target,
            body: request.body === undefined ? undefined : jsonOf(request.body).slice(0, 300),
            status: res.statusCode,
            contentType: type,
            answer: res.body.slice(0, 200),
          });
        }
      }
      // A fuzzed logout, organisation switch or membership change may end the admin's session
      // or rights; start a fresh one so the remaining operations are still tried as the admin.
      if (session && (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: headersOf('GET') })).statusCode !== 200) {
        session = await t.login('admin');
      }
    }
    return { failures, sent, byStatus };
  }

  async function readBack(): Promise<Failure[]> {
    const failures: Failure[] = [];
    const session = await t.login('admin');
    for (const op of ops.filter((o) => o.method === 'GET')) {
      const seed = SEED + hash(`read-back ${op.template}`);
      for (const request of fc.sample(validRequestArb(op.parameters, op.body, poolsFor(op)), { seed, numRuns: 2 })) {
        const res = await withDeadline(send(op, request, { cookie: session.cookie! }));
        if (res === null || res.statusCode >= 500 || (res.statusCode >= 400 && !res.headers['content-type']?.toString().startsWith('application/problem+json'))) {
          failures.push({ viewer: 'admin (read-back)', method: op.method, url: urlOf(op.template, request).slice(0, 300), target: 'valid', body: undefined, status: res?.statusCode ?? 0, contentType: res?.headers['content-type']?.toString(), answer: res?.body.slice(0, 200) ?? 'no answer' });
        }
      }
    }
    return failures;
  }

  it('every operation, as the platform admin with a session and CSRF token: no 5xx, every 4xx problem+json', async () => {
    expect(ops.length).toBeGreaterThan(100);
    const { failures, sent, byStatus } = await fuzz('admin');
    if (!process.env.FUZZ_OPS) expect(sent).toBe(ops.reduce((n, op) => n + casesFor(op, 'admin'), 0));
    // Hostile values that were stored (a catalogue factor of 1e308, a formula yield of 5e-324)
    // must not break the reads that meet them afterwards.
    failures.push(...(await readBack()));
    // The realistic values must reach the services, not stop at validation: some requests succeed.
    expect(Object.entries(byStatus).filter(([s]) => Number(s) < 300).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(sent / 10);
    expect(failures).toEqual([]);
  }, 300_000);

  it('every operation, anonymously: no 5xx, every 4xx problem+json', async () => {
    const { failures, sent } = await fuzz('anonymous');
    if (!process.env.FUZZ_OPS) expect(sent).toBe(ops.reduce((n, op) => n + casesFor(op, 'anonymous'), 0));
    expect(failures).toEqual([]);
  }, 300_000);
});
