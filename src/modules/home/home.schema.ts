import { z } from 'zod';
import { organisationTypes } from '../../shared/limits';
import { warningSeverities } from '../../shared/warnings';

/**
 * The home page (issue 11): what needs the viewer today, as sections chosen by its organisation
 * type. Each section is one card of figures with the list page it links to; the web app renders
 * a section by its `kind`.
 */
const place = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() });
const rate = z.number().nullable().describe('0..1; null when nothing was generated');

const warningCasesSection = z.object({
  kind: z.literal('warningCases'),
  open: z.number().int().describe('cases in status open, analysing or decided-publish'),
  escalating: z.number().int().describe('of those: episode still running and its latest day its peak'),
  byLevel: z.array(z.object({ level: z.enum([...warningSeverities, 'pre-warning']), open: z.number().int(), escalating: z.number().int() })),
});

const productsSection = z.object({
  kind: z.literal('products'),
  scope: z.enum(['nearest', 'own', 'reference']).describe('nearest: inside the band, closest to an edge first; own: the firm’s formulas; reference: reference formulas (the firm has none of its own)'),
  asOf: z.string().nullable(),
  total: z.number().int(),
  outsideBand: z.number().int(),
  items: z.array(
    z.object({
      code: z.string(),
      nameZh: z.string(),
      nameEn: z.string(),
      ratio: z.number().nullable(),
      band: z.tuple([z.number(), z.number()]),
      level: z.string(),
      margin: z.number().nullable().describe('Y/P to the nearer edge of the band (negative outside)'),
    }),
  ),
});

const flowFigures = { generatedT: z.number(), utilisedT: z.number(), utilisationRate: rate };

const streamsSection = z.object({
  kind: z.literal('streams'),
  period: z.string().describe('this month, YYYY-MM (months not reported are estimated from the declaration)'),
  firm: z.object(flowFigures),
  items: z.array(z.object({ code: z.string(), name: z.string(), ...flowFigures })),
});

const circularitySection = z.object({
  kind: z.literal('circularity'),
  scope: z.enum(['park', 'region']),
  id: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  period: z.string(),
  streams: z.number().int(),
  ...flowFigures,
  valueCreatedYuan: z.number(),
  co2eAvoidedT: z.number(),
});

const unreportedFirmsSection = z.object({
  kind: z.literal('unreportedFirms'),
  period: z.string().describe('last month, YYYY-MM'),
  firmsWithStreams: z.number().int(),
  firms: z.array(z.object({ code: z.string(), name: z.string(), streams: z.number().int(), reported: z.number().int() })),
});

const regionAccountsSection = z.object({
  kind: z.literal('regionAccounts'),
  region: place,
  latest: z
    .object({ year: z.number().int(), productivityDmc: z.number(), productivityChange: z.number().nullable(), circularMaterialUseRate: z.number() })
    .nullable()
    .describe('null: the region has no accounts (see regionsWithAccounts)'),
  regionsWithAccounts: z.array(place),
});

const boardCounts = z.object({ missing: z.number().int(), draft: z.number().int(), submitted: z.number().int(), returned: z.number().int(), accepted: z.number().int() });

const reportingBoardSection = z.object({ kind: z.literal('reportingBoard'), region: place, period: z.string(), firms: z.number().int(), counts: boardCounts });

const findingsSection = z.object({
  kind: z.literal('findings'),
  region: place.nullable().describe('null: every region'),
  open: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  accepted: z.number().int(),
  resolved: z.number().int(),
});

const balanceModelsSection = z.object({ kind: z.literal('balanceModels'), region: place, models: z.number().int(), firms: z.number().int() });

const ownReportSection = z.object({
  kind: z.literal('ownReport'),
  period: z.string(),
  status: z.enum(['missing', 'draft', 'submitted', 'returned', 'accepted']),
});

const streamOfferSection = z.object({
  kind: z.literal('streamOffer'),
  region: place,
  streams: z.number().int(),
  firms: z.number().int(),
  byState: z.array(z.object({ state: z.string(), streams: z.number().int() })),
});

const platformSection = z.object({
  kind: z.literal('platform'),
  organisations: z.number().int(),
  users: z.number().int(),
  sites: z.number().int(),
  parks: z.number().int(),
  deliveries: z.object({ pending: z.number().int(), failed: z.number().int() }),
  audit: z.object({ since: z.string(), entries: z.number().int(), actors: z.number().int() }),
});

const homeSection = z.discriminatedUnion('kind', [
  warningCasesSection,
  productsSection,
  streamsSection,
  circularitySection,
  unreportedFirmsSection,
  regionAccountsSection,
  reportingBoardSection,
  findingsSection,
  balanceModelsSection,
  ownReportSection,
  streamOfferSection,
  platformSection,
]);
export type HomeSection = z.infer<typeof homeSection>;

export const homeView = z.object({
  organisationType: z.enum(organisationTypes),
  organisation: z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string() }),
  region: place,
  park: z.object({ id: z.string(), code: z.string(), nameZh: z.string(), nameEn: z.string() }).nullable(),
  today: z.string(),
  sections: z.array(homeSection),
});
export type HomeView = z.infer<typeof homeView>;
