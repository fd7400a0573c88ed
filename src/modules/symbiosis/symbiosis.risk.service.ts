import type { Executor } from '../../db/database';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { type ServiceContext, systemServiceContext } from '../../platform/viewer';
import { classify, toEngineStream } from '../byproducts';
import { DEFAULT_TRANSPORT, listDemands, listListings, roadDistanceKm } from '../exchange';
import { listParks, parksOfOrganisations } from '../organisations';
import { findHerbByName, herbUsers, ownedFormulaCounts, productMakers } from '../supply';
import { type BrokenFlow, type CascadeNetwork, cascade, criticality, DEFAULT_STOP_THRESHOLD, priceFallStops } from './engine';
import { currentYear, parkView } from './symbiosis.map.service';
import { buildParkNetwork, type NetworkNode, type ParkNetwork, resolvePark } from './symbiosis.network.service';
import { symbiosisPolicy } from './symbiosis.policy';
import * as repo from './symbiosis.repository';
import type { StopView } from './symbiosis.schema';

/**
 * "Firm stops" cascades and criticality (issue 14) on a park's planned by-product network for a
 * year: firms of the park with their stop thresholds; flows between them and to the outside
 * (city nodes and partners outside the park count as the outside), each with the sending
 * stream's current handling cost. Alternatives for every outlet lost come from the exchange's
 * open demands that accept the stream's class, ranked by delivered value (the demand's price
 * less the road transport cost per tonne), the park's own and other parks' alike (federation:
 * a firm of another park is named only when it shares with other parks, else only its park is
 * shown). Shocks come through the supply module: a herb shortage halts the park's manufacturers
 * whose own formulas use the herb, a price fall of a product halts the park's makers of it whose
 * lost share of revenue exceeds their stop threshold. Nothing is stored.
 */

const internal = systemServiceContext('symbiosis');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function cascadeNetworkOf(network: ParkNetwork): CascadeNetwork {
  const firms = network.nodes.filter((n) => n.inside && n.kind === 'firm' && n.organisationId !== null);
  const ids = new Set(firms.map((n) => n.id));
  const cost = new Map(network.streams.map((s) => [s.id, s.handling_cost_per_tonne === null ? 0 : Number(s.handling_cost_per_tonne)]));
  const material = network.flows.filter((f) => f.kind === 'material' && f.basis === 'planned');
  const end = (id: string | null) => (id !== null && ids.has(id) ? id : null);
  return {
    firms: firms.map((n) => ({ id: n.id, threshold: network.settings.get(n.organisationId!)?.stopThreshold ?? 0.5 })),
    flows: material
      .filter((f) => end(f.from) !== null || end(f.to) !== null)
      .map((f) => ({ from: end(f.from), to: end(f.to), tonnes: f.quantity, handlingCostPerTonne: f.streamId ? (cost.get(f.streamId) ?? 0) : 0, ...(f.streamId ? { stream: f.streamId } : {}) })),
  };
}

const firmRef = (n: NetworkNode | undefined, id: string) => ({ id: n?.organisationId ?? id, code: n?.code ?? '', nameZh: n?.nameZh ?? '', nameEn: n?.nameEn ?? '' });

async function parkForAnalysis(db: Executor, ctx: ServiceContext, parkText: string, year: number) {
  const park = await resolvePark(db, parkText);
  permit(ctx.viewer, symbiosisPolicy.analysePark(ctx.viewer, park), 'Cascades and criticality name firms: for the park administration, regulators of the region and platform admins.');
  return buildParkNetwork(db, park, year);
}

/** How far a replacement supply may come from (km by road): the exchange's demands carry their own limit. */
const SUPPLY_RADIUS_KM = 150;
const MAX_OPTIONS = 5;

/**
 * For every affected stream, the exchange's open offers that could take its place, best
 * delivered value first: demands for a lost outlet, listings for a lost input.
 */
