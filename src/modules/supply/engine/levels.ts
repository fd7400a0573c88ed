/**
 * Warning levels of a Y/P series against its band [R_low, R_high] (seed 003 §3).
 *
 * A level is coded as a small integer so a daily series is an Int8Array:
 *   0 = normal (inside the band, lines included),
 *  +1..+4 = above band with severity blue, yellow, orange, red,
 *  −1..−4 = below band with severity blue, yellow, orange, red.
 *
 * Severity lines are relative to the band line they leave (see SeverityThresholds); above
 * the band a ratio of 1 or more (raw-material cost at or over the price cap, the "倒挂"
 * the seed warns about) is red whatever the relative thresholds say.
 *
 * Hysteresis (levelMachine): a level is entered only when the ratio is beyond its line by
 * `enterMargin` and left only when back by `exitMargin` (both relative to the line), and any
 * change must hold for `confirmDays` consecutive days. An episode's start is backdated to
 * the first day of the run of days beyond the line that led to it, and its end is the day
 * before the run of days back inside that closed it,
 * so episodes describe when the condition held while the level series still only uses
 * information available on each day (incremental and full recompute agree).
 */
import { assertNever } from './units';

export type LevelCode = -4 | -3 | -2 | -1 | 0 | 1 | 2 | 3 | 4;
export type Severity = 'blue' | 'yellow' | 'orange' | 'red';
export type Direction = 'above' | 'below';
export type LevelName = 'normal' | `${Direction}-${Severity}`;

export interface Band {
  low: number;
  high: number;
}

export interface SeverityThresholds {
  /**
   * Relative excess over R_high at which yellow, orange, red start (blue starts right above
   * the line): ratio ≥ R_high·(1 + x). Defaults [0.25, 0.75, 1.5]: for a 30 % line, yellow
   * from 37.5 %, orange from 52.5 %, red from 75 %.
   */
  above: readonly [number, number, number];
  /**
   * Relative shortfall under R_low at which yellow, orange, red start: ratio ≤ R_low·(1 − x).
   * Defaults [0.2, 0.4, 0.6]: for a 10 % line, yellow under 8 %, orange under 6 %, red under 4 %.
   */
  below: readonly [number, number, number];
  /** Ratio ≥ 1 (cost at or above the price cap) is red. */
  redAtCostInversion: boolean;
}

export const DEFAULT_SEVERITY_THRESHOLDS: SeverityThresholds = {
  above: [0.25, 0.75, 1.5],
  below: [0.2, 0.4, 0.6],
  redAtCostInversion: true,
};

export interface HysteresisOptions {
  /** Relative distance beyond a line needed to enter its level (0.03 = 3 % of the line). */
  enterMargin: number;
  /** Relative distance back inside a line needed to leave its level. */
  exitMargin: number;
  /** A change of level must be indicated on this many consecutive days. */
  confirmDays: number;
}

export const DEFAULT_HYSTERESIS: HysteresisOptions = { enterMargin: 0.03, exitMargin: 0.03, confirmDays: 3 };
/** No hysteresis: the raw classification of each day. */
export const NO_HYSTERESIS: HysteresisOptions = { enterMargin: 0, exitMargin: 0, confirmDays: 1 };

/** Ratio lines of one band: above[k] and below[k] for severity k = 1..4 (index 0 unused). */
export interface LevelLines {
  above: Float64Array;
  below: Float64Array;
}

export function levelLines(band: Band, thresholds: SeverityThresholds = DEFAULT_SEVERITY_THRESHOLDS): LevelLines {
  const above = new Float64Array(5);
  const below = new Float64Array(5);
  above[1] = band.high;
  below[1] = band.low;
  for (let k = 2; k <= 4; k++) {
    above[k] = band.high * (1 + thresholds.above[k - 2]!);
    below[k] = band.low * (1 - thresholds.below[k - 2]!);
  }
  if (thresholds.redAtCostInversion && above[4]! > 1 && band.high < 1) {
    above[4] = 1;
    // Keep the lines ordered when the inversion line undercuts orange or yellow.
    for (let k = 3; k >= 2; k--) above[k] = Math.min(above[k]!, above[k + 1]!);
  }
  return { above, below };
}

/**
 * The level the state machine moves towards from level `s` given today's ratio: exits need
 * the ratio back inside a line by `exitMargin`, entries need it beyond by `enterMargin`.
 */
