/**
 * Start-up of the `herbloop` command as a user runs it: whole processes (`node bin/herbloop.js …`),
 * several runs each, median wall time (and CPU time, where /usr/bin/time exists).
 *  (a) `herbloop --help`: start-up alone. Aim < 0.3 s.
 *  (b) `herbloop balance reconcile FILE --json` on the demo granule line: needs no database. Aim < 0.6 s.
 *  (c) `herbloop org list --json` on an embedded (PGlite) data dir with the demo's platform data:
 *      opening the data dir dominates. Aim < 2 s.
 * `node -e 0` is measured alongside: on a shared machine it shows what the load adds to any
 * process. HERBLOOP_BENCH_ROOT=<checkout> measures another checkout's bin/herbloop.js (before/after).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureServerBuild } from '../scripts/build-server.mjs';
import { connectDatabase } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import { loadDemo } from '../src/demo/load';
import { DEMO_GRANULE_LINE } from '../src/modules/balance/engine/index';
import type { Benchmark, BenchMetric } from './harness';

const RUNS = 7;
const root = process.env.HERBLOOP_BENCH_ROOT ?? path.resolve(import.meta.dirname, '..');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Timing {
  wallMs: number;
  /** User + system CPU time of the process; NaN where /usr/bin/time is missing. */
  cpuMs: number;
}

const gnuTime = '/usr/bin/time';

/** Medians over RUNS runs of `node args`, after one unmeasured run (disk cache, first build). */
function medianRun(args: string[], env: Record<string, string> = {}): Timing {
  const cpuFile = path.join(os.tmpdir(), `herbloop-bench-cpu-${process.pid}`);
  const withCpu = fs.existsSync(gnuTime);
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const [command, commandArgs] = withCpu ? [gnuTime, ['-f', '%U %S', '-o', cpuFile, process.execPath, ...args]] : [process.execPath, args];
    const t0 = performance.now();
    const run = spawnSync(command, commandArgs, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    if (i === 0) continue;
    walls.push(ms);
    if (withCpu) {
      const [user, system] = fs.readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
      cpus.push((user! + system!) * 1000);
    }
  }
  fs.rmSync(cpuFile, { force: true });
  return { wallMs: median(walls), cpuMs: withCpu ? median(cpus) : Number.NaN };
}

/** Wall time against the aim, and CPU time: on a shared machine the wall clock also counts the others. */
function metricsOf(name: string, timing: Timing, target?: string): BenchMetric[] {
  return [
    { name, value: Math.round(timing.wallMs), unit: 'ms', ...(target ? { target } : {}) },
    { name: `${name} (CPU)`, value: Math.round(timing.cpuMs), unit: 'ms' },
  ];
}

const benchmarks: Benchmark[] = [
  {
    name: 'cli: start-up',
    description: `herbloop as a user runs it (median of ${RUNS} processes)`,
    async run() {
      if (!process.env.HERBLOOP_BENCH_ROOT) await ensureServerBuild({ quiet: true });
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'herbloop-bench-cli-'));
      try {
        const model = path.join(work, 'granules.json');
        fs.writeFileSync(model, JSON.stringify(DEMO_GRANULE_LINE));
        const dataDir = path.join(work, 'data');
        const h = await connectDatabase({ dataDir });
        try {
          await migrateToLatest(h.db);
          await loadDemo(h.db, undefined, { steps: ['platform'] });
        } finally {
          await h.close();
        }
        const cli = path.join(root, 'bin/herbloop.js');
        const loadBefore = os.loadavg()[0]!;
        const metrics: BenchMetric[] = [
          ...metricsOf('node -e 0 (reference)', medianRun(['-e', '0'])),
          ...metricsOf('herbloop --help', medianRun([cli, '--help']), '< 300 ms'),
          ...metricsOf('herbloop balance reconcile FILE --json', medianRun([cli, 'balance', 'reconcile', model, '--json']), '< 600 ms'),
          ...metricsOf('herbloop org list --json (PGlite)', medianRun([cli, 'org', 'list', '--json'], { HERBLOOP_DATA_DIR: dataDir }), '< 2000 ms'),
        ];
        return { metrics, notes: [`load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after, on ${os.cpus().length} cores`, `measured: ${root}`] };
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    },
  },
];

export default benchmarks;
