/**
 * Months a stream has not reported, estimated from its declaration. Pure: the current month is
 * passed in (`now`), never read here, so the figures of a past date can be recomputed.
 */
import type { StreamPeriodRecord, UtilisationMode } from './circularity';
import { monthlyQuantities, type ByproductStream } from './stream';
import type { DisposalHandlingId, HandlingId } from './taxonomy';

/**
 * How today's handling counts in the figures: a disposal route, or null when the stream leaves
 * the firm to be used by someone else (sold / given away count as utilised, mode unspecified).
 */
const DISPOSAL_OF_HANDLING = {
  landfill: 'landfill',
  incineration: 'incineration',
  discharge: 'discharge',
  'harmless-treatment': 'harmless-treatment',
  'given-away': null,
  sold: null,
} as const satisfies Record<HandlingId, DisposalHandlingId | null>;

/** The handling assumed for a stream declared without one. */
const DEFAULT_ESTIMATE_HANDLING: HandlingId = 'landfill';

/** YYYY-MM of a date (UTC). */
function monthOf(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/** The months of a period (YYYY or YYYY-MM) up to and including `upTo` (YYYY-MM). */
export function monthsOf(period: string, upTo: string): string[] {
  if (period.length === 7) return period <= upTo ? [period] : [];
  const out: string[] = [];
  for (let m = 1; m <= 12; m++) {
    const p = `${period}-${String(m).padStart(2, '0')}`;
    if (p <= upTo) out.push(p);
  }
  return out;
}

/** A reported month: tonnes by mode and route, and the month's value created and disposal cost in total. */
export interface ReportedMonth {
  generatedT: number;
  utilisedT: Readonly<Record<UtilisationMode, number>>;
  disposedT: Readonly<Record<DisposalHandlingId, number>>;
  valueCreatedYuan: number;
  disposalCostYuan: number;
}

/**
 * One reported month as a record of the circularity engine (zero quantities left out), its value
 * spread over the utilised tonnes and its cost over the disposed tonnes.
 */
export function reportedRecord(base: Omit<StreamPeriodRecord, 'generatedT' | 'utilised' | 'disposed'>, month: ReportedMonth): StreamPeriodRecord {
  const disposed = (Object.keys(month.disposedT) as DisposalHandlingId[]).map((route) => ({ route, tonnes: month.disposedT[route] })).filter((d) => d.tonnes > 0);
  const totalDisposed = disposed.reduce((a, d) => a + d.tonnes, 0);
  const utilised = (Object.keys(month.utilisedT) as UtilisationMode[]).map((mode) => ({ mode, tonnes: month.utilisedT[mode], valueYuan: 0 })).filter((u) => u.tonnes > 0);
  // The record holds the month's total value; spread it over the utilised tonnes.
  const utilisedT = utilised.reduce((a, u) => a + u.tonnes, 0);
  for (const u of utilised) u.valueYuan = utilisedT > 0 ? (month.valueCreatedYuan * u.tonnes) / utilisedT : 0;
  return {
    ...base,
    generatedT: month.generatedT,
    utilised,
    disposed: disposed.map((d) => ({ ...d, costYuan: totalDisposed > 0 ? (month.disposalCostYuan * d.tonnes) / totalDisposed : 0 })),
  };
}

export interface EstimateInput {
  stream: Pick<ByproductStream, 'tonnesPerYear' | 'seasonality' | 'currentHandling' | 'currentHandlingCostPerTonne'>;
  /** The record fields of the stream for a month (ids, moisture, class...). */
  base: (period: string) => Omit<StreamPeriodRecord, 'generatedT' | 'utilised' | 'disposed'>;
  /** YYYY-MM the stream was declared in: nothing is estimated before it. */
  declared: string;
  /** The months the stream has reported. */
  reported: ReadonlySet<string>;
}

/**
 * The estimated records of a stream in a period: every month from its declaration up to the
 * current month (`now`) that it has not reported, as the month's share of its tonnes per year
 * handled as today. A stream that reports is not estimated past its latest report: the month
 * under way is simply not reported yet, and "handled as today" would drag its figures down.
 */
export function estimateMissingMonths(input: EstimateInput, period: string, now: Date): StreamPeriodRecord[] {
  const monthly = monthlyQuantities(input.stream);
  const route = DISPOSAL_OF_HANDLING[input.stream.currentHandling ?? DEFAULT_ESTIMATE_HANDLING];
  const costPerT = input.stream.currentHandlingCostPerTonne ?? 0;
  const latest = [...input.reported].sort().at(-1);
  const out: StreamPeriodRecord[] = [];
  for (const p of monthsOf(period, monthOf(now))) {
    if (p < input.declared || input.reported.has(p) || (latest !== undefined && p > latest)) continue;
    const t = monthly[Number(p.slice(5, 7)) - 1]!;
    out.push({
      ...input.base(p),
      generatedT: t,
      // A negative handling cost is income: the stream is sold.
      utilised: route === null ? [{ mode: 'unspecified', tonnes: t, valueYuan: Math.max(0, -costPerT) * t }] : [],
      disposed: route === null ? [] : [{ route, tonnes: t, costYuan: Math.max(0, costPerT) * t }],
    });
  }
  return out;
}

/**
 * How far utilised + disposed may exceed what was generated before a month is refused: stock
 * drawn down from earlier months is allowed, a typing error (an extra digit) is not.
 */
const ACCOUNTED_TOLERANCE_FACTOR = 1.5;
/** Tonnes always allowed on top of the factor, so small streams are not refused for rounding. */
const ACCOUNTED_TOLERANCE_T = 1;

/** Whether the tonnes a month accounts for are plausible against what it generated. */
export function accountedPlausible(accountedT: number, generatedT: number): boolean {
  return accountedT <= generatedT * ACCOUNTED_TOLERANCE_FACTOR + ACCOUNTED_TOLERANCE_T;
}
