/**
 * The network figures of issue 14 for one material (or energy, or water) network of a park:
 * size, links, connectance, link density, Finn's cycling index, elementary cycles, total system
 * throughflow and each node's in/out tonnes, degree and dependence on its largest partner.
 * Every definition is written out in README.md; the tests check them on networks worked by hand.
 */
import { strongComponents } from './components';
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

  // Links and partners: self-loops are neither links nor partners. Each node's partners are
  // summed in a scratch array stamped by node (outgoing arcs, then incoming through a reverse
  // index), so the figures stay linear in the arcs.
  const successors: number[][] = Array.from({ length: n }, () => []);
  const inStart = new Int32Array(n + 1);
  let links = 0;
  for (let a = 0; a < network.arcFrom.length; a++) {
    const i = network.arcFrom[a]!;
    const j = network.arcTo[a]!;
    if (i === j) continue;
    links += 1;
    successors[i]!.push(j);
    inStart[j + 1]! += 1;
  }
  for (let i = 0; i < n; i++) inStart[i + 1]! += inStart[i]!;
  const inFill = inStart.slice(0, n);
  const inArc = new Int32Array(links);
  for (let a = 0; a < network.arcFrom.length; a++) {
    if (network.arcFrom[a] !== network.arcTo[a]) inArc[inFill[network.arcTo[a]!]!++] = a;
  }
  const partner = new Float64Array(n);
  const stamp = new Int32Array(n).fill(-1);
  const perNodeEntries: [string, NodeFigures][] = [];
  let totalSystemThroughflow = 0;
  for (let i = 0; i < n; i++) {
    let degree = 0;
    let largest = 0;
    const add = (j: number, tonnes: number): void => {
      if (stamp[j] !== i) {
        stamp[j] = i;
        partner[j] = 0;
        degree += 1;
      }
      partner[j]! += tonnes;
      if (partner[j]! > largest) largest = partner[j]!;
    };
    for (let a = network.arcStart[i]!; a < network.arcStart[i + 1]!; a++) if (network.arcTo[a] !== i) add(network.arcTo[a]!, network.arcTonnes[a]!);
    for (let k = inStart[i]!; k < inStart[i + 1]!; k++) add(network.arcFrom[inArc[k]!]!, network.arcTonnes[inArc[k]!]!);
    const both = inflow[i]! + outflow[i]!;
    perNodeEntries.push([network.ids[i]!, { in: inflow[i]!, out: outflow[i]!, degree, largestPartnerShare: both > 0 ? largest / both : 0 }]);
    totalSystemThroughflow += throughflow[i]!;
  }
  // Object.fromEntries defines own properties: an id such as "__proto__" stays a plain key.
  const perNode: Record<string, NodeFigures> = Object.fromEntries(perNodeEntries);

  // One decomposition serves both: cycles and returning walks never leave a component.
  const components = strongComponents(successors);
  const finn = finnCyclingIndex(network, throughflow, { ...options, components });
  return {
    nodes: n,
    links,
    connectance: n >= 2 ? links / (n * (n - 1)) : null,
    linkDensity: n >= 1 ? links / n : null,
    finnCyclingIndex: finn.value,
    finnCyclingIndexStatus: finn.status,
    cycles: countElementaryCycles(successors, options.cycleCap ?? CYCLE_COUNT_CAP, components),
    totalSystemThroughflow,
    perNode,
  };
}
