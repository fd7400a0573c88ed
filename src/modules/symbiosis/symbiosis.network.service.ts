import type { Executor } from '../../db/database';
import { errors } from '../../platform/errors';
import { systemServiceContext } from '../../platform/viewer';
import { listStreams } from '../byproducts';
import { contractFlows } from '../exchange';
import { findOrganisation, findPark, findParkByCode, listOrganisations, listSites } from '../organisations';
import type { ParkRef } from './symbiosis.policy';
import * as repo from './symbiosis.repository';
import type { CityNodeKind, CityNodeRow, FlowBasis, FlowKind } from './symbiosis.tables';

/**
 * A park's symbiosis network for one year, built from what the platform holds: firms of the
 * park on their sites, the city and utility nodes, planned by-product flows (exchange contracts'
 * planned deliveries, and the rest of each declared stream going to its current handling),
 * actual flows (deliveries recorded on contracts, and manifests once they exist: see
 * `manifestFlows`), and the energy, water and material flows the park declared. No policy here:
 * the services decide what a viewer sees of it.
 */

export type NodeKind = 'firm' | CityNodeKind;
export interface NetworkNode {
  /** `org:<uuid>` or `node:<uuid>`. */
  id: string;
  kind: NodeKind;
  /** The organisation type of a firm; null for city nodes. */
  organisationType: string | null;
  organisationId: string | null;
  code: string | null;
  nameZh: string;
  nameEn: string;
  lat: number | null;
  lon: number | null;
  /** false: a partner firm outside the park (the outside for the figures, drawn for orientation). */
  inside: boolean;
}

export type FlowSource = 'contract' | 'stream-declaration' | 'declared' | 'manifest';
export interface NetworkFlow {
  /** null = the outside of the park. */
  from: string | null;
  to: string | null;
  kind: FlowKind;
  basis: FlowBasis;
  quantity: number;
  /** What flows or how it is handled: a composition class, a handling id, `steam`, `reuse-water`… */
  carrier: string;
  source: FlowSource;
  streamId: string | null;
  /** 元 per tonne agreed on the contract, when it has one price. */
  pricePerTonne: number | null;
}

export interface ParkNetwork {
  park: ParkRef & { code: string; nameZh: string; nameEn: string };
  year: number;
  nodes: NetworkNode[];
  flows: NetworkFlow[];
  /** Each firm's stop threshold and sharing (defaults where not set). */
  settings: Map<string, { stopThreshold: number; shareWithOtherParks: boolean }>;
  /** Streams of the park's firms: the gaps and cascades need their classes and handling costs. */
  streams: Awaited<ReturnType<typeof listStreams>>['rows'];
}