export function targetLevel(s: LevelCode, ratio: number, lines: LevelLines, enterMargin: number, exitMargin: number): LevelCode {
  const A = lines.above;
  const B = lines.below;
  // A ratio computed to sit exactly on a line (e.g. 0.1 from prices chosen for 10 %) may
  // miss it by an ulp; within LINE_TOLERANCE it counts as on the line, i.e. inside.
  const up = 1 + LINE_TOLERANCE;
  const dn = 1 - LINE_TOLERANCE;
  if (s >= 0) {
    let k = s as number;
    while (k > 0 && ratio <= A[k]! * (1 - exitMargin) * up) k--;
    for (let j = 4; j > k; j--) if (ratio > A[j]! * (1 + enterMargin) * up) return j as LevelCode;
    if (k > 0) return k as LevelCode;
    for (let j = 4; j >= 1; j--) if (ratio < B[j]! * (1 - enterMargin) * dn) return -j as LevelCode;
    return 0;
  }
  let k = -s;
  while (k > 0 && ratio >= B[k]! * (1 + exitMargin) * dn) k--;
  for (let j = 4; j > k; j--) if (ratio < B[j]! * (1 - enterMargin) * dn) return -j as LevelCode;
  if (k > 0) return -k as LevelCode;
  for (let j = 4; j >= 1; j--) if (ratio > A[j]! * (1 + enterMargin) * up) return j as LevelCode;
  return 0;
}

const LINE_TOLERANCE = 1e-9;

/** The level of a single ratio without hysteresis (what-if, shocks, raw comparison). */
export function rawLevel(ratio: number, band: Band, thresholds: SeverityThresholds = DEFAULT_SEVERITY_THRESHOLDS): LevelCode {
  if (Number.isNaN(ratio)) return 0;
  return targetLevel(0, ratio, levelLines(band, thresholds), 0, 0);
}

const SEVERITIES: readonly Severity[] = ['blue', 'yellow', 'orange', 'red'];

export function severityOf(code: LevelCode): Severity | null {
  return code === 0 ? null : SEVERITIES[Math.abs(code) - 1]!;
}

export function directionOf(code: LevelCode): Direction | null {
  return code === 0 ? null : code > 0 ? 'above' : 'below';
}

/** 'normal', 'above-red', 'below-blue', … */
export function levelName(code: LevelCode): LevelName {
  const dir = directionOf(code);
  const sev = severityOf(code);
  return dir === null || sev === null ? 'normal' : `${dir}-${sev}`;
}

export function levelCodeOf(name: LevelName): LevelCode {
  if (name === 'normal') return 0;
  const [dir, sev] = name.split('-') as [Direction, Severity];
  const k = SEVERITIES.indexOf(sev) + 1;
  switch (dir) {
    case 'above':
      return k as LevelCode;
    case 'below':
      return -k as LevelCode;
    default:
      return assertNever(dir);
  }
}

/** A period during which a series was outside its band. Days are day numbers. */
export interface SignalEpisode {
  direction: Direction;
  start: number;
  /** Last day of the episode; null while it is still open. */
  end: number | null;
  /** Day of the most extreme ratio (highest above the band, lowest below it). */
  peakDay: number;
  peakRatio: number;
  /** Highest severity reached. */
  level: Severity;
}

/**
 * Working state of the hysteresis machine for one series. Plain data so it can be stored
 * between daily runs and copied by `copyLevelMachine`.
 */
export interface LevelMachine {
  level: LevelCode;
  /** Direction of the pending change: +1 towards higher codes, −1 lower, 0 none. */
  pendingDir: number;
  pendingCount: number;
  pendingStart: number;
  pendingMax: number;
  pendingMaxDay: number;
  pendingMin: number;
  pendingMinDay: number;
  /**
   * Current run of days whose target lies in another zone (sign) than the level: its sign
   * (2 = no run), first day and extremes. Episodes start and end at zone runs, not at the
   * pending run, which may begin with a mere change of severity.
   */
  zoneRunSign: number;
  zoneRunStart: number;
  zoneRunMax: number;
  zoneRunMaxDay: number;
  zoneRunMin: number;
  zoneRunMinDay: number;
  /** The open episode, if any (end === null). */
  open: SignalEpisode | null;
}

export function newLevelMachine(): LevelMachine {
  return {
    level: 0,
    pendingDir: 0,
    pendingCount: 0,
    pendingStart: 0,
    pendingMax: Number.NEGATIVE_INFINITY,
    pendingMaxDay: 0,
    pendingMin: Number.POSITIVE_INFINITY,
    pendingMinDay: 0,
    zoneRunSign: 2,
    zoneRunStart: 0,
    zoneRunMax: Number.NEGATIVE_INFINITY,
    zoneRunMaxDay: 0,
    zoneRunMin: Number.POSITIVE_INFINITY,
    zoneRunMinDay: 0,
    open: null,
  };
}

export function copyLevelMachine(m: LevelMachine): LevelMachine {
  return { ...m, open: m.open === null ? null : { ...m.open } };
}

const SEV_RANK: Readonly<Record<Severity, number>> = { blue: 1, yellow: 2, orange: 3, red: 4 };

/**
 * Feed one day to the machine (mutates it). Returns the episode closed on this day, if
 * any. NaN ratios (no data) leave the machine untouched.
 */
