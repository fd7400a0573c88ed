import { z } from 'zod';
import { levelRuleView } from '../../shared/levels';
import { boundedNumber, fieldLimits, intKey } from '../../shared/fields';
import { limits } from '../../shared/limits';
import { aliasKinds, herbCategories, supplyLimits } from '../../shared/supply';

/**
 * Whether a `YYYY-MM-DD` string names a day of the proleptic Gregorian calendar (the one JavaScript
 * dates and PostgreSQL use). Arithmetic, not a Date round trip: a station's batch of 500 prices
 * spent most of its validation time building Dates.
 */
export function isCalendarDay(iso: string): boolean {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return m >= 1 && m <= 12 && d >= 1 && d <= days;
}

/** ISO date; `2024/3/5` and `2024-3-5` are accepted and normalised to `2024-03-05`. */
export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}[-/]\d{1,2}[-/]\d{1,2}$/, 'a date YYYY-MM-DD')
  .transform((s) => {
    if (s.length === 10 && s[4] === '-' && s[7] === '-') return s;
    const [y, m, d] = s.split(/[-/]/);
    return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  })
  .refine(isCalendarDay, 'not a calendar date');

const name = z.string().trim().min(1).max(100);

export const herbParams = z.object({ herb: name.describe('herb code, Chinese name or alias') });
export const formulaParams = z.object({ formula: name.describe('formula code or Chinese name') });

export const herbView = z.object({
  id: z.number().int(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string().nullable(),
  pinyin: z.string(),
  latinName: z.string().nullable(),
  category: z.enum(herbCategories),
  cultivation: z.enum(['wild', 'cultivated', 'both']),
  growthCycleYears: z.number().nullable(),
  producingAreas: z.array(z.string()),
  reservesTonnes: z.number().nullable(),
  aliases: z.array(z.object({ alias: z.string(), factor: z.number(), kind: z.enum(aliasKinds) })),
  specs: z.array(z.string()),
  /** The specs with their English names (null: none given), in the order of `specs`. */
  specNames: z.array(z.object({ name: z.string(), nameEn: z.string().nullable() })),
});
export const marketView = z.object({ id: z.number().int(), code: z.string(), nameZh: z.string(), nameEn: z.string(), regionCode: z.string() });

const priceStatus = z.enum(['ok', 'held', 'confirmed']);

export const observationsQuery = z.object({
  herb: name.optional(),
  market: name.optional(),
  spec: name.optional(),
  status: priceStatus.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(limits.pageSize.max).default(limits.pageSize.default),
  offset: z.coerce.number().int().min(0).default(0),
});

export const observationView = z.object({
  herb: z.string(),
  herbCode: z.string(),
  spec: z.string(),
  market: z.string(),
  marketCode: z.string(),
  date: z.string(),
  price: z.number(),
  unit: z.string(),
  pricePerKg: z.number(),
  status: priceStatus,
  source: z.enum(['import', 'api', 'demo']),
});

// ---------------------------------------------------------------- one schema per field
// The JSON API, the CSV/.xlsx imports (supply.imports.ts) and the CLI validate each field with
// these, so no entry point accepts what another refuses (a price of 1e308 in a file, say).

/** A missing cell or property says "required"; other type errors keep Zod's own message. */
const requiredError = { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : undefined) };
const text = (max: number) => z.string(requiredError).trim().min(1, 'required').max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();
const amountOf = (max: number) => z.coerce.number({ error: 'a number' }).finite('a finite number').positive('must be > 0').max(max);

