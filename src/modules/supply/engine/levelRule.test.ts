import { describe, expect, it } from 'vitest';
import { levelRule } from './levelRule';
import { classifyRatioSeries } from './levels';

const band = { low: 0.1, high: 0.3 };

describe('levelRule: the hysteresis rule next to a level', () => {
  it('30.1 % still normal: it must pass 30.9 % (3 % beyond the 30 % line) for 3 days', () => {
    const r = levelRule(0, 0.301, band)!;
    expect(r).toMatchObject({ kind: 'not-entered', raw: 'above-blue', side: 'above', days: 3 });
    expect(r.line).toBeCloseTo(0.3, 12);
    expect(r.threshold).toBeCloseTo(0.309, 12);
  });

  it('29.2 % still above the band, blue: it must fall below 29.1 % for 3 days to leave', () => {
    const r = levelRule(1, 0.292, band)!;
    expect(r).toMatchObject({ kind: 'not-left', raw: 'normal', side: 'below', days: 3 });
    expect(r.threshold).toBeCloseTo(0.291, 12);
  });

  it('agrees with the hysteresis machine: a level the machine holds is explained, a level Y/P alone gives is not', () => {
    // Three days at 32 % enter blue; then 29.2 % for five days keeps blue (inside the exit margin).
    const ratios = Float64Array.from([0.32, 0.32, 0.32, 0.292, 0.292, 0.292, 0.292, 0.292]);
    const { levels } = classifyRatioSeries(ratios, 0, band);
    expect(levels[2]).toBe(1);
    expect(levels[7]).toBe(1);
    expect(levelRule(1, 0.32, band)).toBeNull();
    expect(levelRule(1, 0.292, band)?.kind).toBe('not-left');
  });

  it('below the band and between severities; no rule without a ratio', () => {
    expect(levelRule(0, 0.099, band)).toMatchObject({ kind: 'not-entered', raw: 'below-blue', side: 'below' });
    expect(levelRule(-1, 0.101, band)).toMatchObject({ kind: 'not-left', side: 'above' });
    // Blue held while Y/P is past the yellow line (37.5 %) but not past 37.5 % × 1.03.
    const y = levelRule(1, 0.38, band)!;
    expect(y).toMatchObject({ kind: 'not-entered', raw: 'above-yellow' });
    expect(y.threshold).toBeCloseTo(0.375 * 1.03, 12);
    expect(levelRule(0, Number.NaN, band)).toBeNull();
    expect(levelRule(0, 0.2, band)).toBeNull();
  });
});
