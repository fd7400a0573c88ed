import { describe, expect, it } from 'vitest';
import type { StreamPeriodRecord } from './circularity';
import {
  circularityFigures,
  disposalFactorPerWetTonne,
  EMISSION_FACTORS,
  firmInputsForPeriod,
  firmMaterialCircularity,
  generationBreakdown,
  landfillFactorPerWetTonne,
  materialCircularityIndicator,
  monthlyCircularitySeries,
} from './circularity';

const base = { siteId: 'site-a', firmId: 'firm-a', parkId: 'park-1', regionId: 'region-1' };

const records: StreamPeriodRecord[] = [
  {
    ...base, streamId: 's1', period: '2025-01', generatedT: 100, moisture: 70,
    utilised: [{ mode: 'value-added', tonnes: 30, valueYuan: 90000 }, { mode: 'low-value-conversion', tonnes: 50, valueYuan: 10000 }],
    disposed: [{ route: 'landfill', tonnes: 20, costYuan: 3000 }],
  },
  {
    ...base, streamId: 's2', period: '2025-01', generatedT: 1000, state: 'liquid', cod: 20000,
    utilised: [],
    disposed: [{ route: 'discharge', tonnes: 1000, costYuan: 15000 }],
  },
  {
    ...base, siteId: 'site-b', firmId: 'firm-b', streamId: 's3', period: '2025-02', generatedT: 40,
    utilised: [{ mode: 'reduce-efficiency', tonnes: 10, valueYuan: 5000, co2eAvoidedPerDryTonne: 2 }],
    disposed: [{ route: 'incineration', tonnes: 25 }, { route: 'harmless-treatment', tonnes: 5 }],
    stockChangeT: 0,
  },
];

describe('circularity figures', () => {
  it('adds up generation, utilisation by mode, value and the disposal mix for a firm-month', () => {
    const f = circularityFigures(records, 'firm', 'firm-a', '2025-01');
    expect(f.records).toBe(2);
    expect(f.generatedT).toBe(1100);
    expect(f.utilisedT).toBe(80);
    expect(f.utilisedByModeT['value-added']).toBe(30);
    expect(f.utilisationRate).toBeCloseTo(80 / 1100, 12);
    expect(f.valueCreatedYuan).toBe(100000);
    expect(f.disposalMix.discharge.tonnes).toBe(1000);
    expect(f.disposalMix.landfill.share).toBeCloseTo(20 / 1020, 12);
    expect(f.disposalCostYuan).toBe(18000);
    expect(f.unaccountedT).toBe(0);
  });

  it('aggregates a park over a year and a stream over a month', () => {
    const park = circularityFigures(records, 'park', 'park-1', '2025');
    expect(park.generatedT).toBe(1140);
    expect(park.disposedT).toBe(1050);
    expect(circularityFigures(records, 'stream', 's3', '2025-01').records).toBe(0);
    expect(circularityFigures(records, 'stream', 's3', '2025-01').utilisationRate).toBeNull();
    expect(monthlyCircularitySeries(records, 'park', 'park-1', '2025').map((m) => m.generatedT).slice(0, 3)).toEqual([1100, 40, 0]);
  });

  it('computes CO2e with the documented factors', () => {
    const f = circularityFigures(records, 'firm', 'firm-a', '2025-01');
    // Utilised: 30 t × 30 % dry × 1.5 + 50 t × 30 % dry × 0.9.
    expect(f.co2eAvoidedT).toBeCloseTo(30 * 0.3 * 1.5 + 50 * 0.3 * 0.9, 9);
    // Landfill (IPCC FOD): 0.3 × 0.49 × 0.5 × 1 × 0.5 × 16/12 × (1 − 0.6) × (1 − 0.1) × 27.
    const landfill = 0.3 * 0.49 * 0.5 * 1 * 0.5 * (16 / 12) * 0.4 * 0.9 * 27;
    expect(landfillFactorPerWetTonne(70)).toBeCloseTo(landfill, 12);
    // Discharge: 20 kg COD/m³ × 0.25 × 0.11 × 27 / 1000.
    const discharge = 0.02 * 0.25 * 0.11 * 27;
    expect(f.co2eFromDisposalT).toBeCloseTo(20 * landfill + 1000 * discharge, 9);
    expect(disposalFactorPerWetTonne('harmless-treatment', 65, 0)).toBeCloseTo(0.004 * 27 + 0.0003 * 273, 12);
    expect(EMISSION_FACTORS.gwp.source).toContain('AR6');
  });

  it('flags unaccounted mass when records do not balance', () => {
    const f = circularityFigures(records, 'firm', 'firm-b', '2025-02');
    expect(f.unaccountedT).toBe(0);
    const broken = circularityFigures([{ ...records[2]!, generatedT: 50 }], 'firm', 'firm-b', '2025-02');
    expect(broken.unaccountedT).toBe(10);
  });

  it('rejects a malformed period', () => {
    expect(() => circularityFigures(records, 'firm', 'firm-a', '2025-13')).toThrow(/period/);
  });
});

