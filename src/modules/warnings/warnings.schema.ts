import { z } from 'zod';
import { currentLevelView } from '../../shared/levels';
import { warningCaseKinds, warningCaseStatuses, warningCauses, warningLimits, warningSeverities } from '../../shared/warnings';

const severity = z.enum(warningSeverities);
const direction = z.enum(['above', 'below']);
const levelName = z.string().describe('normal, above-blue … above-red, below-blue … below-red');
const shares = z.record(z.string(), z.number().nullable()).describe('herb → value (a herb priced by a spec is keyed `herb|spec`)');
const num = z.number().nullable().describe('null where not defined (no cap in force, no price yet)');

const caseStatus = z.enum(warningCaseStatuses);
const caseKind = z.enum(warningCaseKinds);
const cause = z.enum(warningCauses);

export const caseParams = z.object({ id: z.string().uuid() });

/** `?status=open,analysing`: a comma-separated list of enum values. */
const csvList = <const V extends readonly [string, ...string[]]>(values: V) =>
  z
    .string()
    .trim()
    .max(200)
    .transform((v) => v.split(',').map((x) => x.trim()).filter((x) => x !== ''))
    .pipe(z.array(z.enum(values)))
    .optional();

export const listCasesQuery = z.object({
  status: csvList(warningCaseStatuses).describe('statuses, comma-separated'),
  level: csvList(warningSeverities).describe('peak severities, comma-separated'),
  kind: caseKind.optional(),
  formula: z.string().trim().min(1).max(100).optional().describe('formula code or Chinese name'),
});

const compositionPoint = z.object({ date: z.string(), cost: num, priceCap: num, ratio: num, shares, costs: shares });
const similarEpisode = z.object({ formula: z.string(), formulaName: z.string(), start: z.string(), end: z.string().nullable(), days: z.number().int().nullable(), level: severity });
const durationStats = { count: z.number().int(), medianDays: z.number().nullable(), maxDays: z.number().nullable() };

const analysisView = z.object({
  asOf: z.string().describe('last day of prices the analysis used'),
  band: z.tuple([z.number(), z.number()]),
  lines: z.object({ above: z.array(z.number()), below: z.array(z.number()) }).describe('Y/P lines where blue, yellow, orange, red start'),
  composition: z.object({ start: compositionPoint, peak: compositionPoint, latest: compositionPoint }),
  drivers: z.object({
    from: z.string(),
    to: z.string(),
    costFrom: num,
    costTo: num,
    contributions: shares.describe('元 per pack; sums to costTo − costFrom'),
    ratioFrom: num,
    ratioTo: num,
    ratioContributions: shares,
    ratioFromPriceCap: num,
  }),
  dominantHerb: z.string().nullable(),
  similar: z.object({
    sameFormula: z.object({ ...durationStats, episodes: z.array(similarEpisode) }),
    sameHerb: z.object({ ...durationStats, herb: z.string().nullable(), formulas: z.number().int(), episodes: z.array(similarEpisode) }),
  }),
  series: z.array(z.object({ date: z.string(), cost: num, priceCap: num, ratio: num, level: levelName })),
  forecast: z
    .object({
      asOf: z.string(),
      horizonWeeks: z.number().int(),
      threshold: z.number(),
      probabilityLeaveBand: z.number(),
      weeks: z.array(z.object({ date: z.string(), p05: z.number(), p50: z.number(), p95: z.number(), probabilityLeftBy: z.number() })),
    })
    .nullable(),
});

const person = z.object({ id: z.string(), username: z.string(), displayName: z.string() }).nullable();

export const caseSummaryView = z.object({
  id: z.string().uuid(),
  kind: caseKind,
  formula: z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), ownerOrganisationId: z.string().nullable() }),
  direction,
  episodeStart: z.string(),
  episodeEnd: z.string().nullable(),
  level: severity.nullable().describe('highest severity reached; null for pre-warnings'),
  peakDate: z.string(),
  peakRatio: z.number(),
  latestDate: z.string(),
  latestRatio: z.number(),
  latestLevel: levelName,
  probability: z.number().nullable().describe('pre-warnings: P(Y/P leaves the band within the horizon)'),
  status: caseStatus,
  assignee: person,
  decision: z.enum(['publish', 'dismiss']).nullable(),
  bulletinId: z.string().nullable(),
  bulletinNumber: z.string().nullable().describe('the number (2026-001) of the bulletin that published the case'),
  /** The formula's current level from the monitor state (the list and product page show the same), with its hysteresis rule. */
  current: currentLevelView,
  createdAt: z.string(),
  updatedAt: z.string(),
});

const noteView = z.object({
  id: z.string().uuid(),
  cause,
  expectedWeeks: z.number().int().nullable(),
  text: z.string(),
  author: person,
  organisation: z.string().nullable(),
  createdAt: z.string(),
});

/** The inbox: cases in triage order and the rule that closes cases of ended episodes. */
export const caseListView = z.object({
  items: z.array(caseSummaryView),
  closeRule: z.object({ untouchedAfterDays: z.number().int().describe('an open case nobody took up closes once its episode ended this many days before the last prices') }),
});

export const caseDetailView = caseSummaryView.extend({
  decisionReason: z.string().nullable(),
  decidedBy: person,
  decidedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  analysedAt: z.string(),
  analysis: analysisView,
  notes: z.array(noteView),
  /** What the viewer may do now (the web app shows the forms accordingly; the API still checks). */
  can: z.object({ work: z.boolean(), note: z.boolean(), assign: z.boolean(), decide: z.boolean() }),
});

export const noteBody = z.object({
  cause,
  expectedWeeks: z.coerce.number().int().min(warningLimits.expectedWeeks.min).max(warningLimits.expectedWeeks.max).nullable().optional(),
  text: z.string().trim().min(warningLimits.noteText.min).max(warningLimits.noteText.max),
});

export const assignBody = z
  .object({
    assignee: z.string().trim().min(1).max(64).optional().describe('user id or username of a supply-monitor member; omitted: claim the case yourself'),
  })
  .default({});

export const decideBody = z.object({
  decision: z.enum(['publish', 'dismiss']),
  reason: z.string().trim().min(warningLimits.reason.min).max(warningLimits.reason.max),
});

export const scanBody = z
  .object({
  preWarningWeeks: z.coerce.number().int().min(1).max(26).optional().describe('forecast horizon N (weeks), default 8'),
    preWarningThreshold: z.coerce.number().gt(0).max(1).optional().describe('open a pre-warning case when P(leave the band within N weeks) reaches this; default 0.5'),
    closeUntouchedAfterDays: z.coerce.number().int().min(1).max(36_500).optional().describe('close cases nobody took up once their episode ended this many days before the last prices; default 90'),
  })
  .default({});

export const scanView = z.object({
  asOf: z.string().nullable(),
  formulas: z.number().int(),
  episodes: z.number().int(),
  opened: z.number().int(),
  updated: z.number().int(),
  closed: z.number().int(),
  unchanged: z.number().int(),
  preWarnings: z.object({ evaluated: z.number().int(), firing: z.number().int(), skipped: z.number().int(), weeks: z.number().int(), threshold: z.number() }),
  openedIds: z.array(z.string().uuid()),
  durationMs: z.number(),
});

export type NoteBody = z.infer<typeof noteBody>;
export type DecideBody = z.infer<typeof decideBody>;
export type CaseSummaryView = z.infer<typeof caseSummaryView>;
export type CaseDetailView = z.infer<typeof caseDetailView>;
export type ScanView = z.infer<typeof scanView>;