export const supplyFields = {
  herb: text(supplyLimits.name.max),
  market: text(supplyLimits.name.max),
  spec: optionalText(supplyLimits.spec.max),
  date: isoDate,
  price: amountOf(supplyLimits.price.max).min(supplyLimits.price.min, `at least ${supplyLimits.price.min}`),
  priceUnit: optionalText(supplyLimits.priceUnit.max).describe('元/kg (default), 元/g or 元/斤'),
  formulaCode: z
    .string(requiredError)
    .trim()
    .toUpperCase()
    .min(1, 'required')
    .max(supplyLimits.formulaCode.max)
    .regex(supplyLimits.formulaCode.pattern, 'upper-case letters, digits and dashes'),
  formulaName: text(supplyLimits.formulaName.max),
  formulaNameEn: z.string().trim().max(supplyLimits.formulaNameEn.max),
  dosageForm: text(supplyLimits.dosageForm.max),
  batchUnit: text(supplyLimits.batchUnit.max),
  quantity: amountOf(supplyLimits.quantity.max).min(supplyLimits.quantity.min, `at least ${supplyLimits.quantity.min}`),
  bandLow: z.coerce.number({ error: 'a number' }).finite('a finite number').min(0).max(supplyLimits.band.max),
  bandHigh: z.coerce.number({ error: 'a number' }).finite('a finite number').positive('must be > 0').max(supplyLimits.band.max),
  amountUnit: z.enum(['g', 'kg']),
  source: z.string().max(supplyLimits.source.max),
  /** Other costs and profit of a cap's calculation (元 per pack). */
  money: z.number().finite().min(-supplyLimits.price.max).max(supplyLimits.price.max),
} as const;

/** One price as a monitoring station sends it, or as a file row holds it (the same schema). */
export const priceItem = z.object({
  herb: supplyFields.herb,
  spec: supplyFields.spec,
  market: supplyFields.market,
  date: supplyFields.date,
  price: supplyFields.price,
  unit: supplyFields.priceUnit,
});
export type PriceItem = z.output<typeof priceItem>;
export const postPricesBody = z.object({ observations: z.array(priceItem).min(1).max(10_000) });

export const importOutcomeView = z.object({
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  held: z.number().int(),
  specsCreated: z.number().int(),
});

export const importQuery = z.object({ fileName: z.string().trim().min(1).max(200).default('upload.csv') });

export const confirmBody = z.object({
  items: z
    .array(z.object({ herb: supplyFields.herb, spec: supplyFields.spec, market: supplyFields.market, date: isoDate }))
    .min(1)
    .max(1000),
});

export const formulaInput = z.object({
  code: supplyFields.formulaCode,
  nameZh: supplyFields.formulaName,
  nameEn: supplyFields.formulaNameEn.optional(),
  dosageForm: supplyFields.dosageForm,
  batchYield: supplyFields.quantity,
  batchUnit: supplyFields.batchUnit,
  packSize: supplyFields.quantity,
  band: z.tuple([supplyFields.bandLow, supplyFields.bandHigh]).optional(),
  essential: z.boolean().optional(),
  generated: z.boolean().optional(),
  source: supplyFields.source.nullable().optional(),
  ingredients: z
    .array(z.object({ herb: supplyFields.herb, amount: supplyFields.quantity, unit: supplyFields.amountUnit.default('g'), spec: supplyFields.spec.unwrap().nullable().optional() }))
    .min(1)
    .max(100),
  priceCaps: z
    .array(
      z.object({
        from: isoDate,
        priceCap: supplyFields.price,
        otherCosts: supplyFields.money.min(0).nullable().optional(),
        profit: supplyFields.money.nullable().optional(),
        generated: z.boolean().optional(),
        source: supplyFields.source.nullable().optional(),
      }),
    )
    .min(1)
    .max(100),
});
export type FormulaInputBody = z.infer<typeof formulaInput>;
export const importFormulasBody = z.object({ formulas: z.array(formulaInput).min(1).max(2000) });
export const formulaImportOutcome = z.object({ formulas: z.number().int(), created: z.number().int(), replaced: z.number().int() });

const levelName = z.string().describe('normal, above-blue … above-red, below-blue … below-red');
const num = z.number().nullable();


