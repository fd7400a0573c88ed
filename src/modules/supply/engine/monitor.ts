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
  referencePriceSeries,
  stepReferenceCarry,
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
 * The input state is not modified (see advanceMonitorDayInPlace for the allocation-free path).
 */
export function advanceMonitorDay(
  state: MonitorState,
  formulas: readonly CompiledFormula[],
  newPrices: readonly (ArrayLike<number> | undefined)[],
  config: MonitorConfig = DEFAULT_MONITOR_CONFIG,
  lines: readonly LevelLines[] = monitorLines(formulas, config),
): MonitorDayUpdate {
  const next = cloneMonitorState(state);
  const out = monitorDayBuffers(next, formulas.length);
  advanceMonitorDayInPlace(next, formulas, newPrices, out, config, lines);
  const openEpisodes: MonitorDayUpdate['openEpisodes'] = [];
  next.machines.forEach((m, j) => {
    if (m.open !== null) openEpisodes.push({ formula: formulas[j]!.code, episode: { ...m.open } });
  });
  return {
    state: next,
    day: next.day,
    referencePrices: out.referencePrices,
    referenceStale: out.referenceStale,
    cost: out.cost,
    priceCap: out.priceCap,
    ratio: out.ratio,
    levels: out.levels,
    levelChanges: out.levelChanges,
    closedEpisodes: out.closedEpisodes,
    openEpisodes,
  };
}

/**
 * Outputs of one day, allocated once and overwritten by every advanceMonitorDayInPlace: a
 * long-running monitor then allocates nothing per day except the (rare) change records, so
 * the update never waits for a garbage collection triggered by its own garbage.
 */
export interface MonitorDayBuffers {
  referencePrices: Float64Array;
  referenceStale: Uint8Array;
  cost: Float64Array;
  priceCap: Float64Array;
  ratio: Float64Array;
  levels: Int8Array;
  /** Emptied and refilled every day. */
  levelChanges: { formula: string; from: LevelCode; to: LevelCode }[];
  closedEpisodes: { formula: string; episode: SignalEpisode }[];
  scratch: Float64Array;
  /** All NaN: the prices of a series without news. */
  none: Float64Array;
}

export function monitorDayBuffers(state: MonitorState, formulaCount: number): MonitorDayBuffers {
  const ns = state.carries.length;
  let maxMarkets = 0;
  for (const c of state.carries) maxMarkets = Math.max(maxMarkets, c.lastDay.length);
  return {
    referencePrices: new Float64Array(ns),
    referenceStale: new Uint8Array(ns),
    cost: new Float64Array(formulaCount),
    priceCap: new Float64Array(formulaCount),
    ratio: new Float64Array(formulaCount),
    levels: new Int8Array(formulaCount),
    levelChanges: [],
    closedEpisodes: [],
    scratch: new Float64Array(maxMarkets),
    none: new Float64Array(maxMarkets).fill(Number.NaN),
  };
}

/**
 * One new day applied to `state` itself (the caller's working state) with the results written
 * into `out`. Open episodes are `state.machines[j].open` afterwards (live objects: copy them to
 * keep them). Same arithmetic as recomputeAll, so both agree exactly.
 */
export function advanceMonitorDayInPlace(
  state: MonitorState,
  formulas: readonly CompiledFormula[],
  newPrices: readonly (ArrayLike<number> | undefined)[],
  out: MonitorDayBuffers,
  config: MonitorConfig = DEFAULT_MONITOR_CONFIG,
  lines: readonly LevelLines[] = monitorLines(formulas, config),
): void {
  const day = state.day + 1;
  state.day = day;
  const ns = state.carries.length;
  const refs = out.referencePrices;
  const maxFill = config.reference.maxFillDays;
  for (let i = 0; i < ns; i++) {
    const c = state.carries[i]!;
    const fresh = stepReferenceCarry(c, day, newPrices[i] ?? out.none, maxFill, out.scratch);
    refs[i] = c.reference;
    out.referenceStale[i] = fresh ? 0 : 1;
  }
  out.levelChanges.length = 0;
  out.closedEpisodes.length = 0;
  const nf = formulas.length;
  for (let j = 0; j < nf; j++) {
    const f = formulas[j]!;
    let batch = 0;
    for (let k = 0; k < f.seriesIndex.length; k++) batch += refs[f.seriesIndex[k]!]! * f.amountKg[k]!;
    const y = (batch * f.packSize) / f.batchYield;
    const cap = priceCapOn(f, day);
    out.cost[j] = y;
    out.priceCap[j] = cap;
    out.ratio[j] = y / cap;
    const m = state.machines[j]!;
    const before = m.level;
    const closed = stepLevelMachine(m, day, y / cap, lines[j]!, config.hysteresis);
    out.levels[j] = m.level;
    if (m.level !== before) out.levelChanges.push({ formula: f.code, from: before, to: m.level });
    if (closed !== null) out.closedEpisodes.push({ formula: f.code, episode: closed });
  }
}

/** A deep copy of a monitor state (typed arrays and machines included). */
export function cloneMonitorState(state: MonitorState): MonitorState {
  return {
    day: state.day,
    carries: state.carries.map((c) => ({ lastDay: c.lastDay.slice(), lastPrice: c.lastPrice.slice(), reference: c.reference })),
    machines: state.machines.map(copyLevelMachine),
  };
}

/** Overwrites `dst` with `src` (same shape) reusing dst's arrays: a restore without garbage. */
export function copyMonitorStateInto(dst: MonitorState, src: MonitorState): void {
  dst.day = src.day;
  for (let i = 0; i < src.carries.length; i++) {
    const d = dst.carries[i]!;
    const s = src.carries[i]!;
    d.lastDay.set(s.lastDay);
    d.lastPrice.set(s.lastPrice);
    d.reference = s.reference;
  }
  for (let j = 0; j < src.machines.length; j++) {
    const d = dst.machines[j]!;
    const s = src.machines[j]!;
    const open = d.open;
    Object.assign(d, s);
    if (s.open === null) d.open = null;
    else if (open !== null) d.open = Object.assign(open, s.open);
    else d.open = { ...s.open };
  }
}
