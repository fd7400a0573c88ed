import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/platform.dataset';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { expectProblem, orgId } from '../../../test/helpers/fixtures';
import type { NationalExportView } from './ledgers.schema';

/** A sheet as rows of cell values (row 1 the title, row 2 the headers). */
async function workbook(res: LightMyRequestResponse): Promise<ExcelJS.Workbook> {
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return book;
}

function table(book: ExcelJS.Workbook, name: string): { headers: string[]; rows: Record<string, unknown>[] } {
  const sheet = book.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}: ${book.worksheets.map((w) => w.name).join(', ')}`);
  const headers = (sheet.getRow(2).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, n) => {
    if (n <= 2) return;
    const values = (row.values as unknown[]).slice(1);
    if (values.length === 0) return;
    rows.push(Object.fromEntries(headers.map((h, i) => [h, values[i] ?? null])));
  });
  return { headers, rows };
}

const close = (a: unknown, b: number) => expect(Number(a)).toBeCloseTo(b, 3);

/**
 * Statutory ledgers through HTTP on both databases, checked against the demo data: the general
 * ledger's totals equal the firm's stored records and balance (generated = utilised + disposed +
 * change in storage), its entrusted sheet lists the demo manifest with the receiver's licence; a
 * hazardous manifest signed end to end appears in the annual declaration and in the national
 * export (JSON and .xlsx); who may download what.
 */
describe.each(backends)('ledgers API (%s)', (kind) => {
  let t: TestApp;
  let huatuo: TestClient;
  let shaodu: TestClient;
  let regulator: TestClient;
  let ids: Record<string, string>;
  let year: number;
  let manifestNumber: string;

  const ok = <T>(res: LightMyRequestResponse, status = 200): T => {
    if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json<T>();
  };

  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['byproducts', 'manifests'] });
    [huatuo, shaodu, regulator] = (await Promise.all(['huatuo', 'shaodu', 'bz-eeb'].map((u) => t.login(u)))) as [TestClient, TestClient, TestClient];
    const codes = ['BZ-MFR-HUATUO', 'BZ-MFR-SHAODU', 'BZ-UTL-LVYUAN', 'BZ-SVC-QINGYUAN', 'BZ-TRN-LVYUN'];
    ids = Object.fromEntries(await Promise.all(codes.map(async (c) => [c, await orgId(t.db, c)] as const)));
    const m = await t.db
      .selectFrom('manifests as m')
      .innerJoin('manifest_events as e', (j) => j.onRef('e.manifest_id', '=', 'm.id').on('e.kind', '=', 'picked-up'))
      .select(['m.number', 'e.at'])
      .where('m.generator_id', '=', ids['BZ-MFR-HUATUO']!)
      .executeTakeFirstOrThrow();
    manifestNumber = m.number;
    year = new Date(m.at.getTime() + 8 * 3_600_000).getUTCFullYear();
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  /** The firm's stored records of a year, summed in SQL (the figures the ledger must show). */
  async function recordSums(organisationId: string, y: number, hazardous: boolean) {
    const r = await t.db
      .selectFrom('byproduct_records as r')
      .innerJoin('byproduct_streams as s', 's.id', 'r.stream_id')
      .where('s.organisation_id', '=', organisationId)
      .where('s.hazardous', '=', hazardous)
      .where('r.period', 'like', `${y}-%`)
      .select([
        sql<string>`coalesce(sum(r.generated_t), 0)::text`.as('generated'),
        sql<string>`coalesce(sum(r.utilised_low_value_t + r.utilised_reduce_efficiency_t + r.utilised_value_added_t + r.utilised_unspecified_t), 0)::text`.as('utilised'),
        sql<string>`coalesce(sum(r.disposed_landfill_t + r.disposed_incineration_t + r.disposed_discharge_t + r.disposed_harmless_t), 0)::text`.as('disposed'),
        sql<string>`count(*)::text`.as('n'),
      ])
      .executeTakeFirstOrThrow();
    return { generated: Number(r.generated), utilised: Number(r.utilised), disposed: Number(r.disposed), n: Number(r.n) };
  }

  it("writes the general ledger from the firm's records and manifests, with totals that balance", async () => {
    const book = await workbook(await huatuo.get(`/api/v1/manifests/ledgers/general?organisationId=${ids['BZ-MFR-HUATUO']}&year=${year}`));
    expect(book.worksheets.map((w) => w.name)).toEqual(['单位信息', '表1 基础信息', '表2 流向汇总', '附表1 产生环节', '附表2 贮存环节', '附表3 利用处置环节', '附表4 委托利用处置']);
    const want = await recordSums(ids['BZ-MFR-HUATUO']!, year, false);
    expect(want.n).toBeGreaterThan(0);

    const summary = table(book, '表2 流向汇总');
    expect(summary.headers.slice(0, 4)).toEqual(['月份', '产生量（吨）', '利用量（吨）', '处置量（吨）']);
    const months = summary.rows.filter((r) => /^\d{4}-\d{2}$/.test(String(r['月份'])));
    expect(months).toHaveLength(12);
    const total = summary.rows.find((r) => r['月份'] === '合计')!;
    const opening = summary.rows.find((r) => r['月份'] === '期初贮存量')!;
    close(total['产生量（吨）'], want.generated);
    close(total['利用量（吨）'], want.utilised);
    close(total['处置量（吨）'], want.disposed);
    // Generated = utilised + disposed + change in storage; closing = opening + change.
    close(Number(total['产生量（吨）']), Number(total['利用量（吨）']) + Number(total['处置量（吨）']) + Number(total['贮存变化量（吨）']));
    close(total['期末贮存量（吨）'], Number(opening['期末贮存量（吨）']) + Number(total['贮存变化量（吨）']));
    close(months.reduce((a, r) => a + Number(r['产生量（吨）']), 0), want.generated);

    // The generation sheet's rows add up to the same total.
    const generation = table(book, '附表1 产生环节');
    close(generation.rows.filter((r) => r['月份'] !== '合计').reduce((a, r) => a + Number(r['产生量（吨）']), 0), want.generated);
    const storage = table(book, '附表2 贮存环节');
    const st = storage.rows.find((r) => r['月份'] === '合计')!;
    close(st['期末贮存量（吨）'], Number(st['期初贮存量（吨）']) + Number(st['入库量（吨）']) - Number(st['出库量（吨）']));

    // The demo manifest: 12.4 t picked up, 12.38 t received by Lvyuan under its licence.
    const entrusted = table(book, '附表4 委托利用处置');
    const line = entrusted.rows.find((r) => r['联单编号'] === manifestNumber)!;
    const licence = await t.db
      .selectFrom('manifests as m')
      .innerJoin('manifest_licences as l', 'l.id', 'm.licence_id')
      .select('l.number')
      .where('m.number', '=', manifestNumber)
      .executeTakeFirstOrThrow();
    expect(line).toMatchObject({ 废物代码: 'SW13', 受托单位名称: '亳州绿源有机肥有限公司', 受托单位许可证编号: licence.number, 许可覆盖该废物: '是', 利用处置方式代码: 'R3' });
    close(line['起运量（吨）'], 12.4);
    close(line['接受量（吨）'], 12.38);
    const lines = entrusted.rows.filter((r) => r['起运日期'] !== '合计');
    close(entrusted.rows.find((r) => r['起运日期'] === '合计')!['接受量（吨）'], lines.reduce((a, r) => a + Number(r['接受量（吨）']), 0));
    close(total['其中委托利用处置量（吨）'], lines.reduce((a, r) => a + Number(r['接受量（吨）']), 0));
  });

  it('writes English headers with lang=en and takes a month range', async () => {
    const book = await workbook(await regulator.get(`/api/v1/manifests/ledgers/general?organisationId=${ids['BZ-MFR-HUATUO']}&from=${year}-03&to=${year}-05&lang=en`));
    const summary = table(book, 'T2 Flow summary');
    expect(summary.headers.slice(0, 2)).toEqual(['Month', 'Generated (t)']);
    expect(summary.rows.filter((r) => /^\d{4}-\d{2}$/.test(String(r.Month))).map((r) => r.Month)).toEqual([`${year}-03`, `${year}-04`, `${year}-05`]);
  });

  it('refuses other firms, anonymous callers and bad periods; a delegation opens the ledger', async () => {
    const url = `/api/v1/manifests/ledgers/general?organisationId=${ids['BZ-MFR-HUATUO']}&year=${year}`;
    expectProblem(await shaodu.get(url), 403, 'forbidden');
    expectProblem(await t.anonymous().get(url), 401, 'unauthenticated');
    expectProblem(await huatuo.get(`/api/v1/manifests/ledgers/general?organisationId=${ids['BZ-MFR-HUATUO']}&year=${year}&from=${year}-01`), 400, 'validation');
    const backwards = await huatuo.get(`/api/v1/manifests/ledgers/general?organisationId=${ids['BZ-MFR-HUATUO']}&from=${year}-05&to=${year}-01`);
    expectProblem(backwards, 400, 'validation');
    expect(backwards.body).toContain('to');
    // An unknown organisation is not confirmed to anyone who could not read it.
    expectProblem(await regulator.get(`/api/v1/manifests/ledgers/general?organisationId=00000000-0000-4000-8000-000000000000&year=${year}`), 403, 'forbidden');
    expectProblem(await shaodu.get(`/api/v1/manifests/ledgers/general?organisationId=00000000-0000-4000-8000-000000000000&year=${year}`), 403, 'forbidden');

    ok(await huatuo.post(`/api/v1/organisations/${ids['BZ-MFR-HUATUO']}/delegations`, { granteeId: ids['BZ-MFR-SHAODU'], scopes: ['manifests.ledgers'] }), 201);
    await workbook(await shaodu.get(url));
    const firms = ok<{ items: { code: string }[] }>(await shaodu.get('/api/v1/manifests/ledgers/firms'));
    expect(firms.items.map((f) => f.code).sort()).toEqual(['BZ-MFR-HUATUO', 'BZ-MFR-SHAODU']);
    const regional = ok<{ items: { code: string }[] }>(await regulator.get('/api/v1/manifests/ledgers/firms'));
    expect(regional.items.map((f) => f.code)).toContain('BZ-MFR-HUATUO');
    expect(regional.items.map((f) => f.code)).not.toContain('BZ-REG-EEB');
  });

  it('declares a hazardous manifest signed end to end, plans the next year, and exports it in the national layout', async () => {
    // A firm of the demo with a hazardous stream (solvent filter cake, HW02).
    const firm = await t.db
      .selectFrom('byproduct_streams as s')
      .innerJoin('organisations as o', 'o.id', 's.organisation_id')
      .innerJoin('memberships as ms', 'ms.organisation_id', 'o.id')
      .innerJoin('users as u', 'u.id', 'ms.user_id')
      .where('s.hazardous', '=', true)
      .where('ms.role', '=', 'admin')
      .select(['o.id', 'o.name_zh', 'u.username'])
      .orderBy('o.code')
      .executeTakeFirstOrThrow();
    const generator = await t.login(firm.username);
    const [qingyuan, lvyun] = await Promise.all([t.login('qingyuan'), t.login('lvyun')]);
    const site = async (o: string) => (await t.db.selectFrom('sites').select('id').where('organisation_id', '=', o).executeTakeFirstOrThrow()).id;
    const licence = ok<{ id: string }>(
      await qingyuan.post('/api/v1/manifests/licences', { organisationId: ids['BZ-SVC-QINGYUAN'], number: '皖危废经字〔2026〕017号', categories: ['HW02'], annualCapacity: '5000', validFrom: '2026-01-01', validUntil: '2030-12-31' }),
      201,
    );
    const m = ok<{ id: string; number: string }>(
      await generator.post('/api/v1/manifests', {
        generatorId: firm.id,
        generatorSiteId: await site(firm.id),
        transporters: [{ organisationId: ids['BZ-TRN-LVYUN'], plate: '皖S·W0171', driverName: '谢鹏' }],
        receiverId: ids['BZ-SVC-QINGYUAN'],
        receiverSiteId: await site(ids['BZ-SVC-QINGYUAN']!),
        licenceId: licence.id,
        lines: [{ wasteCode: '271-001-02', description: '含溶剂滤饼', packaging: '钢桶', packageCount: 40, quantity: '8', unit: 't', measure: 'weighed' }],
        password: DEMO_PASSWORD,
      }),
      201,
    );
    const sign = (c: TestClient, body: Record<string, unknown>) => c.post(`/api/v1/manifests/${m.id}/events`, { password: DEMO_PASSWORD, ...body }).then((r) => ok<unknown>(r, 201));
    await sign(generator, { kind: 'sealed' });
    // A hazardous load is picked up only by a carrier whose licence, vehicle and driver hold dangerous-goods permits.
    const permit = (body: Record<string, unknown>) =>
      lvyun.post('/api/v1/manifests/permits', { organisationId: ids['BZ-TRN-LVYUN'], validFrom: '2025-01-01', validUntil: '2030-12-31', ...body }).then((r) => ok<unknown>(r, 201));
    await permit({ kind: 'road-dg-licence', number: '皖交运管许可亳字 341600000171 号' });
    await permit({ kind: 'dg-vehicle', number: '341600W0171', subject: '皖S·W0171' });
    await permit({ kind: 'dg-driver', number: '341600198203030022', subject: '谢鹏' });
    await sign(lvyun, { kind: 'picked-up', weights: [{ line: 1, quantity: '8' }] });
    await sign(lvyun, { kind: 'delivered' });
    await sign(qingyuan, { kind: 'received', lines: [{ line: 1, outcome: 'partially-refused', received: '7.95', refused: '0.5', reason: '桶体破损' }] });
    await sign(qingyuan, { kind: 'processed', treatmentCode: 'D10' });
    const now = new Date(Date.now() + 8 * 3_600_000);
    const thisYear = now.getUTCFullYear();

    const decl = await workbook(await regulator.get(`/api/v1/manifests/ledgers/hazardous-declaration?organisationId=${firm.id}&year=${thisYear}`));
    const want = await recordSums(firm.id, thisYear, true);
    const flows = table(decl, '产生贮存利用处置');
    const total = flows.rows.find((r) => r['序号'] === '合计')!;
    close(total['产生量（吨）'], want.generated);
    close(total['年末贮存量（吨）'], Number(total['上年末贮存量（吨）']) + want.generated - want.utilised - want.disposed);
    const transfers = table(decl, '转移情况');
    expect(transfers.rows.find((r) => r['受托单位名称'] === '亳州清源环境服务有限公司')).toMatchObject({ 危险废物经营许可证编号: '皖危废经字〔2026〕017号', 废物代码: '271-001-02', 联单数: 1, 利用处置方式代码: 'D10' });
    close(transfers.rows.find((r) => r['受托单位名称'] === '亳州清源环境服务有限公司')!['接受量（吨）'], 7.45);

    const plan = await workbook(await generator.get(`/api/v1/manifests/ledgers/hazardous-plan?organisationId=${firm.id}&year=${thisYear + 1}`));
    const declared = await t.db.selectFrom('byproduct_streams').where('organisation_id', '=', firm.id).where('hazardous', '=', true).select(sql<string>`sum(tonnes_per_year)::text`.as('t')).executeTakeFirstOrThrow();
    const planned = table(plan, '产生情况').rows.find((r) => r['序号'] === '合计')!;
    close(planned['计划产生量（吨）'], Number(declared.t));
    close(planned['上年产生量（吨）'], want.generated);
    expect(table(plan, '委托利用处置').rows.find((r) => r['受托单位名称'] === '亳州清源环境服务有限公司')).toBeDefined();

    // The national layout: one manifest (JSON and .xlsx), and the firm's period.
    const one = ok<NationalExportView>(await qingyuan.get(`/api/v1/manifests/${m.id}/national`));
    expect(one.layout).toBe('cn-national-hw-transfer-manifest');
    expect(one.fields.every((f) => f.verified === false)).toBe(true);
    expect(one.rows).toHaveLength(1);
    expect(one.rows[0]).toMatchObject({
      manifestNumber: m.number,
      generatorName: firm.name_zh,
      wasteCode: '271-001-02',
      wasteCategory: 'HW02',
      packaging: '钢桶',
      packageCount: 40,
      quantityT: 8,
      carrierName: '亳州绿运危废运输有限公司',
      vehiclePlate: '皖S·W0171',
      receiverLicence: '皖危废经字〔2026〕017号',
      receivedT: 7.45,
      treatmentCode: 'D10',
      hazardProperties: null,
    });
    expect(String(one.rows[0]!.discrepancy)).toContain('拒收 0.5 吨：桶体破损');
    const sheet = table(await workbook(await regulator.get(`/api/v1/manifests/${m.id}/national?format=xlsx`)), '危险废物转移联单');
    expect(sheet.headers[0]).toBe('联单编号');
    expect(sheet.rows[0]!['联单编号']).toBe(m.number);
    close(sheet.rows[0]!['接受量（吨）'], 7.45);
    // The manifests module hides a manifest from those who may not read it.
    expectProblem(await shaodu.get(`/api/v1/manifests/${m.id}/national`), 404, 'not_found');

    const month = now.toISOString().slice(0, 7);
    const period = ok<NationalExportView>(await generator.get(`/api/v1/manifests/national?organisationId=${firm.id}&from=${month}&to=${month}`));
    expect(period.rows.map((r) => r.manifestNumber)).toEqual([m.number]);
    expectProblem(await shaodu.get(`/api/v1/manifests/national?organisationId=${firm.id}&year=${thisYear}`), 403, 'forbidden');
  });
});
