/**
 * Automatic analysis of a warning case (seed 003 §4: "绘制 Y 组成因素的价格、比例分析图 … 对问题可能
 * 持续的时间进行判断"). Pure functions over the supply engine's results: nothing here recomputes Y,
 * levels or episodes, it reads them from `FormulaSignals` and the reference price series and
 * reuses the supply engine's shares (`costShares`) and attribution (`costChangeAttribution`).
 */
import {
  costChangeAttribution,
  costShares,
  dayToIso,
  formulaCostPerPack,
  ingredientCostsPerPack,
  ingredientPricesOn,
  levelLines,
  levelName,
  median,
  priceCapOn,
  type CompiledFormula,
  type Direction,
  type FormulaSignals,
  type LevelCode,
  type ReferencePriceSeries,
  type Severity,
  type SignalEpisode,
} from '../../supply/engine';

export type CaseKind = 'signal' | 'pre-warning';

/**
 * The identity of a case: one per formula, kind and episode start. A scan that finds the same
 * episode again (its start is backdated to the first day beyond the line and does not move as
 * the episode goes on) lands on the same key and updates the case instead of opening another.
 */
export function caseKey(formulaId: string, kind: CaseKind, episodeStart: string): string {
  return `${formulaId}|${kind}|${episodeStart}`;
}

/** What a scan knows about a case from the computation (the columns it owns). */
export interface CaseFacts {
  kind: CaseKind;
  direction: Direction;
  episodeStart: string;
  episodeEnd: string | null;
  level: Severity | null;
  peakDate: string;
  peakRatio: number;
  latestDate: string;
  latestRatio: number;
  latestLevel: string;
  probability: number | null;
}

/**
 * Facts of a signal episode. "Latest" is the last day with data while the episode is open and
 * its last day once it has ended, so an old episode does not show today's level.
 */
export function signalCaseFacts(s: FormulaSignals, e: SignalEpisode, lastDay: number): CaseFacts {
  const latest = e.end === null ? lastDay : Math.min(e.end, lastDay);
  const i = latest - s.series.startDay;
  return {
    kind: 'signal',
    direction: e.direction,
    episodeStart: dayToIso(e.start),
    episodeEnd: e.end === null ? null : dayToIso(e.end),
    level: e.level,
    peakDate: dayToIso(e.peakDay),
    peakRatio: e.peakRatio,
    latestDate: dayToIso(latest),
    latestRatio: s.series.ratio[i]!,
    latestLevel: levelName(s.levels[i]! as LevelCode),
    probability: null,
  };
}

/** Scan-owned columns that differ between a stored case and fresh facts (ratios to 1e-9). */
export function changedFacts(stored: CaseFacts, fresh: CaseFacts): (keyof CaseFacts)[] {
  const keys: (keyof CaseFacts)[] = ['direction', 'episodeEnd', 'level', 'peakDate', 'peakRatio', 'latestDate', 'latestRatio', 'latestLevel', 'probability'];
  return keys.filter((k) => {
    const a = stored[k];
    const b = fresh[k];
    if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(b));
    return a !== b;
  });
}

// ---------------------------------------------------------------- cost composition and drivers

export interface CompositionPoint {
  date: string;
  cost: number;
  priceCap: number;
  ratio: number;
  /** Each herb's share of Y (fractions summing to 1). */
  shares: Record<string, number>;
  /** Each herb's cost per pack (元), summing to `cost`. */
  costs: Record<string, number>;
}

export function costComposition(f: CompiledFormula, refs: readonly ReferencePriceSeries[], day: number): CompositionPoint {
  const prices = ingredientPricesOn(f, refs, day);
  const per = ingredientCostsPerPack(f, prices);
  const costs: Record<string, number> = {};
  f.herbs.forEach((h, k) => (costs[h] = (costs[h] ?? 0) + per[k]!));
  const cost = formulaCostPerPack(f, prices);
  const priceCap = priceCapOn(f, day);
  return { date: dayToIso(day), cost, priceCap, ratio: cost / priceCap, shares: costShares(f, prices), costs };
}

export interface Drivers {
  from: string;
  to: string;
  costFrom: number;
  costTo: number;
  /** 元 per pack each herb added to Y; sums exactly (to the float) to costTo − costFrom. */
  contributions: Record<string, number>;
  ratioFrom: number;
  ratioTo: number;
  /** Parts of the change of Y/P due to each herb … */
  ratioContributions: Record<string, number>;
  /** … and to the change of the price cap. */
  ratioFromPriceCap: number;
}

