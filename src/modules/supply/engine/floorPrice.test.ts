import { describe, expect, it } from 'vitest';
import { COMPOUND_DANSHEN_TABLETS } from './demoPrices';
import { costFloorPrice } from './floorPrice';
import { compileFormulas } from './formula';
import { floorPriceReport } from './reports';

describe('cost-floor price (seed 003 §6.3)', () => {
  const sanqi = { cycleYears: 3, annualInput: 10_000, yieldPerCycle: 150, areaUnit: 'mu' as const, annualProfit: 75_000, profitAreaUnit: 'hm2' as const };

  it('三七: 3 years, 10 000 元/亩/yr, 150 kg/亩, 75 000 元/hm²/yr → exactly 300 元/kg', () => {
    expect(costFloorPrice(sanqi)).toBe(300);
  });

  it('does not depend on the area unit the figures are stated in', () => {
    const allHectare = { ...sanqi, annualInput: 150_000, yieldPerCycle: 2_250, areaUnit: 'hm2' as const };
    expect(costFloorPrice(allHectare)).toBeCloseTo(300, 12);
    const allMu = { ...sanqi, annualProfit: 5_000, profitAreaUnit: 'mu' as const };
    expect(costFloorPrice(allMu)).toBe(300);
    // Without profit it is the seed's pure production cost: 3 × 10 000 / 150 = 200 元/kg.
    expect(costFloorPrice({ ...sanqi, annualProfit: 0 })).toBe(200);
  });

  it('reports the Y/P of Compound Danshen Tablets with 三七 at the floor: above the 30 % line', () => {
    const f = compileFormulas([COMPOUND_DANSHEN_TABLETS]).compiled[0]!;
    const r = floorPriceReport(sanqi, { formula: f, herb: '三七', prices: [10, 999, 150], priceCap: 7.2 });
    expect(r.floorPrice).toBe(300);
    expect(r.ratio).toBe(((10 * 0.45 + 300 * 0.141 + 150 * 0.008) * 60) / 1000 / 7.2);
    expect(r.ratio!).toBeGreaterThan(0.3);
  });
});
