import { describe, expect, it } from 'vitest';
import { compareWithBalance, outflowTotal } from './balance-link';

describe('balance link', () => {
  const outflows = [
    { kind: 'byproduct' as const, tonnes: 30, sdTonnes: 3 },
    { kind: 'byproduct' as const, tonnes: 10, sdTonnes: 4 },
    { kind: 'loss' as const, tonnes: 2, sdTonnes: null },
  ];
  it('sums outflows of a kind with root-sum-square sd, null when one is undetermined', () => {
    expect(outflowTotal(outflows, 'byproduct')).toEqual({ tonnes: 40, sdTonnes: 5, flows: 2 });
    expect(outflowTotal(outflows, 'loss')).toEqual({ tonnes: null, sdTonnes: null, flows: 1 });
    expect(outflowTotal([], 'loss')).toEqual({ tonnes: null, sdTonnes: null, flows: 0 });
  });
  it('compares only the same period; 2 sd is the bound', () => {
    const total = outflowTotal(outflows, 'byproduct');
    expect(compareWithBalance(50, '2025', '2025', total)).toEqual({ comparison: { declaredT: 50, balanceT: 40, sdT: 5, differenceT: 10, withinTwoSd: true }, reasonCode: null });
    expect(compareWithBalance(50.1, '2025', '2025', total).comparison!.withinTwoSd).toBe(false);
    expect(compareWithBalance(50, null, '2025', total)).toEqual({ comparison: null, reasonCode: 'period-nominal' });
    expect(compareWithBalance(50, '2025', '2025-01', total).reasonCode).toBe('period-mismatch');
    expect(compareWithBalance(50, '2025', '2025', outflowTotal([], 'byproduct')).reasonCode).toBe('no-byproduct-flows');
    expect(compareWithBalance(50, '2025', '2025', outflowTotal([{ kind: 'byproduct', tonnes: null, sdTonnes: null }], 'byproduct')).reasonCode).toBe('undetermined');
  });
});
