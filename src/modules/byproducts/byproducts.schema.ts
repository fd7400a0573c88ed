import { z } from 'zod';
import type { Pathway } from './engine/pathway';
import { STREAM_LIMITS } from './engine/limits';
import { MODE_IDS } from './engine/taxonomy';
import { suppressionReasons } from '../../shared/disclosure';

/**
 * Zod schemas of the by-product API (issue 4). Taxonomy values may be English ids or Chinese
 * labels, so they are strings here and the engine's `parseStream` checks them, naming the field.
 */
const label = z.string().trim().max(100);
const nullableLabel = label.nullable().optional();
const bilingual = z.object({ zh: z.string(), en: z.string() });

/** A stream as a user describes it (engine keys, README "By-product data formats"). */
const streamFields = {
  name: z.string().trim().min(1).max(200).optional(),
  herb: z.string().trim().max(100).nullable().optional(),
  part: nullableLabel,
  residue: nullableLabel,
  stage: label.optional(),
  state: nullableLabel,
  tonnesPerYear: z.number().positive().max(STREAM_LIMITS.tonnesPerYear).optional(),
  tonnesPerMonth: z.number().positive().max(STREAM_LIMITS.tonnesPerMonth).optional(),
  moisture: z.number().min(0).max(100).nullable().optional(),
  assays: z.record(z.string().max(100), z.union([z.number(), z.string(), z.record(z.string().max(100), z.union([z.number(), z.string()]))])).optional(),
  contamination: z.union([z.array(label), z.string().max(200)]).optional(),
  hazardous: z.union([z.boolean(), z.string().max(10)]).optional(),
  hazardousCode: z.string().trim().max(20).nullable().optional(),
  currentHandling: nullableLabel,
  currentHandlingCostPerTonne: z.number().min(-STREAM_LIMITS.handlingCostPerTonne).max(STREAM_LIMITS.handlingCostPerTonne).nullable().optional(),
  seasonality: z.array(z.number().min(0)).nullable().optional(),
  classOverride: z.array(label).nullable().optional(),
};

const streamCode = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$/, 'letters, digits, . _ - (at most 60)');

export const createStreamBody = z
  .object({
    code: streamCode.optional(),
    organisation: z.string().trim().max(100).optional().describe('organisation id or code; default: the caller’s organisation'),
    site: z.string().trim().max(200).optional().describe('site id or name; default: the organisation’s first site'),
    ...streamFields,
  })
  .strict();
export type CreateStreamBody = z.infer<typeof createStreamBody>;

export const updateStreamBody = z
  .object({ site: z.string().trim().max(200).optional(), ...streamFields })
  .strict();
export type UpdateStreamBody = z.infer<typeof updateStreamBody>;

export const streamParams = z.object({ id: z.string().trim().min(1).max(100).describe('stream id or code') });

