import { describe, expect, it } from 'vitest';
import { type IndexTrade, isoWeek, priceIndex } from './price-index';

/** Three trades from two sellers: the least that prices a cell in a week. */
function cellTrades(date: string, cell: string, prices: readonly [number, number, number], tonnes: readonly [number, number, number] = [10, 10, 10]): IndexTrade[] {
  return prices.map((price, k) => ({ date, cell, seller: k === 0 ? 'S1' : 'S2', tonnes: tonnes[k]!, price }));
}

describe('by-product price index', () => {
  it('numbers weeks as ISO 8601 does', () => {
    expect(isoWeek('2021-01-03').week).toBe('2020-W53');
    expect(isoWeek('2024-12-30').week).toBe('2025-W01');
    expect(isoWeek('2026-12-02').week).toBe('2026-W49');
    expect(isoWeek('2025-01-06').week).toBe('2025-W02');
  });

  it('prices a cell by the volume-weighted mean and chains links weighted by the previous year’s volumes', () => {
    // 2024 (the first year) gives the weights for 2025: cell A traded 300 t, cell B 100 t.
    const trades: IndexTrade[] = [
      ...cellTrades('2024-03-05', 'A', [100, 100, 100], [100, 100, 100]),
      ...cellTrades('2024-03-05', 'B', [200, 200, 200], [30, 30, 40]),
      // 2025-W02 starts on Monday 6 January; it is made the base here.
      ...cellTrades('2025-01-07', 'A', [100, 110, 120], [10, 10, 20]), // (1000 + 1100 + 2400) / 40 = 112.5
      ...cellTrades('2025-01-08', 'B', [200, 200, 200]),
      ...cellTrades('2025-01-14', 'A', [120, 120, 120]),
      ...cellTrades('2025-01-15', 'B', [250, 250, 250]),
    ];
    const result = priceIndex(trades, { baseWeek: '2025-W02' });
    expect(result.cells.A!.find((w) => w.week === '2025-W02')!.price).toBeCloseTo(112.5, 12);
    const w2 = result.weeks.find((w) => w.week === '2025-W02')!;
    const w3 = result.weeks.find((w) => w.week === '2025-W03')!;
    expect(w2.index).toBe(100);
    // link = (300·120 + 100·250) / (300·112.5 + 100·200)
    const link = (300 * 120 + 100 * 250) / (300 * 112.5 + 100 * 200);
    expect(w3.link).toBeCloseTo(link, 12);
    expect(w3.index).toBeCloseTo(100 * link, 10);
    expect(w3.cellsLinked).toBe(2);
  });

  it('uses the first year’s own volumes, and starts at 100 in the first full week of that year', () => {
    const trades = [...cellTrades('2025-01-02', 'A', [90, 90, 90]), ...cellTrades('2025-01-07', 'A', [100, 100, 100]), ...cellTrades('2025-01-14', 'A', [110, 110, 110])];
    const result = priceIndex(trades);
    expect(result.baseWeek).toBe('2025-W02');
    expect(result.weeks.map((w) => w.week)).toEqual(['2025-W02', '2025-W03']);
    expect(result.weeks[0]!.index).toBe(100);
    expect(result.weeks[1]!.index).toBeCloseTo(110, 10);
  });

  it('leaves a week without enough trades as a gap and chains the next one from the last priced week', () => {
    const trades = [
      ...cellTrades('2025-01-07', 'A', [100, 100, 100]),
      // W03: two trades only: not priced.
      { date: '2025-01-14', cell: 'A', seller: 'S1', tonnes: 5, price: 500 },
      { date: '2025-01-14', cell: 'A', seller: 'S2', tonnes: 5, price: 500 },
      ...cellTrades('2025-01-21', 'A', [130, 130, 130]),
    ];
    const result = priceIndex(trades);
    expect(result.weeks.map((w) => [w.week, w.index, w.link])).toEqual([
      ['2025-W02', 100, null],
      ['2025-W03', null, null],
      ['2025-W04', 130, 1.3],
    ]);
  });

  it('never prices a cell from fewer than two sellers', () => {
    const oneSeller = [100, 110, 120].map((price) => ({ date: '2025-01-07', cell: 'A', seller: 'only', tonnes: 10, price }));
    const result = priceIndex(oneSeller);
    expect(result.cells.A![0]).toMatchObject({ price: null, trades: 3, sellers: 1 });
    expect(result.baseWeek).toBeNull();
    expect(result.weeks.every((w) => w.index === null)).toBe(true);
  });

  it('excludes a price far from the others by the median-absolute-deviation rule', () => {
    const trades: IndexTrade[] = [
      ...cellTrades('2025-01-07', 'A', [100, 102, 98]),
      { date: '2025-01-07', cell: 'A', seller: 'S3', tonnes: 10, price: 101 },
      { date: '2025-01-07', cell: 'A', seller: 'S4', tonnes: 10, price: 1000 }, // a slipped decimal point
    ];
    const week = priceIndex(trades).cells.A![0]!;
    expect(week.outliers).toBe(1);
    expect(week.price).toBeCloseTo((100 + 102 + 98 + 101) / 4, 12);
  });

  it('refuses trades without a positive quantity or price, naming the trade', () => {
    expect(() => priceIndex([{ date: '2025-01-07', cell: 'A', seller: 'S', tonnes: 0, price: 1 }])).toThrow(/trade 0: tonnes/);
    expect(() => priceIndex([{ date: '2025-01-07', cell: 'A', seller: 'S', tonnes: 1, price: Number.NaN }])).toThrow(/trade 0: price/);
    expect(() => priceIndex(cellTrades('2025-01-07', 'A', [1, 1, 1]), { baseWeek: '2025-W54' })).toThrow(/does not exist/);
  });
});
