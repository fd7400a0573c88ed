import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoToDay } from './days';
import { COMPOUND_DANSHEN_TABLETS } from './demoPrices';
import { costFloorPrice } from './floorPrice';
import {
  compileFormula,
  compileFormulas,
  costChangeAttribution,
  costShares,
  formulaCostPerPack,
  formulasPushedOutOfBand,
  herbExposure,
  priceCapOn,
  ratioSeries,
  whatIf,
  type CompiledFormula,
  type Formula,
} from './formula';
import type { ReferencePriceSeries } from './reference';

const danshen = compileFormulas([COMPOUND_DANSHEN_TABLETS]).compiled[0]!;
// Ingredient order of the formula: 丹参, 三七, 冰片.

describe('Compound Danshen Tablets (seed 003 §6.1)', () => {
  it('Y/P = [(j1·n1 + j2·n2 + j3·n3) × 60/1000] / P, bit for bit', () => {
    const j1 = 8.5;
    const j2 = 235;
    const j3 = 152;
    const expected = ((j1 * 0.45 + j2 * 0.141 + j3 * 0.008) * 60) / 1000 / 7.2;
    const cost = formulaCostPerPack(danshen, [j1, j2, j3]);
    expect(cost / priceCapOn(danshen, isoToDay('2010-01-01'))).toBe(expected);
    // By hand: 3.825 + 33.135 + 1.216 = 38.176 元 per 1 000 tablets → 2.29056 元 per bottle.
    expect(cost).toBeCloseTo(2.29056, 12);
    expect(expected).toBeCloseTo(0.31813333, 8);
  });

  it('early 2009 prices give Y/P = 10 % with 三七 60 % of cost', () => {
    const w = whatIf(danshen, [8, 7.2 / 0.141, 150], 7.2, {});
    expect(w.ratio).toBeCloseTo(0.1, 12);
    expect(w.shares['三七']).toBeCloseTo(0.6, 12);
    expect(w.level).toBe(0);
  });

  it('the same result from the daily series path', () => {
    const start = isoToDay('2010-01-01');
    const mk = (p: number): ReferencePriceSeries => ({
      startDay: start,
      prices: Float64Array.of(p, p),
      stale: new Uint8Array(2),
      carry: { lastDay: new Int32Array(0), lastPrice: new Float64Array(0), reference: p },
    });
    const s = ratioSeries(danshen, [mk(8.5), mk(235), mk(152)]);
    expect(s.ratio[1]).toBe(((8.5 * 0.45 + 235 * 0.141 + 152 * 0.008) * 60) / 1000 / 7.2);
    expect(s.priceCap[0]).toBe(7.2);
  });

  it('with 三七 at its cost-floor price of 300 元/kg Y/P is still above 30 %', () => {
    const floor = costFloorPrice({ cycleYears: 3, annualInput: 10_000, yieldPerCycle: 150, areaUnit: 'mu', annualProfit: 75_000, profitAreaUnit: 'hm2' });
    expect(floor).toBe(300);
    const w = whatIf(danshen, [10, 50, 150], 7.2, { prices: { 三七: floor } });
    expect(w.ratio).toBe(((10 * 0.45 + 300 * 0.141 + 150 * 0.008) * 60) / 1000 / 7.2);
    expect(w.ratio).toBeGreaterThan(0.3);
    expect(w.level).toBeGreaterThan(0);
  });
});

describe('price caps', () => {
  it('uses the cap in force on each day', () => {
    const f: Formula = { ...COMPOUND_DANSHEN_TABLETS, priceCaps: [{ from: '2015-06-01', priceCap: 9 }, { from: '2009-09-28', priceCap: 7.2 }] };
    const c = compileFormula(f, (h) => ['丹参', '三七', '冰片'].indexOf(h));
    expect(Number.isNaN(priceCapOn(c, isoToDay('2009-09-27')))).toBe(true);
    expect(priceCapOn(c, isoToDay('2009-09-28'))).toBe(7.2);
    expect(priceCapOn(c, isoToDay('2015-05-31'))).toBe(7.2);
    expect(priceCapOn(c, isoToDay('2015-06-01'))).toBe(9);
  });
});

// Random formulas with 1–8 ingredients and prices.
const formulaArb = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    amounts: fc.array(fc.double({ min: 0.001, max: 2, noNaN: true }), { minLength: n, maxLength: n }),
    from: fc.array(fc.double({ min: 0.5, max: 2000, noNaN: true }), { minLength: n, maxLength: n }),
    to: fc.array(fc.double({ min: 0.5, max: 2000, noNaN: true }), { minLength: n, maxLength: n }),
    packSize: fc.integer({ min: 1, max: 200 }),
    batchYield: fc.integer({ min: 100, max: 10_000 }),
  }),
);

