import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import { z } from 'zod';
import { loadConfig } from '../src/config';
import type { Database } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { loadDemo } from '../src/demo/load';
import { formulaImport, formulasFromRows } from '../src/modules/supply/supply.formats';
import { bufferChunks, defineImport, readImport } from '../src/platform/import/index';
import { buildXlsx } from '../src/platform/import/xlsx.fixture';
import { buildApp } from '../src/server/app';
import { IMPORT_CONTENT_TYPES } from '../src/server/upload';
import { type Benchmark, peakRssMiB, timeMs } from './harness';

const XLSX_BYTES = 24 * 1024 * 1024;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** A workbook of repeated rows of about 24 MB, as the probe sent (stored, so the size is the file's). */
function bigWorkbook(): Buffer {
  const rows = Math.ceil(XLSX_BYTES / 150);
  return buildXlsx(rows + 1, (i) => (i === 0 ? ['period', 'kind', 'unit', 'consumed'] : ['2025-01', 'coal', 't', i]), { compress: false });
}

function post(port: number, path: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; ms: number; sent: number; body: string }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - t0, sent, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const write = async () => {
      for (let offset = 0; offset < body.length && !answered && !request.destroyed; offset += 64 * 1024) {
        const ok = request.write(body.subarray(offset, offset + 64 * 1024));
        sent = Math.min(body.length, offset + 64 * 1024);
        if (!ok) await new Promise<void>((r) => {
          const done = () => { request.off('drain', done); request.off('close', done); r(); };
          request.on('drain', done);
          request.on('close', done);
        });
      }
      if (!answered && !request.destroyed) request.end();
    };
    write().catch(() => undefined);
  });
}

async function startServer(steps: string[] = ['platform', 'accounts', 'reporting']) {
  const pglite = await PGlite.create('memory://', { parsers: { 1082: (v: string) => v } });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  await migrateToLatest(db);
  await loadDemo(db, undefined, { steps });
  const app = await buildApp({ db, dbKind: 'pglite', config: { ...loadConfig({}), dataDir: 'memory://' }, logger: false, webDist: null });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const login = async (username: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'herbloop-demo' } });
    const cookie = `herbloop_session=${res.cookies.find((c) => c.name === 'herbloop_session')!.value}`;
    return { cookie, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken };
  };
  return { app, db, port, login };
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

const reportRows = defineImport({
  schema: z.object({ period: z.string().regex(/^\d{4}-\d{2}$/), kind: z.string().min(1), unit: z.string().min(1), consumed: z.coerce.number().finite().min(0) }),
  columns: { period: [], kind: [], unit: [], consumed: [] },
  required: ['period', 'kind', 'unit', 'consumed'],
  maxRows: 1_000_000,
});