async function alternativesFor(db: Executor, network: ParkNetwork, broken: readonly BrokenFlow[], stopped: ReadonlySet<string>): Promise<StopView['alternatives']> {
  if (broken.length === 0) return [];
  const byId = new Map(network.nodes.map((n) => [n.id, n]));
  const streams = new Map(network.streams.map((s) => [s.id, s]));
  const [{ items: demands }, { items: listings }] = await Promise.all([
    listDemands(db, internal, { status: 'open', limit: 500, offset: 0 }),
    listListings(db, internal, { status: 'open', limit: 500, offset: 0 }),
  ]);
  const grouped = new Map<string, { lost: 'outlet' | 'input'; firm: string; stream: string | null; tonnes: number }>();
  for (const b of broken) {
    const firm = b.lost === 'outlet' ? b.from : b.to;
    const key = `${b.lost}|${firm}|${b.stream ?? ''}`;
    const g = grouped.get(key) ?? { lost: b.lost, firm, stream: b.stream, tonnes: 0 };
    g.tonnes += b.tonnes;
    grouped.set(key, g);
  }
  const stoppedOrg = (orgId: string | undefined) => orgId !== undefined && stopped.has(`org:${orgId}`);
  // Federation: the park of every offering firm, and whether a firm of another park shares.
  const parks = new Map((await listParks(db)).map((p) => [p.id, { code: p.code, nameZh: p.name_zh, nameEn: p.name_en }]));
  const offerOrgs = [...new Set([...demands.map((d) => d.organisation.id), ...listings.flatMap((l) => (l.organisation ? [l.organisation.id] : []))])];
  const [parkOf, sharing] = await Promise.all([parksOfOrganisations(db, offerOrgs), repo.firmSettings(db, offerOrgs)]);
  const place = <T extends { id: string } | null>(org: T) => {
    if (org === null) return { counterpart: null, park: null, otherPark: false };
    const parkId = parkOf.get(org.id) ?? null;
    const otherPark = parkId !== network.park.parkId;
    const shown = !otherPark || sharing.get(org.id)?.shareWithOtherParks === true;
    return { counterpart: shown ? org : null, park: parkId === null ? null : (parks.get(parkId) ?? null), otherPark };
  };
  return [...grouped.values()].map((g) => {
    const node = byId.get(g.firm);
    const row = g.stream ? streams.get(g.stream) : undefined;
    const cls = row ? (classify(toEngineStream(row)).classes[0]?.class ?? null) : null;
    const load = row?.state === 'liquid' ? 'liquid' : 'bulk';
    const here = node && node.lat !== null && node.lon !== null ? { lat: node.lat, lon: node.lon } : null;
    const route = (lat: number, lon: number) => {
      const distanceKm = roadDistanceKm(here!.lat, here!.lon, lat, lon, DEFAULT_TRANSPORT.roadFactor);
      return { distanceKm, transportCostPerTonne: distanceKm * DEFAULT_TRANSPORT.costPerTonneKm[load] };
    };
    let options: StopView['alternatives'][number]['options'] = [];
    if (here && cls !== null && g.lost === 'outlet') {
      options = demands
        .filter((d) => (d.accepts as readonly string[]).includes(cls) && !stoppedOrg(d.organisation.id) && d.organisation.id !== node?.organisationId)
        .flatMap((d) => {
          const price = d.prices.B ?? d.prices.C ?? d.prices.A;
          const r = route(d.place.lat, d.place.lon);
          if (price === null || r.distanceKm > d.maxDistanceKm) return [];
          return [{ offerId: d.id, offer: 'demand' as const, title: d.title, ...place(d.organisation), distanceKm: r.distanceKm, pricePerTonne: price, transportCostPerTonne: r.transportCostPerTonne, deliveredValuePerTonne: price - r.transportCostPerTonne }];
        });
    } else if (here && cls !== null) {
      options = listings
        .filter((l) => l.class === cls && !stoppedOrg(l.organisation?.id) && l.organisation?.id !== node?.organisationId)
        .flatMap((l) => {
          const r = route(l.place.lat, l.place.lon);
          if (r.distanceKm > SUPPLY_RADIUS_KM) return [];
          const price = l.reservePrice ?? 0;
          return [{ offerId: l.id, offer: 'listing' as const, title: l.title, ...place(l.organisation), distanceKm: r.distanceKm, pricePerTonne: price, transportCostPerTonne: r.transportCostPerTonne, deliveredValuePerTonne: -(price + r.transportCostPerTonne) }];
        });
    }
    options.sort((a, b) => b.deliveredValuePerTonne - a.deliveredValuePerTonne);
    return { lost: g.lost, firm: firmRef(node, g.firm), streamId: g.stream, streamName: row?.name ?? null, class: cls, tonnes: g.tonnes, options: options.slice(0, MAX_OPTIONS) };
  });
}

export interface StopBody {
  firms: string[];
  herbShortage?: { herb: string } | undefined;
  priceFall?: { product: string; fall: number } | undefined;
  year?: number | undefined;
}

/**
 * The firms each shock halts, through the supply module's formulas owned by the park's firms: a
 * herb shortage halts every maker whose formulas use the herb; a price fall halts the makers of
 * the product whose lost share of revenue exceeds their stop threshold (engine `priceFallStops`),
 * the others run on (`spared`, with the same figures).
 */
