/**
 * Manifests (issue 13): signed, hash-chained custody transitions through HTTP with API tokens,
 * with 1, 8 and 32 concurrent clients (each client walks its own manifests: create, seal, pick
 * up, deliver, receive, process, close: seven signed events), on PostgreSQL when DATABASE_URL is
 * set (else the embedded PGlite, noted). The clients run in a process of their own
 * (bench/manifests-client.ts), so the server process's CPU per transition is the server's alone:
 * the figure that scales, where wall-clock rates on a shared machine do not. Then the
 * verification rates: the hash chain over stored events (hashes only), SM2 and Ed25519 signing
 * and verification on one thread and on one worker thread per core.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { loadConfig } from '../src/config';
import { connectDatabase, createSchema, dropSchema } from '../src/db/connect';
import type { DB } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { loadDemo } from '../src/demo/load';
import { verifyAll } from '../src/modules/manifests';
import { digest, generateSigningKey, loadPrivateKey, loadPublicKey, signMessage, verifyMessage } from '../src/modules/manifests/engine/signing';
import { canonicalPayload, chainHash, type EventPayload, GENESIS_HASH, type StoredEvent, verifyTrail } from '../src/modules/manifests/engine/trail';
import { createApiToken } from '../src/modules/tokens';
import { systemServiceContext } from '../src/platform/viewer';
import { buildApp } from '../src/server/app';
import type { Benchmark, BenchMetric, BenchResult } from './harness';
import type { ClientReport, ClientSpec } from './manifests-client';
import { startWorker, workerEntry } from '../src/platform/worker-thread';

const LEVELS = [1, 8, 32];

/** Counts the statements the server sends (one result each; BEGIN and COMMIT are not queries of Kysely's and are not counted). */
function statementCounter(): { plugin: KyselyPlugin; count: () => number } {
  let n = 0;
  return {
    plugin: {
      transformQuery: (a: PluginTransformQueryArgs): RootOperationNode => a.node,
      transformResult: (a: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => {
        n += 1;
        return Promise.resolve(a.result);
      },
    },
    count: () => n,
  };
}
const SECONDS_PER_LEVEL = Number(process.env.MANIFEST_BENCH_SECONDS ?? 10);

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Runs the clients in their own process (bench/manifests-client.ts) and reads their report. */
function runClients(spec: ClientSpec): Promise<ClientReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'manifests-client.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as ClientReport) : reject(new Error(`bench clients exited with ${code}`))));
    child.stdin.end(JSON.stringify(spec));
  });
}

async function token(db: DB, code: string): Promise<string> {
  const org = await db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  const { token } = await db.transaction().execute((trx) => createApiToken(trx, systemServiceContext('bench'), org.id, { name: `bench-${code}-${Date.now()}`, role: 'member', expiresInDays: 1 }));
  return token;
}