export const listStreamsQuery = z.object({
  organisation: z.string().trim().max(100).optional().describe('organisation id or code'),
  park: z.string().trim().max(100).optional().describe('park id or code'),
  region: z.string().trim().regex(/^\d{6}$/).optional().describe('GB/T 2260 code; covers sub-regions'),
  site: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListStreamsQuery = z.infer<typeof listStreamsQuery>;

export const exportQuery = listStreamsQuery.omit({ limit: true, offset: true }).extend({ format: z.enum(['csv', 'xlsx']).default('csv') });
export const importQuery = z.object({ fileName: z.string().trim().min(1).max(200).default('streams.csv') });

export const streamView = z.object({
  id: z.string(),
  code: z.string(),
  organisationId: z.string(),
  organisationCode: z.string(),
  organisationName: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  name: z.string(),
  herb: z.string().nullable(),
  part: z.string().nullable(),
  residue: z.string().nullable(),
  stage: z.string(),
  state: z.string(),
  /** false when the viewer is not cleared for the confidential fields (then they are absent). */
  confidential: z.boolean(),
  tonnesPerYear: z.number().optional(),
  seasonality: z.array(z.number()).nullable().optional(),
  moisture: z.number().nullable().optional(),
  assays: z.record(z.string(), z.unknown()).optional(),
  contamination: z.array(z.string()).optional(),
  hazardous: z.boolean().optional(),
  hazardousCode: z.string().nullable().optional(),
  currentHandling: z.string().nullable().optional(),
  currentHandlingCostPerTonne: z.number().nullable().optional(),
  classOverride: z.array(z.string()).nullable().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StreamView = z.infer<typeof streamView>;
export const streamList = z.object({ items: z.array(streamView), total: z.number() });

export const importOutcomeView = z.object({ rows: z.number(), created: z.number(), updated: z.number(), codes: z.array(z.string()) });

const classScore = z.object({ class: z.string(), score: z.number(), rule: bilingual, basis: z.string(), source: z.string() });
export const classificationView = z.object({ classes: z.array(classScore), override: z.boolean(), derived: z.array(classScore) });

export const adviceQuery = z.object({ weights: z.string().trim().max(300).optional().describe('a preset (balanced, economic-first, ecological-first) and/or k=v pairs, e.g. economic-first,ecological=2') });

export const adviceView = z.object({
  classes: z.array(classScore),
  options: z.array(
    z.object({
      rank: z.number(),
      pathway: z.string(),
      product: bilingual,
      mode: z.enum(MODE_IDS),
      score: z.number(),
      netValuePerYear: z.number(),
      reasons: bilingual,
      name: bilingual,
      /** Raw values of the seven criteria. */
      criteria: z.record(z.string(), z.number()),
      /** 0 worst … 1 best among this stream's options (radar chart). */
      criteriaRelative: z.record(z.string(), z.number()),
      evaluation: z.record(z.string(), z.unknown()),
      caveats: z.array(bilingual),
      figures: z.array(z.object({ label: bilingual, value: z.string() })),
      source: z.object({ kind: z.string(), ref: z.string() }),
    }),
  ),
  excluded: z.array(z.object({ pathway: z.string(), why: bilingual, name: bilingual, failed: z.array(z.string()) })),
  weights: z.record(z.string(), z.number()),
  sensitivity: z.array(z.object({ criterion: z.string(), weight: z.number(), delta: z.number().nullable(), newTop: z.string().nullable() })),
});

const cascadeStep = z.object({
  order: z.number(),
  pathway: z.string(),
  name: bilingual,
  mode: z.enum(MODE_IDS),
  product: bilingual,
  inputKg: z.number(),
  productKg: z.number(),
  residueKg: z.number(),
  lossKg: z.number(),
  productValue: z.number(),
  processingCost: z.number(),
  netValue: z.number(),
});
export const cascadeView = z.object({
  steps: z.array(cascadeStep),
  disposal: z.object({ route: z.literal('harmless-treatment'), kg: z.number(), cost: z.number() }),
  balance: z.object({ unit: z.literal('kg'), in: z.number(), out: z.number(), residue: z.number(), losses: z.number(), closes: z.boolean() }),
  handlingAvoided: z.number(),
  totalNetValue: z.number(),
  sankey: z.object({ nodes: z.array(z.object({ id: z.string(), label: bilingual })), links: z.array(z.object({ source: z.string(), target: z.string(), value: z.number() })) }),
});

/** A stream described in JSON for "what if" (not stored): the same keys as the CLI's --file. */
export const whatIfBody = z.record(z.string().max(100), z.unknown());

/** The fields of a month, one schema each for the JSON body and the import file (`numberCell`). */
export const recordTonnes = z.number().min(0).max(1e9);
export const recordValueCreatedYuan = z.number().min(-1e12).max(1e12);
export const recordDisposalCostYuan = z.number().min(0).max(1e12);
const quantity = recordTonnes;
export const recordBody = z
  .object({
    generatedT: quantity,
    utilised: z
      .object({ 'low-value-conversion': quantity, 'reduce-efficiency': quantity, 'value-added': quantity, unspecified: quantity })
      .partial()
      .strict()
      .default({}),
    disposed: z.object({ landfill: quantity, incineration: quantity, discharge: quantity, 'harmless-treatment': quantity }).partial().strict().default({}),
    valueCreatedYuan: recordValueCreatedYuan.default(0),
    disposalCostYuan: recordDisposalCostYuan.default(0),
  })
  .strict();
export type RecordBody = z.infer<typeof recordBody>;
export const recordImportOutcomeView = z.object({ rows: z.number(), created: z.number(), updated: z.number(), streams: z.number() });
export const recordParams = streamParams.extend({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM') });
export const recordView = z.object({
  period: z.string(),
  generatedT: z.number(),
  utilised: z.record(z.string(), z.number()),
  disposed: z.record(z.string(), z.number()),
  valueCreatedYuan: z.number(),
  disposalCostYuan: z.number(),
});

export const figuresQuery = z.object({
  scope: z.enum(['stream', 'site', 'firm', 'park', 'region']),
  id: z.string().trim().min(1).max(100).describe('stream id/code, site id, organisation code/id, park code/id or region code'),
  period: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'must be YYYY or YYYY-MM'),
});
export type FiguresQuery = z.infer<typeof figuresQuery>;
const figures = z
  .object({
    scope: z.string(),
    id: z.string(),
    period: z.string(),
    records: z.number(),
    generatedT: z.number(),
    utilisedT: z.number(),
    /** null: suppressed by disclosure control (see `disclosure`). */
    utilisedByModeT: z.record(z.string(), z.number()).nullable(),
    utilisationRate: z.number().nullable(),
    valueCreatedYuan: z.number(),
    disposedT: z.number(),
    disposalMix: z.record(z.string(), z.object({ tonnes: z.number(), share: z.number().nullable() })).nullable(),
    disposalCostYuan: z.number(),
    co2eAvoidedT: z.number(),
    co2eFromDisposalT: z.number(),
    unaccountedT: z.number(),
  });
// ---- a firm's declared inputs (Material Circularity Indicator) -------------------------------
const tonnes = z.number().min(0).max(1e9);
const share = z.number().min(0).max(1);
export const firmInputsBody = z
  .object({
    virginFeedstockT: tonnes.describe('virgin herbal raw material processed in the period, t'),
    recycledFeedstockT: tonnes.default(0).describe('input from recycled sources (by-products of other firms…), t'),
    reusedFeedstockT: tonnes.default(0).describe('input from reused sources, t'),
    recycledFeedstockEfficiency: z.number().gt(0).max(1).nullable().default(null).describe('E_F: yield of the process that made the recycled input; required when recycledFeedstockT > 0'),
    productRecycledFraction: share.default(0).describe('share of the product collected for recycling after use'),
    productReusedFraction: share.default(0).describe('share of the product collected for reuse'),
    recyclingEfficiency: share.nullable().default(null).describe('E_C: yield of the recycling of what is collected (utilised by-products, recycled product)'),
    utility: z.number().gt(0).max(100).nullable().default(null).describe('X = (L/L_av)(U/U_av); null = not known (the MCI then uses the average, 1)'),
    note: z.string().trim().max(500).nullable().default(null),
  })
  .strict()
  .refine((b) => b.productRecycledFraction + b.productReusedFraction <= 1, { path: ['productReusedFraction'], message: 'productRecycledFraction + productReusedFraction must be ≤ 1' })
  .refine((b) => b.recycledFeedstockT === 0 || b.recycledFeedstockEfficiency !== null, { path: ['recycledFeedstockEfficiency'], message: 'is required when recycledFeedstockT > 0 (E_F of the MCI)' });
export type FirmInputsBody = z.infer<typeof firmInputsBody>;
export const firmParams = z.object({ organisation: z.string().trim().min(1).max(100).describe('organisation code or id') });
export const firmInputsParams = firmParams.extend({ period: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'must be YYYY or YYYY-MM') });
export const firmInputsView = z.object({
  period: z.string(),
  virginFeedstockT: z.number(),
  recycledFeedstockT: z.number(),
  reusedFeedstockT: z.number(),
  recycledFeedstockEfficiency: z.number().nullable(),
  productRecycledFraction: z.number(),
  productReusedFraction: z.number(),
  recyclingEfficiency: z.number().nullable(),
  utility: z.number().nullable(),
  note: z.string().nullable(),
  updatedAt: z.string(),
});
const mciView = z.object({
  value: z.number().nullable(),
  reasonCode: z.enum(['no-inputs', 'no-throughput', 'recycled-feedstock-efficiency-missing', 'recycling-efficiency-missing']).nullable(),
  reason: z.string().nullable(),
  assumptions: z.array(z.enum(['utility-average', 'year-inputs-pro-rata', 'byproducts-capped-at-throughput'])),
  /** The declaration used (its period: the figures' period or, for a month, its year). */
  inputs: firmInputsView.nullable(),
  terms: z.record(z.string(), z.number()).nullable(),
});

const outflowTotalView = z.object({ tonnes: z.number().nullable(), sdTonnes: z.number().nullable(), flows: z.number() });
const balanceView = z.object({
  modelId: z.string(),
  modelName: z.string(),
  /** YYYY or YYYY-MM; null = a nominal period (one batch). */
  period: z.string().nullable(),
  updatedAt: z.string(),
  chiSquarePassed: z.boolean(),
  contradictions: z.number(),
  /** Totals of the outflows the model marks as by-product / loss, t (sd: root sum of squares). */
  byproducts: outflowTotalView,
  losses: outflowTotalView,
  outflows: z.array(
    z.object({
      flowId: z.string(),
      name: z.string().nullable(),
      kind: z.enum(['byproduct', 'loss']),
      tonnes: z.number().nullable(),
      sdTonnes: z.number().nullable(),
      status: z.enum(['measured', 'fixed', 'computed', 'undetermined']),
    }),
  ),
  /** Declared generation vs the balance's by-product outflows; only when the periods are the same. */
  comparison: z.object({ declaredT: z.number(), balanceT: z.number(), sdT: z.number(), differenceT: z.number(), withinTwoSd: z.boolean() }).nullable(),
  comparisonReasonCode: z.enum(['period-nominal', 'period-mismatch', 'no-byproduct-flows', 'undetermined']).nullable(),
});

const suppressionReason = z.enum(suppressionReasons).nullable();
export const figuresView = z.object({
  scope: z.string(),
  id: z.string(),
  name: z.string(),
  period: z.string(),
  streams: z.number(),
  /** Months of streams without a reported record, estimated from the stream's declaration. */
  estimatedRecords: z.number(),
  /** null when suppressed by disclosure control (`disclosure.suppressed.figures` says why). */
  figures: figures.nullable(),
  /** Empty when the monthly series is suppressed. */
  series: z.array(figures),
  byStage: z.record(z.string(), z.number()).nullable(),
  byClass: z.record(z.string(), z.number()).nullable(),
  emissionFactors: z.record(z.string(), z.unknown()),
  /** Firm scope only (null otherwise): the Material Circularity Indicator, or null with the reason. */
  mci: mciView.nullable(),
  /** Firm scope only: the firm's latest reconciled material balance (issue 5), or null with balanceReasonCode. */
  balance: balanceView.nullable(),
  balanceReasonCode: z.enum(['no-model', 'not-permitted']).nullable(),
  /**
   * Statistical disclosure control of park and region figures: `exact` when the viewer may read
   * every firm in the scope; otherwise each part is null (published) or the reason it is
   * suppressed (threshold: under the minimum of firms; dominance: the largest firms make up too
   * much of it; complementary: it would reveal another suppressed cell by difference).
   */
  disclosure: z.object({
    exact: z.boolean(),
    suppressed: z.object({
      figures: suppressionReason,
      /** The monthly series of a year. */
      series: suppressionReason,
      /** Utilisation modes and disposal routes of the figures. */
      modes: suppressionReason,
      routes: suppressionReason,
      /** Modes and routes of each month of the series. */
      seriesDetail: suppressionReason,
      byStage: suppressionReason,
      byClass: suppressionReason,
    }),
    rule: z.object({ minContributors: z.number().int(), dominanceTop: z.number().int(), dominanceShare: z.number() }),
  }),
});

export const pathwayParams = z.object({ id: z.string().trim().min(1).max(100) });
export const pathwayWriteQuery = z.object({ note: z.string().trim().max(500).optional() });
export const kbVersionQuery = z.object({ version: z.string().trim().max(40).optional() });
const looseObjectItem = z.record(z.string(), z.unknown());
/**
 * A pathway as stored. Every write validates it with the engine's `pathwaySchema`, so it is served
 * as the record it is (no second validation on the way out) but typed as the engine's Pathway,
 * which is what the web reads.
 */
export const pathwayView = looseObjectItem as unknown as z.ZodType<Pathway, Record<string, unknown>>;
export const pathwayListView = z.object({
  version: z.string(),
  updated: z.string(),
  revision: z.number(),
  items: z.array(pathwayView),
});
export const pathwayWriteView = z.object({ version: z.string(), revision: z.number(), pathway: pathwayView });
export const kbVersionView = z.object({ revision: z.number(), version: z.string(), note: z.string().nullable(), createdAt: z.string(), pathways: z.number(), createdBy: z.string().nullable().describe('display name of the editor (platform admins only); herbloop = shipped or CLI') });
export const looseObject = z.record(z.string(), z.unknown());

const taxonEntry = z.object({ id: z.string(), zh: z.string(), en: z.string() });
export const taxonomyView = z.object({
  parts: z.array(taxonEntry),
  residues: z.array(taxonEntry),
  stages: z.array(taxonEntry),
  states: z.array(taxonEntry),
  contamination: z.array(taxonEntry),
  handlings: z.array(taxonEntry),
  classes: z.array(taxonEntry),
  modes: z.array(taxonEntry),
  processes: z.array(taxonEntry),
  utilisers: z.array(taxonEntry),
  criteria: z.array(taxonEntry.extend({ direction: z.enum(['benefit', 'cost']), unit: z.string() })),
  weightPresets: z.record(z.string(), z.record(z.string(), z.number())),
});
