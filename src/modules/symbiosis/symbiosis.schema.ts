import { z } from 'zod';
import { CHAINS } from './engine/chains';
import { CITY_NODE_KINDS, COMPUTED_FIGURES, FLOW_BASES, FLOW_KINDS, FLOW_MODES, INDICATOR_SCOPES } from './symbiosis.tables';

/** Request and response schemas of the symbiosis routes (one contract per route: symbiosis.contract.ts). */

const year = z.coerce.number().int().min(2000).max(2100);
const ref = z.string().trim().min(1).max(100);
const text = (max: number) => z.string().trim().min(1).max(max);

export const parkParams = z.object({ park: ref.describe('park id or code') });
export const yearQuery = z.object({ year: year.optional().describe('calendar year; default the current one') });
/** The map's filters: a herb, a composition class, a recycling mode, one chain as the layer shown. */
export const mapQuery = yearQuery.extend({
  herb: z.string().trim().min(1).max(100).optional(),
  class: z.string().trim().min(1).max(100).optional(),
  mode: z.enum(FLOW_MODES).optional(),
  chain: z.enum(CHAINS).optional(),
});
export type MapQuery = z.infer<typeof mapQuery>;
export const exportQuery = yearQuery.extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });
export const firmParams = z.object({ organisation: ref.describe('organisation id or code') });
export const systemParams = z.object({ code: z.string().trim().regex(/^[A-Z0-9-]{2,40}$/, 'must be 2–40 capitals, digits or dashes') });
export const evaluationQuery = z.object({ from: year.optional(), to: year.optional() });
export const reportQuery = evaluationQuery.extend({ format: z.enum(['pdf', 'xlsx']).default('pdf') });

export const accessLevel = z.enum(['full', 'own', 'aggregate']);
const firmRef = z.object({ id: z.string(), code: z.string(), nameZh: z.string(), nameEn: z.string() });
const parkView = z.object({ id: z.string(), code: z.string(), nameZh: z.string(), nameEn: z.string(), regionCode: z.string() });

export const mapNodeView = z.object({
  id: z.string(),
  kind: z.enum(['firm', ...CITY_NODE_KINDS]),
  organisationType: z.string().nullable(),
  code: z.string().nullable(),
  nameZh: z.string(),
  nameEn: z.string(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  inside: z.boolean(),
});
export const mapFlowView = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  kind: z.enum(FLOW_KINDS),
  basis: z.enum(FLOW_BASES),
  quantity: z.number(),
  unit: z.string(),
  carrier: z.string(),
  source: z.enum(['contract', 'stream-declaration', 'declared', 'manifest']),
  herb: z.string().nullable(),
  class: z.string().nullable(),
  mode: z.enum(FLOW_MODES).nullable(),
  /** The chains (layers) the flow is on: resource, value, ecological (engine README "Chains"). */
  chains: z.array(z.enum(CHAINS)),
});
const ratio = z.number().nullable();
export const chainFiguresView = z.object({
  basis: z.enum(FLOW_BASES),
  resource: z.object({ reusedT: z.number(), localReusedT: z.number(), localShare: ratio, energyMWh: z.number(), waterM3: z.number() }),
  value: z.object({ value: z.number(), pricedT: z.number(), valuePerTonne: ratio, byMode: z.array(z.object({ mode: z.string(), tonnes: z.number(), value: z.number() })) }),
  ecological: z.object({ disposedT: z.number(), byHandling: z.array(z.object({ handling: z.string(), tonnes: z.number(), share: z.number() })), harmlessShare: ratio, diversionRate: ratio }),
});
export const figuresView = z.object({
  kind: z.enum(FLOW_KINDS),
  basis: z.enum(FLOW_BASES),
  unit: z.string(),
  nodes: z.number().int(),
  links: z.number().int(),
  connectance: z.number().nullable(),
  linkDensity: z.number().nullable(),
  finnCyclingIndex: z.number().nullable(),
  cycles: z.object({ count: z.number().int(), truncated: z.boolean() }),
  totalSystemThroughflow: z.number(),
  /** Share of the quantity leaving firms that goes to a node inside the park (null without any). */
  localOutletShare: z.number().nullable(),
  disposalMix: z.array(z.object({ handling: z.string(), quantity: z.number(), share: z.number() })),
});
export const perNodeView = z.object({
  id: z.string(),
  kind: z.enum(FLOW_KINDS),
  basis: z.enum(FLOW_BASES),
  in: z.number(),
  out: z.number(),
  degree: z.number().int(),
  largestPartnerShare: z.number(),
});
export const mapView = z.object({
  park: parkView,
  year: z.number().int(),
  /** What the viewer sees: the whole network, its own flows, or aggregates and the firms that share. */
  access: accessLevel,
  nodes: z.array(mapNodeView),
  flows: z.array(mapFlowView),
  totals: z.array(z.object({ kind: z.enum(FLOW_KINDS), basis: z.enum(FLOW_BASES), unit: z.string(), quantity: z.number() })),
  figures: z.array(figuresView),
  perNode: z.array(perNodeView),
  /** The other parks of the region (the regional map of parks). */
  regionParks: z.array(parkView),
  /** The three chains' figures per basis, over the flows the filters keep (aggregates, like the figures). */
  chains: z.array(chainFiguresView),
  /** The filters applied, and the values each filter can take in this park and year. */
  filters: z.object({
    applied: z.object({ herb: z.string().nullable(), class: z.string().nullable(), mode: z.enum(FLOW_MODES).nullable(), chain: z.enum(CHAINS).nullable() }),
    herbs: z.array(z.string()),
    classes: z.array(z.string()),
    modes: z.array(z.enum(FLOW_MODES)),
  }),
});
export type MapView = z.infer<typeof mapView>;

