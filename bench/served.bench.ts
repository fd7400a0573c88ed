/**
 * Served performance of supply (issue 10): a server on the full demo data, loaded through HTTP
 * by bench/loadgen.ts in its own process with 50 keep-alive connections for 30 s: the product
 * (formula) list, then price posting by a monitoring station's token in batches of 500, each
 * time with /api/health sampled by a second generator. On PGlite (in memory) and, when
 * DATABASE_URL is set, on PostgreSQL (in a fresh schema, dropped afterwards).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'kysely';
import { loadConfig } from '../src/config';
import { connectDatabase, createSchema, dropSchema, type DatabaseKind } from '../src/db/connect';
import type { DB } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { loadDemo } from '../src/demo/load';
import { createApiToken } from '../src/modules/tokens';
import { systemServiceContext } from '../src/platform/viewer';
import { buildApp } from '../src/server/app';
import { profileWhile } from './cpuprofile';
import type { Benchmark, BenchMetric, BenchResult } from './harness';
import type { LoadReport, LoadSpec, PricePair } from './loadgen';
import { monitorStallsInCpuTime, observeGcPauses } from './loop-stall';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.HERBLOOP_BENCH_SECONDS ?? 30);
const BATCH = 500;
/** Extra markets so that one day holds several batches of distinct (spec, market) keys. */
const BENCH_MARKETS = 20;
/** A directory: the server's CPU profile during price posting is written there (bench/cpuprofile.ts reads it). */
const CPU_PROFILE_DIR = process.env.HERBLOOP_BENCH_CPUPROF;

function loadgen(spec: LoadSpec): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'loadgen.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdin.end(JSON.stringify(spec));
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as LoadReport) : reject(new Error(`loadgen exited ${code}`))));
  });
}

/**
 * A load and /api/health sampled back to back (one connection, 10 ms apart) while it runs, with
 * the server's event-loop delay (the longest stretches of synchronous work, which every request,
 * health included, waits behind).
 */
async function withHealth(
  port: number,
  load: LoadSpec,
): Promise<{
  load: LoadReport;
  health: LoadReport;
  loopDelay: { p99: number; max: number };
  stall: { p99: number; max: number; over20: number };
  gc: { count: number; totalMs: number; maxMs: number; maxMajorMs: number; majors: number };
  cpuSeconds: number;
}> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const stalls = monitorStallsInCpuTime();
  const gc = observeGcPauses();
  const cpu = process.cpuUsage();
  try {
    const [l, health] = await Promise.all([loadgen(load), loadgen({ port, method: 'GET', path: '/api/health', headers: {}, connections: 1, seconds: load.seconds, pauseMs: 10 })]);
    const used = process.cpuUsage(cpu);
    return { load: l, health, loopDelay: { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 }, stall: stalls.stop(), gc: gc.stop(), cpuSeconds: (used.user + used.system) / 1e6 };
  } finally {
    delay.disable();
    stalls.stop();
    gc.stop();
  }
}

async function open(kind: DatabaseKind): Promise<{ db: DB; close: () => Promise<void> }> {
  if (kind === 'pglite') {
    // As `herbloop serve` opens it: in a worker thread (HERBLOOP_BENCH_PGLITE=in-process compares the CLI's way).
    const h = await connectDatabase({ dataDir: 'memory://', pglite: process.env.HERBLOOP_BENCH_PGLITE === 'in-process' ? 'in-process' : 'thread' });
    return { db: h.db, close: () => h.close() };
  }
  const url = process.env.DATABASE_URL!;
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  await createSchema(url, schema);
  const h = await connectDatabase({ databaseUrl: url, schema });
  return {
    db: h.db,
    close: async () => {
      await h.close();
      await dropSchema(url, schema);
    },
  };
}

