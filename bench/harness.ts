/**
 * Benchmark harness. Each `bench/*.bench.ts` file default-exports an array of `Benchmark`s;
 * `npm run bench` runs them all (or those whose name matches the first CLI argument), prints a
 * table and writes `bench/results/<timestamp>.json`.
 *
 * Benchmarks measure; they never fail on a slow result. Targets are stated in `target` so
 * the report shows how far a number is from its aim.
 */
export interface BenchMetric {
  name: string;
  value: number;
  unit: string;
  /** Human statement of the aim, e.g. "< 10 ms". Shown next to the value. */
  target?: string;
}

export interface BenchResult {
  metrics: BenchMetric[];
  notes?: string[];
}

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<BenchResult>;
}

/** Wall time of `fn` in milliseconds (best of `repeat` runs after one warm-up when repeat > 1). */
export async function timeMs(fn: () => unknown, repeat = 1): Promise<number> {
  if (repeat > 1) await fn();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** Peak resident set size of this process so far, in MiB (Linux reports maxRSS in KiB). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
