/**
 * Supply early-warning engine at national scale: 600 herbs × 4 markets × daily 2009–2026
 * (≈ 15.7 M observations held as typed arrays) and 300 formulas of ~8 herbs.
 *  (a) full recompute of reference prices, Y/P series, levels and episodes from the observations;
 *  (b) one new day of prices → every reference price, Y/P, level and episode updated.
 * The DuckDB yardstick of issue 3 (same full recompute in SQL on the same data) is to be added
 * next to (a) by the lead; the data generator below is deterministic so both can share it.
 */
import type { Benchmark, BenchResult } from './harness';
import { peakRssMiB, timeMs } from './harness';
import {
  advanceMonitorDay,
  compileFormula,
  generateDemoPriceHistory,
  isoToDay,
  monitorLines,
  recomputeAll,
  screenDayTicks,
  seededRng,
  tickScreenWindowAt,
  DEFAULT_MONITOR_CONFIG,
  type CompiledFormula,
  type Formula,
  type MarketSeries,
} from '../src/modules/supply/engine/index';

const HERBS = 600;
const FORMULAS = 300;
const FROM = '2009-01-01';
const TO = '2026-12-31';

export interface Universe {
  observations: MarketSeries[][];
  formulas: Formula[];
  startDay: number;
  dayCount: number;
  observationCount: number;
  generateMs: number;
}

/** Herb i of the universe: the three calibrated demo herbs first, then synthetic ones. */
const herbName = (i: number): string => (i < 3 ? ['三七', '丹参', '冰片'][i]! : `H${String(i).padStart(3, '0')}`);

/** The generated data set, exported so the DuckDB comparison can load the very same data. */
export function buildUniverse(): Universe {
  const t0 = performance.now();
  const herbs = Array.from({ length: HERBS }, (_, i) => ({ herb: herbName(i), basePrice: 10 + (i % 50) * 4 }));
  const hist = generateDemoPriceHistory({ herbs, from: FROM, to: TO, seed: 2026 });
  const observations = hist.map((h) => h.markets.map((m) => m.series));
  const rng = seededRng(99);
  const formulas: Formula[] = Array.from({ length: FORMULAS }, (_, j) => {
    const k = 6 + Math.floor(rng.next() * 5); // 6–10 herbs, ~8 on average
    const picked = new Set<number>();
    while (picked.size < k) picked.add(Math.floor(rng.next() * HERBS));
    const ingredients = [...picked].map((i) => ({ herb: herbs[i]!.herb, amount: 50 + Math.round(rng.next() * 450), unit: 'g' as const }));
    // Cap chosen so the formula starts near 20 % Y/P with the herbs' base prices.
    const cost = ingredients.reduce((s, ing) => s + (herbs.find((h) => h.herb === ing.herb)!.basePrice * ing.amount) / 1000, 0) * 0.06;
    return {
      code: `F${j}`,
      name: `F${j}`,
      ingredients,
      batchYield: 1000,
      packSize: 60,
      priceCaps: [
        { from: FROM, priceCap: Math.round((cost / 0.2) * 100) / 100 },
        { from: '2015-06-01', priceCap: Math.round((cost / 0.16) * 100) / 100 },
      ],
      band: { low: 0.1, high: 0.3 },
    };
  });
  const startDay = isoToDay(FROM);
  const dayCount = isoToDay(TO) - startDay + 1;
  let observationCount = 0;
  for (const h of observations) for (const m of h) observationCount += m.days.length;
  return { observations, formulas, startDay, dayCount, observationCount, generateMs: performance.now() - t0 };
}

/** Formulas compiled against the observation order (series i = herb i). */
function compileAll(u: Universe): CompiledFormula[] {
  const index = new Map(u.observations.map((_, i) => [herbName(i), i] as const));
  return u.formulas.map((f) => compileFormula(f, (h) => index.get(h) ?? -1));
}

let universe: Universe | undefined;
const getUniverse = (): Universe => (universe ??= buildUniverse());

