import { describe, expect, it } from 'vitest';
import { isoToDay } from './days';
import { COMPOUND_DANSHEN_TABLETS, generateDemoPriceHistory } from './demoPrices';
import {
  aicc,
  backtestPreWarnings,
  etsForecastMoments,
  fitEts,
  formulaRatioForecast,
  priceForecast,
  selectEtsByAicc,
  DEFAULT_BACKTEST,
  DEFAULT_RATIO_FORECAST,
} from './forecast';
import { compileFormulas } from './formula';
import { recomputeAll } from './monitor';
import { seededRng } from './stats';

function randomWalk(n: number, drift: number, sd: number, seed: number): Float64Array {
  const rng = seededRng(seed);
  let x = Math.log(100);
  return Float64Array.from({ length: n }, () => (x += drift + sd * rng.normal()));
}

describe('ETS fitting and selection', () => {
  it('picks a trend model for a trending series and recovers the noise level', () => {
    const y = randomWalk(156, 0.02, 0.01, 3);
    const { best, candidates } = selectEtsByAicc(y);
    expect(candidates.map((c) => c.model)).toEqual(['ANN', 'AAN', 'AAdN']);
    expect(best.model).not.toBe('ANN');
    expect(Math.sqrt(best.sigma2)).toBeGreaterThan(0.007);
    expect(Math.sqrt(best.sigma2)).toBeLessThan(0.014);
    for (const c of candidates) expect(c.aicc).toBeCloseTo(aicc(c.sse, c.n, c.model === 'ANN' ? 3 : c.model === 'AAN' ? 5 : 6), 9);
  });

  it('prefers simple smoothing for a driftless random walk', () => {
    let annWins = 0;
    for (let seed = 1; seed <= 10; seed++) if (selectEtsByAicc(randomWalk(156, 0, 0.03, seed)).best.model === 'ANN') annWins++;
    expect(annWins).toBeGreaterThanOrEqual(6);
  });

  it('prediction intervals widen with the horizon and contain the median', () => {
    for (const model of ['ANN', 'AAN', 'AAdN'] as const) {
      const fit = fitEts(randomWalk(120, 0.005, 0.03, 11), model);
      const { variance } = etsForecastMoments(fit, 12);
      for (let h = 1; h < 12; h++) expect(variance[h]!).toBeGreaterThanOrEqual(variance[h - 1]!);
      const pf = priceForecast(fit, 12);
      for (let h = 1; h < 12; h++) {
        expect(pf[h]!.upper95 - pf[h]!.lower95).toBeGreaterThan(pf[h - 1]!.upper95 - pf[h - 1]!.lower95);
        expect(pf[h]!.upper80 / pf[h]!.lower80).toBeGreaterThan(pf[h - 1]!.upper80 / pf[h - 1]!.lower80);
      }
      for (const p of pf) {
        expect(p.lower95).toBeLessThan(p.lower80);
        expect(p.lower80).toBeLessThan(p.median);
        expect(p.median).toBeLessThan(p.upper80);
        expect(p.upper80).toBeLessThan(p.upper95);
      }
    }
  });
});

describe('Y/P forecast and backtest on the demo history', () => {
  const { herbs, compiled } = compileFormulas([COMPOUND_DANSHEN_TABLETS]);
  const f = compiled[0]!;
  const start = isoToDay('2009-01-01');
  const n = isoToDay('2016-12-31') - start + 1;
  const hist = generateDemoPriceHistory({ herbs: herbs.map((herb) => ({ herb })), from: '2009-01-01', to: '2016-12-31', seed: 3 });
  const refs = recomputeAll(herbs.map((h) => hist.find((x) => x.herb === h)!.markets.map((m) => m.series)), compiled, start, n).references;

  it('is reproducible with a seed and fans out with the horizon', () => {
    const asOf = isoToDay('2010-01-08');
    const a = formulaRatioForecast(f, refs, asOf, { ...DEFAULT_RATIO_FORECAST, paths: 500, seed: 9 });
    const b = formulaRatioForecast(f, refs, asOf, { ...DEFAULT_RATIO_FORECAST, paths: 500, seed: 9 });
    const c = formulaRatioForecast(f, refs, asOf, { ...DEFAULT_RATIO_FORECAST, paths: 500, seed: 10 });
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    expect(a.currentRatio).toBeGreaterThan(0.2);
    expect(a.currentRatio).toBeLessThan(0.3);
    const spread = a.weeks.map((w) => w.p95 - w.p05);
    for (let h = 1; h < spread.length; h++) expect(spread[h]!).toBeGreaterThan(spread[h - 1]!);
    for (let h = 1; h < a.weeks.length; h++) expect(a.weeks[h]!.probabilityLeftBy).toBeGreaterThanOrEqual(a.weeks[h - 1]!.probabilityLeftBy);
    // In the calm of January 2010 a breach is possible but not likely …
    expect(a.probabilityLeaveBand).toBeLessThan(0.5);
    expect(a.preWarning).toBe(false);
    // … in the first week of March, still inside the band, the 三七 surge makes it near certain.
    const m = formulaRatioForecast(f, refs, isoToDay('2010-03-05'), { ...DEFAULT_RATIO_FORECAST, paths: 500 });
    expect(m.currentRatio).toBeLessThan(0.3);
    expect(m.probabilityLeaveBand).toBeGreaterThan(0.9);
    expect(m.preWarning).toBe(true);
  });

  it('backtest reports the March 2010 breach with a lead time', () => {
    const r = backtestPreWarnings(f, refs, isoToDay('2009-10-02'), isoToDay('2011-06-30'), { ...DEFAULT_BACKTEST, paths: 200 });
    expect(r.breaches).toHaveLength(1);
    const b = r.breaches[0]!;
    expect(b.direction).toBe('above');
    expect(b.day).toBeGreaterThanOrEqual(isoToDay('2010-02-20'));
    expect(b.day).toBeLessThanOrEqual(isoToDay('2010-03-20'));
    expect(b.leadWeeks).not.toBeNull();
    // The demo 三七 price pauses in January–February 2010 before the surge, so the warning
    // of early January lapses (a false alarm) and the breach is hit one week ahead.
    expect(b.leadWeeks!).toBeGreaterThanOrEqual(1);
    expect(r.hitRate).toBe(1);
    expect(r.warnings).toBeGreaterThanOrEqual(1);
    expect(r.falseAlarms).toBeLessThanOrEqual(r.warnings);
  });
});
