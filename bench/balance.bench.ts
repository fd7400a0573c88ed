/**
 * Material-flow engines at scale.
 *  (a) Reconciliation of a generated park network: 10 000 flows, 3 000 processes, 8 % unknown
 *      flows, 100 measured transfer coefficients on processes with several outputs (nonlinear,
 *      so several linearisation rounds), with standard deviations of every result. Aim < 1 s.
 *      The first run includes JIT compilation (what a one-shot CLI call pays); the best of
 *      three is what a running server pays.
 *  (b) The same network without transfer coefficients (one linear round) for comparison.
 *  (c) Economy-wide MFA indicators for 31 provinces × 30 years × 14 resource kinds.
 * Peak RSS is that of the benchmark process after the step (the harness runs each file in
 * its own child process).
 */
import os from 'node:os';
import type { Benchmark } from './harness';
import { peakRssMiB, timeMs } from './harness';
import { generateBalanceModel, reconcileBalance } from '../src/modules/balance/engine/index';
import { PROVINCES_31, generateDemoAccounts, indicatorTable, productivityChange } from '../src/modules/accounts/engine/index';

const FLOWS = 10_000;
const PROCESSES = 3_000;

const benchmarks: Benchmark[] = [
  {
    name: 'balance: reconcile 10 000 flows / 3 000 processes',
    description: 'STAN-style nonlinear reconciliation with error propagation on a generated park network',
    async run() {
      const { model } = generateBalanceModel({ processes: PROCESSES, flows: FLOWS, seed: 7 });
      const relations = model.relations?.length ?? 0;
      const rssBefore = peakRssMiB();
      let iterations = 0;
      let undetermined = 0;
      let dof = 0;
      // CPU time next to wall time: on a shared machine the wall clock also counts other processes.
      const cpu0 = process.cpuUsage();
      const cold = await timeMs(() => {
        const r = reconcileBalance(model);
        iterations = r.iterations;
        undetermined = r.undetermined.length;
        dof = r.chiSquare.degreesOfFreedom;
      });
      const cpu1 = process.cpuUsage(cpu0);
      const warm = await timeMs(() => reconcileBalance(model), 3);
      const cpu2 = process.cpuUsage();
      reconcileBalance(model);
      const cpuWarm = process.cpuUsage(cpu2);
      const noSd = await timeMs(() => reconcileBalance(model, { skipUncertainty: true }), 3);
      return {
        metrics: [
          { name: 'first run (cold JIT)', value: cold, unit: 'ms', target: '< 1000 ms' },
          { name: 'first run, CPU time (user + system)', value: (cpu1.user + cpu1.system) / 1000, unit: 'ms' },
          { name: 'best of 3 (warm)', value: warm, unit: 'ms', target: '< 1000 ms' },
          { name: 'warm run, CPU time (user + system)', value: (cpuWarm.user + cpuWarm.system) / 1000, unit: 'ms' },
          { name: 'best of 3 without standard deviations', value: noSd, unit: 'ms' },
          { name: 'linearisation rounds', value: iterations, unit: '' },
          { name: 'peak RSS', value: peakRssMiB(), unit: 'MiB' },
          { name: 'peak RSS before the run', value: rssBefore, unit: 'MiB' },
        ],
        notes: [
          `${model.flows.length} flows, ${model.processes.length} processes, ${relations} measured transfer coefficients`,
          `${undetermined} unknown flows not determinable (unknown loops), chi-square dof ${dof}`,
          `load average at the end ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs: wall times grow with other load, CPU times less`,
        ],
      };
    },
  },
  {
    name: 'balance: linear reconcile 10 000 flows / 3 000 processes',
    description: 'same network without transfer coefficients: a single elimination, factorisation and propagation',
    async run() {
      const { model } = generateBalanceModel({ processes: PROCESSES, flows: FLOWS, seed: 7, transfers: 0 });
      const warm = await timeMs(() => reconcileBalance(model), 3);
      return {
        metrics: [
          { name: 'best of 3', value: warm, unit: 'ms', target: '< 1000 ms' },
          { name: 'peak RSS', value: peakRssMiB(), unit: 'MiB' },
        ],
      };
    },
  },
  {
    name: 'accounts: indicators 31 provinces × 30 years × 14 kinds',
    description: 'DMI, DMC, per-capita DMC, productivity (total and by category), CMU rate for every region-year',
    async run() {
      const data = generateDemoAccounts({ regions: PROVINCES_31, from: 1995, to: 2024 });
      let rows = 0;
      const table = await timeMs(() => {
        rows = indicatorTable(data).length;
      }, 5);
      const change = await timeMs(() => {
        for (const r of PROVINCES_31) productivityChange(data, r, 1995, 2024);
      }, 3);
      return {
        metrics: [
          { name: `indicator table (${rows} region-years, ${data.materials.length} rows)`, value: table, unit: 'ms', target: 'instant (< 100 ms)' },
          { name: 'productivity change 1995→2024, all 31 provinces', value: change, unit: 'ms' },
          { name: 'peak RSS', value: peakRssMiB(), unit: 'MiB' },
        ],
      };
    },
  },
];

export default benchmarks;
