import { z } from 'zod';
import { limits } from '../../shared/limits';
import { UNIT_FACTORS } from './engine/catalogue';

const year = z.coerce.number().int().min(1949).max(2200);
/**
 * Upper bounds of the figures in account files: far above any real region (China's yearly
 * material flow is about 4e13 kg, its GDP 1.3e6 亿元), so only a typing or unit error crosses
 * them, and the indicators computed from stored rows stay finite.
 */
const ACCOUNT_LIMITS = { quantity: 1e15, gdp: 1e8, deflator: 1e5, population: 2e9 } as const;
/** Quantities in import files: numbers, empty = 0 is NOT assumed for required columns. */
const optionalQuantity = z.coerce.number().min(0).max(ACCOUNT_LIMITS.quantity).default(0);
const gdp = z.coerce.number().positive().max(ACCOUNT_LIMITS.gdp);

/** One row of a material-accounts file (columns in README, "Accounts data formats"). */
export const materialRowInput = z.object({
  region: z.string().trim().min(1),
  year,
  kind: z.string().trim().min(1),
  unit: z.string().trim().min(1),
  domesticExtraction: optionalQuantity,
  imports: optionalQuantity,
  exports: optionalQuantity,
  fromOtherRegions: optionalQuantity,
  toOtherRegions: optionalQuantity,
  recycled: optionalQuantity,
});
export type MaterialRowInput = z.infer<typeof materialRowInput>;

export const materialColumns = {
  region: ['地区', 'region_code', '地区代码'],
  year: ['年份'],
  kind: ['资源种类', '种类', 'resource', 'kind_code'],
  unit: ['单位'],
  domesticExtraction: ['domestic_extraction', '本地开采', '本地开采量'],
  imports: ['进口', '进口量'],
  exports: ['出口', '出口量'],
  fromOtherRegions: ['from_other_regions', '外省调入', '省外调入'],
  toOtherRegions: ['to_other_regions', '调出外省', '调出省外'],
  recycled: ['再生资源', '再生利用', '回收利用'],
} as const;

export const economyRowInput = z
  .object({
    region: z.string().trim().min(1),
    year,
    baseYear: year,
    gdpCurrent: gdp,
    gdpConstant: gdp.optional(),
    deflator: z.coerce.number().positive().max(ACCOUNT_LIMITS.deflator).optional(),
    population: z.coerce.number().int().positive().max(ACCOUNT_LIMITS.population),
  })
  .refine((r) => r.gdpConstant !== undefined || r.deflator !== undefined, {
    message: 'give gdpConstant or deflator',
    path: ['gdpConstant'],
  });
export type EconomyRowInput = z.infer<typeof economyRowInput>;

export const economyColumns = {
  region: ['地区', 'region_code', '地区代码'],
  year: ['年份'],
  baseYear: ['base_year', '基年', '不变价基年'],
  gdpCurrent: ['gdp_current', '地区生产总值', 'GDP现价', 'gdp'],
  gdpConstant: ['gdp_constant', 'GDP不变价', '不变价GDP'],
  deflator: ['GDP平减指数', '平减指数'],
  population: ['常住人口', '人口'],
} as const;

export const regionYearsQuery = z.object({
  region: z.string().trim().min(1).describe('region code (330000) or Chinese name (浙江)'),
  from: year.optional(),
  to: year.optional(),
  basis: z.enum(['primaryEquivalent', 'tonnes']).default('primaryEquivalent'),
});

export const changeQuery = z.object({
  region: z.string().trim().min(1),
  from: year,
  to: year,
  basis: z.enum(['primaryEquivalent', 'tonnes']).default('primaryEquivalent'),
});

const categoryRates = z
  .object({
    biomass: z.number().min(-0.5).max(0.5),
    metalOres: z.number().min(-0.5).max(0.5),
    nonMetallicMinerals: z.number().min(-0.5).max(0.5),
    fossilEnergy: z.number().min(-0.5).max(0.5),
  })
  .partial();