export const formulaSummaryView = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  dosageForm: z.string(),
  essential: z.boolean(),
  generated: z.boolean(),
  ownerOrganisationId: z.string().nullable(),
  band: z.tuple([z.number(), z.number()]),
  date: z.string().nullable(),
  cost: num,
  priceCap: num,
  ratio: num,
  level: levelName,
  levelRule: levelRuleView,
  /** Y/P every 7 days over the last 12 weeks (oldest first). */
  trend: z.array(num),
});

export const formulaDetailView = formulaSummaryView.extend({
  batchYield: z.number(),
  batchUnit: z.string(),
  packSize: z.number(),
  source: z.string().nullable(),
  ingredients: z.array(
    z.object({ herb: z.string(), herbCode: z.string(), writtenAs: z.string().nullable(), amount: z.number(), unit: z.string(), factor: z.number(), spec: z.string().nullable() }),
  ),
  priceCaps: z.array(z.object({ from: z.string(), priceCap: z.number(), otherCosts: num, profit: num, generated: z.boolean(), source: z.string().nullable() })),
});

export const rangeQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });
/** Days between the rows of a compact series. */
export const SERIES_RESOLUTION_DAYS = { week: 7, day: 1 } as const;
export type SeriesResolution = keyof typeof SERIES_RESOLUTION_DAYS;
export const ratioQuery = rangeQuery.extend({
  resolution: z
    .enum(['week', 'day'])
    .default('week')
    .describe('week (default): every 7th day counted back from the range\'s last day, a compact series for the whole history; day: every day (ask for a range: a chart asks for the window it zooms into)'),
});
export const attributionQuery = z.object({ from: isoDate, to: isoDate });

export const ratioReportView = z.object({
  formula: z.string(),
  code: z.string(),
  band: z.tuple([z.number(), z.number()]),
  resolution: z.enum(['week', 'day']),
  series: z.array(z.object({ date: z.string(), cost: num, priceCap: num, ratio: num, level: levelName, stale: z.literal(true).optional() })),
  episodes: z.array(
    z.object({ start: z.string(), end: z.string().nullable(), peakDate: z.string(), peakRatio: z.number(), level: z.enum(['blue', 'yellow', 'orange', 'red']), direction: z.enum(['above', 'below']) }),
  ),
});

export const attributionView = z.object({ from: z.string(), to: z.string(), costFrom: z.number(), costTo: z.number(), contributions: z.record(z.string(), z.number()) });

export const whatIfBody = z.object({
  prices: z.record(z.string().max(supplyLimits.name.max), supplyFields.price).default({}).describe('herb (code, name or alias) → 元/kg'),
  priceCap: supplyFields.price.optional(),
  date: isoDate.optional(),
});
export const whatIfView = z.object({ date: z.string(), cost: z.number(), priceCap: z.number(), ratio: z.number(), level: levelName, shares: z.record(z.string(), z.number()) });

export const areaUnit = z.enum(['mu', 'hm2']);
export const floorPriceQuery = z.object({
  cycleYears: boundedNumber({ above: 0, max: 100 }),
  annualInput: boundedNumber({ min: 0, max: fieldLimits.price.max }),
  yield: boundedNumber({ min: 0.01, max: fieldLimits.price.max }),
  annualProfit: boundedNumber({ min: -fieldLimits.price.max, max: fieldLimits.price.max }),
  areaUnit: areaUnit.default('mu'),
  profitAreaUnit: areaUnit.default('mu'),
  formula: name.optional(),
  herb: name.optional(),
});
export const floorPriceView = z.object({ floorPrice: z.number(), ratio: z.number().optional(), date: z.string().optional(), formula: z.string().optional(), herb: z.string().optional() });

