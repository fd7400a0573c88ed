import type { Executor } from '../../db/database';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { listParks } from '../organisations';
import { type ChainFlow, chainFigures, flowChains, networkFigures } from './engine';
import { buildParkNetwork, DISPOSAL_HANDLINGS, type NetworkFlow, type NetworkNode, type ParkNetwork, resolvePark, UNITS } from './symbiosis.network.service';
import { type ParkAccess, parkAccess, symbiosisPolicy } from './symbiosis.policy';
import type { MapQuery, MapView } from './symbiosis.schema';
import { type CityNodeKind, FLOW_BASES, FLOW_KINDS, FLOW_MODES } from './symbiosis.tables';

/** The map API: a park's network for a year as the viewer may see it, with its figures. */

const DISPOSAL = DISPOSAL_HANDLINGS;
/** City nodes that end what they receive: a flow into one is disposal under that handling. */
const DISPOSAL_NODES: Partial<Record<CityNodeKind, string>> = { landfill: 'landfill', incinerator: 'incineration', 'sewage-works': 'discharge' };

/** A flow in the chains engine's terms: disposal by its handling or by the node that receives it. */
export function chainFlowOf(network: ParkNetwork, f: NetworkFlow): ChainFlow {
  const inside = (id: string | null) => id !== null && network.nodes.some((n) => n.id === id && n.inside);
  const toKind = f.to === null ? undefined : network.nodes.find((n) => n.id === f.to)?.kind;
  const disposal = DISPOSAL.has(f.carrier) ? f.carrier : toKind !== undefined && toKind !== 'firm' ? (DISPOSAL_NODES[toKind] ?? null) : null;
  return { kind: f.kind, quantity: f.quantity, local: inside(f.to), disposal, valuePerUnit: f.valuePerTonne, mode: f.mode };
}

/** The flows the map's filters keep: herb, class and mode of the flow, and the chain it is on. */
export function filterNetwork(network: ParkNetwork, query: Omit<MapQuery, 'year'>): ParkNetwork {
  const { herb, class: cls, mode, chain } = query;
  if (herb === undefined && cls === undefined && mode === undefined && chain === undefined) return network;
  const flows = network.flows.filter(
    (f) =>
      (herb === undefined || f.herb === herb) &&
      (cls === undefined || f.class === cls) &&
      (mode === undefined || f.mode === mode) &&
      (chain === undefined || flowChains(chainFlowOf(network, f)).includes(chain)),
  );
  return { ...network, flows };
}

/** The current year in China (UTC+8), the default period. */
export function currentYear(now: Date = new Date()): number {
  return new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear();
}

export const parkView = (p: ParkNetwork['park']) => ({ id: p.parkId, code: p.code, nameZh: p.nameZh, nameEn: p.nameEn, regionCode: p.regionCode });

/** The figures of one kind and basis: the engine on the inside nodes, flows to or from others count as the outside. */
export function figuresOf(network: ParkNetwork, kind: (typeof FLOW_KINDS)[number], basis: (typeof FLOW_BASES)[number]) {
  const inside = new Set(network.nodes.filter((n) => n.inside).map((n) => n.id));
  const flows = network.flows.filter((f) => f.kind === kind && f.basis === basis);
  if (flows.length === 0) return null;
  const end = (id: string | null) => (id !== null && inside.has(id) ? id : null);
  const figures = networkFigures({
    nodes: network.nodes.filter((n) => n.inside).map((n) => ({ id: n.id, type: n.kind })),
    flows: flows.map((f) => ({ from: end(f.from), to: end(f.to), tonnes: f.quantity })),
  });
  const firms = new Set(network.nodes.filter((n) => n.inside && n.kind === 'firm').map((n) => n.id));
  let leaving = 0;
  let local = 0;
  const disposal = new Map<string, number>();
  for (const f of flows) {
    if (f.from === null || !firms.has(f.from)) continue;
    leaving += f.quantity;
    if (end(f.to) !== null) local += f.quantity;
    if (DISPOSAL.has(f.carrier)) disposal.set(f.carrier, (disposal.get(f.carrier) ?? 0) + f.quantity);
  }
  const disposed = [...disposal.values()].reduce((a, b) => a + b, 0);
  return {
    summary: {
      kind,
      basis,
      unit: UNITS[kind],
      nodes: figures.nodes,
      links: figures.links,
      connectance: figures.connectance,
      linkDensity: figures.linkDensity,
      finnCyclingIndex: figures.finnCyclingIndex,
      cycles: { count: figures.cycles.count, truncated: figures.cycles.truncated },
      totalSystemThroughflow: figures.totalSystemThroughflow,
      localOutletShare: leaving > 0 ? local / leaving : null,
      disposalMix: [...disposal.entries()].map(([handling, quantity]) => ({ handling, quantity, share: quantity / disposed })),
    },
    perNode: Object.entries(figures.perNode).map(([id, f]) => ({ id, kind, basis, ...f })),
  };
}