const bilingual = z.object({ zh: z.string(), en: z.string() });
export const gapView = z.object({
  stream: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  firm: firmRef,
  tonnesPerYear: z.number(),
  /** Tonnes a year already contracted to an outlet. */
  outletTonnes: z.number(),
  gapTonnes: z.number(),
  status: z.enum(['no-outlet', 'insufficient']),
  currentHandling: z.string().nullable(),
  /** Pathways of the knowledge base that accept the stream. */
  pathways: z.array(z.string()),
});
export const attractionView = z.object({
  rank: z.number().int(),
  pathway: z.string(),
  name: bilingual,
  /** The kind of firm to attract (a utiliser type of the knowledge base) with its names. */
  utiliser: z.string(),
  utiliserName: bilingual,
  product: bilingual,
  capacityTonnesPerYear: z.number(),
  minTonnesPerYear: z.number().nullable(),
  viable: z.boolean(),
  centre: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  withinKm: z.number(),
  streams: z.array(z.object({ streamCode: z.string(), firm: firmRef, tonnes: z.number() })),
  productValuePerYear: z.number(),
  netValuePerYear: z.number(),
  disposalAvoidedTonnes: z.number(),
  disposalCostAvoidedPerYear: z.number(),
  co2eAvoidedPerYear: z.number(),
});
export const gapsView = z.object({ park: parkView, year: z.number().int(), radiusKm: z.number(), gaps: z.array(gapView), attractions: z.array(attractionView) });
export type GapsView = z.infer<typeof gapsView>;

export const stopBody = z
  .object({
    firms: z.array(ref).max(20).default([]).describe('organisation ids or codes of the firms that stop'),
    /** A herb shortage from the supply module: the park's manufacturers whose formulas use the herb halt. */
    herbShortage: z.object({ herb: text(100).describe('herb code, Chinese name or pinyin') }).strict().optional(),
    /** A price fall of a product (a formula's code): the park's makers whose lost share of revenue exceeds their stop threshold halt. */
    priceFall: z.object({ product: text(100).describe('the product: formula code or name'), fall: z.number().gt(0).max(1).describe('share of the price lost') }).strict().optional(),
    year: year.optional(),
  })
  .strict()
  .refine((b) => b.firms.length > 0 || b.herbShortage !== undefined || b.priceFall !== undefined, { message: 'name a firm that stops or a shock', path: ['firms'] });
