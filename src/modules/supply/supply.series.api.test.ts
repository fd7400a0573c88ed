import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';

/**
 * The product page's series (issue 11, speed): the Y/P series is weekly unless a chart asks for
 * the days of the window it zooms into, and the computations behind it are kept under the
 * monitor state's version, so they are served again until a price or formula write changes it.
 */
describe.each(backends)('supply series (%s)', (kind) => {
  let t: TestApp;
  let maker: TestClient;

  interface Row {
    date: string;
    cost: number | null;
    priceCap: number | null;
    ratio: number | null;
    level: string;
  }
  interface Report {
    resolution: string;
    series: Row[];
    episodes: unknown[];
  }

  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['supply'] });
    maker = await t.login('huatuo');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is weekly by default over the whole history, ending on the as-of day, a seventh of the daily answer', async () => {
    const weeklyRes = await maker.get('/api/v1/supply/formulas/FFDSP/ratio');
    expect(weeklyRes.statusCode).toBe(200);
    const weekly = weeklyRes.json<Report>();
    const dailyRes = await maker.get('/api/v1/supply/formulas/FFDSP/ratio?resolution=day');
    const daily = dailyRes.json<Report>();
    expect(weekly.resolution).toBe('week');
    expect(daily.resolution).toBe('day');
    const asOf = (await maker.get('/api/v1/supply/formulas/FFDSP')).json<{ date: string }>().date;
    expect(weekly.series.at(-1)!.date).toBe(asOf);
    expect(daily.series.at(-1)!.date).toBe(asOf);
    expect(weekly.series).toHaveLength(Math.floor((daily.series.length - 1) / 7) + 1);
    for (let i = 1; i < weekly.series.length; i++) {
      expect((Date.parse(weekly.series[i]!.date) - Date.parse(weekly.series[i - 1]!.date)) / 86_400_000).toBe(7);
    }
    // Every weekly row is that day's row, and the episodes (peaks included) are all there.
    const byDate = new Map(daily.series.map((r) => [r.date, r]));
    for (const r of weekly.series) expect(r).toEqual(byDate.get(r.date));
    expect(weekly.episodes).toEqual(daily.episodes);
    expect(weeklyRes.body.length).toBeLessThan(dailyRes.body.length / 6);
  });

  it('gives the days of a zoomed window, equal to the weekly rows inside it', async () => {
    const weekly = (await maker.get('/api/v1/supply/formulas/FFDSP/ratio')).json<Report>();
    const window = (await maker.get('/api/v1/supply/formulas/FFDSP/ratio?from=2010-09-01&to=2010-12-31&resolution=day')).json<Report>();
    expect(window.series).toHaveLength(122);
    expect(window.series[0]!.date).toBe('2010-09-01');
    const inside = weekly.series.filter((r) => r.date >= '2010-09-01' && r.date <= '2010-12-31');
    expect(inside.length).toBeGreaterThan(15);
    for (const r of inside) expect(window.series.find((x) => x.date === r.date)).toEqual(r);
    const reversed = await maker.get('/api/v1/supply/formulas/FFDSP/ratio?from=2011-01-01&to=2010-01-01');
    expect(reversed.statusCode).toBe(400);
    expect((await maker.get('/api/v1/supply/formulas/FFDSP/ratio?resolution=hour')).statusCode).toBe(400);
  });

  it('serves a computation again while the monitor version stands, and recomputes once it changes', async () => {
    // The formula list builds the monitor state of the fresh demo (until then there is no version to keep anything under).
    expect((await maker.get('/api/v1/supply/formulas')).statusCode).toBe(200);
    const last = () => maker.get('/api/v1/supply/formulas/FFDSP/ratio?resolution=day&from=2026-01-01').then((r) => r.json<Report>().series.at(-1)!.date);
    const before = await last();
    const next = new Date(Date.parse(before) + 86_400_000).toISOString().slice(0, 10);
    const forecastAsOf = () => maker.get('/api/v1/supply/formulas/FFDSP/forecast?weeks=4').then((r) => r.json<{ asOf: string }>().asOf);
    expect(await forecastAsOf()).toBe(before);
    // A tick written behind the monitor's back (no new version): the kept computation still answers.
    await sql`insert into price_observations (herb_id, spec_id, market_id, day, price, unit, price_per_kg, status, source)
      select herb_id, spec_id, market_id, ${next}::date, price, unit, price_per_kg, status, source
      from price_observations where day = ${before}::date and status <> 'held' limit 1`.execute(t.db);
    expect(await last()).toBe(before);
    // The forecast (fan included) is kept the same way: it still starts on the day before.
    expect(await forecastAsOf()).toBe(before);
    // Any writer (this process or another) gives the row a new version: the next read recomputes.
    await sql`update supply_monitor set version = gen_random_uuid() where id = 1`.execute(t.db);
    expect(await last()).toBe(next);
    expect(await forecastAsOf()).toBe(next);
  });
});