/**
 * What of the network a viewer sees. `full`: everything. `own`: its own node and flows, the
 * partners of those flows, city nodes and the firms that share. `aggregate`: city nodes and
 * the firms that share with other parks, and the flows among them; figures are aggregates for all.
 */
function visibleParts(network: ParkNetwork, access: ParkAccess, viewerOrg: string | null): { nodes: NetworkNode[]; flows: NetworkFlow[]; detailIds: Set<string> } {
  if (access === 'full') return { nodes: network.nodes, flows: network.flows, detailIds: new Set(network.nodes.map((n) => n.id)) };
  const shown = new Set(network.nodes.filter((n) => n.kind !== 'firm' || (n.organisationId !== null && network.settings.get(n.organisationId)?.shareWithOtherParks === true)).map((n) => n.id));
  const own = access === 'own' && viewerOrg ? `org:${viewerOrg}` : null;
  const flows = network.flows.filter((f) => {
    if (own !== null && (f.from === own || f.to === own)) return true;
    return (f.from === null || shown.has(f.from)) && (f.to === null || shown.has(f.to));
  });
  // Per-node figures (a firm's totals) only for the viewer's own node, city nodes and firms that share;
  // the partners of its own flows are drawn but their totals stay hidden.
  const detailIds = new Set(shown);
  if (own !== null) {
    detailIds.add(own);
    shown.add(own);
    for (const f of flows) for (const id of [f.from, f.to]) if (id !== null) shown.add(id);
  }
  return { nodes: network.nodes.filter((n) => shown.has(n.id)), flows, detailIds };
}

export async function parkMap(db: Executor, ctx: ServiceContext, parkText: string, year: number = currentYear(), query: Omit<MapQuery, 'year'> = {}): Promise<MapView> {
  const park = await resolvePark(db, parkText);
  permit(ctx.viewer, symbiosisPolicy.readPark(ctx.viewer, park));
  const access = parkAccess(ctx.viewer, park) ?? 'aggregate';
  const whole = await buildParkNetwork(db, park, year);
  const network = filterNetwork(whole, query);
  const viewerOrg = ctx.viewer.kind === 'actor' ? ctx.viewer.actor.organisationId : null;
  const { nodes, flows, detailIds } = visibleParts(network, access, viewerOrg);

  const figures: MapView['figures'] = [];
  const perNode: MapView['perNode'] = [];
  const totals: MapView['totals'] = [];
  for (const kind of FLOW_KINDS) {
    for (const basis of FLOW_BASES) {
      const quantity = network.flows.filter((f) => f.kind === kind && f.basis === basis).reduce((a, f) => a + f.quantity, 0);
      if (quantity > 0) totals.push({ kind, basis, unit: UNITS[kind], quantity });
      const f = figuresOf(network, kind, basis);
      if (!f) continue;
      figures.push(f.summary);
      perNode.push(...f.perNode.filter((p) => detailIds.has(p.id)));
    }
  }
  const regionParks = (await listParks(db)).filter((p) => p.region_code.slice(0, 4) === park.regionCode.slice(0, 4) && p.id !== park.parkId);
  return {
    park: parkView(park),
    year,
    access,
    nodes: nodes.map(({ organisationId: _o, ...n }) => n),
    flows: flows.map((f) => ({ from: f.from, to: f.to, kind: f.kind, basis: f.basis, quantity: f.quantity, unit: UNITS[f.kind], carrier: f.carrier, source: f.source, herb: f.herb, class: f.class, mode: f.mode, chains: flowChains(chainFlowOf(network, f)) })),
    totals,
    figures,
    perNode,
    regionParks: regionParks.map((p) => ({ id: p.id, code: p.code, nameZh: p.name_zh, nameEn: p.name_en, regionCode: p.region_code })),
    chains: FLOW_BASES.map((basis) => ({ basis, ...chainFigures(network.flows.filter((f) => f.basis === basis).map((f) => chainFlowOf(network, f))) })),
    filters: {
      applied: { herb: query.herb ?? null, class: query.class ?? null, mode: query.mode ?? null, chain: query.chain ?? null },
      herbs: distinct(whole.flows.map((f) => f.herb)),
      classes: distinct(whole.flows.map((f) => f.class)),
      modes: FLOW_MODES.filter((m) => whole.flows.some((f) => f.mode === m)),
    },
  };
}

const distinct = (values: readonly (string | null)[]): string[] => [...new Set(values.filter((v): v is string => v !== null))].sort();
