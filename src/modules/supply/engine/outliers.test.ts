import { describe, expect, it } from 'vitest';
import { isTickHeld, screenPriceTicks, type PriceTick } from './outliers';

describe('outlier screening', () => {
  const calm = [100, 101, 99, 100, 102, 98, 100];

  it('holds a tick far from the recent median and passes a normal one', () => {
    expect(isTickHeld(calm, 103)).toBe(false);
    expect(isTickHeld(calm, 115)).toBe(false); // under the 20 % floor
    expect(isTickHeld(calm, 100_000)).toBe(true); // 元/g typed as 元/kg
    expect(isTickHeld(calm, 0.1)).toBe(true);
    expect(isTickHeld(calm, -5)).toBe(true);
  });

  it('does not judge without enough history', () => {
    expect(isTickHeld([100, 100], 1_000)).toBe(false);
  });

  it('screens a series: a single spike is held, a steady rally is not', () => {
    const ticks: PriceTick[] = [];
    let p = 100;
    for (let d = 0; d < 120; d++) {
      p *= 1.01; // +1 % a day, a strong but genuine rally
      for (let m = 0; m < 3; m++) ticks.push({ day: d, price: p * (1 + 0.005 * m) });
    }
    ticks.splice(150, 0, { day: 50, price: 10_000 });
    const held = screenPriceTicks(ticks);
    const heldIdx = [...held.keys()].filter((i) => held[i] === 1);
    expect(heldIdx).toEqual([150]);
  });
});
