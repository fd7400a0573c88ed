import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyRatioSeries,
  levelCodeOf,
  levelLines,
  levelName,
  rawLevel,
  signalEpisodes,
  DEFAULT_HYSTERESIS,
  NO_HYSTERESIS,
  type Band,
  type LevelCode,
} from './levels';

const band: Band = { low: 0.1, high: 0.3 };

describe('raw levels', () => {
  it('classifies by distance outside the band with the default thresholds', () => {
    expect(rawLevel(0.2, band)).toBe(0);
    expect(rawLevel(0.3, band)).toBe(0); // the line itself is inside
    expect(rawLevel(0.1, band)).toBe(0);
    expect(levelName(rawLevel(0.31, band))).toBe('above-blue');
    expect(levelName(rawLevel(0.4, band))).toBe('above-yellow'); // ≥ 37.5 %
    expect(levelName(rawLevel(0.6, band))).toBe('above-orange'); // ≥ 52.5 %
    expect(levelName(rawLevel(0.8, band))).toBe('above-red'); // ≥ 75 %
    expect(levelName(rawLevel(0.09, band))).toBe('below-blue');
    expect(levelName(rawLevel(0.07, band))).toBe('below-yellow'); // < 8 %
    expect(levelName(rawLevel(0.05, band))).toBe('below-orange'); // < 6 %
    expect(levelName(rawLevel(0.03, band))).toBe('below-red'); // < 4 %
  });

  it('cost at or above the cap is red even for a wide band', () => {
    const wide: Band = { low: 0.2, high: 0.6 };
    expect(levelName(rawLevel(0.99, wide))).toBe('above-yellow'); // orange would start at 105 %
    expect(levelName(rawLevel(1.01, wide))).toBe('above-red');
    const l = levelLines(wide);
    for (let k = 2; k <= 4; k++) expect(l.above[k]!).toBeGreaterThanOrEqual(l.above[k - 1]!);
  });

  it('names round-trip', () => {
    for (let c = -4; c <= 4; c++) expect(levelCodeOf(levelName(c as LevelCode))).toBe(c);
  });
});

describe('episodes', () => {
  const start = 1000;

  it('opens, peaks, escalates and closes one episode', () => {
    const r = Float64Array.from([0.2, 0.25, 0.33, 0.34, 0.36, 0.5, 0.55, 0.56, 0.58, 0.45, 0.35, 0.2, 0.2, 0.2, 0.2]);
    const c = classifyRatioSeries(r, start, band);
    expect(c.episodes).toEqual([{ direction: 'above', start: start + 2, end: start + 10, peakDay: start + 8, peakRatio: 0.58, level: 'orange' }]);
    // Confirmation takes 3 days: blue from day 4, orange from day 7; the fall that starts on
    // day 9 is confirmed on day 11, straight to normal.
    expect(Array.from(c.levels)).toEqual([0, 0, 0, 0, 1, 1, 1, 3, 3, 3, 3, 0, 0, 0, 0]);
  });

  it('reports an open episode with end null and below-band episodes with their minimum', () => {
    const r = Float64Array.from([0.2, 0.08, 0.07, 0.05, 0.06, 0.07]);
    const e = signalEpisodes(r, start, band);
    expect(e).toEqual([{ direction: 'below', start: start + 1, end: null, peakDay: start + 3, peakRatio: 0.05, level: 'orange' }]);
  });

  it('a series hovering at the line does not flap with hysteresis', () => {
    const r = Float64Array.from({ length: 200 }, (_, d) => 0.3 + 0.004 * Math.sin(d * 1.7));
    expect(signalEpisodes(r, start, band, NO_HYSTERESIS).length).toBeGreaterThan(20);
    expect(signalEpisodes(r, start, band, DEFAULT_HYSTERESIS)).toEqual([]);
  });

  it('switching straight from above to below closes one episode and opens the next', () => {
    const r = Float64Array.from([0.5, 0.5, 0.5, 0.02, 0.02, 0.02, 0.02]);
    const e = signalEpisodes(r, start, band);
    expect(e.map((x) => [x.direction, x.start, x.end])).toEqual([
      ['above', start, start + 2],
      ['below', start + 3, null],
    ]);
  });

  it('no hysteresis: levels equal the raw levels', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1.5, noNaN: true }), { minLength: 1, maxLength: 80 }), (xs) => {
        const c = classifyRatioSeries(Float64Array.from(xs), 0, band, NO_HYSTERESIS);
        expect(Array.from(c.levels)).toEqual(xs.map((x) => rawLevel(x, band)));
      }),
    );
  });

  it('hysteresis never yields more episodes or zone changes than the raw classification', () => {
    const hyst = fc.record({
      enterMargin: fc.double({ min: 0, max: 0.2, noNaN: true }),
      exitMargin: fc.double({ min: 0, max: 0.2, noNaN: true }),
      confirmDays: fc.integer({ min: 1, max: 5 }),
    });
    // Random walks around the band lines, the case hysteresis exists for.
    const walk = fc.tuple(fc.double({ min: 0.05, max: 0.4, noNaN: true }), fc.array(fc.double({ min: -0.03, max: 0.03, noNaN: true }), { minLength: 1, maxLength: 150 }));
    fc.assert(
      fc.property(walk, hyst, ([x0, steps], h) => {
        let x = x0;
        const r = Float64Array.from(steps, (s) => (x = Math.max(0, x + s)));
        // Both machines start from normal, so the first day counts as a change if it is outside.
        const zoneChanges = (l: Int8Array): number => {
          let n = 0;
          let prev = 0;
          for (const x of l) {
            if (Math.sign(x) !== prev) n++;
            prev = Math.sign(x);
          }
          return n;
        };
        const raw = classifyRatioSeries(r, 0, band, NO_HYSTERESIS);
        const hy = classifyRatioSeries(r, 0, band, h);
        expect(hy.episodes.length).toBeLessThanOrEqual(raw.episodes.length);
        expect(zoneChanges(hy.levels)).toBeLessThanOrEqual(zoneChanges(raw.levels));
      }),
      { numRuns: 300 },
    );
  });

  it('ignores days without data', () => {
    const r = Float64Array.from([0.5, Number.NaN, 0.5, 0.5, Number.NaN]);
    const c = classifyRatioSeries(r, 0, band);
    expect(c.episodes).toHaveLength(1);
    expect(c.episodes[0]!.start).toBe(0);
  });
});