async function shocksOf(db: Executor, network: ParkNetwork, body: StopBody): Promise<StopView['shocks']> {
  const firms = network.nodes.filter((n) => n.inside && n.kind === 'firm' && n.organisationId !== null);
  const ids = firms.map((n) => n.organisationId!);
  const byOrg = new Map(firms.map((n) => [n.organisationId!, n]));
  const threshold = (org: string) => network.settings.get(org)?.stopThreshold ?? DEFAULT_STOP_THRESHOLD;
  const shockFirm = (u: Awaited<ReturnType<typeof herbUsers>>[number], lostRevenueShare: number | null) => ({
    ...firmRef(byOrg.get(u.organisationId), u.organisationId),
    formulas: u.formulas.map((f) => f.code),
    lostRevenueShare,
    threshold: threshold(u.organisationId),
  });
  const shocks: StopView['shocks'] = [];
  if (body.herbShortage) {
    const herb = await findHerbByName(db, body.herbShortage.herb);
    if (!herb) throw errors.validation('Unknown herb.', [{ field: 'herbShortage.herb', message: `no herb "${body.herbShortage.herb}"`, code: 'symbiosis.unknownHerb' }]);
    shocks.push({ kind: 'herb-shortage', subject: herb.nameZh, halted: (await herbUsers(db, herb.id, ids)).map((u) => shockFirm(u, null)), spared: [] });
  }
  if (body.priceFall) {
    const { product, fall } = body.priceFall;
    const makers = await productMakers(db, product, ids);
    const owned = await ownedFormulaCounts(db, makers.map((m) => m.organisationId));
    const outcomes = priceFallStops(
      makers.map((m) => ({ firm: m.organisationId, productFormulas: m.formulas.length, ownedFormulas: owned.get(m.organisationId) ?? m.formulas.length, threshold: threshold(m.organisationId) })),
      fall,
    );
    const rows = makers.map((m, k) => shockFirm(m, outcomes[k]!.lostRevenueShare));
    shocks.push({ kind: 'price-fall', subject: product, halted: rows.filter((_, k) => outcomes[k]!.stops), spared: rows.filter((_, k) => !outcomes[k]!.stops) });
  }
  return shocks;
}

export async function stopFirms(db: Executor, ctx: ServiceContext, parkText: string, body: StopBody): Promise<StopView> {
  const year = body.year ?? currentYear();
  const network = await parkForAnalysis(db, ctx, parkText, year);
  const byId = new Map(network.nodes.map((n) => [n.id, n]));
  const chosen = body.firms.map((text, k) => {
    const node = network.nodes.find((n) => n.inside && n.kind === 'firm' && (UUID.test(text) ? n.organisationId === text : n.code === text));
    if (!node) throw errors.validation('Not a firm of this park.', [{ field: `firms[${k}]`, message: `${text} is not a firm of this park`, code: 'symbiosis.notInPark' }]);
    return node.id;
  });
  const shocks = await shocksOf(db, network, body);
  const stop = [...new Set([...chosen, ...shocks.flatMap((s) => s.halted.map((f) => `org:${f.id}`))])];
  const result = cascade(cascadeNetworkOf(network), { stop });
  const stopped = new Set(result.stopped);

  const alternatives = await alternativesFor(db, network, result.brokenFlows, stopped);
  return {
    park: parkView(network.park),
    year,
    shocks,
    stopped: result.stopped.map((id) => firmRef(byId.get(id), id)),
    displacedTonnes: result.displacedTonnes,
    extraDisposalCost: result.extraDisposalCost,
    affected: result.affected.map((a) => ({ firm: firmRef(byId.get(a.firm), a.firm), lostOutletT: a.lostOutletT, lostInputT: a.lostInputT, stopped: stopped.has(a.firm) })),
    alternatives,
  };
}

export async function parkCriticality(db: Executor, ctx: ServiceContext, parkText: string, year: number = currentYear()) {
  const network = await parkForAnalysis(db, ctx, parkText, year);
  const byId = new Map(network.nodes.map((n) => [n.id, n]));
  const result = criticality(cascadeNetworkOf(network));
  const exposure = new Map(result.exposure.map((e) => [e.firm, e]));
  return {
    park: parkView(network.park),
    year,
    items: result.ranking.map((r) => ({
      firm: firmRef(byId.get(r.firm), r.firm),
      displacedTonnes: r.displacedTonnes,
      extraDisposalCost: r.extraDisposalCost,
      stoppedCount: r.stoppedFirms,
      exposure: exposure.get(r.firm)?.totalExtraDisposalCost ?? 0,
    })),
  };
}