/** A price factor for an exposure shock (1.5 = +50 %); the API and the CLI share it. */
export const shockFactor = boundedNumber({ above: 0, max: 1000 });
export const exposureQuery = z.object({ shock: shockFactor.optional().describe('price factor, e.g. 1.5 = +50 %') });
const levelled = z.object({ cost: z.number(), ratio: z.number(), level: levelName });
export const exposureView = z.object({
  herb: z.string(),
  date: z.string().nullable(),
  formulas: z.array(z.object({ code: z.string(), formula: z.string(), ratio: z.number(), ratioPointsPerPercent: z.number(), relativePerPercent: z.number() })),
  shock: z
    .object({
      factor: z.number(),
      pushedOutOfBand: z.array(z.object({ code: z.string(), formula: z.string(), before: levelled, after: levelled })),
      formulas: z.array(z.object({ code: z.string(), formula: z.string(), before: levelled, after: levelled })).describe('every formula using the herb, before and after the shock'),
    })
    .optional(),
});

export const forecastQuery = z.object({ weeks: z.coerce.number().int().min(1).max(52).default(8) });
export const forecastView = z.object({
  formula: z.string(),
  code: z.string(),
  asOf: z.string(),
  band: z.tuple([z.number(), z.number()]),
  currentRatio: z.number(),
  /** The monitor state's current level (hysteresis included) and why it differs from Y/P alone. */
  level: levelName,
  levelRule: levelRuleView,
  priceCap: z.number(),
  models: z.record(z.string(), z.string()),
  weeks: z.array(
    z.object({ week: z.number(), date: z.string(), p05: z.number(), p50: z.number(), p95: z.number(), probabilityOutside: z.number(), probabilityLeftBy: z.number() }),
  ),
  probabilityLeaveBand: z.number().describe('P(Y/P outside the band in at least one week of the horizon)'),
  preWarning: z.boolean().describe('inside the band now (current level normal) and probabilityLeaveBand at or over the threshold; false whenever the level is not normal'),
  /** `outside`: the level is not normal, so a pre-warning does not apply (the warning itself is in force). */
  preWarningState: z.enum(['firing', 'quiet', 'outside']),
  preWarningThreshold: z.number(),
});

export const indexQuery = z.object({ from: isoDate.optional() });
export const indexView = z.object({
  method: z
    .enum(['chained-jevons-equal-monthly'])
    .describe('chained-jevons-equal-monthly: chained, geometric links (weighted Jevons), equal weights per herb, monthly means of the default spec over markets'),
  base: z.string().nullable(),
  herbs: z.number().int(),
  periods: z.array(z.string()),
  composite: z.array(num),
  categories: z.record(z.string(), z.array(num)),
});

// ---------------------------------------------------------------- catalogue administration

const catalogCode = z.string().trim().toUpperCase().min(1).max(40).regex(/^[A-Z0-9][A-Z0-9-]*$/, 'upper-case letters, digits and dashes');
const zhName = z.string().trim().min(1).max(60);

export const catalogQuery = z.object({ q: z.string().trim().max(60).optional().describe('code, Chinese name, pinyin, Latin name or alias contains'), category: z.enum(herbCategories).optional() });

export const herbCreateBody = z.object({
  code: catalogCode,
  nameZh: zhName,
  nameEn: z.string().trim().max(120).nullable().optional().describe('English name, e.g. notoginseng root'),
  pinyin: z.string().trim().min(1).max(80),
  latinName: z.string().trim().max(200).nullable().optional(),
  category: z.enum(herbCategories),
  cultivation: z.enum(['wild', 'cultivated', 'both']),
  growthCycleYears: z.number().positive().max(100).nullable().optional(),
  producingAreas: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
  reservesTonnes: z.number().min(0).nullable().optional().describe('蕴藏量 where known'),
});
export type HerbCreateBody = z.infer<typeof herbCreateBody>;
export const herbPatchBody = herbCreateBody.partial().refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type HerbPatchBody = z.infer<typeof herbPatchBody>;