const affectedView = z.object({ firm: firmRef, lostOutletT: z.number(), lostInputT: z.number(), stopped: z.boolean() });
/**
 * Alternatives for one affected stream: for a lost outlet (the sender runs on), open demands of
 * the exchange that accept its class; for a lost input (the receiver runs on), open listings of
 * the class. `deliveredValuePerTonne` is what the affected firm nets per tonne, delivered: the
 * demand's price less transport, or minus (the listing's reserve price plus transport).
 */
const alternativeView = z.object({
  lost: z.enum(['outlet', 'input']),
  firm: firmRef,
  streamId: z.string().nullable(),
  streamName: z.string().nullable(),
  class: z.string().nullable(),
  tonnes: z.number(),
  options: z.array(
    z.object({
      offerId: z.string(),
      offer: z.enum(['demand', 'listing']),
      title: z.string(),
      /** null for an anonymised listing. */
      counterpart: firmRef.nullable(),
      /** The park of the offering firm; `otherPark`: an outlet in another park (federation), named only when that firm shares. */
      park: z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() }).nullable(),
      otherPark: z.boolean(),
      distanceKm: z.number(),
      pricePerTonne: z.number(),
      transportCostPerTonne: z.number(),
      deliveredValuePerTonne: z.number(),
    }),
  ),
});
const shockFirmView = firmRef.extend({ formulas: z.array(z.string()), lostRevenueShare: z.number().nullable(), threshold: z.number() });
export const stopView = z.object({
  park: parkView,
  year: z.number().int(),
  /**
   * What each shock halted, through the supply module's formulas; for a price fall, the makers
   * it spared too. `lostRevenueShare`: the fall × the product's share of the maker's formulas
   * (null for a herb shortage, which halts every maker of the herb's formulas).
   */
  shocks: z.array(
    z.object({
      kind: z.enum(['herb-shortage', 'price-fall']),
      subject: z.string(),
      halted: z.array(shockFirmView),
      spared: z.array(shockFirmView),
    }),
  ),
  stopped: z.array(firmRef),
  displacedTonnes: z.number(),
  extraDisposalCost: z.number(),
  affected: z.array(affectedView),
  alternatives: z.array(alternativeView),
});
export type StopView = z.infer<typeof stopView>;
export const criticalityView = z.object({
  park: parkView,
  year: z.number().int(),
  items: z.array(z.object({ firm: firmRef, displacedTonnes: z.number(), extraDisposalCost: z.number(), stoppedCount: z.number().int(), exposure: z.number() })),
});

