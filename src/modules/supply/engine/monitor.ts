/**
 * The monitoring pipeline over a whole price universe: observations → reference prices →
 * Y, P, Y/P per formula → levels and episodes. `recomputeAll` does it from scratch;
 * `advanceMonitorDay` takes one new day of prices and updates every series and signal from
 * the small carried state that `recomputeAll` (or the previous day) returned. Both use the
 * same step functions, so they agree exactly.
 */
import { priceCapOn, ratioSeries, type CompiledFormula, type RatioSeries } from './formula';
import {
  classifyRatioSeries,
  copyLevelMachine,
  levelLines,
  stepLevelMachine,
  DEFAULT_HYSTERESIS,
  DEFAULT_SEVERITY_THRESHOLDS,
  type HysteresisOptions,
  type LevelCode,
  type LevelLines,
  type LevelMachine,
  type SeverityThresholds,
  type SignalEpisode,
} from './levels';
import {
  advanceReference,
  referencePriceSeries,
  DEFAULT_REFERENCE_OPTIONS,
  type MarketSeries,
  type ReferenceCarry,
  type ReferencePriceOptions,
  type ReferencePriceSeries,
} from './reference';

export interface MonitorConfig {
  reference: ReferencePriceOptions;
  hysteresis: HysteresisOptions;
  thresholds: SeverityThresholds;
}

export const DEFAULT_MONITOR_CONFIG: MonitorConfig = {
  reference: DEFAULT_REFERENCE_OPTIONS,
  hysteresis: DEFAULT_HYSTERESIS,
  thresholds: DEFAULT_SEVERITY_THRESHOLDS,
};

/** What must be kept between daily runs. Plain data (typed arrays and objects). */
export interface MonitorState {
  /** Last day processed. */
  day: number;
  carries: ReferenceCarry[];
  machines: LevelMachine[];
}

export interface FormulaSignals {
  formula: string;
  series: RatioSeries;
  levels: Int8Array;
  episodes: SignalEpisode[];
}

export interface MonitorRecompute {
  references: ReferencePriceSeries[];
  formulas: FormulaSignals[];
  state: MonitorState;
}

/**
 * Everything from the observations. `observations[i]` are the market series of reference
 * series i (the index the compiled formulas use).
 */
export function recomputeAll(
  observations: readonly (readonly MarketSeries[])[],
  formulas: readonly CompiledFormula[],
  startDay: number,
  dayCount: number,
  config: MonitorConfig = DEFAULT_MONITOR_CONFIG,
): MonitorRecompute {
  const references = observations.map((m) => referencePriceSeries(m, startDay, dayCount, config.reference));
  const out: FormulaSignals[] = [];
  const machines: LevelMachine[] = [];
  for (const f of formulas) {
    const series = ratioSeries(f, references);
    const c = classifyRatioSeries(series.ratio, startDay, f.band, config.hysteresis, config.thresholds);
    out.push({ formula: f.code, series, levels: c.levels, episodes: c.episodes });
    machines.push(c.machine);
  }
  return {
    references,
    formulas: out,
    state: { day: startDay + dayCount - 1, carries: references.map((r) => r.carry), machines },
  };
}

export interface MonitorDayUpdate {
  state: MonitorState;
  day: number;
  /** Reference price per series for the day, and whether it is stale. */
  referencePrices: Float64Array;
  referenceStale: Uint8Array;
  /** Per formula, in the order given. */
  cost: Float64Array;
  priceCap: Float64Array;
  ratio: Float64Array;
  levels: Int8Array;
  /** Signals whose level changed today. */
  levelChanges: { formula: string; from: LevelCode; to: LevelCode }[];
  /** Episodes that closed today (with their backdated end). */
  closedEpisodes: { formula: string; episode: SignalEpisode }[];
  /** Episodes open after today (new or continuing). */
  openEpisodes: { formula: string; episode: SignalEpisode }[];
}

/** Precomputed per-formula lines: computing them every day would dominate the daily update. */
export function monitorLines(formulas: readonly CompiledFormula[], config: MonitorConfig = DEFAULT_MONITOR_CONFIG): LevelLines[] {
  return formulas.map((f) => levelLines(f.band, config.thresholds));
}

/**
 * One new day (`state.day + 1`). `newPrices[i]` holds series i's accepted prices of the day
 * per market (NaN where a market did not report), or undefined when nothing came in.
 * The input state is not modified.
 */
export function advanceMonitorDay(
  state: MonitorState,
  formulas: readonly CompiledFormula[],
  newPrices: readonly (ArrayLike<number> | undefined)[],
  config: MonitorConfig = DEFAULT_MONITOR_CONFIG,
  lines: readonly LevelLines[] = monitorLines(formulas, config),
): MonitorDayUpdate {
  const day = state.day + 1;
  const ns = state.carries.length;
  const referencePrices = new Float64Array(ns);
  const referenceStale = new Uint8Array(ns);
  const carries: ReferenceCarry[] = new Array<ReferenceCarry>(ns);
  let maxMarkets = 0;
  for (const c of state.carries) maxMarkets = Math.max(maxMarkets, c.lastDay.length);
  const scratch = new Float64Array(maxMarkets);
  const none = new Float64Array(maxMarkets).fill(Number.NaN);
  for (let i = 0; i < ns; i++) {
    const old = state.carries[i]!;
    const c: ReferenceCarry = { lastDay: old.lastDay.slice(), lastPrice: old.lastPrice.slice(), reference: old.reference };
    const r = advanceReference(c, day, newPrices[i] ?? none, config.reference, scratch);
    referencePrices[i] = r.price;
    referenceStale[i] = r.stale ? 1 : 0;
    carries[i] = c;
  }
  const nf = formulas.length;
  const cost = new Float64Array(nf);
  const priceCap = new Float64Array(nf);
  const ratio = new Float64Array(nf);
  const levels = new Int8Array(nf);
  const machines: LevelMachine[] = new Array<LevelMachine>(nf);
  const levelChanges: MonitorDayUpdate['levelChanges'] = [];
  const closedEpisodes: MonitorDayUpdate['closedEpisodes'] = [];
  const openEpisodes: MonitorDayUpdate['openEpisodes'] = [];
  for (let j = 0; j < nf; j++) {
    const f = formulas[j]!;
    let batch = 0;
    for (let k = 0; k < f.seriesIndex.length; k++) batch += referencePrices[f.seriesIndex[k]!]! * f.amountKg[k]!;
    const y = (batch * f.packSize) / f.batchYield;
    const cap = priceCapOn(f, day);
    cost[j] = y;
    priceCap[j] = cap;
    ratio[j] = y / cap;
    const m = copyLevelMachine(state.machines[j]!);
    const before = m.level;
    const closed = stepLevelMachine(m, day, y / cap, lines[j]!, config.hysteresis);
    machines[j] = m;
    levels[j] = m.level;
    if (m.level !== before) levelChanges.push({ formula: f.code, from: before, to: m.level });
    if (closed !== null) closedEpisodes.push({ formula: f.code, episode: closed });
    if (m.open !== null) openEpisodes.push({ formula: f.code, episode: { ...m.open } });
  }
  return {
    state: { day, carries, machines },
    day,
    referencePrices,
    referenceStale,
    cost,
    priceCap,
    ratio,
    levels,
    levelChanges,
    closedEpisodes,
    openEpisodes,
  };
}
