/**
 * The monitor writer's in-memory state and its roll forward (no database): the carried engine
 * state at the base day, the accepted ticks after it (the head, in chunks of one day), and the
 * stages at the last few days before the as-of day. `rollWriter` brings it to a new as-of day with
 * the engine's daily step; supply.monitor.service.ts stores the result.
 *
 * Why stages and day chunks: with fifty stations posting, a batch of the day before the newest
 * (a slower request) is normal. It must re-roll from a state before its day; with only the state
 * of the day before the as-of day kept, that was the base, up to MAX_HEAD_DAYS days back, and every
 * day's prices were looked up by scanning the whole head (tens of thousands of ticks per day
 * rolled). Now such a batch rolls a few days from a kept stage, over only the chunks of those days.
 */
import {
  rollMonitor,
  type CompiledFormula,
  type FormulaFigures,
  type LevelLines,
  type MonitorState,
  type ReferenceCarry,
} from './engine';
import type { FormulaModel } from './supply.compute.service';

/** When the base moves, it is put this many days behind the as-of day. */
export const HEAD_DAYS = 31;
/** The base moves once the as-of day is further ahead than this (so it is written rarely). */
export const MAX_HEAD_DAYS = 62;
/** Stages kept: the states at each of this many days before the as-of day (a late batch of those days rolls from one). */
const STAGE_DAYS = 3;
/** Days rolled between two yields to the event loop (a day of 300 formulas is well under a millisecond). */
const ROLL_SLICE_DAYS = 7;

/** An engine state with the formulas' Y/P windows ending at its day. */
export interface Stage {
  state: MonitorState;
  windows: Float64Array[];
}

/** Accepted ticks, all of one day (so a roll visits only the chunks of the days it rolls). */
export interface TickChunk {
  day: number;
  spec: Int32Array;
  market: Int32Array;
  price: Float64Array;
}

export interface WriterState {
  models: FormulaModel[];
  compiled: CompiledFormula[];
  lines: LevelLines[];
  /** Spec id of each series (the compiled formulas' series index). */
  specOfSeries: number[];
  /** Market ids of each series' carry, aligned with its arrays. */
  marketsOfSeries: number[][];
  /** Series indexes priced by each spec id (several formula keys may share a spec). */
  seriesOfSpec: ReadonlyMap<number, readonly number[]>;
  base: MonitorState;
  windows: Float64Array[];
  /** Accepted ticks after the base day, per day in write order (later chunks override earlier ones). */
  head: readonly TickChunk[];
  /**
   * States after the base day and before the as-of day (ascending, in memory only), each while no
   * tick on or before its day has come in since; carries aligned with the base's.
   */
  stages: readonly Stage[];
}

/** Ticks as chunks of one day each, in the order given within a day (a counting sort by day). */
export function chunksByDay(spec: ArrayLike<number>, market: ArrayLike<number>, day: ArrayLike<number>, price: ArrayLike<number>): TickChunk[] {
  const n = day.length;
  if (n === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < n; k++) {
    lo = Math.min(lo, day[k]!);
    hi = Math.max(hi, day[k]!);
  }
  const count = new Int32Array(hi - lo + 2);
  for (let k = 0; k < n; k++) count[day[k]! - lo + 1]!++;
  for (let d = 1; d < count.length; d++) count[d]! += count[d - 1]!;
  const chunks: TickChunk[] = [];
  const at = count.slice();
  for (let d = 0; d + 1 < count.length; d++) {
    const size = count[d + 1]! - count[d]!;
    if (size > 0) chunks.push({ day: lo + d, spec: new Int32Array(size), market: new Int32Array(size), price: new Float64Array(size) });
  }
  const chunkOf = new Map(chunks.map((c) => [c.day, c]));
  for (let k = 0; k < n; k++) {
    const c = chunkOf.get(day[k]!)!;
    const j = at[day[k]! - lo]!++ - count[day[k]! - lo]!;
    c.spec[j] = spec[k]!;
    c.market[j] = market[k]!;
    c.price[j] = price[k]!;
  }
  return chunks;
}