export function stepLevelMachine(
  m: LevelMachine,
  day: number,
  ratio: number,
  lines: LevelLines,
  opts: HysteresisOptions,
): SignalEpisode | null {
  if (Number.isNaN(ratio)) return null;
  let closed: SignalEpisode | null = null;
  const t = targetLevel(m.level, ratio, lines, opts.enterMargin, opts.exitMargin);
  const ts = Math.sign(t);
  if (ts !== Math.sign(m.level)) {
    if (ts !== m.zoneRunSign) {
      m.zoneRunSign = ts;
      m.zoneRunStart = day;
      m.zoneRunMax = Number.NEGATIVE_INFINITY;
      m.zoneRunMin = Number.POSITIVE_INFINITY;
    }
    if (ratio > m.zoneRunMax) {
      m.zoneRunMax = ratio;
      m.zoneRunMaxDay = day;
    }
    if (ratio < m.zoneRunMin) {
      m.zoneRunMin = ratio;
      m.zoneRunMinDay = day;
    }
  } else {
    m.zoneRunSign = 2;
  }
  if (t === m.level) {
    m.pendingDir = 0;
    m.pendingCount = 0;
  } else {
    const dir = t > m.level ? 1 : -1;
    if (dir !== m.pendingDir) {
      m.pendingDir = dir;
      m.pendingCount = 0;
      m.pendingStart = day;
      m.pendingMax = Number.NEGATIVE_INFINITY;
      m.pendingMin = Number.POSITIVE_INFINITY;
    }
    m.pendingCount++;
    if (ratio > m.pendingMax) {
      m.pendingMax = ratio;
      m.pendingMaxDay = day;
    }
    if (ratio < m.pendingMin) {
      m.pendingMin = ratio;
      m.pendingMinDay = day;
    }
    if (m.pendingCount >= opts.confirmDays) {
      const s = m.level;
      const sameSide = s !== 0 && t !== 0 && Math.sign(s) === Math.sign(t);
      if (m.open !== null && !sameSide) {
        m.open.end = Math.max(m.open.start, m.zoneRunStart - 1);
        closed = m.open;
        m.open = null;
      }
      if (t !== 0 && !sameSide) {
        const above = t > 0;
        m.open = {
          direction: above ? 'above' : 'below',
          start: m.zoneRunStart,
          end: null,
          peakDay: above ? m.zoneRunMaxDay : m.zoneRunMinDay,
          peakRatio: above ? m.zoneRunMax : m.zoneRunMin,
          level: severityOf(t)!,
        };
      } else if (t !== 0 && m.open !== null) {
        const sev = severityOf(t)!;
        if (SEV_RANK[sev] > SEV_RANK[m.open.level]) m.open.level = sev;
      }
      m.level = t;
      m.zoneRunSign = 2;
      m.pendingDir = 0;
      m.pendingCount = 0;
    }
  }
  const e = m.open;
  if (e !== null) {
    if (e.direction === 'above' ? ratio > e.peakRatio : ratio < e.peakRatio) {
      e.peakRatio = ratio;
      e.peakDay = day;
    }
  }
  return closed;
}

export interface ClassifiedSeries {
  levels: Int8Array;
  /** Closed episodes in order, then the open one (end null) if any. */
  episodes: SignalEpisode[];
  /** Machine state after the last day, to continue incrementally. */
  machine: LevelMachine;
}

/** Levels (with hysteresis) and signal episodes of a daily ratio series starting at `startDay`. */
export function classifyRatioSeries(
  ratio: Float64Array,
  startDay: number,
  band: Band,
  hysteresis: HysteresisOptions = DEFAULT_HYSTERESIS,
  thresholds: SeverityThresholds = DEFAULT_SEVERITY_THRESHOLDS,
  machine: LevelMachine = newLevelMachine(),
): ClassifiedSeries {
  const lines = levelLines(band, thresholds);
  const levels = new Int8Array(ratio.length);
  const episodes: SignalEpisode[] = [];
  const m = copyLevelMachine(machine);
  for (let d = 0; d < ratio.length; d++) {
    const closed = stepLevelMachine(m, startDay + d, ratio[d]!, lines, hysteresis);
    if (closed !== null) episodes.push(closed);
    levels[d] = m.level;
  }
  if (m.open !== null) episodes.push({ ...m.open });
  return { levels, episodes, machine: m };
}

/** Signal episodes of a ratio series (convenience over classifyRatioSeries). */
export function signalEpisodes(
  ratio: Float64Array,
  startDay: number,
  band: Band,
  hysteresis: HysteresisOptions = DEFAULT_HYSTERESIS,
  thresholds: SeverityThresholds = DEFAULT_SEVERITY_THRESHOLDS,
): SignalEpisode[] {
  return classifyRatioSeries(ratio, startDay, band, hysteresis, thresholds).episodes;
}
