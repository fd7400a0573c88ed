/**
 * The queries of one manifest walk (create, seal, pick up, deliver, receive, process, close)
 * through HTTP with API tokens: per request its status, time, number of queries (each timed;
 * BEGIN and COMMIT are not counted) and answer size; then the CPU per transition over `WALKS`
 * sequential walks (this process runs client and server: an upper bound).
 * `DATABASE_URL=… [VERBOSE=1] [WALKS=30] node --import tsx bench/manifests-queries.ts`
 * (PGlite in memory without DATABASE_URL); `--cpu-prof` for a CPU profile.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, PostgresQueryCompiler, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { loadConfig } from '../src/config';
import { connectDatabase, createSchema, dropSchema } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import { loadDemo } from '../src/demo/load';
import { createApiToken } from '../src/modules/tokens';
import { systemServiceContext } from '../src/platform/viewer';
import { buildApp } from '../src/server/app';

const log: { sql: string; ms: number }[] = [];
const started = new Map<unknown, { t: number; sql: string }>();
const compiler = new PostgresQueryCompiler();
const counter: KyselyPlugin = {
  transformQuery(a: PluginTransformQueryArgs): RootOperationNode {
    started.set(a.queryId, { t: performance.now(), sql: compiler.compileQuery(a.node, a.queryId).sql });
    return a.node;
  },
  transformResult(a: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const s = started.get(a.queryId);
    if (s) log.push({ sql: s.sql, ms: performance.now() - s.t });
    return Promise.resolve(a.result);
  },
};

const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herbloop-bench-keys-'));
process.env.HERBLOOP_MANIFEST_KEY_DIR = keyDir;
const url = process.env.DATABASE_URL;
const schema = `bench_queries_${Date.now()}`;
if (url) await createSchema(url, schema);
const handle = url ? await connectDatabase({ databaseUrl: url, schema, poolSize: 10 }) : await connectDatabase({ dataDir: 'memory://' });
const db0 = handle.db;
await migrateToLatest(db0);
await loadDemo(db0, undefined, { steps: ['platform'] });
const db = db0.withPlugin(counter);
const app = await buildApp({ db, dbKind: handle.kind, config: { ...loadConfig({}), dataDir: 'memory://' }, logger: false, webDist: null });
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/manifests`;
const ids = Object.fromEntries((await db0.selectFrom('organisations').select(['id', 'code']).where('code', 'in', ['BZ-MFR-HUATUO', 'BZ-TRN-TONGDA', 'BZ-UTL-LVYUAN']).execute()).map((o) => [o.code, o.id])) as Record<string, string>;
const site = (await db0.selectFrom('sites').select('id').where('organisation_id', '=', ids['BZ-MFR-HUATUO']!).executeTakeFirstOrThrow()).id;
const tok = async (code: string) => (await db0.transaction().execute((trx) => createApiToken(trx, systemServiceContext('p'), ids[code]!, { name: `p-${code}`, role: 'member', expiresInDays: 1 }))).token;
const h = async (code: string) => ({ authorization: `Bearer ${await tok(code)}`, 'content-type': 'application/json' });
const g = await h('BZ-MFR-HUATUO'), t = await h('BZ-TRN-TONGDA'), r = await h('BZ-UTL-LVYUAN');
const verbose = process.env.VERBOSE === '1';
async function walk(print: boolean) {
  const steps: [string, Record<string, string>, unknown][] = [];
  const post = async (label: string, url: string, headers: Record<string, string>, body: unknown) => {
    log.length = 0;
    const t0 = performance.now();
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (print) {
      const qms = log.reduce((s, q) => s + q.ms, 0);
      console.log(`${label.padEnd(12)} ${res.status} ${ms.toFixed(1)} ms, ${log.length} queries (${qms.toFixed(1)} ms summed), ${text.length} bytes`);
      if (verbose) for (const q of log) console.log(`   ${q.ms.toFixed(2).padStart(6)} ${q.sql.slice(0, 160)}`);
    }
    return JSON.parse(text) as { id: string };
  };
  const m = await post('create', base, g, { generatorId: ids['BZ-MFR-HUATUO'], generatorSiteId: site, receiverId: ids['BZ-UTL-LVYUAN'], transporters: [{ organisationId: ids['BZ-TRN-TONGDA'], plate: '皖S·D1234', driverName: '马强' }], lines: [{ wasteCode: 'SW13', description: '药渣', quantity: '10', unit: 't', measure: 'estimated' }] });
  steps.push(['sealed', g, { kind: 'sealed' }], ['picked-up', t, { kind: 'picked-up', weights: [{ line: 1, quantity: '10.1' }] }], ['delivered', t, { kind: 'delivered' }], ['received', r, { kind: 'received', lines: [{ line: 1, outcome: 'accepted', received: '10.05' }] }], ['processed', r, { kind: 'processed', treatmentCode: 'R3' }], ['closed', r, { kind: 'closed' }]);
  for (const [label, hd, body] of steps) await post(label, `${base}/${m.id}/events`, hd, body);
}
await walk(false);
await walk(false);
await walk(true);
// CPU per transition (server and client share this process: an upper bound)
const N = Number(process.env.WALKS ?? 30);
const c0 = process.cpuUsage(); const w0 = performance.now();
for (let i = 0; i < N; i++) await walk(false);
const c = process.cpuUsage(c0); const w = performance.now() - w0;
console.log(`${N * 7} transitions sequential: ${(w / (N * 7)).toFixed(2)} ms wall each, ${((c.user + c.system) / 1000 / (N * 7)).toFixed(2)} ms CPU each (client included)`);
await app.close();
await handle.close();
if (url) await dropSchema(url, schema);
fs.rmSync(keyDir, { recursive: true, force: true });
