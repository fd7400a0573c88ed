/**
 * Rolling a carried monitor state forward (what the served monitor state of the server keeps):
 * from the engine state at a base day, over the accepted prices of the days after it, to the
 * as-of day. It returns the state at a new base day (days the caller treats as settled) and each
 * formula's figures at the as-of day: Y, P, Y/P, level with hysteresis, the open episode and the
 * weekly trend. Same step functions as recomputeAll, so the figures equal a full recompute.
 */
import type { CompiledFormula } from './formula';
import { type LevelCode, type LevelLines, type SignalEpisode } from './levels';
import {
  advanceMonitorDayInPlace,
  cloneMonitorState,
  monitorDayBuffers,
  monitorLines,
  DEFAULT_MONITOR_CONFIG,
  type FormulaSignals,
  type MonitorConfig,
  type MonitorState,
} from './monitor';

/** The formula list's trend: Y/P of the as-of day and of each of this many weeks before it. */
export const TREND_WEEKS = 12;
/** Days of Y/P a formula's state keeps so that the trend can be read at any later as-of day. */
export const TREND_WINDOW = 7 * TREND_WEEKS + 1;

/** One formula's served figures at the as-of day (NaN where there is no price yet). */
export interface FormulaFigures {
  cost: number;
  priceCap: number;
  ratio: number;
  level: LevelCode;
  /** Y/P at as-of − 7·k days for k = TREND_WEEKS … 0 (NaN where unknown). */
  trend: Float64Array;
  /** The signal episode open at the as-of day. */
  episode: SignalEpisode | null;
}

export interface MonitorRollInput {
  /** Engine state at its base day (`state.day`); not modified. */
  state: MonitorState;
  /** Per formula, Y/P of the TREND_WINDOW days ending at `state.day`; not modified. */
  windows: readonly Float64Array[];
  formulas: readonly CompiledFormula[];
  /**
   * Accepted prices of each day after the base day: `prices.get(day)[i]` holds series i's prices
   * per market of its carry (NaN = no tick), or undefined when nothing came in that day.
   */
  prices: ReadonlyMap<number, readonly (Float64Array | undefined)[]>;
  /** New base day, between `state.day` and `lastDay`. */
  baseTo: number;
  /** The as-of day, after `state.day`. */
  lastDay: number;
  config?: MonitorConfig;
  lines?: readonly LevelLines[];
}

export interface MonitorRollResult {
  /** State at `baseTo` and the formulas' windows ending there. */
  base: MonitorState;
  baseWindows: Float64Array[];
  /** Per formula, in the order given. */
  figures: FormulaFigures[];
}

export function rollMonitor(input: MonitorRollInput): MonitorRollResult {
  const { state, formulas, prices, baseTo, lastDay } = input;
  if (!(lastDay > state.day && baseTo >= state.day && baseTo <= lastDay)) {
    throw new RangeError(`rollMonitor needs base ${state.day} ≤ baseTo ${baseTo} ≤ lastDay ${lastDay} and lastDay after the base`);
  }
  const config = input.config ?? DEFAULT_MONITOR_CONFIG;
  const lines = input.lines ?? monitorLines(formulas, config);
  const work = cloneMonitorState(state);
  const windows = input.windows.map((w) => w.slice());
  const out = monitorDayBuffers(work, formulas.length);
  let base: MonitorState = baseTo === state.day ? cloneMonitorState(state) : work;
  let baseWindows = baseTo === state.day ? input.windows.map((w) => w.slice()) : windows;
  const none: readonly (Float64Array | undefined)[] = [];
  for (let day = state.day + 1; day <= lastDay; day++) {
    advanceMonitorDayInPlace(work, formulas, prices.get(day) ?? none, out, config, lines);
    for (let j = 0; j < windows.length; j++) {
      const w = windows[j]!;
      w.copyWithin(0, 1);
      w[w.length - 1] = out.ratio[j]!;
    }
    if (day === baseTo && day < lastDay) {
      base = cloneMonitorState(work);
      baseWindows = windows.map((w) => w.slice());
    }
  }
  const figures = formulas.map((_, j): FormulaFigures => {
    const w = windows[j]!;
    const trend = new Float64Array(TREND_WEEKS + 1);
    for (let k = TREND_WEEKS; k >= 0; k--) trend[TREND_WEEKS - k] = w[w.length - 1 - 7 * k] ?? Number.NaN;
    const open = work.machines[j]!.open;
    return { cost: out.cost[j]!, priceCap: out.priceCap[j]!, ratio: out.ratio[j]!, level: out.levels[j]! as LevelCode, trend, episode: open === null ? null : { ...open } };
  });
  return { base: baseTo === lastDay ? work : base, baseWindows: baseTo === lastDay ? windows : baseWindows, figures };
}

/** Each formula's window of the last TREND_WINDOW days of a full recompute (NaN-padded in front). */
export function trendWindows(formulas: readonly FormulaSignals[]): Float64Array[] {
  return formulas.map((f) => {
    const w = new Float64Array(TREND_WINDOW).fill(Number.NaN);
    const r = f.series.ratio;
    const n = Math.min(r.length, TREND_WINDOW);
    w.set(r.subarray(r.length - n), TREND_WINDOW - n);
    return w;
  });
}
