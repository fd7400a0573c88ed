import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemViewer } from '../../platform/viewer';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { makeToken, orgId } from '../../../test/helpers/fixtures';
import { dayToIso, levelName, type LevelCode } from './engine';
import { forgetComputations } from './supply.compute.cache';
import { computeFormulas } from './supply.compute.service';
import { forgetMonitorCache } from './supply.monitor.service';

/**
 * The served monitor state (issue 10): after every kind of price write (a new day, the same day
 * again, a jump that moves the base day, a backfill, a held tick and its confirmation, a formula
 * change, another process's write) the formula list and a product page answer exactly what a
 * full recompute from the stored ticks gives, level with hysteresis included.
 */
describe.each(backends)('supply monitor state (%s)', (kind) => {
  let t: TestApp;
  let monitor: TestClient;
  let token: string;

  interface Item {
    code: string;
    date: string | null;
    cost: number | null;
    priceCap: number | null;
    ratio: number | null;
    level: string;
    trend: (number | null)[];
  }

  const nanToNull = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? null : x);

  /** What the list showed before the state existed, computed from every stored tick. */
  async function recomputed(): Promise<Map<string, Omit<Item, 'code'>>> {
    // Computed afresh, not served from the computations kept under the monitor's version.
    forgetComputations();
    const { models, comp } = await computeFormulas(t.db, systemViewer('test'));
    const out = new Map<string, Omit<Item, 'code'>>();
    models.forEach((m, i) => {
      const s = comp!.result.formulas[i]!;
      const n = s.series.ratio.length;
      const trend: (number | null)[] = [];
      for (let k = 12; k >= 0; k--) trend.push(nanToNull(s.series.ratio[n - 1 - 7 * k]));
      out.set(m.row.code, {
        date: dayToIso(comp!.lastDay),
        cost: nanToNull(s.series.cost[n - 1]),
        priceCap: nanToNull(s.series.priceCap[n - 1]),
        ratio: nanToNull(s.series.ratio[n - 1]),
        level: levelName(s.levels[n - 1]! as LevelCode),
        trend,
      });
    });
    return out;
  }

  async function expectServedEqualsRecompute(): Promise<void> {
    const res = await monitor.get('/api/v1/supply/formulas');
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Item[] }>().items;
    const full = await recomputed();
    expect(items.length).toBe(full.size);
    for (const it of items) expect({ code: it.code, date: it.date, cost: it.cost, priceCap: it.priceCap, ratio: it.ratio, level: it.level, trend: it.trend }).toEqual({ code: it.code, ...full.get(it.code)! });
    const detail = (await monitor.get('/api/v1/supply/formulas/FFDSP')).json<Item>();
    const f = full.get('FFDSP')!;
    expect({ ratio: detail.ratio, level: detail.level, date: detail.date, trend: detail.trend }).toEqual({ ratio: f.ratio, level: f.level, date: f.date, trend: f.trend });
  }

  /** The forecast's current Y/P is the list's figure. */
  async function expectForecastAgrees(): Promise<void> {
    const list = (await monitor.get('/api/v1/supply/formulas/FFDSP')).json<Item>();
    const forecast = (await monitor.get('/api/v1/supply/formulas/FFDSP/forecast?weeks=2')).json<{ currentRatio: number; asOf: string }>();
    expect({ asOf: forecast.asOf, currentRatio: forecast.currentRatio }).toEqual({ asOf: list.date, currentRatio: list.ratio });
  }

  const post = async (observations: { herb: string; market: string; date: string; price: number }[]) => {
    const res = await t.anonymous({ authorization: `Bearer ${token}` }).post('/api/v1/supply/prices', { observations });
    expect(res.statusCode).toBe(200);
    return res.json<{ inserted: number; updated: number; unchanged: number; held: number }>();
  };
  const sanqi = (date: string, price: number) => ['亳州', '安国', '玉林', '成都荷花池', '文山三七市场'].map((market, k) => ({ herb: '三七', market, date, price: price + k }));

  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['supply'] });
    monitor = await t.login('bz-price');
    token = (await makeToken(t.db, await orgId(t.db, 'BZ-MON-PRICE'), 'member')).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves after the demo load what a full recompute gives', async () => {
    await expectServedEqualsRecompute();
    await expectForecastAgrees();
  });

  it('stays equal to a full recompute through a sequence of price posts', async () => {
    const last = (await monitor.get('/api/v1/supply/formulas/FFDSP')).json<Item>();
    expect(last.date).toBe('2026-11-20');
    const p = (await monitor.get(`/api/v1/supply/prices?herb=${encodeURIComponent('三七')}&limit=1`)).json<{ items: { pricePerKg: number }[] }>().items[0]!.pricePerKg;

    // A new day, then the same batch again (stored once), then the day overwritten.
    expect(await post(sanqi('2026-11-21', p))).toMatchObject({ inserted: 5, held: 0 });
    await expectServedEqualsRecompute();
    expect(await post(sanqi('2026-11-21', p))).toMatchObject({ inserted: 0, updated: 0, unchanged: 5 });
    expect(await post(sanqi('2026-11-21', p * 1.05))).toMatchObject({ updated: 5 });
    await expectServedEqualsRecompute();

    // Other herbs and days inside the head window, in any order.
    await post([...sanqi('2026-11-24', p * 1.08), { herb: '丹参', market: '亳州', date: '2026-11-23', price: 30 }, { herb: '冰片', market: '安国', date: '2026-11-22', price: 1500 }]);
    await expectServedEqualsRecompute();
    // A late batch of a day before the as-of day's eve: rolled from a state kept a few days back.
    await post([{ herb: '丹参', market: '安国', date: '2026-11-22', price: 31 }, ...sanqi('2026-11-23', p * 1.07)]);
    await expectServedEqualsRecompute();
    // A day before every state kept in memory (they begin three days before the as-of day): from the base.
    await post([{ herb: '冰片', market: '亳州', date: '2026-11-21', price: 1480 }]);
    await expectServedEqualsRecompute();

    // Far ahead: the base day moves (the carried state is written at the new base).
    await post(sanqi('2027-02-10', p * 1.1));
    await expectServedEqualsRecompute();

    // Another process wrote the last version: this one reads the state from the tables.
    forgetMonitorCache();
    await post(sanqi('2027-02-11', p * 1.12));
    await expectServedEqualsRecompute();
    forgetMonitorCache();
    await expectServedEqualsRecompute();

    // A backfill before the base day rebuilds the state.
    await post(sanqi('2026-11-26', p * 1.3));
    await expectServedEqualsRecompute();

    // A held outlier does not count until an administrator confirms it.
    expect(await post([{ herb: '三七', market: '安国', date: '2027-02-12', price: p * 20 }])).toMatchObject({ held: 1 });
    await expectServedEqualsRecompute();
    const ok = await monitor.post('/api/v1/supply/prices/confirm', { items: [{ herb: '三七', market: '安国', date: '2027-02-12' }] });
    expect(ok.json()).toEqual({ confirmed: 1, notHeld: 0 });
    await expectServedEqualsRecompute();
    await expectForecastAgrees();
    // Each check recomputes the whole history once (seconds on PGlite in a busy CI).
  }, 300_000);

  it('screens a day against its two weeks, written ticks of those weeks included (the day\'s basis is not kept past them)', async () => {
    const p = (await monitor.get(`/api/v1/supply/prices?herb=${encodeURIComponent('三七')}&limit=1`)).json<{ items: { pricePerKg: number }[] }>().items[0]!.pricePerKg;
    // Weeks after every stored tick: the only history is what this test posts.
    expect(await post(sanqi('2027-06-01', p))).toMatchObject({ held: 0 });
    // The basis of 2027-06-11 (five ticks near p) is computed here...
    expect(await post([{ herb: '三七', market: '亳州', date: '2027-06-11', price: p }])).toMatchObject({ held: 0 });
    // ...and a jump to 3p on a day before it, held against 2027-06-01, still belongs to its window.
    expect(await post(sanqi('2027-06-06', 3 * p))).toMatchObject({ held: 5 });
    // Against ten ticks, half near p and half near 3p, 3p is inside the limit (against the five near p alone it would be held).
    expect(await post([{ herb: '三七', market: '安国', date: '2027-06-11', price: 3 * p }])).toMatchObject({ held: 0 });
    // A batch of several days: the later day is judged with the earlier day's new ticks.
    expect(await post([{ herb: '三七', market: '玉林', date: '2027-06-12', price: 3 * p }, { herb: '三七', market: '成都荷花池', date: '2027-06-13', price: 30 * p }])).toMatchObject({ held: 1 });
    await expectServedEqualsRecompute();
  }, 300_000);

  it('follows formula changes', async () => {
    const ffdsp = (await monitor.get('/api/v1/supply/formulas/FFDSP')).json<{ ratio: number }>();
    const created = await monitor.post('/api/v1/supply/formulas', {
      formulas: [
        {
          code: 'MON-TEST',
          nameZh: '监测测试片',
          dosageForm: 'tablet',
          batchYield: 1000,
          batchUnit: 'tablet',
          packSize: 60,
          ingredients: [{ herb: '三七', amount: 141, unit: 'g' }, { herb: '丹参', amount: 450, unit: 'g' }],
          priceCaps: [{ from: '2009-01-01', priceCap: 7.2 }],
        },
      ],
    });
    expect(created.statusCode).toBe(200);
    await expectServedEqualsRecompute();
    const mine = (await monitor.get('/api/v1/supply/formulas/MON-TEST')).json<{ ratio: number }>();
    expect(mine.ratio).toBeLessThan(ffdsp.ratio);
  });
});
