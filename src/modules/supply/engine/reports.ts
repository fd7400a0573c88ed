/**
 * JSON shapes of issue 3's CLI and API (ISO dates, level names, fractions, 元), built from
 * engine results so every interface renders them the same way.
 */
import { dayToIso, toDay, type DayLike } from './days';
import { costFloorPrice, type CultivationEconomics } from './floorPrice';
import { whatIf, type CompiledFormula, type CostAttribution, type WhatIfResult } from './formula';
import { levelName, type Direction, type LevelCode, type LevelName, type Severity, type SignalEpisode } from './levels';
import type { FormulaSignals } from './monitor';

export interface RatioReportRow {
  date: string;
  cost: number;
  priceCap: number;
  ratio: number;
  level: LevelName;
  /** Present (true) only when an ingredient's reference price was stale that day. */
  stale?: true;
}

export interface EpisodeReport {
  start: string;
  end: string | null;
  peakDate: string;
  peakRatio: number;
  level: Severity;
  direction: Direction;
}

export interface RatioReport {
  formula: string;
  band: [number, number];
  series: RatioReportRow[];
  episodes: EpisodeReport[];
}

export function episodeReport(e: SignalEpisode): EpisodeReport {
  return {
    start: dayToIso(e.start),
    end: e.end === null ? null : dayToIso(e.end),
    peakDate: dayToIso(e.peakDay),
    peakRatio: e.peakRatio,
    level: e.level,
    direction: e.direction,
  };
}

/**
 * `herbloop supply ratio` output: the rows within [from, to] (whole series when omitted) and
 * the episodes overlapping that range. `every` > 1 keeps every n-th day counted back from the
 * range's last day (so the latest figures are always a row): a compact series for charts, whose
 * peaks between rows the episodes still carry exactly.
 */
export function ratioReport(formula: string, band: { low: number; high: number }, s: FormulaSignals, from?: DayLike, to?: DayLike, every = 1): RatioReport {
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`every must be a positive integer, got ${every}`);
  const start = s.series.startDay;
  const n = s.series.ratio.length;
  const lo = from === undefined ? 0 : Math.max(0, toDay(from) - start);
  const hi = to === undefined ? n - 1 : Math.min(n - 1, toDay(to) - start);
  const series: RatioReportRow[] = [];
  for (let d = hi - Math.floor((hi - lo) / every) * every; d <= hi; d += every) {
    const row: RatioReportRow = {
      date: dayToIso(start + d),
      cost: s.series.cost[d]!,
      priceCap: s.series.priceCap[d]!,
      ratio: s.series.ratio[d]!,
      level: levelName(s.levels[d]! as LevelCode),
    };
    if (s.series.stale[d] === 1) row.stale = true;
    series.push(row);
  }
  const episodes = s.episodes.filter((e) => e.start <= start + hi && (e.end === null || e.end >= start + lo)).map(episodeReport);
  return { formula, band: [band.low, band.high], series, episodes };
}

export interface AttributionReport {
  from: string;
  to: string;
  costFrom: number;
  costTo: number;
  contributions: Record<string, number>;
}

export function attributionReport(a: CostAttribution): AttributionReport {
  return { from: dayToIso(a.from), to: dayToIso(a.to), costFrom: a.costFrom, costTo: a.costTo, contributions: a.contributions };
}

export interface WhatIfReport {
  cost: number;
  priceCap: number;
  ratio: number;
  level: LevelName;
  shares: Record<string, number>;
}

export function whatIfReport(w: WhatIfResult): WhatIfReport {
  return { cost: w.cost, priceCap: w.priceCap, ratio: w.ratio, level: levelName(w.level), shares: w.shares };
}

export interface FloorPriceReport {
  floorPrice: number;
  ratio?: number;
}

/**
 * `herbloop supply floor-price`: the cost-floor price and, when a formula and one of its
 * herbs are given, the formula's Y/P with that herb at the floor and the others at `prices`.
 */
export function floorPriceReport(
  economics: CultivationEconomics,
  withFormula?: { formula: CompiledFormula; herb: string; prices: ArrayLike<number>; priceCap: number },
): FloorPriceReport {
  const floorPrice = costFloorPrice(economics);
  if (withFormula === undefined) return { floorPrice };
  const w = whatIf(withFormula.formula, withFormula.prices, withFormula.priceCap, { prices: { [withFormula.herb]: floorPrice } });
  return { floorPrice, ratio: w.ratio };
}