const fullRecompute: Benchmark = {
  name: 'supply: full recompute of all Y/P series',
  description: `${HERBS} herbs × 4 markets × daily ${FROM}..${TO}, ${FORMULAS} formulas: reference prices, Y/P, levels, episodes`,
  async run(): Promise<BenchResult> {
    const u = getUniverse();
    const compiled = compileAll(u);
    let episodes = 0;
    const ms = await timeMs(() => {
      const r = recomputeAll(u.observations, compiled, u.startDay, u.dayCount);
      episodes = r.formulas.reduce((s, f) => s + f.episodes.length, 0);
    }, 3);
    return {
      metrics: [
        { name: 'observations', value: u.observationCount, unit: 'rows' },
        { name: 'generate demo data', value: u.generateMs, unit: 'ms' },
        { name: 'full recompute', value: ms, unit: 'ms', target: 'faster than DuckDB' },
        { name: 'throughput', value: u.observationCount / ms / 1000, unit: 'M obs/s' },
        { name: 'episodes found', value: episodes, unit: 'episodes' },
        { name: 'peak RSS', value: peakRssMiB(), unit: 'MiB', target: '< 4096' },
      ],
      notes: ['DuckDB comparison (issue 3 (c)) not yet included: to be added by the lead on the same generated data (buildUniverse).'],
    };
  },
};

const dailyUpdate: Benchmark = {
  name: 'supply: one new day → all series and signals',
  description: `state after ${TO} minus one day; the last day's ticks of ${HERBS}×4 markets update ${FORMULAS} formulas`,
  async run(): Promise<BenchResult> {
    const u = getUniverse();
    const compiled = compileAll(u);
    const lastDay = u.startDay + u.dayCount - 1;
    const before = recomputeAll(u.observations, compiled, u.startDay, u.dayCount - 1);
    const newPrices = u.observations.map((markets) =>
      Float64Array.from(markets, (s) => (s.days[s.days.length - 1] === lastDay ? s.prices[s.prices.length - 1]! : Number.NaN)),
    );
    const lines = monitorLines(compiled, DEFAULT_MONITOR_CONFIG);
    const samples: number[] = [];
    let update = advanceMonitorDay(before.state, compiled, newPrices, DEFAULT_MONITOR_CONFIG, lines);
    // Warm-up so the JIT has compiled the hot path, as it has in a long-running server.
    for (let i = 0; i < 50; i++) advanceMonitorDay(before.state, compiled, newPrices, DEFAULT_MONITOR_CONFIG, lines);
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      update = advanceMonitorDay(before.state, compiled, newPrices, DEFAULT_MONITOR_CONFIG, lines);
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    // The same day including outlier screening of the 2 400 new ticks against each herb's
    // 14-day window, as the ingest path does before the update.
    const windows = u.observations.map((markets) => tickScreenWindowAt(markets, lastDay - 1));
    const screenAndUpdate = (): number => {
      let held = 0;
      const accepted = newPrices.map((p, i) => {
        const r = screenDayTicks(windows[i]!, lastDay, p);
        held += r.held.length;
        return r.accepted;
      });
      advanceMonitorDay(before.state, compiled, accepted, DEFAULT_MONITOR_CONFIG, lines);
      return held;
    };
    for (let i = 0; i < 20; i++) screenAndUpdate();
    const screened: number[] = [];
    let heldTicks = 0;
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      heldTicks = screenAndUpdate();
      screened.push(performance.now() - t0);
    }
    screened.sort((a, b) => a - b);
    // Check against the full recompute of the last day.
    const full = recomputeAll(u.observations, compiled, u.startDay, u.dayCount);
    let mismatches = 0;
    compiled.forEach((_, j) => {
      if (update.ratio[j] !== full.formulas[j]!.series.ratio[u.dayCount - 1] || update.levels[j] !== full.formulas[j]!.levels[u.dayCount - 1]) mismatches++;
    });
    return {
      metrics: [
        { name: 'daily update (median)', value: samples[samples.length >> 1]!, unit: 'ms', target: '< 10 ms' },
        { name: 'daily update (p99)', value: samples[Math.floor(samples.length * 0.99)]!, unit: 'ms', target: '< 10 ms' },
        { name: 'daily update (max of 200)', value: samples[samples.length - 1]!, unit: 'ms', target: '< 10 ms' },
        { name: 'daily update incl. outlier screening (median)', value: screened[screened.length >> 1]!, unit: 'ms', target: '< 10 ms' },
        { name: 'ticks held by screening', value: heldTicks, unit: 'ticks' },
        { name: 'mismatches vs full recompute', value: mismatches, unit: 'formulas', target: '0' },
        { name: 'peak RSS', value: peakRssMiB(), unit: 'MiB', target: '< 4096' },
      ],
    };
  },
};

const benchmarks: Benchmark[] = [fullRecompute, dailyUpdate];
export default benchmarks;
