import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, UnknownRow, RootOperationNode } from 'kysely';
import { CompiledQuery, PostgresQueryCompiler } from 'kysely';
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
    let text = '?';
    try { text = compiler.compileQuery(a.node, a.queryId).sql; } catch { text = a.node.kind; }
    started.set(a.queryId, { t: performance.now(), sql: text });
    return a.node;
  },
  async transformResult(a: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const s = started.get(a.queryId);
    if (s) log.push({ sql: s.sql, ms: performance.now() - s.t });
    return a.result;
  },
};
void CompiledQuery;

process.env.HERBLOOP_MANIFEST_KEY_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-keys-'));
const url = process.env.DATABASE_URL;
const schema = `mp_${Date.now()}`;
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