describe('Material Circularity Indicator (Ellen MacArthur Foundation)', () => {
  it('a fully linear product of average utility scores 0.1, as the methodology states', () => {
    const r = materialCircularityIndicator({ M: 1, FR: 0, FU: 0, CR: 0, CU: 0, EF: 1, EC: 1, X: 1 });
    expect(r.LFI).toBe(1);
    expect(r.MCI).toBeCloseTo(0.1, 12);
  });

  it('a fully restorative flow at 100 % efficiency scores 1', () => {
    const r = materialCircularityIndicator({ M: 10, FR: 1, FU: 0, CR: 1, CU: 0, EF: 1, EC: 1, X: 1 });
    expect(r.LFI).toBe(0);
    expect(r.MCI).toBe(1);
  });

  it('doubling utility halves F(X): a linear product with X = 2 scores 0.55', () => {
    expect(materialCircularityIndicator({ M: 1, FR: 0, FU: 0, CR: 0, CU: 0, EF: 1, EC: 1, X: 2 }).MCI).toBeCloseTo(0.55, 12);
  });

  it('matches a hand calculation with recycling losses on both sides', () => {
    // M 100, F_R 0.3, C_R 0.5, E_F 0.8, E_C 0.7, X 1:
    // V = 70; W0 = 50; W_C = 100·0.3·0.5 = 15; W_F = 100·0.2·0.3/0.8 = 7.5; W = 50 + 11.25 = 61.25;
    // LFI = 131.25 / (200 + (7.5 − 15)/2) = 131.25 / 196.25 = 0.66879; MCI = 1 − 0.9·0.66879 = 0.39809.
    const r = materialCircularityIndicator({ M: 100, FR: 0.3, FU: 0, CR: 0.5, CU: 0, EF: 0.8, EC: 0.7, X: 1 });
    expect(r.V).toBeCloseTo(70, 12);
    expect(r.WC).toBeCloseTo(15, 12);
    expect(r.WF).toBeCloseTo(7.5, 12);
    expect(r.W).toBeCloseTo(61.25, 12);
    expect(r.LFI).toBeCloseTo(131.25 / 196.25, 12);
    expect(r.MCI).toBeCloseTo(0.398089, 6);
  });

  it('is never negative', () => {
    expect(materialCircularityIndicator({ M: 1, FR: 0, FU: 0, CR: 0, CU: 0, EF: 1, EC: 1, X: 0.5 }).MCI).toBe(0);
  });

  const inputs = {
    virginFeedstockT: 400,
    recycledFeedstockT: 0,
    reusedFeedstockT: 0,
    recycledFeedstockEfficiency: null,
    productRecycledFraction: 0,
    productReusedFraction: 0,
    recyclingEfficiency: 0.5,
    utility: null,
  };

  it('for a firm, counts utilised by-products as collected for recycling', () => {
    // M = 400; b = 100/400 = 0.25; C_R = min(0.25, 80/400) = 0.2; V = 400; W0 = 320;
    // W_C = 400·0.5·0.2 = 40; W = 340; LFI = 740/(800 − 20); X = 1 (not declared).
    const r = firmMaterialCircularity({ generatedT: 100, utilisedT: 80 }, inputs);
    expect(r.reasonCode).toBeNull();
    expect(r.terms!.CR).toBeCloseTo(0.2, 12);
    expect(r.terms!.LFI).toBeCloseTo(740 / 780, 12);
    expect(r.value).toBeCloseTo(1 - 0.9 * (740 / 780), 12);
    expect(r.assumptions).toEqual(['utility-average']);
  });

  it('adds the product share sent to recycling and reuse, and recycled input lowers virgin material', () => {
    // M = 300 + 100 = 400; F_R = 0.25, E_F 0.8; b = 0.25; C_R = 0.2 + 0.75·0.4 = 0.5; C_U = 0.75·0.2 = 0.15;
    // V = 400·0.75 = 300; W0 = 400·0.35 = 140; W_C = 400·0.5·0.5 = 100; W_F = 400·0.2·0.25/0.8 = 25;
    // W = 140 + 62.5 = 202.5; LFI = 502.5/(800 − 37.5) = 0.659016; X = 1.5 → MCI = 1 − 0.6·0.659016.
    const r = firmMaterialCircularity(
      { generatedT: 100, utilisedT: 80 },
      { ...inputs, virginFeedstockT: 300, recycledFeedstockT: 100, recycledFeedstockEfficiency: 0.8, productRecycledFraction: 0.4, productReusedFraction: 0.2, utility: 1.5 },
    );
    expect(r.terms!.CR).toBeCloseTo(0.5, 12);
    expect(r.terms!.CU).toBeCloseTo(0.15, 12);
    expect(r.terms!.W).toBeCloseTo(202.5, 12);
    expect(r.value).toBeCloseTo(1 - 0.6 * (502.5 / 762.5), 12);
    expect(r.assumptions).toEqual([]);
  });

  it('says why instead of inventing: no inputs, no E_F for recycled input, no E_C for collected material', () => {
    expect(firmMaterialCircularity({ generatedT: 100, utilisedT: 80 }, null)).toMatchObject({ value: null, reasonCode: 'no-inputs' });
    expect(firmMaterialCircularity({ generatedT: 1, utilisedT: 0 }, { ...inputs, virginFeedstockT: 0 })).toMatchObject({ value: null, reasonCode: 'no-throughput' });
    expect(firmMaterialCircularity({ generatedT: 100, utilisedT: 0 }, { ...inputs, recycledFeedstockT: 50 })).toMatchObject({ value: null, reasonCode: 'recycled-feedstock-efficiency-missing' });
    expect(firmMaterialCircularity({ generatedT: 100, utilisedT: 80 }, { ...inputs, recyclingEfficiency: null })).toMatchObject({ value: null, reasonCode: 'recycling-efficiency-missing' });
    // Nothing collected: E_C is not needed, a linear firm of average utility scores 0.1.
    expect(firmMaterialCircularity({ generatedT: 100, utilisedT: 0 }, { ...inputs, recyclingEfficiency: null }).value).toBeCloseTo(0.1, 12);
  });

  it('uses a month’s own inputs, else the year’s pro rata', () => {
    const declared = new Map([['2025', { ...inputs, virginFeedstockT: 1200 }], ['2025-03', { ...inputs, virginFeedstockT: 50 }]]);
    expect(firmInputsForPeriod(declared, '2025-03')).toMatchObject({ inputs: { virginFeedstockT: 50 }, assumptions: [] });
    expect(firmInputsForPeriod(declared, '2025-04')).toMatchObject({ inputs: { virginFeedstockT: 100 }, assumptions: ['year-inputs-pro-rata'] });
    expect(firmInputsForPeriod(declared, '2024')).toEqual({ inputs: null, assumptions: [] });
  });
});

describe('generation breakdown', () => {
  it('splits generated tonnes by stage, class and state', () => {
    const tagged: StreamPeriodRecord[] = [
      { ...records[0]!, stage: 'extraction', compositionClass: 'cellulose-rich' },
      { ...records[1]!, stage: 'extraction' },
    ];
    expect(generationBreakdown(tagged, 'firm', 'firm-a', '2025', 'stage')).toEqual({ extraction: 1100 });
    expect(generationBreakdown(tagged, 'firm', 'firm-a', '2025', 'class')).toEqual({ 'cellulose-rich': 100, unknown: 1000 });
    expect(generationBreakdown(tagged, 'firm', 'firm-a', '2025', 'state')).toEqual({ solid: 100, liquid: 1000 });
  });
});