export const scenarioBody = z.object({
  region: z.string().trim().min(1),
  /** Default: the latest year with accounts. */
  baseYear: year.optional(),
  targetYear: year,
  scenarios: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(60),
        gdpGrowth: z.number().min(-0.2).max(0.3),
        intensityChange: categoryRates.default({}),
        intensityChangeOther: z.number().min(-0.5).max(0.5).optional(),
      }),
    )
    // An empty list is not "no scenarios" (that is: omit the field for the trend scenarios).
    .min(1)
    .max(10)
    .optional(),
  /** A target for the roadmap: an absolute productivity (yuan/t) or a change over the base year. */
  targetProductivity: z.number().positive().optional(),
  targetChange: z.number().min(-0.9).max(10).optional(),
  basis: z.enum(['primaryEquivalent', 'tonnes']).default('primaryEquivalent'),
});
export type ScenarioBody = z.infer<typeof scenarioBody>;

export const findingsQuery = z.object({
  region: z.string().trim().min(1).optional(),
  year: year.optional(),
  status: z.enum(['open', 'accepted', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(limits.pageSize.max).default(limits.pageSize.default),
});

export const findingUpdateBody = z.object({
  status: z.enum(['open', 'accepted', 'resolved']),
  note: z.string().trim().max(1000).nullable().optional(),
});

/** Units a kind may be reported in: those the quality checks can convert (UNIT_FACTORS). */
const catalogueUnit = z.enum(Object.keys(UNIT_FACTORS) as [string, ...string[]]);
/** Conversion factors: positive, and bounded so a typo (a factor of 10⁹) is refused, not stored. */
const factor = z.number().positive().max(1e6);

export const catalogueCreateBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][A-Za-z0-9]{1,39}$/, 'a camelCase code of 2–40 letters and digits, e.g. rareEarths'),
  nameZh: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().min(1).max(60),
  category: z.enum(['biomass', 'metalOres', 'nonMetallicMinerals', 'fossilEnergy']),
  unit: catalogueUnit,
  toTonnes: factor,
  primaryEquivalent: factor,
  basis: z.string().trim().min(1).max(300),
  /**
   * The region whose own kind this is (used only for its accounts and those of the regions it
   * covers). A statistics office's kinds are always its region's (the default); platform admins
   * give a region or null for a national kind (the default for them).
   */
  region: z.string().regex(/^\d{6}$/, 'a GB/T 2260 region code').nullable().optional(),
});
export type CatalogueCreateBody = z.infer<typeof catalogueCreateBody>;

export const catalogueUpdateBody = z
  .object({
    nameZh: z.string().trim().min(1).max(60),
    nameEn: z.string().trim().min(1).max(60),
    category: z.enum(['biomass', 'metalOres', 'nonMetallicMinerals', 'fossilEnergy']),
    unit: catalogueUnit,
    toTonnes: factor,
    primaryEquivalent: factor,
    basis: z.string().trim().min(1).max(300),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' });
export type CatalogueUpdateBody = z.infer<typeof catalogueUpdateBody>;

export const importQuery = z.object({
  fileName: z.string().trim().min(1).max(200).default('upload.csv'),
});

const categoryEnum = z.enum(['biomass', 'metalOres', 'nonMetallicMinerals', 'fossilEnergy']);
/** Values a coded message quotes: numbers unformatted, resource kinds as catalogue codes. */
const messageParams = z.record(z.string(), z.union([z.string(), z.number()]));

export const resourceKindView = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  category: categoryEnum,
  unit: z.string(),
  toTonnes: z.number(),
  primaryEquivalent: z.number(),
  basis: z.string(),
  national: z.boolean().describe('one of the 14 national kinds of seed 004: editable, never deleted'),
  region: z.string().nullable().describe('null: a national kind (platform admins change it); a region code: that region’s own kind, changed by its statistics office and used only for its accounts'),
});

export const importOutcomeView = z.object({
  kind: z.enum(['materials', 'economy']),
  importId: z.uuid(),
  rows: z.number().int(),
  regions: z.array(z.string()),
  findings: z.array(
    z.object({
      rule: z.string(),
      severity: z.string(),
      region: z.string(),
      year: z.number().int(),
      kind: z.string().nullable(),
      fileRow: z.number().int().nullable(),
      code: z.string().describe('stable message code; the web renders accounts.msg.<code> with params'),
      params: messageParams,
      message: z.string().describe('the message in English'),
    }),
  ),
  scores: z.array(z.object({ region: z.string(), year: z.number().int(), score: z.number(), errors: z.number().int(), warnings: z.number().int() })),
});

