import { describe, expect, it } from 'vitest';
import { isoToDay } from './days';
import { COMPOUND_DANSHEN_TABLETS, generateDemoPriceHistory } from './demoPrices';
import { compileFormulas, costChangeAttribution, ingredientPricesOn, whatIf } from './formula';
import { recomputeAll } from './monitor';
import { attributionReport, ratioReport, whatIfReport } from './reports';

describe('report shapes for CLI and API', () => {
  const { herbs, compiled } = compileFormulas([COMPOUND_DANSHEN_TABLETS]);
  const f = compiled[0]!;
  const start = isoToDay('2009-01-01');
  const n = isoToDay('2012-12-31') - start + 1;
  const hist = generateDemoPriceHistory({ herbs: herbs.map((herb) => ({ herb })), from: '2009-01-01', to: '2012-12-31', seed: 1 });
  const r = recomputeAll(herbs.map((h) => hist.find((x) => x.herb === h)!.markets.map((m) => m.series)), compiled, start, n);

  it('ratio: rows in range with ISO dates and level names, overlapping episodes', () => {
    const rep = ratioReport('复方丹参片', f.band, r.formulas[0]!, '2010-03-01', '2010-03-31');
    expect(rep.band).toEqual([0.1, 0.3]);
    expect(rep.series).toHaveLength(31);
    expect(rep.series[0]!.date).toBe('2010-03-01');
    expect(rep.series[30]!.level).toMatch(/^above-/);
    expect(rep.episodes).toHaveLength(1);
    expect(rep.episodes[0]!.start.startsWith('2010-0')).toBe(true);
    expect(rep.episodes[0]!.direction).toBe('above');
  });

  it('ratio every 7th day: weekly rows ending on the range\'s last day, the same figures as the daily rows', () => {
    const daily = ratioReport('复方丹参片', f.band, r.formulas[0]!, '2010-03-01', '2010-03-31');
    const weekly = ratioReport('复方丹参片', f.band, r.formulas[0]!, '2010-03-01', '2010-03-31', 7);
    expect(weekly.series.map((x) => x.date)).toEqual(['2010-03-03', '2010-03-10', '2010-03-17', '2010-03-24', '2010-03-31']);
    for (const row of weekly.series) expect(row).toEqual(daily.series.find((x) => x.date === row.date));
    expect(weekly.episodes).toEqual(daily.episodes);
    const whole = ratioReport('复方丹参片', f.band, r.formulas[0]!, undefined, undefined, 7);
    expect(whole.series.at(-1)!.date).toBe('2012-12-31');
    expect(whole.series).toHaveLength(Math.floor((n - 1) / 7) + 1);
    expect(() => ratioReport('复方丹参片', f.band, r.formulas[0]!, undefined, undefined, 0)).toThrow(RangeError);
  });

  it('attribution: 三七 explains most of the 2009→2012 cost change, parts sum to the change', () => {
    const from = isoToDay('2009-01-15');
    const to = isoToDay('2012-09-15');
    const a = attributionReport(costChangeAttribution(f, ingredientPricesOn(f, r.references, from), ingredientPricesOn(f, r.references, to), from, to));
    expect(a.from).toBe('2009-01-15');
    const sum = Object.values(a.contributions).reduce((s, x) => s + x, 0);
    expect(sum).toBeCloseTo(a.costTo - a.costFrom, 12);
    expect(a.contributions['三七']! / (a.costTo - a.costFrom)).toBeGreaterThan(0.9);
  });

  it('what-if: raising the cap brings the formula back into its band', () => {
    const day = isoToDay('2012-09-15');
    const w = whatIfReport(whatIf(f, ingredientPricesOn(f, r.references, day), 7.2, { priceCap: 30 }));
    expect(w.priceCap).toBe(30);
    expect(w.level).toBe('normal');
    expect(Object.keys(w.shares).sort()).toEqual(['三七', '丹参', '冰片'].sort());
  });
});
