import { Kysely, PGliteDialect } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { loadDemo } from '../src/demo/load';
import { generateDemoAccounts, PROVINCES_31 } from '../src/modules/accounts/engine';
import { upsertEconomyRows, upsertMaterialRows } from '../src/modules/accounts/accounts.repository';
import { regionResolver } from '../src/modules/accounts/accounts.service';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/config';
import { type Benchmark, peakRssMiB, timeMs } from './harness';

async function freshDb(): Promise<Kysely<Database>> {
  const pglite = await PGlite.create('memory://', { parsers: { 1082: (v: string) => v } });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  await migrateToLatest(db);
  return db;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const benchmarks: Benchmark[] = [
  {
    name: 'platform: embedded database start and demo',
    description: 'PGlite in memory: initdb + migrations, then the platform demo step (27 organisations, 30 users)',
    async run() {
      let db: Kysely<Database> | undefined;
      const openMs = await timeMs(async () => {
        db = await freshDb();
      });
      const demoMs = await timeMs(() => loadDemo(db!, undefined, { steps: ['platform'] }));
      await db!.destroy();
      return {
        metrics: [
          { name: 'open + migrate (PGlite, memory)', value: openMs, unit: 'ms' },
          { name: 'platform demo load', value: demoMs, unit: 'ms' },
          { name: 'peak RSS', value: peakRssMiB(), unit: 'MiB' },
        ],
      };
    },
  },
  {
    name: 'platform: API latency',
    description: 'GET /api/v1/organisations (27 rows, classification applied) and /api/v1/dashboard/summary via inject, session auth',
    async run() {
      const db = await freshDb();
      await loadDemo(db, undefined, { steps: ['platform'] });
      const app = await buildApp({ db, dbKind: 'pglite', config: { ...loadConfig({}), dataDir: 'memory://' }, logger: false, webDist: null });
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'bz-eeb', password: 'herbloop-demo' } });
      const cookie = `herbloop_session=${login.cookies.find((c) => c.name === 'herbloop_session')!.value}`;
      const measure = async (url: string) => {
        const times: number[] = [];
        for (let i = 0; i < 300; i++) {
          const t0 = performance.now();
          const res = await app.inject({ url, headers: { cookie } });
          if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
          times.push(performance.now() - t0);
        }
        return times.sort((a, b) => a - b);
      };
      const orgs = await measure('/api/v1/organisations');
      const summary = await measure('/api/v1/dashboard/summary');
      await app.close();
      return {
        metrics: [
          { name: 'organisations p50', value: percentile(orgs, 0.5), unit: 'ms' },
          { name: 'organisations p95', value: percentile(orgs, 0.95), unit: 'ms' },
          { name: 'dashboard summary p50', value: percentile(summary, 0.5), unit: 'ms' },
          { name: 'dashboard summary p95', value: percentile(summary, 0.95), unit: 'ms' },
        ],
      };
    },
  },
  {
    name: 'accounts: indicators through the API',
    description: '31 provinces × 30 years × 14 kinds stored in PGlite; GET /api/v1/accounts/indicators for one province, and all 31 one after another',
    async run() {
      const db = await freshDb();
      await loadDemo(db, undefined, { steps: ['platform'] });
      const data = generateDemoAccounts({ regions: PROVINCES_31, from: 1995, to: 2024 });
      const resolve = await regionResolver(db);
      const code = (name: string) => resolve(name) ?? (() => { throw new Error(`no region ${name}`); })();
      const loadMs = await timeMs(() =>
        db.transaction().execute(async (trx) => {
          await upsertEconomyRows(trx, data.economy.map((e) => ({ ...e, region: code(e.region), baseYear: data.baseYear, importId: null })));
          await upsertMaterialRows(trx, data.materials.map((m) => ({ ...m, region: code(m.region), importId: null })));
        }),
      );
      const app = await buildApp({ db, dbKind: 'pglite', config: { ...loadConfig({}), dataDir: 'memory://' }, logger: false, webDist: null });
      const one = await timeMs(async () => {
        const res = await app.inject({ url: `/api/v1/accounts/indicators?region=${code('浙江')}` });
        if (res.statusCode !== 200) throw new Error(res.body);
      }, 10);
      const all = await timeMs(async () => {
        for (const p of PROVINCES_31) await app.inject({ url: `/api/v1/accounts/indicators?region=${code(p)}` });
      });
      await app.close();
      return {
        metrics: [
          { name: `store ${data.materials.length} material + ${data.economy.length} economy rows`, value: loadMs, unit: 'ms' },
          { name: 'indicators of one province, 30 years', value: one, unit: 'ms', target: '"instant" (< 100 ms)' },
          { name: 'indicators of all 31 provinces', value: all, unit: 'ms' },
        ],
      };
    },
  },
];

export default benchmarks;
