import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp } from '../../../test/helpers/app';
import { DEMO_GRANULE_LINE } from './engine';

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
});