const indicatorDefinition = z.object({
  code: z.string().trim().regex(/^[a-z0-9-]{2,60}$/, 'must be 2–60 lower-case letters, digits or dashes'),
  category: text(40),
  nameZh: text(200),
  nameEn: text(200),
  unit: z.string().trim().max(40),
  direction: z.enum(['higher', 'lower']),
  threshold: z.number().finite().nullable(),
  /** The platform figure that computes it (one the evaluation knows), null = entered by an office. */
  computedFrom: z.enum(COMPUTED_FIGURES).nullable(),
  verified: z.boolean(),
});
export const indicatorSystemView = z.object({
  code: z.string(),
  version: z.number().int(),
  scope: z.enum(INDICATOR_SCOPES),
  nameZh: z.string(),
  nameEn: z.string(),
  edition: z.string(),
  indicators: z.array(indicatorDefinition),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export const indicatorSystemList = z.object({ items: z.array(indicatorSystemView) });
export const reviseSystemBody = z
  .object({
    scope: z.enum(INDICATOR_SCOPES),
    nameZh: text(200),
    nameEn: text(200),
    edition: text(200),
    indicators: z.array(indicatorDefinition).min(1).max(200),
    note: z.string().trim().max(1000).nullable().default(null),
  })
  .strict();

export const valueBody = z
  .object({
    system: systemParams.shape.code,
    indicator: indicatorDefinition.shape.code,
    subjectType: z.enum(INDICATOR_SCOPES),
    subject: ref.describe('park id or code, or a region code'),
    year,
    value: z.number().finite().min(-1e12).max(1e12),
    source: text(500).describe('where the value comes from (statistical yearbook, audit report…)'),
  })
  .strict();
const scoreView = z.object({
  year: z.number().int(),
  value: z.number().nullable(),
  /** `computed`: from the platform's data; `entered`: by an office (see `source`). */
  origin: z.enum(['computed', 'entered']),
  source: z.string(),
  /** A computed value's source as a code (`byproduct-records`, `accounts`…) with its parameters; null for entered values (their source is the office's text). */
  sourceCode: z.string().nullable(),
  sourceParams: z.record(z.string(), z.union([z.string(), z.number()])),
  /** Whether the value meets the standard's threshold (null without a threshold or value). */
  meetsThreshold: z.boolean().nullable(),
});
export const evaluationView = z.object({
  subjectType: z.enum(INDICATOR_SCOPES),
  subject: z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string() }),
  years: z.array(z.number().int()),
  systems: z.array(
    z.object({
      code: z.string(),
      version: z.number().int(),
      /** Whom it evaluates: the park, or the park's region (values entered for the region). */
      scope: z.enum(INDICATOR_SCOPES),
      edition: z.string(),
      nameZh: z.string(),
      nameEn: z.string(),
      indicators: z.array(indicatorDefinition.extend({ scores: z.array(scoreView) })),
    }),
  ),
  /** The same indicators' latest values in the other parks of the region (aggregates). */
  comparison: z.array(z.object({ park: parkView, year: z.number().int(), met: z.number().int(), withValue: z.number().int() })),
});
export type EvaluationView = z.infer<typeof evaluationView>;
export const valueView = z.object({ system: z.string(), indicator: z.string(), subjectType: z.enum(INDICATOR_SCOPES), subject: z.string(), year: z.number().int(), value: z.number(), source: z.string() });

export const cityNodeBody = z
  .object({
    kind: z.enum(CITY_NODE_KINDS),
    nameZh: text(200),
    nameEn: text(200),
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    /** true: serves the whole region (every park in it), not only this park. */
    regional: z.boolean().default(false),
  })
  .strict();
export const cityNodeView = z.object({ id: z.string(), kind: z.enum(CITY_NODE_KINDS), nameZh: z.string(), nameEn: z.string(), lat: z.number(), lon: z.number(), parkId: z.string().nullable(), regionCode: z.string() });
const flowEnd = z
  .object({ organisation: ref.optional(), node: z.uuid().optional() })
  .strict()
  .refine((e) => !(e.organisation && e.node), { message: 'name an organisation or a node, not both' });
export const declaredFlowBody = z
  .object({
    year,
    kind: z.enum(FLOW_KINDS),
    basis: z.enum(FLOW_BASES).default('actual'),
    from: flowEnd.nullable().describe('null = the outside'),
    to: flowEnd.nullable().describe('null = the outside'),
    quantity: z.number().positive().max(1e12).describe('t, MWh or m³ by kind'),
    carrier: text(60).describe('steam, waste-heat, reuse-water, liquid-residue…'),
    note: z.string().trim().max(500).nullable().default(null),
  })
  .strict();
export const declaredFlowView = z.object({ id: z.string(), year: z.number().int(), kind: z.enum(FLOW_KINDS), basis: z.enum(FLOW_BASES), from: z.string().nullable(), to: z.string().nullable(), quantity: z.number(), unit: z.string(), carrier: z.string() });
export const firmSettingsBody = z.object({ stopThreshold: z.number().gt(0).max(1), shareWithOtherParks: z.boolean() }).strict();
export const firmSettingsView = firmSettingsBody.extend({ organisationId: z.string() });