export const aliasBody = z.object({
  alias: zhName.describe('a processed or decoction-piece name, e.g. 酒萸肉'),
  factor: z.number().positive().max(100).default(1).describe('kg of the herb one kg of the aliased material stands for'),
  kind: z.enum(aliasKinds).default('processed'),
});
export const aliasParams = z.object({ alias: zhName });
export const aliasPatchBody = z
  .object({ herb: name.optional().describe('move the alias to another herb'), factor: z.number().positive().max(100).optional(), kind: z.enum(aliasKinds).optional() })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export const aliasView = z.object({ alias: z.string(), herb: z.string(), herbCode: z.string(), factor: z.number(), kind: z.enum(aliasKinds) });

export const specBody = z.object({
  name: z.string().trim().min(1).max(60).describe('规格等级, e.g. 60头'),
  nameEn: z.string().trim().max(120).nullable().optional().describe('the grade in English, e.g. 60 roots per 500 g'),
});
export const specParams = z.object({ id: intKey });
export const specView = z.object({ id: z.number().int(), herb: z.string(), herbCode: z.string(), name: z.string(), nameEn: z.string().nullable() });

export const marketCreateBody = z.object({
  code: catalogCode,
  nameZh: zhName,
  nameEn: z.string().trim().min(1).max(120),
  regionCode: z.string().trim().regex(/^\d{6}$/, 'a six-digit GB/T 2260 code'),
});
export const marketPatchBody = marketCreateBody.partial().refine((b) => Object.keys(b).length > 0, 'nothing to change');
export const marketParams = z.object({ market: name.describe('market code or Chinese name') });

export const ingredientSeriesQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  every: z.coerce.number().int().min(1).max(31).default(1).describe('keep every n-th day (1 = daily, 7 = weekly), counted from `from`'),
});
export const ingredientSeriesView = z.object({
  formula: z.string(),
  code: z.string(),
  /** Dates of the array entries: start, start + every, … (all arrays have `dates.length` entries). */
  dates: z.array(z.string()),
  cost: z.array(num).describe('Y, 元 per pack'),
  ingredients: z.array(
    z.object({
      herb: z.string(),
      herbCode: z.string(),
      writtenAs: z.string().nullable(),
      spec: z.string().describe('the spec whose prices are used'),
      specSet: z.boolean().describe('true when the formula names the spec, false for the herb’s default spec'),
      kgPerPack: z.number().describe('kg of the herb per pack (amount × factor × pack / batch)'),
      price: z.array(num).describe('reference price, 元/kg'),
      stale: z.array(z.union([z.literal(0), z.literal(1)])).describe('1 where no market had a price within the fill limit'),
      costPerPack: z.array(num).describe('this ingredient’s part of Y, 元 per pack'),
    }),
  ),
});

export const weeklyPricesQuery = z.object({ spec: z.string().trim().min(1).max(60).optional() });
export const weeklyPricesView = z.object({
  herb: z.string(),
  series: z.array(
    z.object({
      market: z.string(),
      marketZh: z.string(),
      marketEn: z.string(),
      spec: z.string(),
      weeks: z.array(z.string()).describe('Mondays of the weeks with accepted prices'),
      prices: z.array(z.number()).describe('mean price per kg (元) of the week'),
    }),
  ),
});

export const herbForecastQuery = z.object({ weeks: z.coerce.number().int().min(1).max(52).default(12), spec: z.string().trim().min(1).max(60).optional() });
export const herbForecastView = z.object({
  herb: z.string(),
  code: z.string(),
  spec: z.string(),
  asOf: z.string(),
  model: z.string().describe('ETS model chosen by AICc on weekly log prices: ANN, AAN or AAdN'),
  history: z.array(z.object({ date: z.string(), price: num })).describe('weekly mean reference price of the last 52 weeks, 元/kg'),
  weeks: z.array(z.object({ week: z.number(), date: z.string(), median: z.number(), lower80: z.number(), upper80: z.number(), lower95: z.number(), upper95: z.number() })),
});
