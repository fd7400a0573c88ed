import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMPOUND_DANSHEN_TABLETS,
  compileFormulas,
  dayToIso,
  generateDemoPriceHistory,
  isoToDay,
  recomputeAll,
  type MarketSeries,
  type SignalEpisode,
} from '../../supply/engine';
import {
  caseAnalysis,
  caseKey,
  changedFacts,
  costComposition,
  dominantHerb,
  durationStats,
  episodeDrivers,
  episodeRefs,
  seriesWindow,
  signalCaseFacts,
  similarEpisodes,
  type EpisodeRef,
} from './analysis';

/** The seed's Compound Danshen case on the generated demo history (three herbs, 2009–2016). */
const { herbs, compiled } = compileFormulas([COMPOUND_DANSHEN_TABLETS]);
const hist = generateDemoPriceHistory({ herbs: herbs.map((h) => ({ herb: h })), from: '2009-01-01', to: '2016-12-31', seed: 42 });
const obs: MarketSeries[][] = herbs.map((h) => hist.find((x) => x.herb === h)!.markets.map((m) => m.series));
const start = isoToDay('2009-01-01');
const days = isoToDay('2016-12-31') - start + 1;
const run = recomputeAll(obs, compiled, start, days);
const f = compiled[0]!;
const signals = run.formulas[0]!;
const refs = run.references;
const lastDay = start + days - 1;

describe('episode → case keying', () => {
  it('keys by formula, kind and episode start, and a re-computation lands on the same keys', () => {
    expect(signals.episodes.length).toBeGreaterThan(0);
    const keys = signals.episodes.map((e) => caseKey('F1', 'signal', signalCaseFacts(signals, e, lastDay).episodeStart));
    expect(new Set(keys).size).toBe(keys.length);
    // A second, identical computation (what a repeated scan does) gives the same keys and no changes.
    const again = recomputeAll(obs, compiled, start, days).formulas[0]!;
    const keys2 = again.episodes.map((e) => caseKey('F1', 'signal', signalCaseFacts(again, e, lastDay).episodeStart));
    expect(keys2).toEqual(keys);
    signals.episodes.forEach((e, i) => expect(changedFacts(signalCaseFacts(signals, e, lastDay), signalCaseFacts(again, again.episodes[i]!, lastDay))).toEqual([]));
    expect(caseKey('F1', 'signal', '2010-03-05')).not.toBe(caseKey('F1', 'pre-warning', '2010-03-05'));
  });

  it('an open episode keeps its key as days are added; its end, peak and latest figures change', () => {
    // The 2010 episode seen from mid-2012 (still open) and from the end of 2016 (ended).
    const cut = isoToDay('2012-06-30') - start + 1;
    const early = recomputeAll(
      obs.map((ms) => ms.map((m) => ({ days: m.days.filter((d) => d < start + cut), prices: m.prices.slice(0, m.days.filter((d) => d < start + cut).length) }))),
      compiled,
      start,
      cut,
    ).formulas[0]!;
    const openEp = early.episodes.at(-1)!;
    expect(openEp.end).toBeNull();
    const openFacts = signalCaseFacts(early, openEp, start + cut - 1);
    const later = signals.episodes.find((e) => dayToIso(e.start) === openFacts.episodeStart)!;
    expect(later).toBeDefined();
    const laterFacts = signalCaseFacts(signals, later, lastDay);
    expect(caseKey('F', 'signal', laterFacts.episodeStart)).toBe(caseKey('F', 'signal', openFacts.episodeStart));
    expect(changedFacts(openFacts, laterFacts)).toEqual(expect.arrayContaining(['episodeEnd', 'latestDate', 'latestRatio']));
    // Once ended, "latest" is the episode's last day, not today.
    expect(laterFacts.latestDate).toBe(laterFacts.episodeEnd);
    expect(openFacts.latestDate).toBe('2012-06-30');
  });
});

