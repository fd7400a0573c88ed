/**
 * A region of several parks (federation, issue 14): the network figures are defined for one
 * park, so a region is read two ways: each park's own network, in which a flow to or from
 * another park is a flow to or from the outside; and the network of parks, in which each park is
 * one node, flows between parks are links and a park's internal flows are its self-loop (they
 * count in its throughflow and in Finn's index, not as links). Both are plain `Network`s.
 */
import type { Network, NetworkFlow } from './network-input';

export interface RegionNode {
  id: string;
  type: string;
  park: string;
}

export interface Region {
  nodes: RegionNode[];
  flows: NetworkFlow[];
}

/** Node type of a park in the network of parks. */
export const PARK_NODE_TYPE = 'park';

/** One network per park (parks in order of first appearance); flows must name known nodes. */
export function parkNetworks(region: Region): Map<string, Network> {
  const parkOf = new Map<string, string>();
  const networks = new Map<string, Network>();
  for (const node of region.nodes) {
    parkOf.set(node.id, node.park);
    let network = networks.get(node.park);
    if (network === undefined) networks.set(node.park, (network = { nodes: [], flows: [] }));
    network.nodes.push({ id: node.id, type: node.type });
  }
  for (const flow of region.flows) {
    const fromPark = flow.from === null ? null : parkOf.get(flow.from)!;
    const toPark = flow.to === null ? null : parkOf.get(flow.to)!;
    if (fromPark !== null && fromPark === toPark) {
      networks.get(fromPark)!.flows.push(flow);
      continue;
    }
    // Between parks (or with the outside): each park sees its own end, the other is outside.
    if (fromPark !== null) networks.get(fromPark)!.flows.push({ ...flow, to: null });
    if (toPark !== null) networks.get(toPark)!.flows.push({ ...flow, from: null });
  }
  return networks;
}

/** The network of parks: one node per park; repeated pairs are left for the figures to sum. */
export function parkLevelNetwork(region: Region): Network {
  const parkOf = new Map<string, string>();
  const parks = new Set<string>();
  for (const node of region.nodes) {
    parkOf.set(node.id, node.park);
    parks.add(node.park);
  }
  const flows = region.flows.map((flow) => ({
    from: flow.from === null ? null : parkOf.get(flow.from)!,
    to: flow.to === null ? null : parkOf.get(flow.to)!,
    tonnes: flow.tonnes,
    ...(flow.kind === undefined ? {} : { kind: flow.kind }),
  }));
  return { nodes: [...parks].map((id) => ({ id, type: PARK_NODE_TYPE })), flows };
}
