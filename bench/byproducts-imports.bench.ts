import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import { post } from '../test/helpers/upload';
import { recordImport } from '../src/modules/byproducts';
import { bufferChunks, readImport } from '../src/platform/import/index';
import { loadConfig } from '../src/config';
import type { Database } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { loadDemo } from '../src/demo/load';
import { buildApp } from '../src/server/app';
import { type Benchmark, peakRssMiB, timeMs } from './harness';

const STREAMS = 100;
const MONTHS = 1_000;
/** Unique region, year and kind: 3 kinds × 200 years of one province. */
const ACCOUNT_ROWS = 600;

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Health latencies sampled back to back until `until` settles. */
async function healthDuring(port: number, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.finally(() => (done = true));
  const times: number[] = [];
  while (!done) {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/health`);
    await res.arrayBuffer();
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 5));
  }
  return times.sort((a, b) => a - b);
}

const benchmarks: Benchmark[] = [
  {
    name: 'imports: by-products and accounts over HTTP',
    description: `HTTP on PGlite, streamed pipeline: ${STREAMS} streams, then ${STREAMS * MONTHS} monthly records (${STREAMS} streams × ${MONTHS} months), then ${ACCOUNT_ROWS} material-account rows; /api/health sampled during the records import`,
    async run() {
      const pglite = await PGlite.create('memory://', { parsers: { 1082: (v: string) => v } });
      const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
      await migrateToLatest(db);
      await loadDemo(db, undefined, { steps: ['platform', 'accounts'] });
      const app = await buildApp({ db, dbKind: 'pglite', config: { ...loadConfig({}), dataDir: 'memory://' }, logger: false, webDist: null });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const port = (app.server.address() as AddressInfo).port;
      const login = async (username: string) => {
        const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'herbloop-demo' } });
        const cookie = `herbloop_session=${res.cookies.find((c) => c.name === 'herbloop_session')!.value}`;
        return { cookie, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken, 'content-type': 'text/csv' };
      };
      try {
        const firm = await login('huatuo');
        const streams = ['code,name,herb,part,stage,state,tonnesPerYear'];
        for (let s = 0; s < STREAMS; s++) streams.push(`BENCH-${s},药渣${s},丹参,root,extraction,solid,${1000 + s}`);
        const streamRes = await post(port, '/api/v1/byproducts/streams/import', firm, Buffer.from(streams.join('\n')), 0);
        const records = ['stream,period,generatedT,valueAddedT,landfillT,valueCreatedYuan'];
        for (let s = 0; s < STREAMS; s++) {
          for (let m = 0; m < MONTHS; m++) records.push(`BENCH-${s},${1900 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')},100,60,40,3000`);
        }
        const recordFile = Buffer.from(records.join('\n'));
        // The part outside the transaction: streamed parse and per-cell validation.
        const readMs = await timeMs(() => readImport({ source: bufferChunks(recordFile, 1 << 30), format: 'csv' }, recordImport));
        const upload = post(port, '/api/v1/byproducts/records/import', firm, recordFile, 0);
        const health = await healthDuring(port, upload);
        const recordRes = await upload;
        const office = await login('zj-drc');
        const accounts = ['region,year,kind,unit,domesticExtraction,imports'];
        const kinds = ['coal', 'oil', 'limestone'];
        for (let i = 0; i < ACCOUNT_ROWS; i++) accounts.push(`330000,${1950 + Math.floor(i / kinds.length)},${kinds[i % kinds.length]},t,${i},1`);
        const accountRes = await post(port, '/api/v1/accounts/import', office, Buffer.from(accounts.join('\n')), 0);
        return {
          metrics: [
            { name: `streams import (${STREAMS} rows) answered ${streamRes.status} after`, value: streamRes.ms, unit: 'ms' },
            { name: `records import (${STREAMS * MONTHS} rows, ${(recordFile.length / 1048576).toFixed(1)} MiB) answered ${recordRes.status} after`, value: recordRes.ms, unit: 'ms' },
            { name: 'of which reading and validating the file (readImport)', value: readMs, unit: 'ms' },
            { name: 'records rows/s', value: ((STREAMS * MONTHS) / recordRes.ms) * 1000, unit: 'rows/s' },
            { name: 'health p99 during the records import', value: percentile(health, 0.99), unit: 'ms', target: '< 50 ms' },
            { name: `accounts import (${ACCOUNT_ROWS} rows) answered ${accountRes.status} after`, value: accountRes.ms, unit: 'ms' },
            { name: 'peak RSS', value: peakRssMiB(), unit: 'MiB' },
          ],
          notes: [`accounts: ${accountRes.status} ${accountRes.json.errors?.[0] ? `${accountRes.json.errors[0].field}: ${accountRes.json.errors[0].message}` : ''}`, 'the load generator runs in the server’s process here, so health latencies include its own work; on PGlite (one connection) health waits for the import’s write transaction'],
        };
      } finally {
        await app.close();
        await db.destroy();
      }
    },
  },
];

export default benchmarks;