export function seriesBySpec(specOfSeries: readonly number[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  specOfSeries.forEach((s, i) => {
    const list = out.get(s);
    if (list) list.push(i);
    else out.set(s, [i]);
  });
  return out;
}

/**
 * The writer with new accepted ticks (after the base day) added to its head: stages on or after
 * the first new day are dropped (the ticks change what follows them), and carries are extended by
 * markets new to a series. Copies where it changes anything: the cached writer of the previous
 * version stays as it was, in case this transaction rolls back.
 */
export function withTicks(w: WriterState, chunks: readonly TickChunk[]): WriterState {
  let minDay = Infinity;
  for (const c of chunks) minDay = Math.min(minDay, c.day);
  return withChunkMarkets({ ...w, head: [...w.head, ...chunks], stages: w.stages.filter((s) => s.state.day < minDay) }, chunks);
}

const widenCarry = (old: ReferenceCarry): ReferenceCarry => {
  const lastDay = new Int32Array(old.lastDay.length + 1).fill(-2147483648);
  lastDay.set(old.lastDay);
  const lastPrice = new Float64Array(old.lastPrice.length + 1);
  lastPrice.set(old.lastPrice);
  return { lastDay, lastPrice, reference: old.reference };
};

/** Carries of the base and the stages extended by markets that appear in these chunks for the first time. */
export function withChunkMarkets(w: WriterState, chunks: readonly TickChunk[]): WriterState {
  let markets = w.marketsOfSeries;
  const states = [w.base, ...w.stages.map((s) => s.state)];
  const carries = states.map((s) => s.carries);
  for (const c of chunks) {
    for (let k = 0; k < c.spec.length; k++) {
      for (const i of w.seriesOfSpec.get(c.spec[k]!) ?? []) {
        if (markets[i]!.includes(c.market[k]!)) continue;
        if (markets === w.marketsOfSeries) {
          markets = markets.map((m) => m.slice());
          for (let s = 0; s < carries.length; s++) carries[s] = carries[s]!.slice();
        }
        markets[i]!.push(c.market[k]!);
        for (const list of carries) list[i] = widenCarry(list[i]!);
      }
    }
  }
  if (markets === w.marketsOfSeries) return w;
  return {
    ...w,
    marketsOfSeries: markets,
    base: { ...w.base, carries: carries[0]! },
    stages: w.stages.map((s, k) => ({ state: { ...s.state, carries: carries[k + 1]! }, windows: s.windows })),
  };
}

/** Per day in (fromDay, toDay]: each series' prices per market of its carry (NaN = no tick). */
function dayPrices(w: WriterState, fromDay: number, toDay: number): Map<number, (Float64Array | undefined)[]> {
  const out = new Map<number, (Float64Array | undefined)[]>();
  const markets = w.marketsOfSeries;
  for (const c of w.head) {
    if (c.day <= fromDay || c.day > toDay) continue;
    let day = out.get(c.day);
    if (day === undefined) {
      day = new Array<Float64Array | undefined>(w.specOfSeries.length);
      out.set(c.day, day);
    }
    for (let k = 0; k < c.spec.length; k++) {
      const list = w.seriesOfSpec.get(c.spec[k]!);
      if (list === undefined) continue;
      for (const i of list) {
        let p = day[i];
        if (p === undefined) {
          p = new Float64Array(markets[i]!.length).fill(Number.NaN);
          day[i] = p;
        }
        p[markets[i]!.indexOf(c.market[k]!)] = c.price[k]!;
      }
    }
  }
  return out;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The stage rolled forward to `to`, a slice of days at a time; `keep` receives the stages of days from `keepFrom` on. */
async function rollDays(w: WriterState, from: Stage, to: number, keepFrom = Infinity, keep?: (s: Stage) => void): Promise<Stage> {
  let stage = from;
  while (stage.state.day < to) {
    // Day by day where the stages are kept, else a slice at a time.
    const end = stage.state.day + 1 >= keepFrom ? stage.state.day + 1 : Math.min(to, stage.state.day + ROLL_SLICE_DAYS, keepFrom - 1);
    const r = rollMonitor({ state: stage.state, windows: stage.windows, formulas: w.compiled, prices: dayPrices(w, stage.state.day, end), baseTo: end, lastDay: end, lines: w.lines });
    stage = { state: r.base, windows: r.baseWindows };
    if (end >= keepFrom) keep?.(stage);
    if (stage.state.day < to) await yieldToEventLoop();
  }
  return stage;
}

export interface Rolled {
  /** The writer at the new as-of day (its base moved when the head grew too long). */
  writer: WriterState;
  /** Whether the base moved (its stored state must be rewritten). */
  baseMoved: boolean;
  /** Per formula, in the writer's order. */
  figures: FormulaFigures[];
}

/**
 * Rolls the writer to `asOf` over its head. The as-of figures roll from the latest valid stage
 * (a batch of the current or next day: one day; a late batch of the last few days: a few), else
 * from the base; long rolls (the base moving, a rebuild) go a week at a time with the event loop
 * free in between, so other requests are answered meanwhile.
 */
export async function rollWriter(w: WriterState, asOf: number): Promise<Rolled> {
  const baseDay = w.base.day;
  const newBase = asOf - baseDay > MAX_HEAD_DAYS ? asOf - HEAD_DAYS : baseDay;
  let base: Stage = { state: w.base, windows: w.windows };
  if (newBase > baseDay) base = await rollDays(w, base, newBase);
  const usable = w.stages.filter((s) => s.state.day >= base.state.day && s.state.day < asOf);
  const keepFrom = asOf - STAGE_DAYS;
  const kept = new Map<number, Stage>();
  for (const s of usable) if (s.state.day >= keepFrom) kept.set(s.state.day, s);
  let start = usable.at(-1) ?? base;
  if (start.state.day < asOf - 1) start = await rollDays(w, start, asOf - 1, keepFrom, (s) => kept.set(s.state.day, s));
  else if (start.state.day >= keepFrom) kept.set(start.state.day, start);
  const result = rollMonitor({ state: start.state, windows: start.windows, formulas: w.compiled, prices: dayPrices(w, start.state.day, asOf), baseTo: start.state.day, lastDay: asOf, lines: w.lines });
  const head = newBase === baseDay ? w.head : w.head.filter((c) => c.day > newBase);
  const stages = [...kept.values()].filter((s) => s.state.day > newBase).sort((a, b) => a.state.day - b.state.day);
  return { writer: { ...w, base: base.state, windows: base.windows, head, stages }, baseMoved: newBase !== baseDay, figures: result.figures };
}