/** Recent (default spec, market) prices of the demo, over the demo's markets and BENCH_MARKETS new ones. */
async function pricePairs(db: DB): Promise<PricePair[]> {
  const region = (await db.selectFrom('markets').select('region_code').executeTakeFirstOrThrow()).region_code;
  for (let i = 1; i <= BENCH_MARKETS; i++) {
    await db.insertInto('markets').values({ code: `BENCH-${i}`, name_zh: `压测市场${i}`, name_en: `Bench market ${i}`, region_code: region }).execute();
  }
  const recent = await sql<{ herb: string; spec: string; price: number }>`
    select h.name_zh as herb, s.name as spec, avg(o.price_per_kg)::float8 as price
    from price_observations o join herbs h on h.id = o.herb_id join herb_specs s on s.id = o.spec_id
    where o.day > (select max(day) - 30 from price_observations) and o.status <> 'held'
    group by h.name_zh, s.name order by h.name_zh, s.name`.execute(db);
  const markets = (await db.selectFrom('markets').select('name_zh').orderBy('code').execute()).map((m) => m.name_zh);
  return markets.flatMap((market) => recent.rows.map((r) => ({ herb: r.herb, spec: r.spec, market, price: Math.round(r.price * 100) / 100 })));
}

async function served(kind: DatabaseKind): Promise<BenchResult> {
  const { db, close } = await open(kind);
  const notes: string[] = [`load average before: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (${os.cpus().length} cores; other work on the machine inflates every latency)`];
  try {
    const t0 = performance.now();
    await migrateToLatest(db);
    await loadDemo(db);
    notes.push(`demo loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const app = await buildApp({ db, dbKind: kind, config: { ...loadConfig({}), dataDir: 'memory://' }, logger: false, webDist: null });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    try {
      const station = await db.selectFrom('organisations').select('id').where('code', '=', 'BZ-MON-PRICE').executeTakeFirstOrThrow();
      const { token } = await db.transaction().execute((trx) => createApiToken(trx, systemServiceContext('bench'), station.id, { name: 'served bench', role: 'member', expiresInDays: 1 }));
      const auth = { authorization: `Bearer ${token}` };
      const pairs = await pricePairs(db);
      const asOf = (await sql<{ d: string }>`select max(day)::text as d from price_observations`.execute(db)).rows[0]!.d;
      const firstDay = new Date(Date.parse(`${asOf}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

      const warm = await app.inject({ method: 'GET', url: '/api/v1/supply/formulas', headers: auth });
      const products = warm.json<{ items: unknown[] }>().items.length;
      const list = await withHealth(port, { port, method: 'GET', path: '/api/v1/supply/formulas', headers: auth, connections: CONNECTIONS, seconds: SECONDS });
      const before = (await sql<{ n: number }>`select count(*)::int8 as n from price_observations where day >= ${firstDay}::date`.execute(db)).rows[0]!.n;
      const postLoad = () => withHealth(port, { port, method: 'POST', path: '/api/v1/supply/prices', headers: auth, connections: CONNECTIONS, seconds: SECONDS, prices: { pairs, firstDay, batch: BATCH } });
      const profile = CPU_PROFILE_DIR === undefined ? null : path.join(CPU_PROFILE_DIR, `served-${kind}-posting-${Date.now()}.cpuprofile`);
      const posting = profile === null ? await postLoad() : await profileWhile(profile, postLoad);
      if (profile !== null) notes.push(`CPU profile of the server during price posting: ${profile} (node --import tsx bench/cpuprofile.ts <file>)`);
      const stored = (await sql<{ n: number }>`select count(*)::int8 as n from price_observations where day >= ${firstDay}::date and source = 'api'`.execute(db)).rows[0]!.n - before;
      const afterPosting = await app.inject({ method: 'GET', url: '/api/v1/supply/formulas', headers: auth });
      const listDate = afterPosting.json<{ items: { date: string | null }[] }>().items[0]?.date ?? null;

      for (const [what, r] of [['list', list.load], ['list health', list.health], ['posting', posting.load], ['posting health', posting.health]] as const) {
        if (r.firstError) notes.push(`${what}: first non-200 answer: ${r.firstError}`);
        notes.push(`${what}: statuses ${JSON.stringify(r.statuses)}`);
      }
      notes.push(`${products} products in the list; ${pairs.length} (spec, market) keys per posted day; prices posted for ${firstDay} … ${posting.load.lastDay ?? '–'}; list date afterwards ${listDate ?? '–'}`);
      notes.push(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
      const metrics: BenchMetric[] = [
        { name: 'product list: requests/s', value: list.load.perSecond, unit: 'req/s', target: kind === 'postgres' ? '≥ 500' : '≥ 200' },
        { name: 'product list: p99', value: list.load.p99, unit: 'ms', target: kind === 'postgres' ? '< 100 ms' : undefined },
        { name: 'product list: p50', value: list.load.p50, unit: 'ms' },
        { name: 'health p99 during the list load', value: list.health.p99, unit: 'ms', target: '< 50 ms' },
        { name: 'price posting: observations/s (batches of 500)', value: posting.load.observations / posting.load.seconds, unit: 'obs/s', target: '≥ 5000' },
        { name: 'price posting: batch p99', value: posting.load.p99, unit: 'ms' },
        { name: 'price posting: acknowledged observations', value: posting.load.observations, unit: 'obs' },
        { name: 'price posting: stored rows − acknowledged (exactly once: 0)', value: stored - posting.load.observations, unit: 'rows', target: '= 0' },
        { name: 'health p99 during price posting', value: posting.health.p99, unit: 'ms', target: '< 50 ms' },
        { name: 'server event-loop delay during the list load: p99', value: list.loopDelay.p99, unit: 'ms' },
        { name: 'server event-loop delay during the list load: max', value: list.loopDelay.max, unit: 'ms' },
        { name: 'server event-loop delay during price posting: p99', value: posting.loopDelay.p99, unit: 'ms' },
        { name: 'server event-loop delay during price posting: max', value: posting.loopDelay.max, unit: 'ms' },
        // The same stalls in process CPU time: what the delay would be on a machine with nothing else running.
        { name: 'event-loop stall in CPU time, list load: p99', value: list.stall.p99, unit: 'ms' },
        { name: 'event-loop stall in CPU time, list load: max', value: list.stall.max, unit: 'ms' },
        { name: 'event-loop stall in CPU time, posting: p99', value: posting.stall.p99, unit: 'ms', target: '< 50 ms' },
        { name: 'event-loop stall in CPU time, posting: max', value: posting.stall.max, unit: 'ms' },
        { name: 'event-loop stalls ≥ 20 ms CPU during posting', value: posting.stall.over20, unit: 'stalls' },
        { name: 'GC pauses during posting: longest', value: posting.gc.maxMs, unit: 'ms' },
        { name: 'GC pauses during posting: longest mark-compact', value: posting.gc.maxMajorMs, unit: 'ms' },
        { name: 'GC pauses during posting: total per batch', value: posting.gc.totalMs / Math.max(1, posting.load.ok), unit: 'ms' },
        { name: 'server CPU per posted batch', value: (posting.cpuSeconds * 1000) / Math.max(1, posting.load.ok), unit: 'ms' },
      ].map((m) => (m.target === undefined ? { name: m.name, value: m.value, unit: m.unit } : (m as BenchMetric)));
      return { metrics, notes };
    } finally {
      await app.close();
    }
  } finally {
    await close();
  }
}

const benchmarks: Benchmark[] = [
  {
    name: 'served: supply on PGlite',
    description: `HTTP, ${CONNECTIONS} connections from a separate load-generator process, ${SECONDS} s per load, full demo data on in-memory PGlite in a worker thread (as herbloop serve runs it): product list, price posting (batches of ${BATCH}), /api/health during each`,
    run: () => served('pglite'),
  },
  {
    name: 'served: supply on PostgreSQL',
    description: `the same against DATABASE_URL (a fresh schema)`,
    async run() {
      if (!process.env.DATABASE_URL) return { metrics: [], notes: ['DATABASE_URL is not set: PostgreSQL not measured'] };
      return served('postgres');
    },
  },
];

export default benchmarks;
