import { regionCovers } from '../../../platform/actor';
/**
 * Resource catalogue of the regional material-flow accounts: the four material categories of
 * economy-wide MFA and the 14 national resource kinds of the resource-productivity pilots
 * (seed 004, mechanism 9). The list is data: pass an edited copy wherever a catalogue is
 * accepted.
 */

export type MaterialCategory = 'biomass' | 'metalOres' | 'nonMetallicMinerals' | 'fossilEnergy';

export const MATERIAL_CATEGORIES: readonly { code: MaterialCategory; nameZh: string; nameEn: string }[] = [
  { code: 'biomass', nameZh: '生物质', nameEn: 'Biomass' },
  { code: 'metalOres', nameZh: '金属矿产', nameEn: 'Metal ores' },
  { code: 'nonMetallicMinerals', nameZh: '非金属矿产', nameEn: 'Non-metallic minerals' },
  { code: 'fossilEnergy', nameZh: '化石能源', nameEn: 'Fossil energy materials' },
];

export interface ResourceKind {
  code: string;
  nameZh: string;
  nameEn: string;
  category: MaterialCategory;
  /** Unit in which statistics report the kind. */
  unit: string;
  /** Tonnes of the reported product per reported unit. */
  toTonnes: number;
  /**
   * Tonnes of primary resource (crude ore, raw material as extracted) per tonne of the
   * reported product: the "原始资源当量" basis of the productivity indicator.
   */
  primaryEquivalent: number;
  /** Where the factor comes from; the defaults are stated assumptions to be replaced. */
  basis: string;
  /**
   * The region whose own kind this is (GB/T 2260 code): used only for the accounts of the regions
   * it covers. Absent or null: a national kind, used everywhere.
   */
  region?: string | null;
}

/**
 * Default catalogue. Conversion factors are typical values, not official coefficients: a
 * statistics office replaces them with its own (ore grades differ by province).
 */
export const DEFAULT_RESOURCE_CATALOGUE: readonly ResourceKind[] = [
  { code: 'coal', nameZh: '煤炭', nameEn: 'Coal', category: 'fossilEnergy', unit: 't', toTonnes: 1, primaryEquivalent: 1, basis: 'raw coal as mined' },
  { code: 'oil', nameZh: '石油', nameEn: 'Crude oil', category: 'fossilEnergy', unit: 't', toTonnes: 1, primaryEquivalent: 1, basis: 'crude oil' },
  {
    code: 'naturalGas', nameZh: '天然气', nameEn: 'Natural gas', category: 'fossilEnergy', unit: '万m3', toTonnes: 7.17, primaryEquivalent: 1,
    basis: 'density 0.717 kg/m³ at standard conditions',
  },
  {
    code: 'ironOre', nameZh: '铁矿石', nameEn: 'Iron ore', category: 'metalOres', unit: 't', toTonnes: 1, primaryEquivalent: 2.2,
    basis: 'finished ore (≈64 % Fe) to crude ore (≈29 % Fe)',
  },
  {
    code: 'copper', nameZh: '铜', nameEn: 'Copper', category: 'metalOres', unit: 't', toTonnes: 1, primaryEquivalent: 160,
    basis: 'metal content to crude ore at 0.625 % Cu',
  },
  { code: 'bauxite', nameZh: '铝土矿', nameEn: 'Bauxite', category: 'metalOres', unit: 't', toTonnes: 1, primaryEquivalent: 1, basis: 'bauxite as mined' },
  {
    code: 'lead', nameZh: '铅', nameEn: 'Lead', category: 'metalOres', unit: 't', toTonnes: 1, primaryEquivalent: 40,
    basis: 'metal content to crude ore at 2.5 % Pb',
  },
  {
    code: 'zinc', nameZh: '锌', nameEn: 'Zinc', category: 'metalOres', unit: 't', toTonnes: 1, primaryEquivalent: 25,
    basis: 'metal content to crude ore at 4 % Zn',
  },
  {
    code: 'nickel', nameZh: '镍', nameEn: 'Nickel', category: 'metalOres', unit: 't', toTonnes: 1, primaryEquivalent: 100,
    basis: 'metal content to crude ore at 1 % Ni',
  },
  { code: 'limestone', nameZh: '石灰石', nameEn: 'Limestone', category: 'nonMetallicMinerals', unit: 't', toTonnes: 1, primaryEquivalent: 1, basis: 'as quarried' },
  {
    code: 'phosphateRock', nameZh: '磷矿石', nameEn: 'Phosphate rock', category: 'nonMetallicMinerals', unit: 't', toTonnes: 1, primaryEquivalent: 1,
    basis: 'standard ore (30 % P₂O₅)',
  },
  {
    code: 'pyrite', nameZh: '硫铁矿', nameEn: 'Pyrite', category: 'nonMetallicMinerals', unit: 't', toTonnes: 1, primaryEquivalent: 1,
    basis: 'standard ore (35 % S)',
  },
  { code: 'timber', nameZh: '木材', nameEn: 'Timber', category: 'biomass', unit: 'm3', toTonnes: 0.6, primaryEquivalent: 1, basis: 'air-dry density 0.6 t/m³' },
  { code: 'industrialGrain', nameZh: '工业用粮', nameEn: 'Industrial grain', category: 'biomass', unit: 't', toTonnes: 1, primaryEquivalent: 1, basis: 'grain as harvested' },
];

/** Units a row may be reported in, with their factor to the SI-like base of their dimension. */
export const UNIT_FACTORS: Readonly<Record<string, { dimension: 'mass' | 'volume'; toBase: number }>> = {
  kg: { dimension: 'mass', toBase: 1e-3 },
  t: { dimension: 'mass', toBase: 1 },
  kt: { dimension: 'mass', toBase: 1e3 },
  万t: { dimension: 'mass', toBase: 1e4 },
  Mt: { dimension: 'mass', toBase: 1e6 },
  亿t: { dimension: 'mass', toBase: 1e8 },
  m3: { dimension: 'volume', toBase: 1 },
  万m3: { dimension: 'volume', toBase: 1e4 },
  亿m3: { dimension: 'volume', toBase: 1e8 },
};

/**
 * Factor converting a quantity in `unit` to the catalogue unit of `kind`, or null when the
 * dimensions differ (tonnes of natural gas reported against a volume unit, say).
 */
export function unitConversionFactor(unit: string, kind: ResourceKind): number | null {
  if (unit === kind.unit) return 1;
  const from = UNIT_FACTORS[unit];
  const to = UNIT_FACTORS[kind.unit];
  if (!from || !to || from.dimension !== to.dimension) return null;
  return from.toBase / to.toBase;
}

export function catalogueIndex(catalogue: readonly ResourceKind[]): Map<string, ResourceKind> {
  return new Map(catalogue.map((k) => [k.code, k]));
}

/** A region's own kinds apply to the regions it covers (`340000` covers `341602`); national kinds everywhere. */
export function kindAppliesTo(kind: ResourceKind, region: string): boolean {
  return kind.region === undefined || kind.region === null || regionCovers(kind.region, region);
}

/** The kind a row of `region` names, or undefined when the catalogue has none for that region. */
export function kindFor(kinds: ReadonlyMap<string, ResourceKind>, code: string, region: string): ResourceKind | undefined {
  const kind = kinds.get(code);
  return kind && kindAppliesTo(kind, region) ? kind : undefined;
}
