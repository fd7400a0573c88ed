import { describe, expect, it } from 'vitest';
import { isoToDay } from './days';
import { advanceReference, marketSeriesFromQuotes, referenceCarryAt, referencePriceSeries, type MarketSeries } from './reference';

const ms = (pairs: [number, number][]): MarketSeries => ({
  days: Int32Array.from(pairs.map((p) => p[0])),
  prices: Float64Array.from(pairs.map((p) => p[1])),
});

describe('reference price', () => {
  it('is the median over fresh markets, forward-filled up to the limit, then stale', () => {
    const a = ms([[0, 10], [1, 11], [2, 12]]);
    const b = ms([[0, 20], [5, 21]]);
    const c = ms([[0, 30]]);
    const r = referencePriceSeries([a, b, c], 0, 12, { maxFillDays: 2 });
    // day 0: median(10, 20, 30) = 20; day 1: (11, 20, 30) → 20; day 2: (12, 20, 30) → 20
    // day 3: a fresh (age 1), b age 3 → out, c out → 12; day 4: a age 2 → 12
    // day 5: a age 3 out, b fresh → 21; days 6–7 b → 21; day 8 nothing fresh → carried 21, stale
    expect(Array.from(r.prices)).toEqual([20, 20, 20, 12, 12, 21, 21, 21, 21, 21, 21, 21]);
    expect(Array.from(r.stale)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('averages the two middle prices for an even number of markets', () => {
    const r = referencePriceSeries([ms([[0, 10]]), ms([[0, 14]])], 0, 1, { maxFillDays: 0 });
    expect(r.prices[0]).toBe(12);
  });

  it('is NaN before any market reported', () => {
    const r = referencePriceSeries([ms([[3, 10]])], 0, 5, { maxFillDays: 7 });
    expect(Number.isNaN(r.prices[0]!)).toBe(true);
    expect(r.prices[3]).toBe(10);
  });

  it('continues day by day exactly like the full series', () => {
    const a = ms([[0, 10], [1, 11], [2, 12], [9, 13]]);
    const b = ms([[0, 20], [5, 21], [9, 22]]);
    const opts = { maxFillDays: 2 };
    const full = referencePriceSeries([a, b], 0, 10, opts);
    const carry = referenceCarryAt([a, b], 4, opts);
    const scratch = new Float64Array(2);
    for (let day = 5; day < 10; day++) {
      const np = [a, b].map((s) => {
        const i = Array.from(s.days).indexOf(day);
        return i < 0 ? Number.NaN : s.prices[i]!;
      });
      const r = advanceReference(carry, day, np, opts, scratch);
      expect(r.price).toBe(full.prices[day]);
      expect(r.stale ? 1 : 0).toBe(full.stale[day]);
    }
  });
});

describe('market series from quotes', () => {
  it('sorts, converts units to 元/kg and keeps the last quote of a day', () => {
    const s = marketSeriesFromQuotes([
      { date: '2009-01-03', price: 150, unit: '元/斤' },
      { date: '2009-01-01', price: 0.25, unit: '元/g' },
      { date: isoToDay('2009-01-02'), price: 260 },
      { date: '2009-01-03', price: 140, unit: '元/斤' },
    ]);
    expect(Array.from(s.days)).toEqual([isoToDay('2009-01-01'), isoToDay('2009-01-02'), isoToDay('2009-01-03')]);
    expect(Array.from(s.prices)).toEqual([250, 260, 280]);
  });
});
