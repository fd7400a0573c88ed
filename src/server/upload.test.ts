import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../test/helpers/app';
import { CHUNK, post } from '../../test/helpers/upload';
import { buildXlsx } from '../platform/import/xlsx.fixture';
import { IMPORT_CONTENT_TYPES } from './upload';

function reportsCsv(rows: number): Buffer {
  const lines = ['period,kind,unit,consumed'];
  // Zero-padded figures make the rows long, so the upload lasts while health is asked.
  for (let i = 0; i < rows; i++) lines.push(`2025-${String((i % 12) + 1).padStart(2, '0')},coal,t,${String(i).padStart(200, '0')}`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

/**
 * The hostile uploads of the security probe, over a real socket: each asserts the mechanism
 * (refused before the body is read, the worker stopped at its ceiling, parsing stopped at the
 * cap, the server answering meanwhile, nothing written), not only the status.
 */
describe.each(backends)('hostile uploads on %s', (kind) => {
  let t: TestApp;
  let port: number;
  const saved = { ...process.env };
  const headersOf = (client: TestClient, type: string) => ({ cookie: client.cookie!, 'x-csrf-token': client.csrf!, 'content-type': type });
  const count = async (table: 'byproduct_records' | 'firm_reports' | 'price_observations' | 'formulas') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    // Small ceilings keep the attacks fast; the mechanisms are the ones production runs.
    process.env.HERBLOOP_IMPORT_XLSX_HEAP_MB = '16';
    process.env.HERBLOOP_IMPORT_MAX_BYTES = String(8 * 1024 * 1024);
    t = await createTestApp({ kind, demo: ['accounts', 'reporting'] });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    process.env = saved;
    await t.close();
  });

  it('refuses a driver’s large workbook to the records import from its headers, unread', async () => {
    const driver = await t.login('tongda-driver');
    const workbook = buildXlsx(60_001, (i) => (i === 0 ? ['stream', 'period', 'generatedT'] : [`BZ-S-${i % 7}`, '2025-01', i]), { compress: false });
    expect(workbook.length).toBeGreaterThan(4 * 1024 * 1024);
    const before = await count('byproduct_records');
    const res = await post(port, '/api/v1/byproducts/records/import', headersOf(driver, IMPORT_CONTENT_TYPES.xlsx), workbook);
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('forbidden');
    // The answer came while most of the file was still with the client: the server never read it.
    expect(res.sent).toBeLessThan(res.total / 4);
    expect(await count('byproduct_records')).toBe(before);
    const anonymous = await post(port, '/api/v1/reports/import', { 'content-type': IMPORT_CONTENT_TYPES.xlsx }, workbook);
    expect(anonymous.status).toBe(401);
    expect(anonymous.sent).toBeLessThan(anonymous.total / 4);
  });

  it('answers 415 to CSV sent to a non-import route, without reading it', async () => {
    const res = await post(port, '/api/v1/auth/login', { 'content-type': 'text/csv' }, { filler: Buffer.alloc(CHUNK, 'a,b\n'), total: 60 * 1024 * 1024 });
    expect(res.status).toBe(415);
    expect(res.json.code).toBe('unsupported_media_type');
    expect(res.sent).toBeLessThan(4 * 1024 * 1024);
    const json = await t.anonymous().post('/api/v1/auth/login', { username: 'danshen', password: 'x'.repeat(12) });
    expect(json.statusCode).toBe(401);
  });

  it('refuses a body over the byte cap from its length, and a chunked one once the cap is crossed', { timeout: 120_000 }, async () => {
    const firm = await t.login('danshen');
    const declared = await post(port, '/api/v1/reports/import', headersOf(firm, 'text/csv'), { filler: Buffer.alloc(CHUNK, '2025-01,coal,t,1\n'), total: 9 * 1024 * 1024 });
    expect(declared.status).toBe(413);
    expect(declared.json.code).toBe('upload.too_large');
    expect(declared.json.detail).toContain('8 MiB');
    expect(declared.sent).toBeLessThan(4 * 1024 * 1024);
    const chunked = await new Promise<{ status: number; code: string }>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, path: '/api/v1/reports/import', method: 'POST', headers: headersOf(firm, 'text/csv') }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, code: (JSON.parse(Buffer.concat(chunks).toString()) as { code: string }).code }));
      });
      request.on('error', () => undefined);
      const header = Buffer.from('period,kind,unit,consumed\n');
      // Lines of spaces are blank rows: nothing to count, so only the byte cap can stop them.
      const line = Buffer.alloc(CHUNK, ' ');
      line[CHUNK - 1] = 10;
      request.write(header);
      const more = (left: number): void => {
        if (left <= 0 || request.destroyed) return void request.end();
        if (request.write(line)) setImmediate(() => more(left - 1));
        else request.once('drain', () => more(left - 1));
      };
      more(200);
      setTimeout(() => reject(new Error('no answer')), 60_000);
    });
    expect(chunked).toEqual({ status: 413, code: 'upload.too_large' });
  });

  it('keeps answering health while a permitted upload streams, and stops parsing at the row cap', async () => {
    const firm = await t.login('danshen');
    const before = await count('firm_reports');
    const csv = reportsCsv(30_000);
    const upload = post(port, '/api/v1/reports/import', headersOf(firm, 'text/csv'), csv, 20);
    let uploading = true;
    void upload.finally(() => (uploading = false));
    const health: number[] = [];
    let answeredDuringUpload = 0;
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(res.status).toBe(200);
      if (uploading) answeredDuringUpload++;
      health.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    const res = await upload;
    expect(answeredDuringUpload).toBeGreaterThanOrEqual(3);
    expect(res.status).toBe(413);
    expect(res.json.code).toBe('import.too_many_rows');
    expect(res.sent).toBeLessThan(res.total / 2);
    // Generous: the machine running the suite is shared; the bench measures the real figure.
    expect(Math.max(...health)).toBeLessThan(5_000);
    expect(await count('firm_reports')).toBe(before);
  });

  it('refuses supply imports to callers who may not write them from the headers, unread, and writes nothing', async () => {
    const prices = { filler: Buffer.alloc(CHUNK, '三七,亳州,2026-11-21,230\n'), total: 6 * 1024 * 1024 };
    const before = { prices: await count('price_observations'), formulas: await count('formulas') };
    // A manufacturer does not write market prices.
    const firm = await t.login('danshen');
    const refused = await post(port, '/api/v1/supply/prices/import', headersOf(firm, 'text/csv'), prices);
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('forbidden');
    expect(refused.sent).toBeLessThan(refused.total / 4);
    // A transporter's driver keeps no formulas, reference or own.
    const driver = await t.login('tongda-driver');
    const workbook = buildXlsx(60_001, (i) => (i === 0 ? ['code', 'herb', 'amount'] : [`F${i % 50}`, '丹参', i]), { compress: false });
    const formulas = await post(port, '/api/v1/supply/formulas/import', headersOf(driver, IMPORT_CONTENT_TYPES.xlsx), workbook);
    expect(formulas.status).toBe(403);
    expect(formulas.sent).toBeLessThan(formulas.total / 4);
    const anonymous = await post(port, '/api/v1/supply/prices/import', { 'content-type': 'text/csv' }, prices);
    expect(anonymous.status).toBe(401);
    expect(anonymous.sent).toBeLessThan(anonymous.total / 4);
    expect({ prices: await count('price_observations'), formulas: await count('formulas') }).toEqual(before);
  });

  it('stops reading a supply import at the row cap, while health answers, and writes nothing', async () => {
    const monitor = await t.login('bz-price');
    const before = { prices: await count('price_observations'), formulas: await count('formulas') };
    process.env.HERBLOOP_IMPORT_MAX_ROWS = '1000';
    try {
      const lines = ['herb,market,date,price'];
      // Long (zero-padded) prices keep the upload going long enough to see where it stopped.
      for (let i = 0; i < 30_000; i++) lines.push(`三七,亳州,2026-11-21,${String(i + 1).padStart(150, '0')}`);
      const csv = Buffer.from(`${lines.join('\n')}\n`);
      const upload = post(port, '/api/v1/supply/prices/import', headersOf(monitor, 'text/csv'), csv, 20);
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(health.status).toBe(200);
      const res = await upload;
      expect(res.status).toBe(413);
      expect(res.json.code).toBe('import.too_many_rows');
      expect(res.json.detail).toContain('1000');
      expect(res.sent).toBeLessThan(res.total / 2);
      const formulaLines = ['code,name_zh,dosage_form,batch_yield,batch_unit,pack_size,price_cap,herb,amount'];
      for (let i = 0; i < 30_000; i++) formulaLines.push(`F${Math.floor(i / 8)},方${'剂'.repeat(40)},tablet,1000,片,10,30,丹参,${(i % 8) + 1}`);
      const formulas = Buffer.from(`${formulaLines.join('\n')}\n`);
      const capped = await post(port, '/api/v1/supply/formulas/import', headersOf(monitor, 'text/csv'), formulas, 20);
      expect(capped.status).toBe(413);
      expect(capped.json.code).toBe('import.too_many_rows');
      expect(capped.sent).toBeLessThan(capped.total / 2);
    } finally {
      delete process.env.HERBLOOP_IMPORT_MAX_ROWS;
    }
    expect({ prices: await count('price_observations'), formulas: await count('formulas') }).toEqual(before);
  });

  it('stops the spreadsheet worker at its ceiling, stays up, and still imports a good workbook', { timeout: 240_000 }, async () => {
    const firm = await t.login('danshen');
    const before = await count('firm_reports');
    const heavy = buildXlsx(150_001, (i) => (i === 0 ? ['period', 'kind', 'unit', 'consumed'] : [`2025-01 ${i} ${'x'.repeat(50)}`, 'coal', 't', i]));
    const res = await post(port, '/api/v1/reports/import', headersOf(firm, IMPORT_CONTENT_TYPES.xlsx), heavy, 0);
    expect(res.status).toBe(413);
    expect(res.json.code).toBe('import.spreadsheet_too_complex');
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    expect(await count('firm_reports')).toBe(before);
    const good = buildXlsx(3, (i) => (i === 0 ? ['报告期', '资源种类', '单位', '消耗量'] : [`2025-0${i}`, 'coal', 't', 10 * i]));
    const ok = await post(port, '/api/v1/reports/import', headersOf(firm, IMPORT_CONTENT_TYPES.xlsx), good, 0);
    expect(ok.status).toBe(201);
    expect(await count('firm_reports')).toBe(before + 2);
  });
});
