import type { Benchmark } from './harness';
import { peakRssMiB, timeMs } from './harness';
import type { ByproductStream } from '../src/modules/byproducts/engine';
import {
  adviseStream,
  circularityFigures,
  classifyStream,
  defaultPathways,
  generateDemoSet,
  planCascade,
  WEIGHT_PRESETS,
} from '../src/modules/byproducts/engine';

/** The demo generator's streams, repeated with varied volumes up to `n` (deterministic). */
function benchStreams(n: number): ByproductStream[] {
  const base = generateDemoSet({ seed: 42 }).streams.map((s) => s.stream);
  return Array.from({ length: n }, (_, i) => {
    const s = base[i % base.length]!;
    return { ...s, tonnesPerYear: s.tonnesPerYear * (0.5 + ((i * 7919) % 1000) / 1000) };
  });
}

const benchmarks: Benchmark[] = [
  {
    name: 'byproducts.advise-10k',
    description: 'Classify and advise 10 000 streams against the shipped knowledge base (TOPSIS, reasons; no sensitivity view)',
    async run() {
      const pathways = defaultPathways();
      const streams = benchStreams(10_000);
      let feasible = 0;
      const ms = await timeMs(() => {
        feasible = 0;
        for (const s of streams) feasible += adviseStream(s, pathways, WEIGHT_PRESETS.balanced, { sensitivity: false }).options.length;
      });
      return {
        metrics: [
          { name: 'total', value: ms, unit: 'ms', target: '< 5 000 ms' },
          { name: 'per stream', value: ms / streams.length, unit: 'ms', target: '< 0.5 ms' },
          { name: 'peakRssMiB', value: peakRssMiB(), unit: 'MiB', target: '< 512 MiB' },
        ],
        notes: [`${pathways.length} pathways, ${(feasible / streams.length).toFixed(1)} feasible per stream on average`],
      };
    },
  },
  {
    name: 'byproducts.advise-with-sensitivity-1k',
    description: 'Advise 1 000 streams including the sensitivity view (7 criteria × weight scans)',
    async run() {
      const pathways = defaultPathways();
      const streams = benchStreams(1_000);
      const ms = await timeMs(() => {
        for (const s of streams) adviseStream(s, pathways, WEIGHT_PRESETS.balanced);
      });
      return {
        metrics: [
          { name: 'total', value: ms, unit: 'ms' },
          { name: 'per stream', value: ms / streams.length, unit: 'ms', target: '< 20 ms (interactive)' },
          { name: 'peakRssMiB', value: peakRssMiB(), unit: 'MiB' },
        ],
      };
    },
  },
  {
    name: 'byproducts.classify-100k',
    description: 'classifyStream on 100 000 streams',
    async run() {
      const streams = benchStreams(100_000);
      const ms = await timeMs(() => {
        for (const s of streams) classifyStream(s);
      });
      return { metrics: [{ name: 'total', value: ms, unit: 'ms' }, { name: 'peakRssMiB', value: peakRssMiB(), unit: 'MiB' }] };
    },
  },
  {
    name: 'byproducts.cascade-10k',
    description: 'planCascade on 10 000 streams',
    async run() {
      const pathways = defaultPathways();
      const streams = benchStreams(10_000);
      const ms = await timeMs(() => {
        for (const s of streams) planCascade(s, pathways);
      });
      return {
        metrics: [
          { name: 'total', value: ms, unit: 'ms' },
          { name: 'per stream', value: ms / streams.length, unit: 'ms', target: '< 2 ms' },
          { name: 'peakRssMiB', value: peakRssMiB(), unit: 'MiB' },
        ],
      };
    },
  },
  {
    name: 'byproducts.demo-and-figures',
    description: 'Generate the demo park (≥ 60 streams × 24 months) and compute park figures for 24 months',
    async run() {
      let records = generateDemoSet({ seed: 1 }).records;
      const genMs = await timeMs(() => {
        records = generateDemoSet({ seed: 1 }).records;
      }, 3);
      const figMs = await timeMs(() => {
        for (let y = 2024; y <= 2025; y++) for (let m = 1; m <= 12; m++) circularityFigures(records, 'park', 'park-demo', `${y}-${String(m).padStart(2, '0')}`);
      }, 3);
      return {
        metrics: [
          { name: 'generate', value: genMs, unit: 'ms', target: '< 1 000 ms' },
          { name: 'park figures × 24 months', value: figMs, unit: 'ms', target: '< 100 ms' },
          { name: 'peakRssMiB', value: peakRssMiB(), unit: 'MiB' },
        ],
        notes: [`${records.length} monthly records`],
      };
    },
  },
];

export default benchmarks;
