import { DEFAULT_RESOURCE_CATALOGUE, type ResourceKind } from './catalogue';
import type { AccountsDataSet, EconomicAccountRow, MaterialAccountRow } from './types';

/**
 * Deterministic demo accounts. Magnitudes are plausible for Chinese provinces (GDP 2010 of
 * the four named provinces is close to the published figures), but every number is
 * synthetic except one constraint taken from seed 004: for 浙江, 2010→2013, primary-resource
 * DMC grows by exactly 10 % and GDP at constant prices by exactly 27 %, so productivity
 * rises by 1.27 / 1.10 − 1 = 15.45 %.
 */

export const ZHEJIANG = '浙江';

/** The 31 provincial-level regions of mainland China. */
export const PROVINCES_31: readonly string[] = [
  '北京', '天津', '河北', '山西', '内蒙古', '辽宁', '吉林', '黑龙江', '上海', '江苏', '浙江',
  '安徽', '福建', '江西', '山东', '河南', '湖北', '湖南', '广东', '广西', '海南', '重庆',
  '四川', '贵州', '云南', '西藏', '陕西', '甘肃', '青海', '宁夏', '新疆',
];

/** The seed's published Zhejiang change (2010 → 2013). */
export const ZHEJIANG_2010_2013 = { gdpChange: 0.27, dmcChange: 0.1 } as const;

export interface DemoAccountsOptions {
  regions?: readonly string[];
  from?: number;
  to?: number;
  seed?: number;
  catalogue?: readonly ResourceKind[];
}

function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** GDP 2010 (亿元) and population 2010 (persons) of the named provinces; others are drawn. */
const KNOWN: Readonly<Record<string, { gdp: number; population: number }>> = {
  浙江: { gdp: 27722.31, population: 54_470_000 },
  江苏: { gdp: 41425.48, population: 78_690_000 },
  山东: { gdp: 39169.92, population: 95_880_000 },
  河南: { gdp: 23092.36, population: 94_050_000 },
};

/** Reported units of consumption per 亿元 of GDP in 2010, and a yearly intensity decline. */
const INTENSITY: Readonly<Record<string, { perGdp: number; decline: number; recycledShare: number }>> = {
  coal: { perGdp: 5000, decline: 0.04, recycledShare: 0 },
  oil: { perGdp: 1000, decline: 0.03, recycledShare: 0 },
  naturalGas: { perGdp: 15, decline: -0.03, recycledShare: 0 },
  ironOre: { perGdp: 600, decline: 0.04, recycledShare: 0.15 },
  copper: { perGdp: 30, decline: 0.03, recycledShare: 0.3 },
  bauxite: { perGdp: 100, decline: 0.02, recycledShare: 0.2 },
  lead: { perGdp: 10, decline: 0.03, recycledShare: 0.35 },
  zinc: { perGdp: 15, decline: 0.03, recycledShare: 0.25 },
  nickel: { perGdp: 1, decline: 0.02, recycledShare: 0.2 },
  limestone: { perGdp: 6000, decline: 0.05, recycledShare: 0.02 },
  phosphateRock: { perGdp: 50, decline: 0.03, recycledShare: 0 },
  pyrite: { perGdp: 40, decline: 0.04, recycledShare: 0 },
  timber: { perGdp: 300, decline: 0.03, recycledShare: 0.1 },
  industrialGrain: { perGdp: 400, decline: 0.02, recycledShare: 0 },
};

function gdpGrowth(year: number): number {
  if (year <= 2011) return 0.1;
  if (year <= 2014) return 0.08;
  if (year <= 2019) return 0.07;
  if (year === 2020) return 0.02;
  if (year === 2021) return 0.08;
  if (year === 2022) return 0.03;
  return 0.05;
}