async function transitions(db: DB, kind: 'pglite' | 'postgres', label: string, notes: string[]): Promise<{ metrics: BenchMetric[]; events: number }> {
  await migrateToLatest(db);
  await loadDemo(db, undefined, { steps: ['platform'] });
  const statements = statementCounter();
  const app = await buildApp({ db: db.withPlugin(statements.plugin), dbKind: kind, config: { ...loadConfig({}), dataDir: 'memory://' }, logger: false, webDist: null });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/manifests`;
  const ids = Object.fromEntries(
    (await db.selectFrom('organisations').select(['id', 'code']).where('code', 'in', ['BZ-MFR-HUATUO', 'BZ-TRN-TONGDA', 'BZ-UTL-LVYUAN']).execute()).map((o) => [o.code, o.id]),
  ) as Record<string, string>;
  const site = (await db.selectFrom('sites').select('id').where('organisation_id', '=', ids['BZ-MFR-HUATUO']!).executeTakeFirstOrThrow()).id;
  const auth = async (code: string) => ({ authorization: `Bearer ${await token(db, code)}`, 'content-type': 'application/json' });
  const generator = await auth('BZ-MFR-HUATUO');
  const transporter = await auth('BZ-TRN-TONGDA');
  const receiver = await auth('BZ-UTL-LVYUAN');
  const metrics: BenchMetric[] = [];
  let events = 0;
  let failures = 0;
  try {
    for (const clients of LEVELS) {
      const spec: ClientSpec = {
        base,
        headers: { generator, transporter, receiver },
        ids: { generator: ids['BZ-MFR-HUATUO']!, site, transporter: ids['BZ-TRN-TONGDA']!, receiver: ids['BZ-UTL-LVYUAN']! },
        clients,
        seconds: SECONDS_PER_LEVEL,
      };
      const cpu0 = process.cpuUsage();
      const elu0 = performance.eventLoopUtilization();
      const sent0 = statements.count();
      const report = await runClients(spec);
      const cpu = process.cpuUsage(cpu0);
      const sent = statements.count() - sent0;
      const elu = performance.eventLoopUtilization(elu0);
      events += report.transitions;
      failures += report.failures;
      if (report.firstFailure) notes.push(`${label}, ${clients} client(s): first failure ${report.firstFailure}`);
      const sorted = report.latencies;
      const done = Math.max(1, report.transitions + report.failures);
      metrics.push(
        { name: `${label}, ${clients} client(s): transitions/s`, value: Math.round(report.transitions / report.seconds), unit: '/s', target: '≥ 1000' },
        { name: `${label}, ${clients} client(s): p50`, value: Math.round(percentile(sorted, 50) * 10) / 10, unit: 'ms' },
        { name: `${label}, ${clients} client(s): p99`, value: Math.round(percentile(sorted, 99) * 10) / 10, unit: 'ms', target: '< 50' },
        // What scales: the server process's CPU (all its threads) per transition, and its main thread's busy share.
        { name: `${label}, ${clients} client(s): server CPU per transition`, value: Math.round(((cpu.user + cpu.system) / 1000 / done) * 100) / 100, unit: 'ms' },
        // Round trips per transition (a create is one of every seven), whatever the machine's load.
        { name: `${label}, ${clients} client(s): SQL statements per transition (BEGIN/COMMIT not counted)`, value: Math.round((sent / done) * 100) / 100, unit: '' },
        { name: `${label}, ${clients} client(s): server event loop busy`, value: Math.round(elu.utilization * 100), unit: '%' },
        { name: `${label}, ${clients} client(s): load average (1 min) after`, value: Math.round(os.loadavg()[0]! * 10) / 10, unit: '' },
      );
    }
    metrics.push({ name: `${label}: refused or failed transitions`, value: failures, unit: '', target: '= 0' });
    // Verification of everything just written, hashes only (signatures are measured below).
    const t0 = performance.now();
    const v = await verifyAll(db, systemServiceContext('bench'), { signatures: false });
    const s = (performance.now() - t0) / 1000;
    metrics.push({ name: `${label}: verify-all hash chains (${v.events} events read from the database)`, value: Math.round(v.events / s), unit: 'events/s', target: '≥ 50000' });
    metrics.push({ name: `${label}: broken chains found`, value: v.broken.length, unit: '', target: '= 0' });
  } finally {
    await app.close();
  }
  return { metrics, events };
}

/** The chain check alone (engine, in memory): a synthetic trail of realistic payloads, hashes only. */
function chainRate(): BenchMetric[] {
  const out: BenchMetric[] = [];
  for (const suite of ['sm3-sm2', 'sha256-ed25519'] as const) {
    const n = 50_000;
    const events: StoredEvent[] = [];
    let prev = GENESIS_HASH;
    for (let i = 0; i < n; i++) {
      const payload: EventPayload = {
        v: 1,
        manifest: '00000000-0000-4000-8000-000000000001',
        seq: i + 1,
        kind: 'received',
        at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
        signer: { organisation: '00000000-0000-4000-8000-000000000002', user: null, token: '00000000-0000-4000-8000-000000000003', delegation: null, method: 'token' },
        location: { lat: '33.836500', lon: '115.786200' },
        data: { lines: [{ line: 1, outcome: 'accepted', received: '10.05', refused: '0', reason: null }], discrepancies: [] },
        suite,
        key: 'k',
      };
      const text = canonicalPayload(payload);
      const hash = chainHash(suite, text, prev);
      events.push({ id: String(i), seq: i + 1, kind: 'received', signerOrganisation: payload.signer.organisation, keyId: 'k', payload: text, prevHash: prev, hash, signature: '' });
      prev = hash;
    }
    const t0 = performance.now();
    const broken = verifyTrail({ manifest: '00000000-0000-4000-8000-000000000001', events, head: { events: n, hash: prev }, checkpoint: null, keys: new Map(), signatures: false });
    const s = (performance.now() - t0) / 1000;
    out.push({ name: `hash-chain verification in memory, ${suite === 'sm3-sm2' ? 'SM3' : 'SHA-256'} (${n} events, ${broken ? 'BROKEN' : 'intact'})`, value: Math.round(n / s), unit: 'events/s', target: '≥ 50000' });
  }
  return out;
}

/** Signature verification, one thread and then one worker thread per core at once: the same 32-byte chain hashes the trail signs. */
async function signatureRates(): Promise<BenchMetric[]> {
  const out: BenchMetric[] = [];
  const cores = os.cpus().length;
  for (const suite of ['sm3-sm2', 'sha256-ed25519'] as const) {
    const name = suite === 'sm3-sm2' ? 'SM2' : 'Ed25519';
    const key = generateSigningKey(suite);
    const priv = loadPrivateKey(key.privatePem);
    const pub = loadPublicKey(key.publicPem);
    const items = Array.from({ length: 256 }, (_, i) => {
      const m = digest(suite, `event ${i}`);
      return { m, s: signMessage(priv, m) };
    });
    const n = 3000;
    let t0 = performance.now();
    for (let i = 0; i < n; i++) signMessage(priv, items[i % items.length]!.m);
    out.push({ name: `${name} signing, one thread`, value: Math.round(n / ((performance.now() - t0) / 1000)), unit: '/s' });
    t0 = performance.now();
    let ok = 0;
    for (let i = 0; i < n; i++) {
      const it = items[i % items.length]!;
      if (verifyMessage(pub, it.m, it.s)) ok += 1;
    }
    out.push({ name: `${name} signature verification, one thread (${ok}/${n} valid)`, value: Math.round(n / ((performance.now() - t0) / 1000)), unit: '/s' });
    const entry = workerEntry('manifests-verify.worker', import.meta.url);
    const results = await Promise.all(
      Array.from(
        { length: cores },
        () =>
          new Promise<{ checked: number; valid: number; seconds: number }>((resolve, reject) => {
            const w = startWorker(entry, { workerData: { publicPem: key.publicPem, items: items.map((it) => ({ m: new Uint8Array(it.m), s: new Uint8Array(it.s) })), seconds: 3 } });
            w.once('message', (r: { checked: number; valid: number; seconds: number }) => {
              resolve(r);
              void w.terminate();
            });
            w.once('error', reject);
          }),
      ),
    );
    const checked = results.reduce((s, r) => s + r.checked, 0);
    const valid = results.reduce((s, r) => s + r.valid, 0);
    const seconds = Math.max(...results.map((r) => r.seconds));
    out.push({ name: `${name} signature verification, ${cores} worker threads (${valid}/${checked} valid)`, value: Math.round(checked / seconds), unit: '/s', target: '≥ 5000' });
  }
  return out;
}

async function run(): Promise<BenchResult> {
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herbloop-bench-keys-'));
  process.env.HERBLOOP_MANIFEST_KEY_DIR = keyDir;
  const notes: string[] = [];
  const metrics: BenchMetric[] = [];
  try {
    const url = process.env.DATABASE_URL;
    if (url) {
      const schema = `bench_manifests_${Date.now()}`;
      await createSchema(url, schema);
      const handle = await connectDatabase({ databaseUrl: url, schema, poolSize: 20 });
      try {
        metrics.push(...(await transitions(handle.db, 'postgres', 'PostgreSQL', notes)).metrics);
      } finally {
        await handle.close();
        await dropSchema(url, schema);
      }
    } else {
      notes.push('DATABASE_URL not set: transitions measured on the embedded PGlite (one connection), not PostgreSQL.');
      const handle = await connectDatabase({ dataDir: 'memory://', command: 'bench' });
      try {
        metrics.push(...(await transitions(handle.db, 'pglite', 'PGlite', notes)).metrics);
      } finally {
        await handle.close();
      }
    }
    metrics.push(...chainRate(), ...(await signatureRates()));
    metrics.push({ name: 'load average (1 min) at the end', value: Math.round(os.loadavg()[0]! * 10) / 10, unit: '' });
  } finally {
    fs.rmSync(keyDir, { recursive: true, force: true });
  }
  return { metrics, notes };
}

const benchmarks: Benchmark[] = [{ name: 'manifests', description: 'signed custody transitions over HTTP (1/8/32 clients), chain and signature verification rates', run }];
export default benchmarks;
