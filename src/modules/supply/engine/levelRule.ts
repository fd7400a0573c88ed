/**
 * Why a level differs from what today's Y/P alone would give: the hysteresis rule of
 * levels.ts (enter only beyond a line by `enterMargin`, leave only back inside by `exitMargin`,
 * each change held for `confirmDays` days). A page that shows 30.1 % next to "normal" (or
 * 29.2 % next to "above the band, blue") shows this rule with it, so the two never seem to
 * contradict each other.
 */
import {
  levelLines,
  levelName,
  targetLevel,
  DEFAULT_HYSTERESIS,
  DEFAULT_SEVERITY_THRESHOLDS,
  type Band,
  type HysteresisOptions,
  type LevelCode,
  type LevelName,
  type SeverityThresholds,
} from './levels';

export interface LevelRule {
  /**
   * `not-entered`: Y/P is beyond a line but the level has not changed yet (it must pass
   * `threshold` and stay there `days` days in a row); `not-left`: Y/P is back inside the line of
   * the current level, which holds until Y/P passes `threshold` for `days` days in a row.
   */
  kind: 'not-entered' | 'not-left';
  /** The level Y/P alone would give today (no hysteresis). */
  raw: LevelName;
  /** The line concerned (a band edge or a severity line). */
  line: number;
  /** Y/P that must be passed to change the level. */
  threshold: number;
  /** 'above': the change needs Y/P above `threshold`; 'below': below it. */
  side: 'above' | 'below';
  days: number;
}

/**
 * The hysteresis rule that explains `level` at `ratio`, or null when the ratio alone gives the
 * same level (nothing to explain) or there is no ratio.
 */
export function levelRule(
  level: LevelCode,
  ratio: number,
  band: Band,
  hysteresis: HysteresisOptions = DEFAULT_HYSTERESIS,
  thresholds: SeverityThresholds = DEFAULT_SEVERITY_THRESHOLDS,
): LevelRule | null {
  if (!Number.isFinite(ratio)) return null;
  const lines = levelLines(band, thresholds);
  const raw = targetLevel(0, ratio, lines, 0, 0);
  if (raw === level) return null;
  const base = { raw: levelName(raw), days: hysteresis.confirmDays };
  const sameSide = Math.sign(raw) === Math.sign(level) || level === 0;
  if (sameSide && Math.abs(raw) > Math.abs(level)) {
    // Beyond the next line out, not yet far enough or not for long enough.
    const k = Math.abs(level) + 1;
    if (raw > 0) {
      const line = lines.above[k]!;
      return { ...base, kind: 'not-entered', line, threshold: line * (1 + hysteresis.enterMargin), side: 'above' };
    }
    const line = lines.below[k]!;
    return { ...base, kind: 'not-entered', line, threshold: line * (1 - hysteresis.enterMargin), side: 'below' };
  }
  // Back inside the current level's line (or across the band): the level holds until Y/P is
  // back by the exit margin for the confirmation days.
  const k = Math.abs(level);
  if (level > 0) {
    const line = lines.above[k]!;
    return { ...base, kind: 'not-left', line, threshold: line * (1 - hysteresis.exitMargin), side: 'below' };
  }
  const line = lines.below[k]!;
  return { ...base, kind: 'not-left', line, threshold: line * (1 + hysteresis.exitMargin), side: 'above' };
}
