import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../test/helpers/app';
import { post, type Sent } from '../../test/helpers/upload';
import { buildXlsx } from '../platform/import/xlsx.fixture';
import { IMPORT_CONTENT_TYPES } from './upload';

/**
 * The probe's attacks on the by-product stream, by-product record and accounts imports, over a
 * real socket: the caller's role is refused before a byte of the body is read, parsing stops
 * at the row cap, the server answers health meanwhile, and no error leaves a row behind.
 */
type Counted = 'byproduct_streams' | 'byproduct_records' | 'material_accounts' | 'account_imports';

describe.each(backends)('hostile uploads to the by-product and accounts imports on %s', (kind) => {
  let t: TestApp;
  let port: number;
  const saved = { ...process.env };
  const headersOf = (client: TestClient, type: string) => ({ cookie: client.cookie!, 'x-csrf-token': client.csrf!, 'content-type': type });
  const count = async (table: Counted) => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const counts = async () => ({
    streams: await count('byproduct_streams'),
    records: await count('byproduct_records'),
    materials: await count('material_accounts'),
    imports: await count('account_imports'),
  });

  /** Asks /api/health every 20 ms while `upload` runs: every answer must be 200; returns how many came in meanwhile. */
  async function healthDuring(upload: Promise<Sent>): Promise<number> {
    let uploading = true;
    void upload.finally(() => (uploading = false));
    let answered = 0;
    while (uploading) {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(res.status).toBe(200);
      if (uploading) answered++;
      await new Promise((r) => setTimeout(r, 20));
    }
    return answered;
  }

  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['accounts'] });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    process.env = saved;
    await t.close();
  });

  it('refuses a transporter driver’s large workbook to the records import from its headers, unread, while health answers', async () => {
    const driver = await t.login('tongda-driver');
    const workbook = buildXlsx(60_001, (i) => (i === 0 ? ['stream', 'period', 'generatedT'] : [`BZ-S-${i % 7}`, '2025-01', i]), { compress: false });
    expect(workbook.length).toBeGreaterThan(4 * 1024 * 1024);
    const before = await counts();
    const upload = post(port, '/api/v1/byproducts/records/import', headersOf(driver, IMPORT_CONTENT_TYPES.xlsx), workbook);
    await healthDuring(upload);
    const res = await upload;
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('forbidden');
    expect(res.sent).toBeLessThan(res.total / 4);

    // The same gate, from each module's policy, on the other two routes.
    const huatuo = await t.login('huatuo');
    for (const [path, client] of [
      ['/api/v1/byproducts/streams/import', driver],
      ['/api/v1/accounts/import', huatuo],
    ] as const) {
      const refused = await post(port, path, headersOf(client, IMPORT_CONTENT_TYPES.xlsx), workbook);
      expect(refused.status, path).toBe(403);
      expect(refused.sent, path).toBeLessThan(refused.total / 4);
    }
    const anonymous = await post(port, '/api/v1/accounts/import', { 'content-type': IMPORT_CONTENT_TYPES.xlsx }, workbook);
    expect(anonymous.status).toBe(401);
    expect(anonymous.sent).toBeLessThan(anonymous.total / 4);
    expect(await counts()).toEqual(before);
  });

  it('stops reading a stream file at its row cap (20 000), answering health meanwhile, and writes nothing', { timeout: 120_000 }, async () => {
    const huatuo = await t.login('huatuo');
    const before = await counts();
    const lines = ['name,herb,part,stage,state,tonnesPerYear'];
    // Long names make the upload last while health is asked.
    for (let i = 0; i < 60_000; i++) lines.push(`${'药渣'.repeat(20)}${i},丹参,root,extraction,solid,${(i % 900) + 1}`);
    const csv = Buffer.from(`${lines.join('\n')}\n`);
    const upload = post(port, '/api/v1/byproducts/streams/import', headersOf(huatuo, 'text/csv'), csv, 20);
    const answered = await healthDuring(upload);
    const res = await upload;
    expect(res.status).toBe(413);
    expect(res.json.code).toBe('import.too_many_rows');
    expect(res.json.errors?.[0]?.params).toEqual({ limit: 20_000 });
    // 20 001 of 60 000 rows read: the rest never left the client.
    expect(res.sent).toBeLessThan(res.total / 2);
    expect(answered).toBeGreaterThanOrEqual(3);
    expect(await counts()).toEqual(before);
  });

  it('stops an accounts file at the deployment’s row cap and writes nothing', async () => {
    const zj = await t.login('zj-drc');
    const before = await counts();
    const lines = ['region,year,kind,unit,domesticExtraction'];
    for (let i = 0; i < 5_000; i++) lines.push(`330000,${2000 + (i % 100)},coal,t,${i}`);
    process.env.HERBLOOP_IMPORT_MAX_ROWS = '1000';
    try {
      const res = await post(port, '/api/v1/accounts/import', headersOf(zj, 'text/csv'), Buffer.from(lines.join('\n')), 0);
      expect(res.status).toBe(413);
      expect(res.json.errors?.[0]?.params).toEqual({ limit: 1000 });
    } finally {
      delete process.env.HERBLOOP_IMPORT_MAX_ROWS;
    }
    expect(await counts()).toEqual(before);
  });

  it('writes nothing when the last row of a large records file is wrong, in a cell or against the database', { timeout: 120_000 }, async () => {
    const huatuo = await t.login('huatuo');
    const created = await huatuo.post('/api/v1/byproducts/streams', { code: 'HT-ATTACK-1', herb: '丹参', part: 'root', stage: 'extraction', tonnesPerYear: 1200 });
    expect(created.statusCode, created.body).toBe(201);
    const months = Array.from({ length: 3_000 }, (_, i) => `${1800 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    const file = (last: string) => Buffer.from(['stream,period,generatedT,landfillT', ...months.map((m) => `HT-ATTACK-1,${m},100,100`), last].join('\n'));
    const before = await counts();
    const headers = headersOf(huatuo, 'text/csv');
    for (const [last, field] of [
      ['HT-ATTACK-1,2100-01,1e308,', 'row 3002: generatedT'],
      ['HT-ATTACK-1,2100-01,2e9,', 'row 3002: generatedT'],
      ['NO-SUCH-STREAM,2100-01,10,', 'row 3002: stream'],
      ['HT-ATTACK-1,1800-01,10,', 'row 3002: period'],
    ] as const) {
      const res = await post(port, '/api/v1/byproducts/records/import', headers, file(last), 0);
      expect(res.status, last).toBe(400);
      expect(res.json.errors?.map((e) => e.field), last).toEqual([field]);
      expect(await counts()).toEqual(before);
    }
    // The same rows with a good last row land, in several batches, once each.
    const ok = await post(port, '/api/v1/byproducts/records/import', headers, file('HT-ATTACK-1,2100-01,10,10'), 0);
    expect(ok.status).toBe(201);
    expect(await count('byproduct_records')).toBe(before.records + 3_001);
  });
});
