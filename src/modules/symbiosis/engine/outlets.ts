/**
 * Where a park's by-product tonnes go: the share that finds a local outlet and the mix of
 * handling kinds (the disposal mix). Reads a by-product network (flows of by-products and
 * wastes only, as the module builds it from streams, contracts and manifests).
 */
import type { Network } from './network-input';

/** Inside nodes that dispose rather than use: sending to them is not an outlet. */
export const DISPOSAL_NODE_TYPES: readonly string[] = ['landfill', 'incinerator'];

/** The kind a flow without one is counted under. */
export const UNSPECIFIED_KIND = 'unspecified';

export interface DisposalShare {
  kind: string;
  tonnes: number;
  share: number;
}

export interface OutletFigures {
  /** Tonnes leaving inside nodes (to inside nodes, themselves or the outside). */
  byproductTonnes: number;
  /** Of those, tonnes received by an inside node that is not a disposal node (self-loops: on-site reuse). */
  localOutletTonnes: number;
  /** localOutletTonnes ÷ byproductTonnes; null without by-product tonnes. */
  localOutletShare: number | null;
  /** Tonnes per flow kind, largest first; shares of byproductTonnes. */
  disposalMix: DisposalShare[];
}

export interface OutletOptions {
  disposalTypes?: readonly string[];
}

/** Outlet figures of a parsed network (see `parseNetwork`). */
export function outletFigures(network: Network, options: OutletOptions = {}): OutletFigures {
  const disposal = new Set(options.disposalTypes ?? DISPOSAL_NODE_TYPES);
  const typeOf = new Map(network.nodes.map((node) => [node.id, node.type]));
  let byproductTonnes = 0;
  let localOutletTonnes = 0;
  const byKind = new Map<string, number>();
  for (const flow of network.flows) {
    if (flow.from === null || !(flow.tonnes > 0)) continue;
    byproductTonnes += flow.tonnes;
    if (flow.to !== null && !disposal.has(typeOf.get(flow.to)!)) localOutletTonnes += flow.tonnes;
    const kind = flow.kind ?? UNSPECIFIED_KIND;
    byKind.set(kind, (byKind.get(kind) ?? 0) + flow.tonnes);
  }
  const disposalMix = [...byKind]
    .map(([kind, tonnes]) => ({ kind, tonnes, share: tonnes / byproductTonnes }))
    .sort((a, b) => b.tonnes - a.tonnes || (a.kind < b.kind ? -1 : 1));
  return { byproductTonnes, localOutletTonnes, localOutletShare: byproductTonnes > 0 ? localOutletTonnes / byproductTonnes : null, disposalMix };
}