/** The `herbloop accounts change` contract: fractions (0.154 = +15.4 %). */
export const changeView = z.object({
  region: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  gdpChange: z.number(),
  dmcChange: z.number(),
  dmiChange: z.number(),
  productivityChange: z.number(),
  decomposition: z.object({
    productivityChange: z.number(),
    gdpChange: z.number(),
    resourceChange: z.number(),
    gdpShare: z.number(),
    resourceShare: z.number(),
    annualProductivityGrowth: z.number(),
    annualGdpGrowth: z.number(),
    annualResourceGrowth: z.number(),
  }),
});

const categoryIndicators = z.object({ dmi: z.number(), dmc: z.number(), productivity: z.number() });
export const indicatorsView = z.object({
  region: z.string(),
  basis: z.enum(['primaryEquivalent', 'tonnes']),
  indicators: z.array(
    z.object({
      region: z.string(),
      year: z.number().int(),
      basis: z.enum(['primaryEquivalent', 'tonnes']),
      dmi: z.number(),
      dmc: z.number(),
      dmcPerCapita: z.number(),
      recycled: z.number(),
      gdpConstant: z.number(),
      productivityDmc: z.number(),
      productivityDmi: z.number(),
      byCategory: z.record(categoryEnum, categoryIndicators),
      circularMaterialUseRate: z.number(),
      recyclingInputRate: z.number(),
    }),
  ),
  yearOnYear: z.array(z.object({ year: z.number().int(), gdpChange: z.number(), dmcChange: z.number(), dmiChange: z.number(), productivityChange: z.number() })),
  quality: z.array(z.object({ region: z.string(), year: z.number().int(), score: z.number(), errors: z.number().int(), warnings: z.number().int() })),
});

export const accountRegionView = z.object({
  region: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  firstYear: z.number().int(),
  lastYear: z.number().int(),
});

export const findingView = z.object({
  id: z.uuid(),
  region: z.string(),
  year: z.number().int(),
  kind: z.string().nullable(),
  rule: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  status: z.enum(['open', 'accepted', 'resolved']),
  code: z.string().nullable().describe('stable message code (null on findings stored before codes existed)'),
  params: messageParams,
  message: z.string().describe('the message in English'),
  fileRow: z.number().int().nullable(),
  importId: z.string().nullable(),
  note: z.string().nullable(),
  updatedAt: z.string(),
});

const categoryNumbers = z.object({ biomass: z.number(), metalOres: z.number(), nonMetallicMinerals: z.number(), fossilEnergy: z.number() });
const indicatorYear = indicatorsView.shape.indicators.element;

/** Response of POST /accounts/scenarios (mirrors the engine's ScenarioProjection and ProductivityRoadmap). */
export const scenarioResultView = z.object({
  region: z.string(),
  baseYear: z.number().int(),
  basis: z.enum(['primaryEquivalent', 'tonnes']),
  base: indicatorYear,
  scenarios: z.array(z.object({ name: z.string(), gdpGrowth: z.number(), intensityChange: categoryNumbers.partial(), intensityChangeOther: z.number().optional() })),
  projections: z.array(
    z.object({
      name: z.string(),
      baseYear: z.number().int(),
      targetYear: z.number().int(),
      path: z.array(z.object({ year: z.number().int(), gdpConstant: z.number(), dmc: z.number(), dmcByCategory: categoryNumbers, productivity: z.number(), productivityIndex: z.number() })),
      productivityChange: z.number(),
      annualProductivityGrowth: z.number(),
      meetsTarget: z.boolean().optional(),
    }),
  ),
  roadmap: z
    .object({
      region: z.string(),
      baseYear: z.number().int(),
      targetYear: z.number().int(),
      baseProductivity: z.number(),
      targetProductivity: z.number(),
      requiredAnnualImprovement: z.number(),
      rows: z.array(z.object({ year: z.number().int(), productivityTarget: z.number(), cumulativeImprovement: z.number(), gdpConstant: z.number(), dmcCeiling: z.number(), dmcChangeFromBase: z.number() })),
    })
    .nullable(),
});
