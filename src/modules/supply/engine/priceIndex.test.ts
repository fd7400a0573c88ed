import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainedPriceIndex, periodAveragePrices, type IndexComponent } from './priceIndex';

const components: IndexComponent[] = [
  { herb: '三七', category: 'root', weight: 3 },
  { herb: '丹参', category: 'root', weight: 2 },
  { herb: '枸杞子', category: 'fruit', weight: 1 },
  { herb: '金银花', category: 'flower', weight: 4 },
];

const pricesArb = fc.array(fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 6, maxLength: 6 }), { minLength: 4, maxLength: 4 });

describe('chained herb price index', () => {
  it('is 100 in the base period, for the composite and every category', () => {
    fc.assert(
      fc.property(pricesArb, fc.integer({ min: 0, max: 5 }), fc.constantFrom('geometric' as const, 'arithmetic' as const), (prices, base, method) => {
        const r = chainedPriceIndex(prices, components, { method, basePeriod: base });
        expect(r.composite.values[base]).toBeCloseTo(100, 10);
        for (const c of Object.values(r.categories)) expect(c.values[base]).toBeCloseTo(100, 10);
      }),
    );
  });

  it('chains: I_t = I_{t−1}·L_t, so I_t/I_s is the product of the links between', () => {
    fc.assert(
      fc.property(pricesArb, fc.constantFrom('geometric' as const, 'arithmetic' as const), (prices, method) => {
        const { values, links } = chainedPriceIndex(prices, components, { method, basePeriod: 2 }).composite;
        for (let t = 1; t < values.length; t++) expect(values[t]! / values[t - 1]! / links[t]!).toBeCloseTo(1, 12);
        let prod = 1;
        for (let t = 2; t <= 5; t++) prod *= links[t]!;
        expect(values[5]! / values[1]! / prod).toBeCloseTo(1, 12);
      }),
    );
  });

  it('a uniform price change of k moves every index by k; weights are respected', () => {
    const prices = [[10, 20], [5, 10], [100, 200], [1, 2]];
    for (const method of ['geometric', 'arithmetic'] as const) {
      const r = chainedPriceIndex(prices, components, { method, basePeriod: 0 });
      expect(r.composite.values[1]).toBeCloseTo(200, 10);
      expect(r.categories['root']!.values[1]).toBeCloseTo(200, 10);
    }
    // Only 金银花 (weight 4 of 10) doubles: geometric link 2^0.4, arithmetic 1 + 0.4.
    const one = [[10, 10], [5, 5], [100, 100], [1, 2]];
    expect(chainedPriceIndex(one, components).composite.values[1]).toBeCloseTo(100 * 2 ** 0.4, 10);
    expect(chainedPriceIndex(one, components, { method: 'arithmetic', basePeriod: 0 }).composite.values[1]).toBeCloseTo(140, 10);
  });

  it('geometric: prices back at base values give 100 again, and the composite link combines the category links', () => {
    fc.assert(
      fc.property(pricesArb, (prices) => {
        const back = prices.map((p) => [...p, p[0]!]);
        const r = chainedPriceIndex(back, components);
        expect(r.composite.values[6]).toBeCloseTo(100, 8);
        const w: Record<string, number> = { root: 5, fruit: 1, flower: 4 };
        for (let t = 1; t < 6; t++) {
          const combined = Math.exp(Object.entries(r.categories).reduce((s, [c, idx]) => s + w[c]! * Math.log(idx.links[t]!), 0) / 10);
          expect(r.composite.links[t]).toBeCloseTo(combined, 10);
        }
      }),
    );
  });

  it('drops herbs missing in a link and renormalises the weights', () => {
    const prices = [[10, Number.NaN, 10], [5, 10, 10], [100, 100, 100], [1, 1, 1]];
    const r = chainedPriceIndex(prices, components);
    // Link 1 without 三七: 丹参 doubles with weight 2 of 7.
    expect(r.composite.links[1]).toBeCloseTo(2 ** (2 / 7), 12);
    expect(r.categories['root']!.links[1]).toBeCloseTo(2, 12);
  });

  it('averages daily reference prices per period', () => {
    const ref = { startDay: 0, prices: Float64Array.from([1, 2, 3, 4, Number.NaN, 6]), stale: new Uint8Array(6), carry: { lastDay: new Int32Array(0), lastPrice: new Float64Array(0), reference: 6 } };
    expect(Array.from(periodAveragePrices(ref, 0, 3, 2))).toEqual([2, 5]);
  });
});