function build(amounts: readonly number[], packSize: number, batchYield: number): CompiledFormula {
  const f: Formula = {
    code: 'F',
    name: 'F',
    ingredients: amounts.map((a, k) => ({ herb: `h${k}`, amount: a, unit: 'kg' as const })),
    batchYield,
    packSize,
    priceCaps: [{ from: 0, priceCap: 10 }, { from: 100, priceCap: 12 }],
    band: { low: 0.1, high: 0.3 },
  };
  return compileFormula(f, (h) => Number(h.slice(1)));
}

describe('cost model properties', () => {
  it('contributions sum to costTo − costFrom (and ratio parts to the ratio change)', () => {
    fc.assert(
      fc.property(formulaArb, ({ amounts, from, to, packSize, batchYield }) => {
        const f = build(amounts, packSize, batchYield);
        const a = costChangeAttribution(f, from, to, 50, 150);
        const sum = Object.values(a.contributions).reduce((x, y) => x + y, 0);
        const delta = a.costTo - a.costFrom;
        expect(Math.abs(sum - delta)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(a.costTo), Math.abs(a.costFrom)));
        const rsum = Object.values(a.ratioContributions).reduce((x, y) => x + y, 0) + a.ratioFromPriceCap;
        expect(rsum).toBeCloseTo(a.costTo / 12 - a.costFrom / 10, 9);
      }),
    );
  });

  it('scaling every price by k scales Y by k', () => {
    fc.assert(
      fc.property(formulaArb, fc.double({ min: 0.01, max: 100, noNaN: true }), ({ amounts, from, packSize, batchYield }, k) => {
        const f = build(amounts, packSize, batchYield);
        const y = formulaCostPerPack(f, from);
        const yk = formulaCostPerPack(f, from.map((p) => p * k));
        expect(yk).toBeCloseTo(y * k, Math.max(0, 10 - Math.ceil(Math.log10(Math.max(1, y * k)))));
        expect(Math.abs(yk - y * k)).toBeLessThanOrEqual(1e-12 * y * k);
      }),
    );
  });

  it('shares are fractions summing to 1', () => {
    fc.assert(
      fc.property(formulaArb, ({ amounts, from, packSize, batchYield }) => {
        const f = build(amounts, packSize, batchYield);
        const s = Object.values(costShares(f, from));
        for (const x of s) expect(x).toBeGreaterThanOrEqual(0);
        expect(s.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
      }),
    );
  });
});

describe('exposure and shocks', () => {
  const other: Formula = {
    code: 'X',
    name: '某丸',
    ingredients: [
      { herb: '三七', amount: 10, unit: 'g' },
      { herb: '丹参', amount: 2000, unit: 'g' },
    ],
    batchYield: 1000,
    packSize: 60,
    priceCaps: [{ from: 0, priceCap: 20 }],
    band: { low: 0.1, high: 0.3 },
  };
  const { herbs, compiled } = compileFormulas([COMPOUND_DANSHEN_TABLETS, other]);
  const price: Record<string, number> = { 丹参: 10, 三七: 150, 冰片: 150 };
  const pricesOf = (f: CompiledFormula): number[] => f.herbs.map((h) => price[h]!);
  const capOf = (f: CompiledFormula): number => priceCapOn(f, 20_000);

  it('+1 % of a herb moves Y/P by its cost share of a percent', () => {
    expect(herbs).toEqual(['丹参', '三七', '冰片']);
    const e = herbExposure('三七', compiled, pricesOf, capOf);
    expect(e.map((x) => x.formula)).toEqual(['FFDSP', 'X']);
    const f0 = compiled[0]!;
    const y = formulaCostPerPack(f0, pricesOf(f0));
    const y1 = formulaCostPerPack(f0, [10, 151.5, 150]);
    expect(e[0]!.ratioPointsPerPercent).toBeCloseTo((y1 - y) / 7.2, 12);
    expect(e[0]!.relativePerPercent).toBeCloseTo((y1 - y) / y, 12);
    expect(herbExposure('冰片', compiled, pricesOf, capOf)).toHaveLength(1);
  });

  it('lists formulas a shock pushes out of band', () => {
    // Danshen at these prices: (4.5 + 21.15 + 1.2) × 0.06 / 7.2 = 0.22375, inside the band.
    const out = formulasPushedOutOfBand({ 三七: 1.5 }, compiled, pricesOf, capOf);
    expect(out.map((o) => o.formula)).toEqual(['FFDSP']);
    expect(out[0]!.before.ratio).toBeCloseTo(0.22375, 12);
    expect(out[0]!.after.ratio).toBeCloseTo(((4.5 + 31.725 + 1.2) * 0.06) / 7.2, 12);
    expect(out[0]!.after.level).toBeGreaterThan(0);
    expect(formulasPushedOutOfBand({ 三七: 1.05 }, compiled, pricesOf, capOf)).toEqual([]);
  });
});
