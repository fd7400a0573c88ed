import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp } from '../../../test/helpers/app';

interface Report {
  id: string;
  period: string;
  status: string;
  lines: { kind: string; consumed: number }[];
  reviewComment: string | null;
}

describe.each(backends)('direct reporting on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['accounts', 'reporting'] });
  });
  afterAll(async () => {
    await t.close();
  });

  it('runs the workflow: draft → submitted → returned → resubmitted → accepted, audited', async () => {
    const firm = await t.login('baishao');
    const office = await t.login('bz-stat');
    const created = await firm.post('/api/v1/reports', { period: '2025-06', outputValue: 820, lines: [{ kind: 'coal', unit: 't', consumed: 120 }, { kind: 'timber', unit: 'm3', consumed: 40, recycled: 10 }] });
    expect(created.statusCode).toBe(201);
    const report = created.json<Report>();
    expect(report).toMatchObject({ period: '2025-06', status: 'draft' });

    expect((await office.post(`/api/v1/reports/${report.id}/accept`)).statusCode).toBe(409); // not submitted yet
    expect((await firm.post(`/api/v1/reports/${report.id}/submit`)).json<Report>().status).toBe('submitted');
    // A submitted report is frozen for the firm.
    expect((await firm.post('/api/v1/reports', { period: '2025-06', lines: [{ kind: 'coal', unit: 't', consumed: 1 }] })).statusCode).toBe(409);
    // The firm cannot review its own report.
    expect((await firm.post(`/api/v1/reports/${report.id}/accept`)).statusCode).toBe(403);

    const returned = await office.post(`/api/v1/reports/${report.id}/return`, { comment: '请核实燃煤量' });
    expect(returned.json<Report>()).toMatchObject({ status: 'returned', reviewComment: '请核实燃煤量' });
    const fixed = await firm.post('/api/v1/reports', { period: '2025-06', outputValue: 820, lines: [{ kind: 'coal', unit: '万t', consumed: 0.0125 }] });
    expect(fixed.json<Report>()).toMatchObject({ id: report.id, status: 'draft' });
    await firm.post(`/api/v1/reports/${report.id}/submit`);
    expect((await office.post(`/api/v1/reports/${report.id}/accept`)).json<Report>().status).toBe('accepted');

    const actions = (await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', report.id).orderBy('id').execute()).map((a) => a.action);
    expect(actions).toEqual(['report.create', 'report.submit', 'report.return', 'report.update', 'report.submit', 'report.accept']);
  });

  it('rejects bad lines by field and writes nothing', async () => {
    const firm = await t.login('danshen');
    const res = await firm.post('/api/v1/reports', { period: '2025', lines: [{ kind: 'coal', unit: 'm3', consumed: 5 }, { kind: 'kryptonite', unit: 't', consumed: 1 }, { kind: 'oil', unit: 't', consumed: 1, recycled: 2 }] });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['body.lines.0.unit', 'body.lines.1.kind', 'body.lines.2.recycled']);
    // Codes and values for the web's translation, the English text kept.
    expect(res.json<{ errors: { code: string; params: unknown; message: string }[] }>().errors.map(({ code, params, message }) => ({ code, params, message }))).toEqual([
      { code: 'accounts.unitNotConvertible', params: { unit: 'm3', expected: 't', kind: 'coal' }, message: 'm3 does not convert to t' },
      { code: 'accounts.unknownKind', params: { kind: 'kryptonite' }, message: 'unknown resource kind kryptonite' },
      { code: 'accounts.recycledExceedsConsumed', params: { recycled: 2, consumed: 1 }, message: 'recycled exceeds consumed' },
    ]);
    expect((await firm.get('/api/v1/reports?period=2025')).json<{ items: unknown[] }>().items).toHaveLength(0);
  });

  it('imports drafts from CSV with row-numbered errors, all or nothing', async () => {
    const firm = await t.login('danshen');
    const send = (csv: string) => t.app.inject({ method: 'POST', url: '/api/v1/reports/import', headers: { 'content-type': 'text/csv', cookie: firm.cookie!, 'x-csrf-token': firm.csrf! }, payload: csv });
    const bad = await send('报告期,资源种类,单位,消耗量\n2025-01,coal,t,10\n2025-02,coal,kg,abc\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['row 3: consumed']);
    expect((await firm.get('/api/v1/reports')).json<{ items: unknown[] }>().items).toHaveLength(0);
    const good = await send('period,kind,unit,consumed,recycled,outputValue\n2025-01,coal,t,10,0,300\n2025-02,coal,t,12,0,310\n2025-02,timber,m3,3,1,\n');
    expect(good.statusCode).toBe(201);
    expect(good.json<{ items: Report[] }>().items.map((r) => [r.period, r.lines.length])).toEqual([['2025-01', 1], ['2025-02', 2]]);
  });

  it('shows the office its submission board and keeps other regions out', async () => {
    const office = await t.login('bz-stat');
    const board = await office.get('/api/v1/reports/board?period=2025');
    expect(board.statusCode).toBe(200);
    const b = board.json<{ counts: Record<string, number>; firms: { code: string; status: string }[] }>();
    expect(b.firms.find((f) => f.code === 'BZ-MFR-SHAODU')!.status).toBe('returned');
    expect(b.firms.find((f) => f.code === 'BZ-UTL-FENGMU')!.status).toBe('submitted');
    expect(b.counts.accepted).toBe(5);
    expect(b.counts.missing).toBeGreaterThan(0);
    expect((await (await t.login('zj-drc')).get('/api/v1/reports/board?period=2025&region=341600')).statusCode).toBe(403);
    expect((await (await t.login('huatuo')).get('/api/v1/reports/board?period=2025&region=341600')).statusCode).toBe(403);
    // Firms see only their own reports.
    const own = (await (await t.login('huatuo')).get('/api/v1/reports')).json<{ items: { organisationCode: string }[] }>().items;
    expect(new Set(own.map((r) => r.organisationCode))).toEqual(new Set(['BZ-MFR-HUATUO']));
  });

  it('publishes aggregates, suppressing cells of fewer than three firms', async () => {
    const res = await t.anonymous().get('/api/v1/reports/aggregate?region=341600&period=2025');
    expect(res.statusCode).toBe(200);
    const agg = res.json<{ firms: number; kinds: { kind: string; firms: number; consumedTonnes: number | null; suppressed: boolean }[] }>();
    expect(agg.firms).toBe(5);
    const coal = agg.kinds.find((k) => k.kind === 'coal')!;
    expect(coal).toMatchObject({ firms: 5, suppressed: false, consumedTonnes: 5200 + 3100 + 2800 + 4100 + 1900 });
    const timber = agg.kinds.find((k) => k.kind === 'timber')!;
    expect(timber).toMatchObject({ firms: 1, suppressed: true, consumedTonnes: null });
    // The statistics office of the region sees the small cells.
    const office = (await (await t.login('bz-stat')).get('/api/v1/reports/aggregate?region=341600&period=2025')).json<typeof agg>();
    expect(office.kinds.find((k) => k.kind === 'timber')!.consumedTonnes).toBeCloseTo(8600 * 0.6, 6);
  });

  it('the attack: a city minus its district no longer gives a firm’s exact consumption', async () => {
    // 菌乡 (341621) reports coal for 2025: the city's coal would be the district's plus its own.
    const firm = await t.login('junxiang');
    const office = await t.login('bz-stat');
    const created = (await firm.post('/api/v1/reports', { period: '2025', outputValue: 410, lines: [{ kind: 'coal', unit: 't', consumed: 777 }] })).json<Report>();
    expect((await firm.post(`/api/v1/reports/${created.id}/submit`)).statusCode).toBe(200);
    expect((await office.post(`/api/v1/reports/${created.id}/accept`)).statusCode).toBe(200);
    type Agg = { outputValue: number | null; outputValueSuppressed: string | null; kinds: { kind: string; consumedTonnes: number | null; suppressed: boolean; suppressedReason: string | null }[] };
    const agg = async (region: string, c = t.anonymous()) => (await c.get(`/api/v1/reports/aggregate?region=${region}&period=2025`)).json<Agg>();
    const coal = (a: Agg) => a.kinds.find((k) => k.kind === 'coal')?.consumedTonnes ?? null;
    const exact = await Promise.all(['340000', '341600', '341602'].map((r) => agg(r, office)));
    const exactCoal = exact.map(coal);
    // On exact figures the difference is 菌乡's 777 t.
    expect(exactCoal[1]! - exactCoal[2]!).toBeCloseTo(777, 6);
    const pub = await Promise.all(['340000', '341600', '341602', '341621'].map((r) => agg(r)));
    const published = pub.map(coal).filter((v): v is number => v !== null);
    for (const a of published) for (const b of published) expect(Math.abs(a - b - 777)).toBeGreaterThan(1e-6);
    expect(pub[3]!.kinds.find((k) => k.kind === 'coal')).toMatchObject({ suppressed: true, suppressedReason: 'threshold', consumedTonnes: null });
    expect(pub.map((a) => a.kinds.find((k) => k.kind === 'coal')!.suppressedReason)).toContain('complementary');
    // The output value likewise.
    const outputs = pub.map((a) => a.outputValue).filter((v): v is number => v !== null);
    for (const a of outputs) for (const b of outputs) expect(Math.abs(a - b - 410)).toBeGreaterThan(1e-6);
  });
});
