import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RESOURCE_CATALOGUE, MATERIAL_CATEGORIES, unitConversionFactor } from './catalogue';
import { ZHEJIANG, generateDemoAccounts } from './demo';
import {
  AccountsDataError,
  decomposeProductivityChange,
  gdpAtConstantPrices,
  indicatorSeries,
  indicatorTable,
  materialIndicators,
  productivityChange,
} from './indicators';
import type { AccountsDataSet, MaterialAccountRow } from './types';

const row = (kind: string, fields: Partial<MaterialAccountRow> = {}): MaterialAccountRow => ({
  region: 'R',
  year: 2020,
  kind,
  unit: DEFAULT_RESOURCE_CATALOGUE.find((k) => k.code === kind)?.unit ?? 't',
  domesticExtraction: 0,
  imports: 0,
  exports: 0,
  fromOtherRegions: 0,
  toOtherRegions: 0,
  recycled: 0,
  ...fields,
});

const tiny: AccountsDataSet = {
  baseYear: 2020,
  materials: [
    row('limestone', { domesticExtraction: 1000, imports: 100, fromOtherRegions: 50, exports: 20, toOtherRegions: 30, recycled: 10 }),
    row('copper', { imports: 2, exports: 1, recycled: 1 }),
    row('timber', { domesticExtraction: 100 }),
    row('naturalGas', { imports: 10 }),
  ],
  economy: [{ region: 'R', year: 2020, gdpCurrent: 10, gdpConstant: 10, population: 1000 }],
};

describe('catalogue', () => {
  it('holds the 14 national resource kinds in the four categories', () => {
    expect(DEFAULT_RESOURCE_CATALOGUE).toHaveLength(14);
    const codes = DEFAULT_RESOURCE_CATALOGUE.map((k) => k.code);
    expect(new Set(codes).size).toBe(14);
    for (const c of MATERIAL_CATEGORIES) expect(DEFAULT_RESOURCE_CATALOGUE.some((k) => k.category === c.code)).toBe(true);
    expect(DEFAULT_RESOURCE_CATALOGUE.map((k) => k.nameZh)).toEqual([
      '煤炭', '石油', '天然气', '铁矿石', '铜', '铝土矿', '铅', '锌', '镍', '石灰石', '磷矿石', '硫铁矿', '木材', '工业用粮',
    ]);
  });

  it('converts units within a dimension only', () => {
    const gas = DEFAULT_RESOURCE_CATALOGUE.find((k) => k.code === 'naturalGas')!;
    expect(unitConversionFactor('亿m3', gas)).toBe(1e4);
    expect(unitConversionFactor('t', gas)).toBeNull();
    const coal = DEFAULT_RESOURCE_CATALOGUE.find((k) => k.code === 'coal')!;
    expect(unitConversionFactor('万t', coal)).toBe(1e4);
  });
});

describe('indicators (hand-computed on a four-row account)', () => {
  it('DMI, DMC, per capita and productivity on the primary-equivalent basis', () => {
    const i = materialIndicators(tiny, 'R', 2020);
    // limestone: DMI 1150, DMC 1100; copper ×160: DMI 320, DMC 160; timber 100 m³ × 0.6 t:
    // 60; gas 10 万m³ × 7.17 t: 71.7.
    expect(i.dmi).toBeCloseTo(1150 + 320 + 60 + 71.7, 9);
    expect(i.dmc).toBeCloseTo(1100 + 160 + 60 + 71.7, 9);
    expect(i.dmcPerCapita).toBeCloseTo(i.dmc / 1000, 12);
    expect(i.productivityDmc).toBeCloseTo((10 * 1e8) / i.dmc, 6);
    expect(i.productivityDmi).toBeCloseTo((10 * 1e8) / i.dmi, 6);
    expect(i.byCategory.metalOres.dmc).toBeCloseTo(160, 9);
    expect(i.byCategory.biomass.dmc).toBeCloseTo(60, 9);
    expect(i.byCategory.fossilEnergy.productivity).toBeCloseTo(1e9 / 71.7, 3);
    const sum = MATERIAL_CATEGORIES.reduce((s, c) => s + i.byCategory[c.code].dmc, 0);
    expect(sum).toBeCloseTo(i.dmc, 9);
  });

  it('tonnes basis ignores the primary-equivalent factors', () => {
    const i = materialIndicators(tiny, 'R', 2020, { basis: 'tonnes' });
    expect(i.dmc).toBeCloseTo(1100 + 1 + 60 + 71.7, 9);
  });

  it('circular material use rate follows Eurostat: U / (DMC + U)', () => {
    const i = materialIndicators(tiny, 'R', 2020);
    const u = 10 + 1 * 160;
    expect(i.recycled).toBeCloseTo(u, 9);
    expect(i.circularMaterialUseRate).toBeCloseTo(u / (i.dmc + u), 12);
    expect(i.recyclingInputRate).toBeCloseTo(u / (i.dmi + u), 12);
  });

  it('CMU rate is 0 without recycling, below 1, and grows with U', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true }), (dmc, u) => {
        const data: AccountsDataSet = {
          baseYear: 2020,
          materials: [row('limestone', { domesticExtraction: dmc, recycled: u })],
          economy: tiny.economy,
        };
        const a = materialIndicators(data, 'R', 2020).circularMaterialUseRate;
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThan(1);
        const more = materialIndicators({ ...data, materials: [row('limestone', { domesticExtraction: dmc, recycled: u * 1.5 + 1 })] }, 'R', 2020);
        expect(more.circularMaterialUseRate).toBeGreaterThanOrEqual(a);
        if (u === 0) expect(a).toBe(0);
      }),
    );
  });

  it('derives constant GDP from a deflator', () => {
    expect(gdpAtConstantPrices({ region: 'R', year: 2021, gdpCurrent: 110, deflator: 104, population: 1 })).toBeCloseTo(105.769230769, 8);
    expect(() => gdpAtConstantPrices({ region: 'R', year: 2021, gdpCurrent: 110, population: 1 })).toThrow(AccountsDataError);
  });

  it('uses an edited catalogue: another ore grade, an extra kind', () => {
    const catalogue = [
      ...DEFAULT_RESOURCE_CATALOGUE.map((k) => (k.code === 'copper' ? { ...k, primaryEquivalent: 100 } : k)),
      { code: 'sand', nameZh: '砂石', nameEn: 'Sand and gravel', category: 'nonMetallicMinerals' as const, unit: 't', toTonnes: 1, primaryEquivalent: 1, basis: 'as quarried' },
    ];
    const data: AccountsDataSet = { ...tiny, materials: [...tiny.materials, row('sand', { domesticExtraction: 500 })] };
    const i = materialIndicators(data, 'R', 2020, { catalogue });
    expect(i.byCategory.metalOres.dmc).toBeCloseTo(100, 9);
    expect(i.byCategory.nonMetallicMinerals.dmc).toBeCloseTo(1100 + 500, 9);
    // The default catalogue does not know sand: the row is not summed.
    expect(materialIndicators(data, 'R', 2020).byCategory.nonMetallicMinerals.dmc).toBeCloseTo(1100, 9);
  });

  it('year-on-year changes skip a gap year instead of spanning it', () => {
    const data = generateDemoAccounts({ regions: ['浙江'], from: 2010, to: 2015 });
    const gap = { ...data, economy: data.economy.filter((e) => e.year !== 2012) };
    const { indicators, yearOnYear } = indicatorSeries(gap, '浙江');
    expect(indicators.map((i) => i.year)).toEqual([2010, 2011, 2013, 2014, 2015]);
    expect(yearOnYear.map((y) => y.year)).toEqual([2011, 2014, 2015]);
  });

  it('rejects a unit that cannot be converted', () => {
    const bad: AccountsDataSet = { ...tiny, materials: [row('naturalGas', { unit: 't', imports: 1 })] };
    expect(() => materialIndicators(bad, 'R', 2020)).toThrow(/cannot be converted/);
  });

  it('the indicator table agrees with the single-year function', () => {
    const data = generateDemoAccounts({ regions: ['浙江', '江苏'], from: 2010, to: 2014 });
    const table = indicatorTable(data);
    expect(table).toHaveLength(10);
    for (const t of table) expect(t).toEqual(materialIndicators(data, t.region, t.year));
  });
});