export function generateDemoAccounts(options: DemoAccountsOptions = {}): AccountsDataSet {
  const regions = options.regions ?? [ZHEJIANG, '江苏', '山东', '河南'];
  const from = options.from ?? 2010;
  const to = options.to ?? 2024;
  const baseYear = from <= 2010 && to >= 2010 ? 2010 : from;
  const catalogue = options.catalogue ?? DEFAULT_RESOURCE_CATALOGUE;
  const rand = seededRandom(options.seed ?? 2010);
  const materials: MaterialAccountRow[] = [];
  const economy: EconomicAccountRow[] = [];

  for (const region of regions) {
    const known = KNOWN[region];
    const gdpBase = known?.gdp ?? Math.round(2000 + rand() * 38000);
    const popBase = known?.population ?? Math.round(3e6 + rand() * 9e7);
    const tilt = (rand() - 0.5) * 0.02;
    // GDP at constant (base-year) prices, forwards and backwards from the base year.
    const gdp = new Map<number, number>([[baseYear, gdpBase]]);
    for (let y = baseYear + 1; y <= to; y++) gdp.set(y, gdp.get(y - 1)! * (1 + gdpGrowth(y) + tilt));
    for (let y = baseYear - 1; y >= from; y--) gdp.set(y, gdp.get(y + 1)! / (1 + gdpGrowth(y + 1) + tilt));
    const calibrate = region === ZHEJIANG && baseYear === 2010 && to >= 2013;
    if (calibrate) {
      gdp.set(2011, gdpBase * 1.09);
      gdp.set(2012, gdpBase * 1.09 * 1.08);
      gdp.set(2013, gdpBase * (1 + ZHEJIANG_2010_2013.gdpChange));
      for (let y = 2014; y <= to; y++) gdp.set(y, gdp.get(y - 1)! * (1 + gdpGrowth(y)));
    }
    let deflator = 100;
    const deflators = new Map<number, number>([[baseYear, 100]]);
    for (let y = baseYear + 1; y <= to; y++) deflators.set(y, (deflator *= 1 + 0.015 + rand() * 0.025));
    deflator = 100;
    for (let y = baseYear - 1; y >= from; y--) deflators.set(y, (deflator /= 1 + 0.015 + rand() * 0.025));

    // Each kind: a region-specific split of supply between extraction, imports and other provinces.
    const profile = catalogue.map((kind) => {
      const base = INTENSITY[kind.code] ?? { perGdp: 100, decline: 0.02, recycledShare: 0 };
      return {
        kind,
        ...base,
        level: 0.5 + rand(),
        deShare: kind.category === 'nonMetallicMinerals' || kind.category === 'biomass' ? 0.5 + 0.4 * rand() : 0.3 * rand(),
        importShare: 0.1 + 0.3 * rand(),
        exportShare: 0.03 + 0.1 * rand(),
        outflowShare: 0.02 + 0.08 * rand(),
      };
    });
    const firstRow = new Map<number, number>();
    for (let y = from; y <= to; y++) {
      const t = y - baseYear;
      const g = gdp.get(y)!;
      firstRow.set(y, materials.length);
      for (const p of profile) {
        const wobble = 1 + (rand() - 0.5) * 0.04;
        const dmc = g * p.perGdp * p.level * Math.pow(1 - p.decline, t) * wobble;
        // Exports leave from the input, so input = DMC / (1 − export shares).
        const input = dmc / (1 - p.exportShare - p.outflowShare);
        const de = input * p.deShare;
        const imports = input * (1 - p.deShare) * p.importShare;
        const fromOther = input - de - imports;
        materials.push({
          region,
          year: y,
          kind: p.kind.code,
          unit: p.kind.unit,
          domesticExtraction: Math.round(de),
          imports: Math.round(imports),
          exports: Math.round(input * p.exportShare),
          fromOtherRegions: Math.round(fromOther),
          toOtherRegions: Math.round(input * p.outflowShare),
          recycled: Math.round(dmc * p.recycledShare),
        });
      }
      economy.push({
        region,
        year: y,
        gdpCurrent: Math.round(((g * deflators.get(y)!) / 100) * 100) / 100,
        gdpConstant: g,
        deflator: Math.round(deflators.get(y)! * 100) / 100,
        population: Math.round(popBase * Math.pow(1.005, t)),
      });
    }
    if (calibrate) {
      // Close the published resource change exactly through limestone extraction (a
      // primary-equivalent factor of 1 keeps the correction in tonnes).
      const dmcOf = (year: number): number => primaryDmc(materials, firstRow.get(year)!, catalogue.length, catalogue);
      const target = dmcOf(2010) * (1 + ZHEJIANG_2010_2013.dmcChange);
      const start = firstRow.get(2013)!;
      const rows = materials.slice(start, start + catalogue.length);
      const lime = rows.find((r) => r.kind === 'limestone');
      const limeKind = catalogue.find((k) => k.code === 'limestone');
      if (lime && limeKind && limeKind.primaryEquivalent * limeKind.toTonnes === 1) {
        lime.domesticExtraction += target - dmcOf(2013);
      }
    }
  }
  return { baseYear, materials, economy };
}

function primaryDmc(rows: MaterialAccountRow[], start: number, count: number, catalogue: readonly ResourceKind[]): number {
  let sum = 0;
  for (let i = start; i < start + count; i++) {
    const r = rows[i]!;
    const k = catalogue.find((c) => c.code === r.kind)!;
    sum += (r.domesticExtraction + r.imports + r.fromOtherRegions - r.exports - r.toOtherRegions) * k.toTonnes * k.primaryEquivalent;
  }
  return sum;
}
