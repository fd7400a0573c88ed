import { describe, expect, it } from 'vitest';
import { isoToDay } from './days';
import { COMPOUND_DANSHEN_TABLETS, generateDemoPriceHistory } from './demoPrices';
import { compileFormulas, costShares, ingredientPricesOn } from './formula';
import { recomputeAll } from './monitor';

const { herbs, compiled } = compileFormulas([COMPOUND_DANSHEN_TABLETS]);
const f = compiled[0]!;
const start = isoToDay('2009-01-01');
const n = isoToDay('2026-12-31') - start + 1;

function run(seed: number) {
  const hist = generateDemoPriceHistory({
    herbs: [...herbs.map((herb) => ({ herb })), { herb: '黄芪', basePrice: 15 }],
    from: '2009-01-01',
    to: '2026-12-31',
    seed,
  });
  const obs = herbs.map((h) => hist.find((x) => x.herb === h)!.markets.map((m) => m.series));
  const r = recomputeAll(obs, compiled, start, n);
  const ratio = r.formulas[0]!.series.ratio;
  const between = (a: string, b: string): number[] => Array.from(ratio.subarray(isoToDay(a) - start, isoToDay(b) - start + 1));
  const share = (iso: string): number => costShares(f, ingredientPricesOn(f, r.references, isoToDay(iso)))['三七']!;
  const sanqi = r.references[herbs.indexOf('三七')]!.prices;
  return { hist, ratio, between, share, sanqi, episodes: r.formulas[0]!.episodes };
}

describe('generated demo history reproduces the published course of 复方丹参片', () => {
  for (const seed of [1, 2026]) {
    it(`seed ${seed}`, () => {
      const { between, share, sanqi, episodes } = run(seed);
      // Early 2009 ≈ 10 %, 三七 ≈ 60 % of the cost.
      for (const x of between('2009-01-01', '2009-01-31')) {
        expect(x).toBeGreaterThan(0.085);
        expect(x).toBeLessThan(0.115);
      }
      expect(share('2009-01-15')).toBeGreaterThan(0.55);
      expect(share('2009-01-15')).toBeLessThan(0.65);
      // Climbs during 2009 to close to 30 %, not above it before March 2010.
      expect(Math.max(...between('2009-12-01', '2009-12-31'))).toBeGreaterThan(0.24);
      expect(Math.max(...between('2009-01-01', '2010-02-28'))).toBeLessThanOrEqual(0.3);
      // From March 2010 above 30 %, peaking near 70 %.
      expect(Math.min(...between('2010-03-15', '2011-11-30'))).toBeGreaterThan(0.3);
      const peak = Math.max(...between('2010-03-01', '2011-11-30'));
      expect(peak).toBeGreaterThan(0.62);
      expect(peak).toBeLessThan(0.78);
      // From December 2011 rising again, above 100 % at times.
      expect(Math.max(...between('2011-12-01', '2013-12-31'))).toBeGreaterThan(1);
      // 三七's share above 90 %.
      expect(share('2013-06-30')).toBeGreaterThan(0.9);
      // 三七 peaks in 2013 and crashes in 2014–2015.
      let maxDay = 0;
      for (let d = 0; d < sanqi.length; d++) if (sanqi[d]! > sanqi[maxDay]!) maxDay = d;
      expect(new Date((start + maxDay) * 86_400_000).getUTCFullYear()).toBe(2013);
      expect(sanqi[isoToDay('2015-12-31') - start]!).toBeLessThan(0.3 * sanqi[maxDay]!);
      // The signal engine sees one long above-band episode starting in early 2010.
      const first = episodes.find((e) => e.direction === 'above')!;
      expect(first.start).toBeGreaterThanOrEqual(isoToDay('2010-02-20'));
      expect(first.start).toBeLessThanOrEqual(isoToDay('2010-03-10'));
      expect(first.level).toBe('red');
    });
  }

  it('is deterministic, labelled generated, and other herbs walk plausibly', () => {
    const a = run(5).hist;
    const b = run(5).hist;
    expect(a).toEqual(b);
    for (const h of a) expect(h.generated).toBe(true);
    const hq = a.find((h) => h.herb === '黄芪')!;
    expect(hq.markets).toHaveLength(4);
    for (const m of hq.markets) {
      expect(m.series.days.length).toBeGreaterThan(n * 0.9);
      for (const p of m.series.prices) {
        expect(p).toBeGreaterThan(1);
        expect(p).toBeLessThan(500);
      }
    }
    expect(run(6).hist).not.toEqual(a);
  });
});
