import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestApp, type TestClient } from '../../../test/helpers/app';
import { startByproductsApp } from './byproducts.api-fixture';

/**
 * Issue 4 × issue 5: the firm figures carry the firm's latest reconciled material balance, and
 * compare its by-product outflows with the declared generation when the periods are the same.
 */
type Total = { tonnes: number | null; sdTonnes: number | null; flows: number };
interface Balance {
  modelId: string;
  modelName: string;
  period: string | null;
  chiSquarePassed: boolean;
  byproducts: Total;
  losses: Total;
  outflows: { flowId: string; kind: string; tonnes: number | null; sdTonnes: number | null }[];
  comparison: { declaredT: number; balanceT: number; sdT: number; differenceT: number; withinTwoSd: boolean } | null;
  comparisonReasonCode: string | null;
}
interface Figures { figures: { generatedT: number }; balance: Balance | null; balanceReasonCode: string | null }

describe.each(backends)('firm figures with the material balance on %s', (kind) => {
  let t: TestApp;
  let huatuo: TestClient;
  let park: TestClient;
  let regulator: TestClient;
  beforeAll(async () => {
    ({ t, huatuo, park, regulator } = await startByproductsApp(kind, ['balance', 'byproducts']));
  });
  afterAll(async () => {
    await t.close();
  });

  const year = String(new Date().getUTCFullYear() - 1);
  const get = async (c: TestClient, firm: string, period: string) => {
    const res = await c.get(`/api/v1/byproducts/figures?scope=firm&id=${firm}&period=${period}`);
    expect(res.statusCode).toBe(200);
    return res.json<Figures>();
  };
  /** One process: herbs in, the residue (by-product) and dust (loss) measured out, the product unknown, so the residue keeps its measurement. */
  const model = (period: string | undefined, residueT: number, sdT: number) => ({
    unit: 't',
    ...(period ? { period } : {}),
    processes: [{ id: 'extraction', name: '提取' }],
    flows: [
      { id: 'herbs', from: null, to: 'extraction', value: residueT * 3, sd: residueT * 0.01 },
      { id: 'residue', name: '药渣', from: 'extraction', to: null, value: residueT, sd: sdT, kind: 'byproduct' },
      { id: 'dust', from: 'extraction', to: null, value: 3, sd: 0.4, kind: 'loss' },
      { id: 'product', from: 'extraction', to: null, kind: 'product' },
    ],
  });

  it('says no-model for a firm without a balance, and carries no balance outside the firm scope', async () => {
    const r = await get(huatuo, 'BZ-MFR-HUATUO', year);
    expect(r.balance).toBeNull();
    expect(r.balanceReasonCode).toBe('no-model');
    const parkFigures = (await t.anonymous().get(`/api/v1/byproducts/figures?scope=park&id=BZ-TCM-PARK&period=${year}`)).json<Figures>();
    expect(parkFigures.balance).toBeNull();
    expect(parkFigures.balanceReasonCode).toBeNull();
  });

  it('shows the demo batch balance of 涡河 but does not compare a nominal period', async () => {
    const r = await get(regulator, 'BZ-MFR-GUOHE', year);
    expect(r.balanceReasonCode).toBeNull();
    const b = r.balance!;
    expect(b.period).toBeNull();
    expect(b.chiSquarePassed).toBe(true);
    expect(b.comparison).toBeNull();
    expect(b.comparisonReasonCode).toBe('period-nominal');
    // The model is in kg: its residue (≈ 2 480 kg) comes out in tonnes.
    expect(b.byproducts.flows).toBe(1);
    expect(b.byproducts.tonnes).toBeGreaterThan(2);
    expect(b.byproducts.tonnes).toBeLessThan(3);
    expect(b.losses.flows).toBe(b.outflows.filter((o) => o.kind === 'loss').length);
  });

  it('compares declared generation with the balance when the periods match, within or outside 2 sd, and says period-mismatch otherwise', async () => {
    const declared = (await get(huatuo, 'BZ-MFR-HUATUO', year)).figures.generatedT;
    expect(declared).toBeGreaterThan(0);
    const created = await huatuo.post('/api/v1/balance/models', { name: '华佗 提取车间', model: model(year, declared, declared * 0.02) });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;

    const match = (await get(huatuo, 'BZ-MFR-HUATUO', year)).balance!;
    expect(match).toMatchObject({ modelId: id, modelName: '华佗 提取车间', period: year, comparisonReasonCode: null });
    expect(match.byproducts.tonnes).toBeCloseTo(declared, 6);
    expect(match.losses).toMatchObject({ flows: 1 });
    expect(match.losses.tonnes).toBeCloseTo(3, 6);
    const c = match.comparison!;
    expect(c.declaredT).toBe(declared);
    expect(c.balanceT).toBeCloseTo(declared, 6);
    expect(c.sdT).toBeCloseTo(declared * 0.02, 6);
    expect(c.differenceT).toBeCloseTo(declared - c.balanceT, 9);
    expect(c.withinTwoSd).toBe(true);

    // The same model for a month of the year: not compared, not scaled.
    const month = (await get(huatuo, 'BZ-MFR-HUATUO', `${year}-03`)).balance!;
    expect(month.comparison).toBeNull();
    expect(month.comparisonReasonCode).toBe('period-mismatch');

    // A balance that finds half again as much residue, measured to 2 %: outside 2 sd.
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/balance/models/${id}`, headers: { cookie: huatuo.cookie!, 'x-csrf-token': huatuo.csrf! }, payload: { name: '华佗 提取车间', model: model(year, declared * 1.5, declared * 0.03) } });
    expect(put.statusCode).toBe(200);
    const off = (await get(huatuo, 'BZ-MFR-HUATUO', year)).balance!.comparison!;
    expect(off.differenceT).toBeCloseTo(-declared * 0.5, 6);
    expect(off.sdT).toBeCloseTo(declared * 0.03, 6);
    expect(off.withinTwoSd).toBe(false);
  });

  it('gives the balance to whoever may see both the figures and the balance: the park administration gets not-permitted', async () => {
    const own = await get(regulator, 'BZ-MFR-GUOHE', year);
    expect(own.balance).not.toBeNull();
    const parkView = await get(park, 'BZ-MFR-GUOHE', year);
    expect(parkView.balance).toBeNull();
    expect(parkView.balanceReasonCode).toBe('not-permitted');
    // Another firm sees neither.
    expect((await huatuo.get(`/api/v1/byproducts/figures?scope=firm&id=BZ-MFR-GUOHE&period=${year}`)).statusCode).toBe(403);
  });
});
