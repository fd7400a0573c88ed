import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp } from '../../../test/helpers/app';
import { latestReconciledOutflows } from './balance.service';
import { DEMO_GRANULE_LINE, reconcileBalance } from './engine';

interface Reconciled {
  flows: Record<string, { value: number | null; sd: number | null; status: string }>;
  stocks: Record<string, { value: number | null }>;
  chiSquare: { passed: boolean; degreesOfFreedom: number };
  grossErrors: { id: string }[];
  undetermined: string[];
}

describe.each(backends)('balance API on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['balance'] });
  });
  afterAll(async () => {
    await t.close();
  });

  it('reconciles a model sent in the request: inputs − outputs = stock change everywhere, unknowns computed', async () => {
    const c = await t.login('guohe');
    const res = await c.post('/api/v1/balance/reconcile', { model: DEMO_GRANULE_LINE });
    expect(res.statusCode).toBe(200);
    const r = res.json<Reconciled>();
    expect(r.chiSquare.passed).toBe(true);
    for (const p of DEMO_GRANULE_LINE.processes) {
      const into = DEMO_GRANULE_LINE.flows.filter((f) => f.to === p.id).reduce((s, f) => s + r.flows[f.id]!.value!, 0);
      const out = DEMO_GRANULE_LINE.flows.filter((f) => f.from === p.id).reduce((s, f) => s + r.flows[f.id]!.value!, 0);
      expect(into - out).toBeCloseTo(r.stocks[p.id]?.value ?? 0, 6);
    }
    expect(Object.values(r.flows).some((f) => f.status === 'computed')).toBe(true);
  });

  it('names a simple linear case exactly: a − b − c = 0 with equal uncertainties', async () => {
    const c = await t.login('guohe');
    const model = {
      processes: [{ id: 'P', name: 'split' }],
      flows: [
        { id: 'a', from: null, to: 'P', value: 100, sd: 1 },
        { id: 'b', from: 'P', to: null, value: 60, sd: 1 },
        { id: 'c', from: 'P', to: null, value: 37, sd: 1 },
      ],
    };
    const r = (await c.post('/api/v1/balance/reconcile', { model })).json<Reconciled>();
    // Residual 3 is spread equally (weights 1): a − 1, b + 1, c + 1.
    expect(r.flows.a!.value).toBeCloseTo(99, 9);
    expect(r.flows.b!.value).toBeCloseTo(61, 9);
    expect(r.flows.c!.value).toBeCloseTo(38, 9);
    expect(r.chiSquare.degreesOfFreedom).toBe(1);
  });

  it('rejects a structurally wrong model with the problem named', async () => {
    const c = await t.login('guohe');
    const res = await c.post('/api/v1/balance/reconcile', { model: { processes: [{ id: 'P', name: 'x' }], flows: [{ id: 'a', from: 'Q', to: 'P', value: 1, sd: 0.1 }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ code: string; detail: string }>().detail).toMatch(/Q/);
    expect(res.json<{ errors: unknown[] }>().errors).toEqual([
      { field: 'model', message: 'flow a: unknown process Q', code: 'accounts.model.unknownProcess', params: { what: 'flow', id: 'a', process: 'Q' } },
    ]);
    const shape = await c.post('/api/v1/balance/reconcile', { model: { processes: [], flows: [] } });
    expect(shape.statusCode).toBe(400);
    expect(shape.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain('body.model.processes');
  });

  it('keeps a firm’s saved models to the firm, its regional regulators and admins', async () => {
    const owner = await t.login('guohe');
    const list = await owner.get('/api/v1/balance/models');
    expect(list.statusCode).toBe(200);
    const [demo] = list.json<{ items: { id: string; organisationId: string }[] }>().items;
    expect(demo).toBeDefined();
    const rec = await owner.post(`/api/v1/balance/models/${demo!.id}/reconcile`, {});
    expect(rec.statusCode).toBe(200);
    expect((await (await t.login('bz-eeb')).get(`/api/v1/balance/models/${demo!.id}`)).statusCode).toBe(200);
    expect((await (await t.login('huatuo')).get(`/api/v1/balance/models/${demo!.id}`)).statusCode).toBe(403);
    expect((await (await t.login('zj-drc')).get(`/api/v1/balance/models/${demo!.id}`)).statusCode).toBe(403);
    // A regulator may look but not change it.
    const reg = await t.login('bz-eeb');
    expect((await reg.delete(`/api/v1/balance/models/${demo!.id}`)).statusCode).toBe(403);
  });

  it('saves, updates and deletes a model with an audit trail', async () => {
    const owner = await t.login('huatuo');
    const created = await owner.post('/api/v1/balance/models', { name: '提取车间', model: DEMO_GRANULE_LINE });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const updated = await t.app.inject({ method: 'PUT', url: `/api/v1/balance/models/${id}`, headers: { cookie: owner.cookie!, 'x-csrf-token': owner.csrf! }, payload: { name: '提取车间 v2', model: DEMO_GRANULE_LINE } });
    expect(updated.statusCode).toBe(200);
    expect((await owner.delete(`/api/v1/balance/models/${id}`)).statusCode).toBe(204);
    const actions = (await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('id').execute()).map((a) => a.action);
    expect(actions).toEqual(['balance_model.create', 'balance_model.update', 'balance_model.delete']);
  });

  it('gives contradictions and warnings a stable code, their values and the English text', async () => {
    const c = await t.login('guohe');
    const model = { processes: [{ id: 'P', name: 'P' }], flows: [{ id: 'in', from: null, to: 'P', value: 100 }, { id: 'out', from: 'P', to: null, value: 90 }] };
    const r = (await c.post('/api/v1/balance/reconcile', { model })).json<{ contradictions: { code: string; params: Record<string, unknown>; message: string }[] }>();
    expect(r.contradictions).toEqual([{ equations: ['balance:P'], residual: 10, code: 'violatedByFixed', params: { equations: 'balance:P', residual: 10 }, message: 'balance:P is violated by fixed values (residual 10)' }]);
    const gross = { processes: [{ id: 'P', name: 'P' }], flows: [{ id: 'a', from: null, to: 'P', value: 100, sd: 1 }, { id: 'b', from: 'P', to: null, value: 60, sd: 1 }, { id: 'c', from: 'P', to: null, value: 20, sd: 1 }] };
    const w = (await c.post('/api/v1/balance/reconcile', { model: gross })).json<{ warnings: { code: string; params: Record<string, unknown> }[] }>();
    const chi = w.warnings.find((x) => x.code === 'chiSquareFailed')!;
    expect(typeof chi.params.statistic).toBe('number');
    expect(chi.params.statistic).toBeGreaterThan(chi.params.critical as number);
  });

  it('lists the balance models of a region for its regulators and platform admins only', async () => {
    for (const user of ['bz-eeb', 'ah-eed', 'admin']) {
      const c = await t.login(user);
      const res = await c.get(`/api/v1/balance/region-models?region=341600`);
      expect(res.statusCode, user).toBe(200);
      const body = res.json<{ region: string; items: { organisationCode: string; processes: number; flows: number; region: string }[] }>();
      expect(body.items.find((m) => m.organisationCode === 'BZ-MFR-GUOHE'), user).toMatchObject({ processes: DEMO_GRANULE_LINE.processes.length, flows: DEMO_GRANULE_LINE.flows.length, region: '341602' });
    }
    // Default: the regulator's own region.
    const own = await (await t.login('bz-eeb')).get('/api/v1/balance/region-models');
    expect(own.json<{ region: string; items: unknown[] }>()).toMatchObject({ region: '341600' });
    expect(own.json<{ items: unknown[] }>().items.length).toBeGreaterThan(0);
    // A regulator outside the region, a statistics office (direct reporting gives it aggregates,
    // not process yields) and a firm get no list.
    for (const [user, region] of [['bz-eeb', '330000'], ['bz-stat', '341600'], ['guohe', '341600']] as const) {
      const res = await (await t.login(user)).get(`/api/v1/balance/region-models?region=${region}`);
      expect(res.statusCode, user).toBe(403);
    }
    const bad = await (await t.login('bz-eeb')).get('/api/v1/balance/region-models?region=anhui');
    expect(bad.statusCode).toBe(400);
  });

  it('reads a firm’s latest reconciled by-product and loss outflows in tonnes for the circularity figures', async () => {
    const org = await t.db.selectFrom('organisations').select('id').where('code', '=', 'BZ-MFR-GUOHE').executeTakeFirstOrThrow();
    const demo = await latestReconciledOutflows(t.db, org.id);
    const direct = reconcileBalance(DEMO_GRANULE_LINE);
    expect(demo).toMatchObject({ period: null, chiSquarePassed: true, contradictions: 0 });
    expect(demo!.outflows.map((f) => [f.flowId, f.kind])).toEqual([
      ['residue', 'byproduct'],
      ['vapour', 'loss'],
      ['fines', 'loss'],
    ]);
    // The demo model is in kg per batch: tonnes are a thousandth of the reconciled values.
    for (const f of demo!.outflows) {
      expect(f.tonnes).toBeCloseTo(direct.flows[f.flowId]!.value! / 1000, 12);
      expect(f.sdTonnes).toBeCloseTo(direct.flows[f.flowId]!.sd! / 1000, 12);
    }
    expect(demo!.outflows.find((f) => f.flowId === 'vapour')!.status).toBe('computed');

    // A model with a later period supersedes it; one saved later without a period does not.
    const owner = await t.login('guohe');
    const monthly = { ...DEMO_GRANULE_LINE, unit: 't' as const, period: '2025-06' };
    const saved = await owner.post('/api/v1/balance/models', { name: '2025-06 月度', model: monthly });
    expect(saved.statusCode).toBe(201);
    expect((await owner.post('/api/v1/balance/models', { name: '无期间', model: DEMO_GRANULE_LINE })).statusCode).toBe(201);
    const latest = await latestReconciledOutflows(t.db, org.id);
    expect(latest).toMatchObject({ modelId: saved.json<{ id: string }>().id, period: '2025-06' });
    expect(latest!.outflows[0]!.tonnes).toBeCloseTo(direct.flows.residue!.value!, 9);

    const none = await t.db.selectFrom('organisations').select('id').where('code', '=', 'BZ-UTL-SENDA').executeTakeFirstOrThrow();
    expect(await latestReconciledOutflows(t.db, none.id)).toBeNull();
  });

  it('refuses a model with a malformed period or an unknown flow role', async () => {
    const c = await t.login('guohe');
    const res = await c.post('/api/v1/balance/models', { name: 'x', model: { ...DEMO_GRANULE_LINE, period: '2025-13', flows: DEMO_GRANULE_LINE.flows.map((f, i) => (i === 0 ? { ...f, kind: 'waste' } : f)) } });
    expect(res.statusCode).toBe(400);
    const fields = res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.model.period', 'body.model.flows.0.kind']));
  });
});