/** Each herb's contribution to the change of Y from `fromDay` to `toDay` (supply attribution). */
export function episodeDrivers(f: CompiledFormula, refs: readonly ReferencePriceSeries[], fromDay: number, toDay: number): Drivers {
  const a = costChangeAttribution(f, ingredientPricesOn(f, refs, fromDay), ingredientPricesOn(f, refs, toDay), fromDay, toDay);
  return {
    from: dayToIso(fromDay),
    to: dayToIso(toDay),
    costFrom: a.costFrom,
    costTo: a.costTo,
    contributions: a.contributions,
    ratioFrom: a.costFrom / priceCapOn(f, fromDay),
    ratioTo: a.costTo / priceCapOn(f, toDay),
    ratioContributions: a.ratioContributions,
    ratioFromPriceCap: a.ratioFromPriceCap,
  };
}

/** The herb (without its spec: series keys are `herb` or `herb|spec`) with the largest share. */
export function dominantHerb(shares: Readonly<Record<string, number>>): string | null {
  const byHerb = new Map<string, number>();
  for (const [key, s] of Object.entries(shares)) {
    if (!Number.isFinite(s)) continue;
    const herb = key.split('|')[0]!;
    byHerb.set(herb, (byHerb.get(herb) ?? 0) + s);
  }
  let best: string | null = null;
  let max = Number.NEGATIVE_INFINITY;
  for (const [h, s] of byHerb) {
    if (s > max) {
      max = s;
      best = h;
    }
  }
  return best;
}

// ---------------------------------------------------------------- similar episodes

export interface DurationStats {
  /** Ended episodes counted (open ones have no duration yet). */
  count: number;
  medianDays: number | null;
  maxDays: number | null;
}

/** Inclusive length in days of an ended episode; null while open. */
function episodeDays(start: number, end: number | null): number | null {
  return end === null ? null : end - start + 1;
}

export function durationStats(days: readonly (number | null)[]): DurationStats {
  const ended = days.filter((d): d is number => d !== null);
  if (ended.length === 0) return { count: 0, medianDays: null, maxDays: null };
  return { count: ended.length, medianDays: median(ended), maxDays: Math.max(...ended) };
}

/** An episode of some formula, as the similar-episode search sees it. */
export interface EpisodeRef {
  formula: string;
  formulaName: string;
  direction: Direction;
  start: number;
  end: number | null;
  level: Severity;
  /** Dominant herb of the cost at the episode's peak. */
  dominantHerb: string | null;
}

export interface SimilarEpisode {
  formula: string;
  formulaName: string;
  start: string;
  end: string | null;
  days: number | null;
  level: Severity;
}

export interface SimilarEpisodes {
  /** Other episodes of the same formula in the same direction. */
  sameFormula: DurationStats & { episodes: SimilarEpisode[] };
  /** Episodes of other formulas in the same direction whose cost is dominated by the same herb. */
  sameHerb: DurationStats & { herb: string | null; formulas: number; episodes: SimilarEpisode[] };
}

const view = (e: EpisodeRef): SimilarEpisode => ({
  formula: e.formula,
  formulaName: e.formulaName,
  start: dayToIso(e.start),
  end: e.end === null ? null : dayToIso(e.end),
  days: episodeDays(e.start, e.end),
  level: e.level,
});

/**
 * How long similar episodes lasted. The case's own episode (same formula and start) is left
 * out; listed episodes are the longest first, at most `limit` of each kind.
 */
export function similarEpisodes(target: { formula: string; direction: Direction; start: number; dominantHerb: string | null }, all: readonly EpisodeRef[], limit = 20): SimilarEpisodes {
  const others = all.filter((e) => e.direction === target.direction && !(e.formula === target.formula && e.start === target.start));
  const own = others.filter((e) => e.formula === target.formula);
  const herb = target.dominantHerb === null ? [] : others.filter((e) => e.formula !== target.formula && e.dominantHerb === target.dominantHerb);
  const longestFirst = (a: EpisodeRef, b: EpisodeRef) => (episodeDays(b.start, b.end) ?? -1) - (episodeDays(a.start, a.end) ?? -1) || a.start - b.start;
  return {
    sameFormula: { ...durationStats(own.map((e) => episodeDays(e.start, e.end))), episodes: [...own].sort(longestFirst).slice(0, limit).map(view) },
    sameHerb: {
      ...durationStats(herb.map((e) => episodeDays(e.start, e.end))),
      herb: target.dominantHerb,
      formulas: new Set(herb.map((e) => e.formula)).size,
      episodes: [...herb].sort(longestFirst).slice(0, limit).map(view),
    },
  };
}

// ---------------------------------------------------------------- the series around the episode

