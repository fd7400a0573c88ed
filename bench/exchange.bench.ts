/**
 * The exchange's allocation at national scale: seeded random markets of 2 000 × 2 000 (about
 * 40 000 eligible pairs) and 20 000 × 20 000 (about 400 000), candidate generation through the
 * spatial index plus the exact allocation (network simplex). At 2 000 × 2 000 the same LP is
 * solved by HiGHS in the same run as the yardstick, and the objectives must agree to 1e-7
 * relative (HiGHS's own tolerance); at 20 000 it would take HiGHS minutes.
 * CPU time is shown next to wall time: on a shared machine the wall clock counts other processes.
 */
import loadHighs from 'highs';
import type { Benchmark } from './harness';
import { candidatePairs, matchMarket, type Market } from '../src/modules/exchange/engine/match';
import { randomMarket } from '../src/modules/exchange/engine/random-market';
import { auctionBench } from './exchange-auction.bench-run';

/** Over about 22° × 22° of eastern China, these reaches give about 20 eligible pairs a demand. */
const NATIONAL = { spanDegrees: 22, centre: { lat: 31, lon: 112 } };

function timed<T>(fn: () => T): { value: T; ms: number; cpuMs: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function highsObjective(highs: Awaited<ReturnType<typeof loadHighs>>, market: Market): number {
  const pairs = candidatePairs(market);
  const terms: string[] = [];
  const rows = new Map<string, string[]>();
  for (let a = 0; a < pairs.listing.length; a++) {
    terms.push(`${pairs.valuePerTonne[a]!.toPrecision(17)} x${a}`);
    for (const key of [`s${pairs.listing[a]}`, `c${pairs.demand[a]}`]) rows.set(key, [...(rows.get(key) ?? []), `x${a}`]);
  }
  const bound = (key: string) => (key.startsWith('s') ? market.listings[Number(key.slice(1))]!.tonnes : market.demands[Number(key.slice(1))]!.capacity);
  // LP-format lines must stay short: break long sums over several lines.
  const wrap = (items: string[]) => items.reduce<string[]>((lines, item, k) => (k % 50 === 0 ? [...lines, item] : [...lines.slice(0, -1), `${lines.at(-1)} + ${item}`]), []).join('\n + ');
  const lp = `Maximize\n obj: ${wrap(terms)}\nSubject To\n${[...rows].map(([key, xs]) => ` ${key}: ${wrap(xs)} <= ${bound(key)}`).join('\n')}\nEnd\n`;
  const result = highs.solve(lp, { output_flag: false });
  if (result.Status !== 'Optimal') throw new Error(`HiGHS: ${result.Status}`);
  return result.ObjectiveValue;
}

const benchmarks: Benchmark[] = [
  {
    name: 'exchange: match 2 000 × 2 000 (HiGHS yardstick)',
    description: 'candidate pairs from the spatial index + optimal allocation, against HiGHS on the same LP',
    async run() {
      const market = randomMarket(2026, { listings: 2_000, demands: 2_000, ...NATIONAL, maxDistanceKm: 530 });
      const cold = timed(() => matchMarket(market));
      const warm = timed(() => matchMarket(market));
      const candidates = timed(() => candidatePairs(market));
      const highs = await loadHighs();
      const yardstick = timed(() => highsObjective(highs, market));
      const gap = Math.abs(warm.value.objective - yardstick.value) / Math.max(1, Math.abs(yardstick.value));
      return {
        metrics: [
          { name: 'eligible pairs', value: warm.value.stats.eligiblePairs, unit: 'pairs', target: '≈ 40 000' },
          { name: 'match, first run (cold JIT)', value: cold.ms, unit: 'ms', target: '< 500 ms' },
          { name: 'match, second run', value: warm.ms, unit: 'ms', target: '< 500 ms' },
          { name: 'match, second run, CPU time', value: warm.cpuMs, unit: 'ms' },
          { name: 'of which candidate pairs', value: candidates.ms, unit: 'ms' },
          { name: 'simplex pivots', value: warm.value.stats.pivots, unit: 'pivots' },
          { name: 'HiGHS on the same LP (LP text + solve)', value: yardstick.ms, unit: 'ms' },
          { name: 'objective gap to HiGHS (relative)', value: gap, unit: '', target: '≤ 1e-7' },
        ],
      };
    },
  },
  {
    name: 'exchange: match 20 000 × 20 000',
    description: 'candidate pairs from the spatial index + optimal allocation of a national market',
    async run() {
      const market = randomMarket(2027, { listings: 20_000, demands: 20_000, ...NATIONAL, maxDistanceKm: 150 });
      const run = timed(() => matchMarket(market));
      const candidates = timed(() => candidatePairs(market));
      return {
        metrics: [
          { name: 'eligible pairs', value: run.value.stats.eligiblePairs, unit: 'pairs', target: '≈ 400 000' },
          { name: 'match', value: run.ms, unit: 'ms', target: '< 5000 ms' },
          { name: 'match, CPU time', value: run.cpuMs, unit: 'ms' },
          { name: 'of which candidate pairs', value: candidates.ms, unit: 'ms' },
          { name: 'simplex pivots', value: run.value.stats.pivots, unit: 'pivots' },
          { name: 'proposals', value: run.value.proposals.length, unit: '' },
        ],
      };
    },
  },
  {
    name: 'exchange: auction close with 50 bidders',
    description: '50 bidders bid at once over HTTP in the last seconds of an ascending and of a sealed first-price auction (PGlite, and PostgreSQL when DATABASE_URL is set); then the close',
    run: auctionBench,
  },
];

export default benchmarks;
