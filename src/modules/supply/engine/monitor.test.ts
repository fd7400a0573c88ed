import { describe, expect, it } from 'vitest';
import { isoToDay } from './days';
import { COMPOUND_DANSHEN_TABLETS, generateDemoPriceHistory } from './demoPrices';
import { compileFormulas, type Formula } from './formula';
import { advanceMonitorDay, recomputeAll, monitorLines, DEFAULT_MONITOR_CONFIG } from './monitor';
import type { MarketSeries } from './reference';

describe('monitor: incremental update equals full recompute', () => {
  const other: Formula = {
    code: 'X',
    name: '某颗粒',
    ingredients: [
      { herb: '丹参', amount: 300, unit: 'g' },
      { herb: '黄芪', amount: 500, unit: 'g' },
      { herb: '甘草', amount: 100, unit: 'g' },
    ],
    batchYield: 1000,
    packSize: 10,
    priceCaps: [{ from: '2009-01-01', priceCap: 1.5 }, { from: '2011-01-01', priceCap: 1.8 }],
    band: { low: 0.1, high: 0.3 },
  };
  const { herbs, compiled } = compileFormulas([COMPOUND_DANSHEN_TABLETS, other]);
  const hist = generateDemoPriceHistory({
    herbs: herbs.map((h) => ({ herb: h, basePrice: 20 })),
    from: '2009-01-01',
    to: '2012-12-31',
    seed: 7,
    missingRate: 0.2,
  });
  const obs: MarketSeries[][] = herbs.map((h) => hist.find((x) => x.herb === h)!.markets.map((m) => m.series));
  const start = isoToDay('2009-01-01');
  const total = isoToDay('2012-12-31') - start + 1;

  it('produces the same prices, ratios, levels and episodes day after day', () => {
    const split = 400;
    const full = recomputeAll(obs, compiled, start, total);
    let state = recomputeAll(obs, compiled, start, split).state;
    const lines = monitorLines(compiled);
    for (let d = split; d < total; d++) {
      const day = start + d;
      const newPrices = obs.map((markets) =>
        markets.map((s) => {
          // Ticks are sorted; a linear scan is fine in a test.
          const i = s.days.indexOf(day);
          return i < 0 ? Number.NaN : s.prices[i]!;
        }),
      );
      const u = advanceMonitorDay(state, compiled, newPrices, DEFAULT_MONITOR_CONFIG, lines);
      state = u.state;
      for (let i = 0; i < herbs.length; i++) expect(u.referencePrices[i]).toBe(full.references[i]!.prices[d]);
      for (let j = 0; j < compiled.length; j++) {
        expect(u.ratio[j]).toBe(full.formulas[j]!.series.ratio[d]);
        expect(u.levels[j]).toBe(full.formulas[j]!.levels[d]);
      }
    }
    // The episodes known at the end agree as well.
    for (let j = 0; j < compiled.length; j++) {
      const open = full.formulas[j]!.episodes.at(-1);
      expect(state.machines[j]!.open).toEqual(open?.end === null ? open : null);
    }
  });

  it('does not modify the state it is given', () => {
    const r = recomputeAll(obs, compiled, start, 100);
    const snapshot = JSON.stringify(r.state, (_, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
    advanceMonitorDay(r.state, compiled, obs.map(() => undefined));
    expect(JSON.stringify(r.state, (_, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v))).toBe(snapshot);
  });
});
