/**
 * The network figures of issue 14 for one material (or energy, or water) network of a park:
 * size, links, connectance, link density, Finn's cycling index, elementary cycles, total system
 * throughflow and each node's in/out tonnes, degree and dependence on its largest partner.
 * Every definition is written out in README.md; the tests check them on networks worked by hand.
 */
import { countElementaryCycles, CYCLE_COUNT_CAP, type CycleCount } from './cycles';
import { finnCyclingIndex, type FinnOptions, type FinnStatus } from './finn';
import { compileNetwork, type CompiledNetwork, type Network } from './network-input';

export interface NodeFigures {
  /** Tonnes received, from inside nodes and the outside (self-loops included). */
  in: number;
  /** Tonnes sent, to inside nodes and the outside (self-loops included). */
  out: number;
  /** Distinct inside partners, either direction, self excluded. */
  degree: number;
  /** Largest tonnes exchanged (both directions) with one inside partner ÷ (in + out); 0 without tonnes. */
  largestPartnerShare: number;
}

export interface NetworkFigures {
  nodes: number;
  links: number;
  /** L / (n(n − 1)); null below two nodes. */
  connectance: number | null;
  /** L / n; null without nodes. */
  linkDensity: number | null;
  finnCyclingIndex: number | null;
  /** Why the index is null (`computed` when it is a number). */
  finnCyclingIndexStatus: FinnStatus;
  cycles: CycleCount;
  totalSystemThroughflow: number;
  perNode: Record<string, NodeFigures>;
}

export interface NetworkOptions extends FinnOptions {
  cycleCap?: number;
}

/** Figures of a parsed network (see `parseNetwork`). */
export function networkFigures(network: Network, options: NetworkOptions = {}): NetworkFigures {
  return compiledNetworkFigures(compileNetwork(network), options);
}

/** Each node's throughflow T_i = max(Σ in, Σ out), the outside included: its balance closed with the outside. */
export function nodeThroughflows(network: CompiledNetwork): { inflow: Float64Array; outflow: Float64Array; throughflow: Float64Array } {
  const n = network.ids.length;
  const inflow = Float64Array.from(network.fromOutside);
  const outflow = Float64Array.from(network.toOutside);
  for (let a = 0; a < network.arcFrom.length; a++) {
    outflow[network.arcFrom[a]!]! += network.arcTonnes[a]!;
    inflow[network.arcTo[a]!]! += network.arcTonnes[a]!;
  }
  const throughflow = new Float64Array(n);
  for (let i = 0; i < n; i++) throughflow[i] = Math.max(inflow[i]!, outflow[i]!);
  return { inflow, outflow, throughflow };
}

export function compiledNetworkFigures(network: CompiledNetwork, options: NetworkOptions = {}): NetworkFigures {
  const n = network.ids.length;
  const { inflow, outflow, throughflow } = nodeThroughflows(network);

  // Links and partners: self-loops are neither links nor partners.
  const successors: number[][] = Array.from({ length: n }, () => []);
  const exchanged = new Map<number, number>();
  let links = 0;
  for (let a = 0; a < network.arcFrom.length; a++) {
    const i = network.arcFrom[a]!;
    const j = network.arcTo[a]!;
    if (i === j) continue;
    links += 1;
    successors[i]!.push(j);
    const key = Math.min(i, j) * n + Math.max(i, j);
    exchanged.set(key, (exchanged.get(key) ?? 0) + network.arcTonnes[a]!);
  }
  const degree = new Int32Array(n);
  const largest = new Float64Array(n);
  for (const [key, tonnes] of exchanged) {
    const i = Math.floor(key / n);
    const j = key % n;
    degree[i]! += 1;
    degree[j]! += 1;
    if (tonnes > largest[i]!) largest[i] = tonnes;
    if (tonnes > largest[j]!) largest[j] = tonnes;
  }

  const perNode: Record<string, NodeFigures> = {};
  let totalSystemThroughflow = 0;
  for (let i = 0; i < n; i++) {
    const both = inflow[i]! + outflow[i]!;
    // defineProperty: an id such as "__proto__" must become a plain key, not the prototype.
    Object.defineProperty(perNode, network.ids[i]!, {
      value: { in: inflow[i]!, out: outflow[i]!, degree: degree[i]!, largestPartnerShare: both > 0 ? largest[i]! / both : 0 },
      enumerable: true,
      writable: true,
      configurable: true,
    });
    totalSystemThroughflow += throughflow[i]!;
  }

  const finn = finnCyclingIndex(network, throughflow, options);
  return {
    nodes: n,
    links,
    connectance: n >= 2 ? links / (n * (n - 1)) : null,
    linkDensity: n >= 1 ? links / n : null,
    finnCyclingIndex: finn.value,
    finnCyclingIndexStatus: finn.status,
    cycles: countElementaryCycles(successors, options.cycleCap ?? CYCLE_COUNT_CAP),
    totalSystemThroughflow,
    perNode,
  };
}
