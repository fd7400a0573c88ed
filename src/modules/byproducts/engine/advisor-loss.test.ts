import { describe, expect, it } from 'vitest';
import { adviseStream, WEIGHT_PRESETS } from './advisor';
import { generateDemoSet } from './demo';
import { defaultPathways } from './pathway';

/**
 * An option that loses money is said to lose money, and "economic benefit" is never listed as
 * its strength (TOPSIS positions are relative: the least bad of losing options sits at the top
 * of that criterion). Checked over every stream of the generated demo set and every preset.
 */
describe('the advisor says plainly when an option loses money', () => {
  it('every losing option says so and never names economic benefit a strength; paying ones do not say it', () => {
    const { streams } = generateDemoSet();
    let losing = 0;
    for (const s of streams) {
      for (const preset of Object.values(WEIGHT_PRESETS)) {
        for (const o of adviseStream(s.stream, defaultPathways(), preset).options) {
          if (o.netValuePerYear < 0) {
            losing++;
            expect(o.reasons.zh).toMatch(/亏损：年净收益为-\d/);
            expect(o.reasons.en).toContain('loses money');
            expect(o.reasons.zh).not.toMatch(/优势：[^；]*经济效益/);
            expect(o.reasons.en).not.toMatch(/strongest of the options on [^;]*economic benefit/);
          } else {
            expect(o.reasons.zh).not.toContain('亏损');
          }
        }
      }
    }
    expect(losing).toBeGreaterThan(0);
  });
});
