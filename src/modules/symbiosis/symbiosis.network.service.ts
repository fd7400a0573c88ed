import type { Executor } from '../../db/database';
import { errors } from '../../platform/errors';
import { systemServiceContext } from '../../platform/viewer';
import { advise, classify, currentPathways, listStreams, toEngineStream } from '../byproducts';
import { contractFlows } from '../exchange';
import { manifestFlows as shippedFlows } from '../manifests';
import { findOrganisation, findPark, findParkByCode, listOrganisations, listSites } from '../organisations';
import type { ParkRef } from './symbiosis.policy';
import * as repo from './symbiosis.repository';
import type { CityNodeKind, CityNodeRow, FlowBasis, FlowKind, FlowMode } from './symbiosis.tables';

/**
 * A park's symbiosis network for one year, built from what the platform holds: firms of the
 * park on their sites, the city and utility nodes, planned by-product flows (exchange contracts'
 * planned deliveries, and the rest of each declared stream going to its current handling),
 * actual flows (received tonnes on manifests; deliveries recorded on contracts that no manifest
 * ships under), and the energy, water and material flows the park declared. No policy here:
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
  /** 元 per tonne the by-product earns its sender: the price when the receiver pays, minus it when the sender pays. */
  valuePerTonne: number | null;
  /** The herb of the stream, when the flow belongs to one. */
  herb: string | null;
  /** The composition class of the stream (the contract's, else the stream's first). */
  class: string | null;
  /** The recycling mode a receiver applies (the advisor's best pathway for the stream), `disposal`, or null (energy, water, unknown). */
  mode: FlowMode | null;
}

/** Handlings that end a material's life (the byproducts module's disposal handlings). */
export const DISPOSAL_HANDLINGS: ReadonlySet<string> = new Set(['landfill', 'incineration', 'discharge', 'harmless-treatment']);

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

interface StreamFacts {
  herb: string | null;
  class: string | null;
  mode: FlowMode | null;
}

/** Herb, first composition class and the advisor's best recycling mode of each stream. */
async function streamFacts(db: Executor, streams: ParkNetwork['streams']): Promise<Map<string, StreamFacts>> {
  const facts = new Map<string, StreamFacts>();
  if (streams.length === 0) return facts;
  const pathways = await currentPathways(db);
  for (const s of streams) {
    const engine = toEngineStream(s);
    const best = advise(engine, pathways).options[0];
    facts.set(s.id, { herb: s.herb, class: classify(engine).classes[0]?.class ?? null, mode: best ? best.mode : null });
  }
  return facts;
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
  const ids = firms.map((f) => f.id);
  const [contracted, shipped, facts] = await Promise.all([
    contractFlows(db, { organisationIds: ids, from: `${year}-01-01`, to: `${year}-12-31` }),
    shippedFlows(db, { organisationIds: ids, year }),
    streamFacts(db, streams),
  ]);
  const ensureFirm = async (id: string) => {
    if (nodes.has(orgNode(id))) return;
    const org = await findOrganisation(db, id);
    if (org) await addFirm(org, false);
  };
  const factsOf = (streamId: string | null, cls: string | null): StreamFacts => {
    const f = streamId ? facts.get(streamId) : undefined;
    return { herb: f?.herb ?? null, class: cls ?? f?.class ?? null, mode: f?.mode ?? null };
  };
  // A contract shipped under manifests has its actual tonnes from them: the signed receipt, not
  // the delivery recorded on the contract, so the same load is not counted twice.
  const manifested = new Set(shipped.map((m) => m.contractId).filter((id): id is string => id !== null));
  const byContract = new Map(contracted.map((c) => [c.contractId, c]));
  const plannedFromStream = new Map<string, number>();
  for (const c of contracted) {
    await ensureFirm(c.fromOrganisationId);
    await ensureFirm(c.toOrganisationId);
    const valuePerTonne = c.pricePerTonne === null ? null : c.pricePayer === 'buyer' ? c.pricePerTonne : -c.pricePerTonne;
    const base = { from: orgNode(c.fromOrganisationId), to: orgNode(c.toOrganisationId), kind: 'material' as const, carrier: c.class ?? 'by-product', source: 'contract' as const, streamId: c.streamId, pricePerTonne: c.pricePerTonne, valuePerTonne, ...factsOf(c.streamId, c.class) };
    if (c.plannedTonnes > 0) flows.push({ ...base, basis: 'planned', quantity: c.plannedTonnes });
    if (c.deliveredTonnes > 0 && !manifested.has(c.contractId)) flows.push({ ...base, basis: 'actual', quantity: c.deliveredTonnes });
    if (c.streamId) plannedFromStream.set(c.streamId, (plannedFromStream.get(c.streamId) ?? 0) + c.plannedTonnes);
  }
  for (const m of shipped) {
    await ensureFirm(m.generatorId);
    await ensureFirm(m.receiverId);
    const c = m.contractId ? byContract.get(m.contractId) : undefined;
    const valuePerTonne = !c || c.pricePerTonne === null ? null : c.pricePayer === 'buyer' ? c.pricePerTonne : -c.pricePerTonne;
    flows.push({
      from: orgNode(m.generatorId),
      to: orgNode(m.receiverId),
      kind: 'material',
      basis: 'actual',
      quantity: m.tonnes,
      carrier: c?.class ?? 'by-product',
      source: 'manifest',
      streamId: c?.streamId ?? null,
      pricePerTonne: c?.pricePerTonne ?? null,
      valuePerTonne,
      ...factsOf(c?.streamId ?? null, c?.class ?? null),
    });
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
      valuePerTonne: null,
      ...factsOf(s.id, null),
      mode: s.current_handling !== null && DISPOSAL_HANDLINGS.has(s.current_handling) ? 'disposal' : null,
    });
  }
  for (const d of declared) {
    const end = (org: string | null, node: string | null) => (org ? orgNode(org) : node ? cityNode(node) : null);
    flows.push({ from: end(d.from_organisation_id, d.from_node_id), to: end(d.to_organisation_id, d.to_node_id), kind: d.kind, basis: d.basis, quantity: Number(d.quantity), carrier: d.carrier, source: 'declared', streamId: null, pricePerTonne: null, valuePerTonne: null, herb: null, class: null, mode: null });
  }

  const stored = await repo.firmSettings(db, firms.map((f) => f.id));
  const settings = new Map(firms.map((f) => [f.id, stored.get(f.id) ?? { stopThreshold: DEFAULT_STOP_THRESHOLD, shareWithOtherParks: false }]));
  return { park, year, nodes: [...nodes.values()], flows, settings, streams };
}