export interface SeriesPoint {
  date: string;
  cost: number | null;
  priceCap: number | null;
  ratio: number | null;
  level: string;
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * Daily Y, P, Y/P and level over [fromDay, toDay], thinned to about `maxPoints` by taking every
 * k-th day; the days in `keep` (start, peak, end) are always included so the chart shows them.
 */
export function seriesWindow(s: FormulaSignals, fromDay: number, toDay: number, maxPoints: number, keep: readonly number[] = []): SeriesPoint[] {
  const start = s.series.startDay;
  const lo = Math.max(0, fromDay - start);
  const hi = Math.min(s.series.ratio.length - 1, toDay - start);
  if (hi < lo) return [];
  const step = Math.max(1, Math.ceil((hi - lo + 1) / maxPoints));
  const must = new Set(keep.map((d) => d - start));
  const out: SeriesPoint[] = [];
  for (let i = lo; i <= hi; i++) {
    if ((i - lo) % step !== 0 && i !== hi && !must.has(i)) continue;
    out.push({
      date: dayToIso(start + i),
      cost: finiteOrNull(s.series.cost[i]!),
      priceCap: finiteOrNull(s.series.priceCap[i]!),
      ratio: finiteOrNull(s.series.ratio[i]!),
      level: levelName(s.levels[i]! as LevelCode),
    });
  }
  return out;
}

// ---------------------------------------------------------------- the whole snapshot

export interface AnalysisOptions {
  /** Drivers are measured from this many days before the episode start (the run-up) to the peak. */
  referenceDaysBefore: number;
  /** Days of series shown before the start and after the end (or the last day). */
  windowBefore: number;
  windowAfter: number;
  maxPoints: number;
}

const DEFAULT_ANALYSIS: AnalysisOptions = { referenceDaysBefore: 90, windowBefore: 180, windowAfter: 90, maxPoints: 600 };

export interface ForecastSummary {
  asOf: string;
  horizonWeeks: number;
  threshold: number;
  probabilityLeaveBand: number;
  weeks: { date: string; p05: number; p50: number; p95: number; probabilityLeftBy: number }[];
}

export interface CaseAnalysis {
  asOf: string;
  band: [number, number];
  /** Ratio lines of the severities (index 0 = blue … 3 = red) above and below the band. */
  lines: { above: number[]; below: number[] };
  composition: { start: CompositionPoint; peak: CompositionPoint; latest: CompositionPoint };
  drivers: Drivers;
  dominantHerb: string | null;
  similar: SimilarEpisodes;
  series: SeriesPoint[];
  forecast: ForecastSummary | null;
}

export interface AnalysisInput {
  formula: CompiledFormula;
  signals: FormulaSignals;
  refs: readonly ReferencePriceSeries[];
  lastDay: number;
  /** The case's days: for a pre-warning all three are the forecast origin. */
  start: number;
  peak: number;
  end: number | null;
  direction: Direction;
  episodes: readonly EpisodeRef[];
  forecast?: ForecastSummary | null;
}

export function caseAnalysis(input: AnalysisInput, opts: AnalysisOptions = DEFAULT_ANALYSIS): CaseAnalysis {
  const { formula: f, signals: s, refs, lastDay } = input;
  const first = s.series.startDay;
  const clamp = (d: number) => Math.min(lastDay, Math.max(first, d));
  const latest = clamp(input.end ?? lastDay);
  const peak = clamp(input.peak);
  const start = clamp(input.start);
  const composition = { start: costComposition(f, refs, start), peak: costComposition(f, refs, peak), latest: costComposition(f, refs, latest) };
  const dominant = dominantHerb(composition.peak.shares);
  const lines = levelLines(f.band);
  return {
    asOf: dayToIso(lastDay),
    band: [f.band.low, f.band.high],
    lines: { above: Array.from(lines.above.subarray(1)), below: Array.from(lines.below.subarray(1)) },
    composition,
    drivers: episodeDrivers(f, refs, clamp(start - opts.referenceDaysBefore), peak),
    dominantHerb: dominant,
    similar: similarEpisodes({ formula: f.code, direction: input.direction, start: input.start, dominantHerb: dominant }, input.episodes),
    series: seriesWindow(s, start - opts.windowBefore, latest + opts.windowAfter, opts.maxPoints, [start, peak, latest]),
    forecast: input.forecast ?? null,
  };
}

/** Episode references of every formula, with the dominant herb at each peak. */
export function episodeRefs(formulas: readonly { formula: CompiledFormula; name: string; signals: FormulaSignals }[], refs: readonly ReferencePriceSeries[]): EpisodeRef[] {
  return formulas.flatMap(({ formula: f, name, signals }) =>
    signals.episodes.map((e) => ({
      formula: f.code,
      formulaName: name,
      direction: e.direction,
      start: e.start,
      end: e.end,
      level: e.level,
      dominantHerb: dominantHerb(costShares(f, ingredientPricesOn(f, refs, e.peakDay))),
    })),
  );
}