const benchmarks: Benchmark[] = [
  {
    name: 'imports: hostile 24 MB workbook',
    description: 'HTTP on PGlite: a transporter driver posts a 24 MB .xlsx to the by-products records import (refused before the body is read); then a permitted firm posts it to the reports import (streamed to the worker, stopped by the row cap); /api/health sampled throughout',
    async run() {
      const workbook = bigWorkbook();
      const server = await startServer();
      const driver = await server.login('tongda-driver');
      const refusal = post(server.port, '/api/v1/byproducts/records/import', { ...driver, 'content-type': IMPORT_CONTENT_TYPES.xlsx }, workbook);
      const healthRefusal = await healthDuring(server.port, refusal);
      const refused = await refusal;
      const firm = await server.login('danshen');
      const permitted = post(server.port, '/api/v1/reports/import', { ...firm, 'content-type': IMPORT_CONTENT_TYPES.xlsx }, workbook);
      const health = await healthDuring(server.port, permitted);
      const parsed = await permitted;
      const permittedCode = /"code":"([^"]+)"/.exec(parsed.body)?.[1] ?? '';
      await server.app.close();
      await server.db.destroy();
      return {
        metrics: [
          { name: 'workbook size', value: workbook.length / 2 ** 20, unit: 'MiB' },
          { name: 'driver refused (403) after', value: refused.ms, unit: 'ms', target: '< 100 ms' },
          { name: 'body bytes handed to the socket before 403', value: refused.sent / 2 ** 20, unit: 'MiB' },
          { name: 'health p99 during the refusal', value: percentile(healthRefusal, 0.99), unit: 'ms', target: '< 50 ms' },
          { name: `permitted upload answered ${parsed.status} after`, value: parsed.ms, unit: 'ms' },
          { name: 'health p99 during the permitted upload', value: percentile(health, 0.99), unit: 'ms', target: '< 50 ms' },
          { name: 'health samples during the permitted upload', value: health.length, unit: '' },
          { name: 'peak RSS', value: peakRssMiB(), unit: 'MiB' },
        ],
        notes: [`permitted upload: ${parsed.status} ${permittedCode}`, `driver: ${refused.status}; the load generator runs in the server's process here, so health latencies include its own work`],
      };
    },
  },
  {
    name: 'imports: throughput',
    description: 'readImport (streamed CSV → Zod per row, all or nothing) of 100 000 rows; the same as .xlsx through the worker; the formula table import at 40 000 rows (quadratic before)',
    async run() {
      const lines = ['period,kind,unit,consumed'];
      for (let i = 0; i < 100_000; i++) lines.push(`2025-${String((i % 12) + 1).padStart(2, '0')},coal,t,${i}`);
      const csv = Buffer.from(`${lines.join('\n')}\n`);
      let rows = 0;
      const csvMs = await timeMs(async () => {
        rows = (await readImport({ source: bufferChunks(csv, 1 << 30), format: 'csv' }, reportRows)).rows.length;
      });
      const xlsx = buildXlsx(100_001, (i) => (i === 0 ? ['period', 'kind', 'unit', 'consumed'] : [`2025-${String((i % 12) + 1).padStart(2, '0')}`, 'coal', 't', i]));
      const xlsxMs = await timeMs(async () => {
        await readImport({ source: bufferChunks(xlsx, 1 << 30), format: 'xlsx' }, reportRows);
      });
      const formula = ['code,name_zh,dosage_form,batch_yield,batch_unit,pack_size,price_cap,herb,amount'];
      for (let i = 0; i < 40_000; i++) formula.push(`F${Math.floor(i / 8)},方${Math.floor(i / 8)},颗粒剂,1000,袋,10,30,H${i % 8},${(i % 8) + 1}`);
      const formulaMs = await timeMs(async () => formulasFromRows((await readImport({ source: bufferChunks(Buffer.from(formula.join('\n')), 1 << 30), format: 'csv' }, formulaImport)).rows));
      return {
        metrics: [
          { name: 'CSV 100 000 rows', value: csvMs, unit: 'ms' },
          { name: 'CSV rows/s', value: (rows / csvMs) * 1000, unit: 'rows/s' },
          { name: '.xlsx 100 000 rows (worker)', value: xlsxMs, unit: 'ms' },
          { name: '.xlsx rows/s', value: (100_000 / xlsxMs) * 1000, unit: 'rows/s' },
          { name: 'formula file 40 000 rows', value: formulaMs, unit: 'ms', target: '< 2 s (was 15 s)' },
          { name: 'peak RSS', value: peakRssMiB(), unit: 'MiB' },
        ],
      };
    },
  },
  {
    name: 'imports: supply files over HTTP',
    description:
      'HTTP on PGlite with the supply demo: a supply monitor posts a formula file of 40 000 ingredient rows (5 000 formulas) twice (create, then replace), then a price CSV of 100 000 rows; /api/health sampled during the formula import',
    async run() {
      const server = await startServer(['platform', 'supply']);
      const herbs = (await server.db.selectFrom('herbs').select('name_zh').orderBy('id').limit(8).execute()).map((h) => h.name_zh);
      const markets = (await server.db.selectFrom('markets').select('code').orderBy('id').execute()).map((m) => m.code);
      const formula = ['code,name_zh,dosage_form,batch_yield,batch_unit,pack_size,price_cap,herb,amount'];
      for (let i = 0; i < 40_000; i++) formula.push(`BF${Math.floor(i / 8)},方${Math.floor(i / 8)},granule,1000,袋,10,30,${herbs[i % 8]},${(i % 8) + 1}`);
      const formulaCsv = Buffer.from(`${formula.join('\n')}\n`);
      const monitor = { ...(await server.login('bz-price')), 'content-type': 'text/csv' };
      const created = post(server.port, '/api/v1/supply/formulas/import', monitor, formulaCsv);
      const health = await healthDuring(server.port, created);
      const first = await created;
      const replaced = await post(server.port, '/api/v1/supply/formulas/import', monitor, formulaCsv);
      const prices = ['herb,market,date,price'];
      // Dates past the demo's last day, spread over herbs and markets: all new rows.
      for (let i = 0; i < 100_000; i++) {
        const day = new Date(Date.UTC(2027, 0, 1) + Math.floor(i / (8 * markets.length)) * 86_400_000).toISOString().slice(0, 10);
        prices.push(`${herbs[i % 8]},${markets[Math.floor(i / 8) % markets.length]},${day},${20 + (i % 17)}`);
      }
      const priced = await post(server.port, '/api/v1/supply/prices/import', monitor, Buffer.from(`${prices.join('\n')}\n`));
      await server.app.close();
      await server.db.destroy();
      return {
        metrics: [
          { name: `formula file 40 000 rows, create (${first.status})`, value: first.ms, unit: 'ms', target: 'a few seconds' },
          { name: `formula file 40 000 rows, replace (${replaced.status})`, value: replaced.ms, unit: 'ms', target: 'a few seconds' },
          // PGlite has one connection: health's database ping waits for the import's transaction (all or nothing).
          { name: 'health p99 during the formula import (PGlite: waits for its transaction)', value: percentile(health, 0.99), unit: 'ms' },
          { name: `price file 100 000 rows (${priced.status})`, value: priced.ms, unit: 'ms' },
          { name: 'price rows/s', value: (100_000 / priced.ms) * 1000, unit: 'rows/s' },
          { name: 'peak RSS', value: peakRssMiB(), unit: 'MiB' },
        ],
        notes: [first.body.slice(0, 120), priced.body.slice(0, 160)],
      };
    },
  },
];

export default benchmarks;