describe('Zhejiang 2010→2013 (seed 004: resources +10 %, GDP +27 % → productivity +15.4 %)', () => {
  const data = generateDemoAccounts();
  const change = productivityChange(data, ZHEJIANG, 2010, 2013);

  it('reproduces the published change exactly: 1.27 / 1.10 − 1', () => {
    expect(change.region).toBe(ZHEJIANG);
    expect(change.from).toBe(2010);
    expect(change.to).toBe(2013);
    expect(change.gdpChange).toBeCloseTo(0.27, 12);
    expect(change.dmcChange).toBeCloseTo(0.1, 12);
    expect(change.productivityChange).toBeCloseTo(1.27 / 1.1 - 1, 12);
    expect(Number((change.productivityChange * 100).toFixed(1))).toBe(15.5);
    expect(Math.floor(change.productivityChange * 1000) / 10).toBe(15.4);
  });

  it('has exactly the CLI contract keys', () => {
    expect(Object.keys(change).sort()).toEqual(['dmcChange', 'dmiChange', 'from', 'gdpChange', 'productivityChange', 'region', 'to']);
  });

  it('decomposes into GDP and resource parts whose log shares sum to 1', () => {
    const d = decomposeProductivityChange(change);
    expect(d.productivityChange).toBeCloseTo(0.154545454545, 10);
    expect(d.gdpShare + d.resourceShare).toBeCloseTo(1, 12);
    expect(Math.log1p(d.gdpChange) - Math.log1p(d.resourceChange)).toBeCloseTo(Math.log1p(d.productivityChange), 12);
    expect(Math.pow(1 + d.annualProductivityGrowth, 3)).toBeCloseTo(1 + d.productivityChange, 12);
  });

  it('year-on-year changes chain to the span change', () => {
    const { yearOnYear } = indicatorSeries(data, ZHEJIANG, { from: 2010, to: 2013 });
    expect(yearOnYear.map((y) => y.year)).toEqual([2011, 2012, 2013]);
    const chained = yearOnYear.reduce((p, y) => p * (1 + y.productivityChange), 1) - 1;
    expect(chained).toBeCloseTo(change.productivityChange, 12);
  });
});

describe('productivity change identity (property)', () => {
  it('(1 + p) = (1 + gdp) / (1 + dmc) for any two years of generated data', () => {
    const data = generateDemoAccounts({ regions: ['浙江', '河南', '四川'], from: 2005, to: 2024 });
    fc.assert(
      fc.property(fc.constantFrom('浙江', '河南', '四川'), fc.integer({ min: 2005, max: 2024 }), fc.integer({ min: 2005, max: 2024 }), (r, a, b) => {
        const c = productivityChange(data, r, a, b);
        expect(1 + c.productivityChange).toBeCloseTo((1 + c.gdpChange) / (1 + c.dmcChange), 12);
      }),
    );
  });
});
