import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topsis } from './topsis';

describe('TOPSIS', () => {
  it('matches a hand-computed example', () => {
    // x = [[4,2],[2,1],[3,3]], criterion 1 benefit, 2 cost, equal weights.
    // Norms √29 and √14; weighted v_A = (0.3714, 0.2673), v_B = (0.1857, 0.1336), v_C = (0.2785, 0.4009).
    // A+ = (0.3714, 0.1336), A− = (0.1857, 0.4009).
    // C_A = 0.2288/(0.1336+0.2288) = 0.6313; C_B = 0.2673/(0.1857+0.2673) = 0.5900; C_C = 0.0928/(0.2829+0.0928) = 0.2471.
    const r = topsis([[4, 2], [2, 1], [3, 3]], [1, 1], ['benefit', 'cost']);
    expect(r.closeness[0]).toBeCloseTo(0.6313, 4);
    expect(r.closeness[1]).toBeCloseTo(0.59, 4);
    expect(r.closeness[2]).toBeCloseTo(0.2471, 4);
    expect(r.order).toEqual([0, 1, 2]);
  });

  it('puts a dominating alternative first with closeness 1', () => {
    const r = topsis([[10, 1], [5, 5], [1, 9]], [2, 1], ['benefit', 'cost']);
    expect(r.order[0]).toBe(0);
    expect(r.closeness[0]).toBeCloseTo(1, 12);
    expect(r.closeness[2]).toBeCloseTo(0, 12);
  });

  it('defines closeness 1 for a single alternative and ignores all-zero columns', () => {
    expect(topsis([[3, 0]], [1, 1], ['benefit', 'benefit']).closeness).toEqual([1]);
    const r = topsis([[3, 0], [1, 0]], [1, 1], ['benefit', 'cost']);
    expect(r.order).toEqual([0, 1]);
  });

  it('closeness stays in [0, 1] and is invariant to scaling a column', () => {
    fc.assert(
      fc.property(
        // Integers keep the values away from subnormal doubles, where scaling itself loses precision.
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 })), { minLength: 2, maxLength: 8 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (rows, k) => {
          const a = topsis(rows, [1, 2], ['benefit', 'cost']);
          const b = topsis(rows.map(([x, y]) => [x * k, y]), [1, 2], ['benefit', 'cost']);
          for (let i = 0; i < rows.length; i++) {
            expect(a.closeness[i]).toBeGreaterThanOrEqual(0);
            expect(a.closeness[i]).toBeLessThanOrEqual(1);
            expect(b.closeness[i]).toBeCloseTo(a.closeness[i]!, 9);
          }
        },
      ),
    );
  });
});
