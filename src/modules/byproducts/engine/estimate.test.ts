import { describe, expect, it } from 'vitest';
import { accountedPlausible, estimateMissingMonths, monthsOf, reportedRecord } from './estimate';

const base = (period: string) => ({ streamId: 's', siteId: 'x', firmId: 'f', parkId: 'p', regionId: '341600', period });
const stream = { tonnesPerYear: 120, seasonality: null, currentHandling: 'landfill' as const, currentHandlingCostPerTonne: 150 };

describe('estimate of months not reported', () => {
  it('lists the months of a year up to the current month', () => {
    expect(monthsOf('2025', '2025-03')).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(monthsOf('2025-04', '2025-03')).toEqual([]);
  });

  it('estimates from the declaration up to the month of `now`, handled as today', () => {
    const records = estimateMissingMonths({ stream, base, declared: '2025-02', reported: new Set() }, '2025', new Date('2025-04-15T00:00:00Z'));
    expect(records.map((r) => r.period)).toEqual(['2025-02', '2025-03', '2025-04']);
    expect(records[0]).toMatchObject({ generatedT: 10, utilised: [], disposed: [{ route: 'landfill', tonnes: 10, costYuan: 1500 }] });
  });

  it('does not estimate past the latest report, and counts a sold stream as utilised', () => {
    const sold = { ...stream, currentHandling: 'sold' as const, currentHandlingCostPerTonne: -20 };
    const records = estimateMissingMonths({ stream: sold, base, declared: '2024-01', reported: new Set(['2025-02']) }, '2025', new Date('2025-06-01T00:00:00Z'));
    expect(records.map((r) => r.period)).toEqual(['2025-01']);
    expect(records[0]!.utilised).toEqual([{ mode: 'unspecified', tonnes: 10, valueYuan: 200 }]);
  });

  it('spreads a reported month’s value and cost over its tonnes', () => {
    const r = reportedRecord(base('2025-01'), {
      generatedT: 10,
      utilisedT: { 'low-value-conversion': 2, 'reduce-efficiency': 0, 'value-added': 6, unspecified: 0 },
      disposedT: { landfill: 1, incineration: 1, discharge: 0, 'harmless-treatment': 0 },
      valueCreatedYuan: 800,
      disposalCostYuan: 100,
    });
    expect(r.utilised).toEqual([{ mode: 'low-value-conversion', tonnes: 2, valueYuan: 200 }, { mode: 'value-added', tonnes: 6, valueYuan: 600 }]);
    expect(r.disposed).toEqual([{ route: 'landfill', tonnes: 1, costYuan: 50 }, { route: 'incineration', tonnes: 1, costYuan: 50 }]);
  });

  it('tolerates utilised + disposed above generated up to 1.5 × + 1 t', () => {
    expect(accountedPlausible(16, 10)).toBe(true);
    expect(accountedPlausible(16.5, 10)).toBe(false);
  });
});
