/**
 * Supply early-warning engine at national scale: 600 herbs × 4 markets × daily 2009–2026
 * (≈ 15.7 M observations held as typed arrays) and 300 formulas of ~8 herbs.
 *  (a) full recompute of reference prices, Y/P series, levels and episodes from the observations;
 *  (b) one new day of prices → every reference price, Y/P, level and episode updated;
 *  (c) the same full recompute in DuckDB SQL on the same data in the same run, as the yardstick
 *      (bench/supply.duckdb.ts; its results are checked against the engine's).
 */
import type { Benchmark, BenchResult } from './harness';
import { peakRssMiB, timeMs } from './harness';
import { checkAgainst, loadDuckdb } from './supply.duckdb';
import {
  advanceMonitorDay,
  advanceMonitorDayInPlace,
  cloneMonitorState,
  compileFormula,
  copyMonitorStateInto,
  monitorDayBuffers,
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
  type MonitorRecompute,
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
  name: 'supply: full recompute of all Y/P series, engine vs DuckDB',
  description: `${HERBS} herbs × 4 markets × daily ${FROM}..${TO}, ${FORMULAS} formulas: reference prices, Y/P, levels, episodes; the same in DuckDB SQL`,
  async run(): Promise<BenchResult> {
    const u = getUniverse();
    const compiled = compileAll(u);
    let episodes = 0;
    let result: MonitorRecompute | undefined;
    const ms = await timeMs(() => {
      result = recomputeAll(u.observations, compiled, u.startDay, u.dayCount);
      episodes = result.formulas.reduce((s, f) => s + f.episodes.length, 0);
    }, 3);
    const engineRss = peakRssMiB();

    // (c) DuckDB on the same observations, all cores it sees, then one thread like the engine.
    const duck = await loadDuckdb(u.observations, compiled, DEFAULT_MONITOR_CONFIG.reference.maxFillDays);
    if (duck.rows !== u.observationCount || duck.startDay !== u.startDay || duck.dayCount !== u.dayCount) throw new Error(`DuckDB loaded ${duck.rows} rows over ${duck.dayCount} days, expected ${u.observationCount} over ${u.dayCount}`);
    let duckEpisodes = 0;
    const duckMs = await timeMs(async () => {
      duckEpisodes = await duck.recompute();
    }, 2);
    const check = await checkAgainst(duck, result!, compiled, duckEpisodes);
    await duck.con.run('set threads = 1');
    const duck1Ms = await timeMs(() => duck.recompute(), 1);
    const duckRss = peakRssMiB();
    duck.close();
    return {
      metrics: [
        { name: 'observations', value: u.observationCount, unit: 'rows' },
        { name: 'generate demo data', value: u.generateMs, unit: 'ms' },
        { name: 'engine: full recompute (1 thread)', value: ms, unit: 'ms', target: 'faster than DuckDB' },
        { name: 'engine: throughput', value: u.observationCount / ms / 1000, unit: 'M obs/s' },
        { name: 'engine: episodes found (with hysteresis)', value: episodes, unit: 'episodes' },
        { name: 'engine: peak RSS (data + engine)', value: engineRss, unit: 'MiB', target: '< 4096' },
        { name: 'DuckDB: load (appender, data chunks)', value: duck.loadMs, unit: 'ms' },
        { name: `DuckDB: full recompute (${duck.threads} threads)`, value: duckMs, unit: 'ms' },
        { name: 'DuckDB: full recompute (1 thread)', value: duck1Ms, unit: 'ms' },
        { name: `ratio engine / DuckDB (${duck.threads} threads)`, value: ms / duckMs, unit: '×', target: '< 1' },
        { name: 'ratio engine / DuckDB (1 thread each)', value: ms / duck1Ms, unit: '×', target: '< 1' },
        { name: 'DuckDB: raw-level episodes (= engine without hysteresis)', value: duckEpisodes, unit: 'episodes' },
        { name: 'DuckDB vs engine: sampled values compared, all equal', value: check.compared, unit: 'values' },
        { name: 'peak RSS after DuckDB (data + engine + DuckDB)', value: duckRss, unit: 'MiB', target: '< 4096' },
      ],
      notes: [
        'DuckDB computes levels without hysteresis (the hysteresis machine is a sequential scan, impractical in SQL); its raw-level episodes are checked against the engine run with NO_HYSTERESIS.',
        'Checked equal (relative 1e-12; the sums are taken in another order): reference prices and stale flags on every 211th day of every herb, Y/P and raw level on every 101st day of every formula.',
        'Times are the best of repeated runs after a warm-up (DuckDB at 1 thread: one run); the load into DuckDB is not part of its recompute time.',
      ],
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
    const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
    const RUNS = 1000;

    // Allocating path (advanceMonitorDay: leaves its input state alone, so it copies it).
    const allocating: number[] = [];
    for (let i = 0; i < 50; i++) advanceMonitorDay(before.state, compiled, newPrices, DEFAULT_MONITOR_CONFIG, lines);
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      advanceMonitorDay(before.state, compiled, newPrices, DEFAULT_MONITOR_CONFIG, lines);
      allocating.push(performance.now() - t0);
    }
    allocating.sort((a, b) => a - b);

    // In-place path (what a long-running monitor uses): the working state and the output
    // buffers are allocated once; between timed runs the state is reset to the day before
    // without allocating, so every run is the same new day.
    const work = cloneMonitorState(before.state);
    const out = monitorDayBuffers(work, compiled.length);
    // Preallocated like the buffers, so the timing loop itself allocates nothing either.
    const timings = new Float64Array(RUNS);
    // Garbage collections during the timed loop tell GC pauses apart from the scheduler's
    // (this machine is shared): the in-place path should trigger none.
    const gcs: { startTime: number; duration: number }[] = [];
    const observer = new PerformanceObserver((list) => gcs.push(...list.getEntries()));
    observer.observe({ entryTypes: ['gc'] });
    let loopStart = 0;
    for (let i = 0; i < 50 + RUNS; i++) {
      copyMonitorStateInto(work, before.state);
      if (i === 50) loopStart = performance.now();
      const t0 = performance.now();
      advanceMonitorDayInPlace(work, compiled, newPrices, out, DEFAULT_MONITOR_CONFIG, lines);
      if (i >= 50) timings[i - 50] = performance.now() - t0;
    }
    const loopEnd = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
    observer.disconnect();
    const loopGcs = gcs.filter((g) => g.startTime >= loopStart && g.startTime <= loopEnd);
    const samples = Array.from(timings).sort((a, b) => a - b);
    const update = { ratio: out.ratio.slice(), levels: out.levels.slice() };
    const copied = advanceMonitorDay(before.state, compiled, newPrices, DEFAULT_MONITOR_CONFIG, lines);
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
      advanceMonitorDayInPlace(work, compiled, accepted, out, DEFAULT_MONITOR_CONFIG, lines);
      return held;
    };
    for (let i = 0; i < 20; i++) {
      copyMonitorStateInto(work, before.state);
      screenAndUpdate();
    }
    const screened: number[] = [];
    let heldTicks = 0;
    for (let i = 0; i < 100; i++) {
      copyMonitorStateInto(work, before.state);
      const t0 = performance.now();
      heldTicks = screenAndUpdate();
      screened.push(performance.now() - t0);
    }
    screened.sort((a, b) => a - b);
    // Check both paths against the full recompute of the last day.
    const full = recomputeAll(u.observations, compiled, u.startDay, u.dayCount);
    let mismatches = 0;
    compiled.forEach((_, j) => {
      const f = full.formulas[j]!;
      const last = u.dayCount - 1;
      if (update.ratio[j] !== f.series.ratio[last] || update.levels[j] !== f.levels[last] || copied.ratio[j] !== f.series.ratio[last] || copied.levels[j] !== f.levels[last]) mismatches++;
    });
    return {
      metrics: [
        { name: 'daily update, in place (median)', value: percentile(samples, 0.5), unit: 'ms', target: '< 10 ms' },
        { name: 'daily update, in place (p99)', value: percentile(samples, 0.99), unit: 'ms', target: '< 10 ms' },
        { name: `daily update, in place (max of ${RUNS})`, value: samples[samples.length - 1]!, unit: 'ms', target: '< 10 ms' },
        { name: `garbage collections during the ${RUNS} in-place updates`, value: loopGcs.length, unit: 'GCs' },
        { name: '  longest of them', value: Math.max(0, ...loopGcs.map((g) => g.duration)), unit: 'ms' },
        { name: 'daily update, allocating copy (median)', value: percentile(allocating, 0.5), unit: 'ms' },
        { name: 'daily update, allocating copy (p99)', value: percentile(allocating, 0.99), unit: 'ms' },
        { name: `daily update, allocating copy (max of ${RUNS})`, value: allocating[allocating.length - 1]!, unit: 'ms' },
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