describe('analysis sums', () => {
  const ep = signals.episodes[0]!;
  const a = caseAnalysis({
    formula: f,
    signals,
    refs,
    lastDay,
    start: ep.start,
    peak: ep.peakDay,
    end: ep.end,
    direction: ep.direction,
    episodes: episodeRefs([{ formula: f, name: '复方丹参片', signals }], refs),
  });

  it('cost composition: shares sum to 1 and herb costs to Y at start, peak and latest; 三七 dominates the peak', () => {
    for (const p of [a.composition.start, a.composition.peak, a.composition.latest]) {
      expect(Object.values(p.shares).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
      expect(Object.values(p.costs).reduce((s, x) => s + x, 0)).toBeCloseTo(p.cost, 12);
      expect(p.ratio).toBeCloseTo(p.cost / p.priceCap, 12);
    }
    expect(a.composition.peak.date).toBe(dayToIso(ep.peakDay));
    expect(a.composition.peak.ratio).toBeCloseTo(ep.peakRatio, 12);
    expect(a.dominantHerb).toBe('三七');
    expect(a.composition.peak.shares['三七']!).toBeGreaterThan(a.composition.start.shares['三七']!);
  });

  it('drivers run from the reference date before the episode to the peak and sum exactly to the change of Y', () => {
    const d = a.drivers;
    expect(d.from).toBe(dayToIso(ep.start - 90));
    expect(d.to).toBe(dayToIso(ep.peakDay));
    const sum = Object.values(d.contributions).reduce((s, x) => s + x, 0);
    expect(sum).toBe(d.costTo - d.costFrom);
    expect(d.contributions['三七']! / (d.costTo - d.costFrom)).toBeGreaterThan(0.8);
    const ratioParts = Object.values(d.ratioContributions).reduce((s, x) => s + x, 0) + d.ratioFromPriceCap;
    expect(ratioParts).toBeCloseTo(d.ratioTo - d.ratioFrom, 12);
  });

  it('property: for any two days the drivers sum to the change of Y and the composition to Y', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: days - 1 }), fc.integer({ min: 0, max: days - 1 }), (i, j) => {
        const d = episodeDrivers(f, refs, start + i, start + j);
        const c = costComposition(f, refs, start + j);
        expect(Object.values(d.contributions).reduce((s, x) => s + x, 0)).toBe(d.costTo - d.costFrom);
        expect(c.cost).toBe(d.costTo);
      }),
      { numRuns: 200 },
    );
  });

  it('the series window covers the episode with its start, peak and end, thinned to the point budget', () => {
    expect(a.series.length).toBeLessThanOrEqual(602 + 3);
    const dates = a.series.map((p) => p.date);
    for (const d of [ep.start, ep.peakDay, ep.end ?? lastDay]) expect(dates).toContain(dayToIso(d));
    expect(dates[0]).toBe(dayToIso(Math.max(start, ep.start - 180)));
    expect([...dates].sort()).toEqual(dates);
    const all = seriesWindow(signals, start, lastDay, 100_000);
    expect(all).toHaveLength(days);
    expect(a.lines.above[0]).toBe(0.3);
    expect(a.lines.below[0]).toBe(0.1);
  });
});

describe('similar-episode durations', () => {
  const ref = (formula: string, s: string, e: string | null, direction: 'above' | 'below' = 'above', herb: string | null = '三七'): EpisodeRef => ({
    formula,
    formulaName: formula,
    direction,
    start: isoToDay(s),
    end: e === null ? null : isoToDay(e),
    level: 'red',
    dominantHerb: herb,
  });

  it('durationStats: count, median and max of ended episodes; open ones do not count', () => {
    expect(durationStats([])).toEqual({ count: 0, medianDays: null, maxDays: null });
    expect(durationStats([10, null, 30, 20])).toEqual({ count: 3, medianDays: 20, maxDays: 30 });
    expect(durationStats([10, 40])).toEqual({ count: 2, medianDays: 25, maxDays: 40 });
  });

  it('same formula and direction, and other formulas of the same dominant herb; the case itself is left out', () => {
    const all = [
      ref('A', '2010-03-05', '2010-03-14'), // the case itself: 10 days
      ref('A', '2012-01-01', '2012-01-31'), // 31 days
      ref('A', '2014-01-01', '2014-01-10', 'below'), // other direction
      ref('A', '2016-01-01', null), // open
      ref('B', '2011-01-01', '2011-01-20'), // 20 days, 三七
      ref('C', '2011-01-01', '2011-01-05', 'above', '丹参'), // other herb
      ref('D', '2013-01-01', '2013-03-01'), // 60 days, 三七
    ];
    const s = similarEpisodes({ formula: 'A', direction: 'above', start: isoToDay('2010-03-05'), dominantHerb: '三七' }, all);
    expect(s.sameFormula).toMatchObject({ count: 1, medianDays: 31, maxDays: 31 });
    expect(s.sameFormula.episodes.map((e) => e.start)).toEqual(['2012-01-01', '2016-01-01']);
    expect(s.sameHerb).toMatchObject({ herb: '三七', formulas: 2, count: 2, medianDays: 40, maxDays: 60 });
    expect(s.sameHerb.episodes[0]).toMatchObject({ formula: 'D', days: 60 });
  });

  it('dominantHerb groups specs of one herb and ignores non-finite shares', () => {
    expect(dominantHerb({ '三七|60头': 0.3, '三七|剪口': 0.3, 丹参: 0.4 })).toBe('三七');
    expect(dominantHerb({ 丹参: Number.NaN })).toBeNull();
  });

  it('on the demo history the Compound Danshen episodes have durations that add up', () => {
    const refsList = episodeRefs([{ formula: f, name: '复方丹参片', signals }], refs);
    const ended = signals.episodes.filter((e: SignalEpisode) => e.end !== null);
    expect(durationStats(refsList.map((e) => (e.end === null ? null : e.end - e.start + 1))).count).toBe(ended.length);
  });
});
