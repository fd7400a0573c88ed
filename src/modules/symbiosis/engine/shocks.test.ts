import { describe, expect, it } from 'vitest';
import { priceFallStops } from './shocks';

describe('priceFallStops: the fall decides which makers stop', () => {
  it('weights the product by its share of the maker’s formulas and compares with the threshold', () => {
    const makers = [
      { firm: 'sole', productFormulas: 1, ownedFormulas: 1 },
      { firm: 'quarter', productFormulas: 1, ownedFormulas: 4 },
      { firm: 'fragile', productFormulas: 1, ownedFormulas: 2, threshold: 0.1 },
    ];
    // 0.4 on a sole product: 0.4 ≤ 0.5, runs on; a quarter: 0.1; half at threshold 0.1: 0.2 > 0.1, stops.
    expect(priceFallStops(makers, 0.4)).toEqual([
      { firm: 'sole', lostRevenueShare: 0.4, threshold: 0.5, stops: false },
      { firm: 'quarter', lostRevenueShare: 0.1, threshold: 0.5, stops: false },
      { firm: 'fragile', lostRevenueShare: 0.2, threshold: 0.1, stops: true },
    ]);
    // 0.6 stops the sole maker (0.6 > 0.5), not the one for which it is a quarter (0.15).
    expect(priceFallStops(makers, 0.6).map((o) => [o.firm, o.stops])).toEqual([
      ['sole', true],
      ['quarter', false],
      ['fragile', true],
    ]);
  });

  it('stops nobody at exactly the threshold (only a loss above it stops a firm)', () => {
    expect(priceFallStops([{ firm: 'a', productFormulas: 1, ownedFormulas: 2 }], 1)[0]).toEqual({ firm: 'a', lostRevenueShare: 0.5, threshold: 0.5, stops: false });
  });
});