export const UNITS: Record<FlowKind, string> = { material: 't', energy: 'MWh', water: 'm³' };
export const DEFAULT_STOP_THRESHOLD = 0.5;
const FIRM_TYPES = new Set(['manufacturer', 'utilizer', 'service-provider']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const internal = systemServiceContext('symbiosis');

export const orgNode = (organisationId: string) => `org:${organisationId}`;
export const cityNode = (nodeId: string) => `node:${nodeId}`;

/** The park by id or code; 404 when unknown. */
export async function resolvePark(db: Executor, idOrCode: string): Promise<ParkNetwork['park']> {
  const park = UUID.test(idOrCode) ? await findPark(db, idOrCode) : await findParkByCode(db, idOrCode);
  if (!park) throw errors.notFound('Park', idOrCode);
  return { parkId: park.id, regionCode: park.region_code, code: park.code, nameZh: park.name_zh, nameEn: park.name_en };
}

/**
 * Actual flows from electronic manifests: the seam for the manifests module (issue 13), which is
 * being written. Until it exports its shipped tonnes per consignor, consignee and period, actual
 * flows are the deliveries recorded on exchange contracts.
 */
async function manifestFlows(_db: Executor, _park: ParkRef, _year: number): Promise<NetworkFlow[]> {
  return [];
}

/** The city node kind that takes a stream's remainder under its current handling (discharge: liquids only). */
const HANDLING_NODE: Partial<Record<string, CityNodeKind>> = { landfill: 'landfill', incineration: 'incinerator', 'harmless-treatment': 'kiln-co-processing' };

/** Where a stream's remainder goes under its current handling: a city node of that kind, else the outside. */
function handlingDestination(handling: string | null, state: string, cityNodes: readonly CityNodeRow[]): string | null {
  const kind = handling === 'discharge' ? (state === 'liquid' ? 'sewage-works' : undefined) : handling === null ? undefined : HANDLING_NODE[handling];
  const node = kind === undefined ? undefined : cityNodes.find((n) => n.kind === kind);
  return node ? cityNode(node.id) : null;
}

export async function buildParkNetwork(db: Executor, park: ParkNetwork['park'], year: number): Promise<ParkNetwork> {
  const [{ rows: orgs }, cities, declared, { rows: streams }] = await Promise.all([
    listOrganisations(db, { parkId: park.parkId }, 1000, 0),
    repo.cityNodesOf(db, park),
    repo.declaredFlows(db, park.parkId, year),
    listStreams(db, internal, { park: park.parkId, limit: 1000, offset: 0 }),
  ]);
  const firms = orgs.filter((o) => FIRM_TYPES.has(o.type));
  const nodes = new Map<string, NetworkNode>();
  const addFirm = async (org: { id: string; type: string; code: string; name_zh: string; name_en: string }, inside: boolean) => {
    const site = (await listSites(db, org.id))[0];
    nodes.set(orgNode(org.id), {
      id: orgNode(org.id),
      kind: 'firm',
      organisationType: org.type,
      organisationId: org.id,
      code: org.code,
      nameZh: org.name_zh,
      nameEn: org.name_en,
      lat: site ? Number(site.latitude) : null,
      lon: site ? Number(site.longitude) : null,
      inside,
    });
  };
  for (const f of firms) await addFirm(f, true);
  for (const c of cities) {
    nodes.set(cityNode(c.id), { id: cityNode(c.id), kind: c.kind, organisationType: null, organisationId: null, code: null, nameZh: c.name_zh, nameEn: c.name_en, lat: Number(c.latitude), lon: Number(c.longitude), inside: true });
  }

  const flows: NetworkFlow[] = [];
  const contracted = await contractFlows(db, { organisationIds: firms.map((f) => f.id), from: `${year}-01-01`, to: `${year}-12-31` });
  const plannedFromStream = new Map<string, number>();
  for (const c of contracted) {
    for (const id of [c.fromOrganisationId, c.toOrganisationId]) {
      if (!nodes.has(orgNode(id))) {
        const org = await findOrganisation(db, id);
        if (org) await addFirm(org, false);
      }
    }
    const base = { from: orgNode(c.fromOrganisationId), to: orgNode(c.toOrganisationId), kind: 'material' as const, carrier: c.class ?? 'by-product', source: 'contract' as const, streamId: c.streamId, pricePerTonne: c.pricePerTonne };
    if (c.plannedTonnes > 0) flows.push({ ...base, basis: 'planned', quantity: c.plannedTonnes });
    if (c.deliveredTonnes > 0) flows.push({ ...base, basis: 'actual', quantity: c.deliveredTonnes });
    if (c.streamId) plannedFromStream.set(c.streamId, (plannedFromStream.get(c.streamId) ?? 0) + c.plannedTonnes);
  }
  // The part of each declared stream no contract takes goes where the firm handles it today.
  for (const s of streams) {
    const rest = Number(s.tonnes_per_year) - (plannedFromStream.get(s.id) ?? 0);
    if (rest <= 1e-9 || !nodes.has(orgNode(s.organisation_id))) continue;
    flows.push({
      from: orgNode(s.organisation_id),
      to: handlingDestination(s.current_handling, s.state, cities),
      kind: 'material',
      basis: 'planned',
      quantity: rest,
      carrier: s.current_handling ?? 'unknown',
      source: 'stream-declaration',
      streamId: s.id,
      pricePerTonne: null,
    });
  }
  for (const d of declared) {
    const end = (org: string | null, node: string | null) => (org ? orgNode(org) : node ? cityNode(node) : null);
    flows.push({ from: end(d.from_organisation_id, d.from_node_id), to: end(d.to_organisation_id, d.to_node_id), kind: d.kind, basis: d.basis, quantity: Number(d.quantity), carrier: d.carrier, source: 'declared', streamId: null, pricePerTonne: null });
  }
  flows.push(...(await manifestFlows(db, park, year)));

  const stored = await repo.firmSettings(db, firms.map((f) => f.id));
  const settings = new Map(firms.map((f) => [f.id, stored.get(f.id) ?? { stopThreshold: DEFAULT_STOP_THRESHOLD, shareWithOtherParks: false }]));
  return { park, year, nodes: [...nodes.values()], flows, settings, streams };
}
