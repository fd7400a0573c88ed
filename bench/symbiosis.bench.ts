/**
 * Symbiosis engines at regional scale (issue 14): a seeded region of 100 parks × 100 firms with
 * 100 000 flows, 5 % of them between parks and 10 % from or to the outside.
 * - All network figures: each park's network (flows to other parks count as outside), its
 *   outlet figures, and the network of parks. Aim < 1 s.
 * - One "firm stops" cascade over the whole region (parks are linked, so it may cross them):
 *   the firm with the most outgoing tonnes. Aim < 100 ms.
 * - Criticality of every firm (10 000 cascades) with exposure. Aim < 10 s.
 * CPU time is shown next to wall time: on a shared machine the wall clock counts other processes.
 */
import type { Benchmark } from './harness';
import {
  cascade,
  CascadeRunner,
  compileCascade,
  criticality,
  networkFigures,
  outletFigures,
  parkLevelNetwork,
  parkNetworks,
  randomRegion,
} from '../src/modules/symbiosis/engine';

function timed<T>(fn: () => T): { value: T; ms: number; cpuMs: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const REGION = { parks: 100, firmsPerPark: 100, flows: 100_000, betweenParks: 0.05, outside: 0.1 };

function allFigures(region: ReturnType<typeof randomRegion>['region']) {
  const parks = [...parkNetworks(region).values()].map((network) => ({ figures: networkFigures(network), outlets: outletFigures(network) }));
  return { parks, region: networkFigures(parkLevelNetwork(region)) };
}

const benchmarks: Benchmark[] = [
  {
    name: 'symbiosis: region of 100 parks × 100 firms, 100 000 flows',
    description: 'all network figures (per park and the network of parks), one firm-stops cascade, criticality of every firm',
    async run() {
      const generated = timed(() => randomRegion(2026, REGION));
      const { region, cascade: cascadeNetwork } = generated.value;
      const between = region.flows.filter((f) => f.from !== null && f.to !== null && f.from.split('-f')[0] !== f.to.split('-f')[0]).length;

      const coldFigures = timed(() => allFigures(region));
      const figures = timed(() => allFigures(region));
      const fciComputed = figures.value.parks.filter((p) => p.figures.finnCyclingIndexStatus === 'computed').length;
      const truncated = figures.value.parks.filter((p) => p.figures.cycles.truncated).length;
      const meanFci = figures.value.parks.reduce((s, p) => s + (p.figures.finnCyclingIndex ?? 0), 0) / Math.max(1, fciComputed);

      // The firm that sends the most tonnes to other firms: the largest cascade a user would try.
      const sent = new Map<string, number>();
      for (const f of cascadeNetwork.flows) if (f.from !== null && f.to !== null) sent.set(f.from, (sent.get(f.from) ?? 0) + f.tonnes);
      const largest = [...sent].sort((a, b) => b[1] - a[1])[0]![0];
      const oneCascade = timed(() => cascade(cascadeNetwork, { stop: [largest] }));
      const compiled = timed(() => compileCascade(cascadeNetwork));
      const runner = new CascadeRunner(compiled.value);
      const index = compiled.value.index.get(largest)!;
      const oneRun = timed(() => runner.run([index]));

      const critical = timed(() => criticality(cascadeNetwork));
      const top = critical.value.ranking[0]!;
      const region0 = figures.value.region;
      return {
        metrics: [
          { name: 'firms', value: region.nodes.length, unit: 'firms', target: '10 000' },
          { name: 'flows', value: region.flows.length, unit: 'flows', target: '100 000' },
          { name: 'flows between parks', value: between, unit: 'flows', target: '≈ 5 000' },
          { name: 'generate region', value: generated.ms, unit: 'ms' },
          { name: 'all figures, first run (cold JIT)', value: coldFigures.ms, unit: 'ms', target: '< 1 000 ms' },
          { name: 'all figures, second run', value: figures.ms, unit: 'ms', target: '< 1 000 ms' },
          { name: 'all figures, second run, CPU', value: figures.cpuMs, unit: 'ms' },
          { name: 'one cascade (compile + run)', value: oneCascade.ms, unit: 'ms', target: '< 100 ms' },
          { name: 'one cascade (compile + run), CPU', value: oneCascade.cpuMs, unit: 'ms' },
          { name: 'one cascade on a compiled network', value: oneRun.ms, unit: 'ms', target: '< 100 ms' },
          { name: 'compile cascade network', value: compiled.ms, unit: 'ms' },
          { name: 'compile cascade network, CPU', value: compiled.cpuMs, unit: 'ms' },
          { name: 'criticality of every firm', value: critical.ms, unit: 'ms', target: '< 10 000 ms' },
          { name: 'criticality of every firm, CPU', value: critical.cpuMs, unit: 'ms' },
        ],
        notes: [
          `parks with FCI computed: ${fciComputed}/100 (mean ${meanFci.toFixed(4)}); cycle counts truncated at 10 000: ${truncated}/100`,
          `network of parks: ${region0.nodes} nodes, ${region0.links} links, connectance ${region0.connectance?.toFixed(4)}, FCI ${region0.finnCyclingIndex?.toFixed(4) ?? region0.finnCyclingIndexStatus}, cycles ${region0.cycles.count}${region0.cycles.truncated ? '+' : ''}`,
          `cascade from ${largest}: ${oneCascade.value.stopped.length} stopped, ${oneCascade.value.affected.length} affected, ${oneCascade.value.displacedTonnes.toFixed(0)} t displaced, ${oneCascade.value.extraDisposalCost.toFixed(0)} 元 extra disposal`,
          `most critical: ${top.firm} (${top.stoppedFirms} stopped, ${top.displacedTonnes.toFixed(0)} t, ${top.extraDisposalCost.toFixed(0)} 元)`,
        ],
      };
    },
  },
];

export default benchmarks;
