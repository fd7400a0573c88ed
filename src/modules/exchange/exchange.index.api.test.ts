import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp } from '../../../test/helpers/app';
import { refreshPriceIndex } from './exchange.index.service';
import { orgId } from './exchange.auctions.fixture';

const pub = '/api/v1/public/exchange/index';

/** A bilateral contract with one delivered lot per (day, tonnes). */
async function trade(t: TestApp, seller: string, buyer: string, cell: [string, 'A' | 'B' | 'C'], price: number, lots: [string, number][]) {
  const c = await t.db
    .insertInto('exchange_contracts')
    .values({ number: `HT-T-${Math.random().toString(36).slice(2, 10)}`, kind: 'bilateral', source: 'direct', seller_organisation_id: seller, buyer_organisation_id: buyer, class: cell[0], grade: cell[1], tonnes: 100, price_per_tonne: price, delivery_terms: 'ex-works', load_type: 'bulk', starts_on: '2025-01-01', ends_on: '2026-12-31' })
    .returning('id')
    .executeTakeFirstOrThrow();
  let seq = 0;
  for (const [day, tonnes] of lots) {
    await t.db.insertInto('exchange_contract_deliveries').values({ contract_id: c.id, seq: ++seq, from_organisation_id: seller, planned_on: day, planned_tonnes: tonnes, status: 'delivered', delivered_on: day, delivered_tonnes: tonnes }).execute();
  }
}

describe.each(backends)('exchange price index API (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ kind });
    const [a, b, buyer] = await Promise.all(['BZ-MFR-HUATUO', 'BZ-MFR-SHAODU', 'BZ-UTL-LVYUAN'].map((c) => orgId(t.db, c)));
    // Weeks 2025-W02 and 2025-W03: cellulose-rich|B traded by two sellers, three lots a week.
    await trade(t, a!, buyer!, ['cellulose-rich', 'B'], 200, [['2025-01-06', 10], ['2025-01-07', 10], ['2025-01-13', 10], ['2025-01-14', 10]]);
    await trade(t, b!, buyer!, ['cellulose-rich', 'B'], 300, [['2025-01-08', 20], ['2025-01-15', 10]]);
    // One seller only: never published.
    await trade(t, a!, buyer!, ['lipid-rich', 'A'], 900, [['2025-01-06', 5], ['2025-01-07', 5], ['2025-01-08', 5]]);
  }, 120_000);
  afterAll(async () => t?.close());

  it('serves the weekly index without login, publishes only disclosed cells, and as CSV', async () => {
    const res = await t.anonymous().get(pub);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json<{ baseWeek: string; method: { minTrades: number }; series: { key: string; weeks: { week: string; index: number | null; price: number | null }[] }[] }>();
    expect(view.method.minTrades).toBe(3);
    expect(view.baseWeek).toBe('2025-W02');
    expect(view.series.map((s) => s.key).sort()).toEqual(['category:cellulose-rich', 'cell:cellulose-rich|B', 'composite']);
    const cell = view.series.find((s) => s.key === 'cell:cellulose-rich|B')!;
    // W02: (10·200 + 10·200 + 20·300) / 40 = 250; W03: (10·200 + 10·200 + 10·300) / 30 = 233.33…
    expect(cell.weeks.map((w) => w.price)).toEqual([250, 7000 / 30]);
    expect(cell.weeks[1]!.index).toBeCloseTo((100 * 7000) / 30 / 250, 10);
    expect(res.body).not.toContain('lipid-rich');

    const csv = await t.anonymous().get(`${pub}/series.csv?grade=B`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines[0]).toBe('series,category,grade,week,start,index,link,price,trades,tonnes');
    expect(lines.slice(1).every((l) => l.startsWith('cell:cellulose-rich|B'))).toBe(true);

    const bad = await t.anonymous().get(`${pub}?from=2025-13`);
    expect(bad.statusCode).toBe(400);
  });

  it('recomputes only when the trades changed', async () => {
    expect(await t.db.transaction().execute((trx) => refreshPriceIndex(trx))).toBe(false);
    await t.db.updateTable('exchange_contract_deliveries').set({ delivered_tonnes: 11 }).where('delivered_on', '=', '2025-01-14').execute();
    expect(await t.db.transaction().execute((trx) => refreshPriceIndex(trx))).toBe(true);
  });
});
