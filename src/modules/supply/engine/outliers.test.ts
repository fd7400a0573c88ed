import { describe, expect, it } from 'vitest';
import { isTickHeld, screenDayTicks, screenPriceTicks, tickScreenWindowAt, type PriceTick } from './outliers';
import { seededRng } from './stats';

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

describe('daily screening agrees with screening the whole history', () => {
  it('holds exactly the same ticks', () => {
    const rng = seededRng(4);
    const days = 200;
    const markets = 3;
    const grid = Array.from({ length: markets }, () => new Float64Array(days).fill(Number.NaN));
    let p = 50;
    for (let d = 0; d < days; d++) {
      p *= Math.exp(0.02 * rng.normal());
      for (let k = 0; k < markets; k++) {
        if (rng.next() < 0.2) continue;
        grid[k]![d] = rng.next() < 0.03 ? p * (rng.next() < 0.5 ? 5 : 0.2) : p * (1 + 0.01 * rng.normal());
      }
    }
    const ticks: PriceTick[] = [];
    for (let d = 0; d < days; d++) for (let k = 0; k < markets; k++) if (!Number.isNaN(grid[k]![d]!)) ticks.push({ day: d, price: grid[k]![d]! });
    const heldAll = screenPriceTicks(ticks);
    const series = grid.map((g) => {
      const ds: number[] = [];
      const ps: number[] = [];
      g.forEach((x, d) => {
        if (!Number.isNaN(x)) {
          ds.push(d);
          ps.push(x);
        }
      });
      return { days: ds, prices: ps };
    });
    let window = tickScreenWindowAt(series, 99);
    let t = ticks.findIndex((x) => x.day === 100);
    let heldCount = 0;
    for (let d = 100; d < days; d++) {
      const r = screenDayTicks(window, d, grid.map((g) => g[d]!));
      window = r.window;
      for (let k = 0; k < markets; k++) {
        if (Number.isNaN(grid[k]![d]!)) continue;
        expect(r.held.includes(k)).toBe(heldAll[t] === 1);
        if (heldAll[t] === 1) heldCount++;
        t++;
      }
    }
    expect(heldCount).toBeGreaterThan(0);
  });
});

describe('screening only the days of new ticks', () => {
  it('judges the marked days exactly as a full screen does, and leaves the other days unjudged', () => {
    const rng = seededRng(11);
    const ticks: PriceTick[] = [];
    for (let day = 0; day < 40; day++) {
      for (let market = 0; market < 6; market++) {
        if (rng.next() < 0.3) continue;
        // A spike now and then, so that some ticks are held.
        const spike = rng.next() < 0.05 ? 4 : 1;
        ticks.push({ day, price: 100 * (1 + 0.02 * Math.sin(day / 3)) * (1 + 0.01 * (rng.next() - 0.5)) * spike });
      }
    }
    const full = screenPriceTicks(ticks);
    const judge = Uint8Array.from(ticks, (t) => (t.day === 17 || t.day >= 35 ? 1 : 0));
    const partial = screenPriceTicks(ticks, undefined, judge);
    let judgedHeld = 0;
    ticks.forEach((t, i) => {
      if (t.day === 17 || t.day >= 35) {
        expect(partial[i]).toBe(full[i]);
        judgedHeld += partial[i]!;
      } else {
        expect(partial[i]).toBe(0);
      }
    });
    expect(full.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(judgedHeld).toBeLessThanOrEqual(full.reduce((a, b) => a + b, 0));
  });
});
