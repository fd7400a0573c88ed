import type { z } from 'zod';
import type { ContractView, deliveryView, MatchRunView, ProposalView } from './exchange.deals.schema';
import type { AttachmentMeta, DemandWithOwner, ListingWithOwner, StandardRow } from './exchange.repository';
import type { ContractWithNames, DeliveryWithOrg, PartyRow, ProposalWithParties } from './exchange.deals.repository';
import type { DemandView, ListingView, OrgRefView } from './exchange.market.schema';

type DeliveryView = z.infer<typeof deliveryView>;

/**
 * Rows → views. What a viewer may see was decided by the services (policy); the presenter only
 * leaves out what the flags say: the firm and the exact place of an anonymised offer, the
 * confidential parts of a listing. Anonymised places are rounded to 0.1° (about 10 km) and
 * shown with the firm's county; distances to them are rounded to 10 km.
 */

const num = (v: string | number | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : d);
const roundTo = (v: number, step: number) => Math.round(v / step) * step;

export function orgRef(id: string, code: string, nameZh: string, nameEn: string): OrgRefView {
  return { id, code, nameZh, nameEn, creditGrade: null };
}

export interface ListingAccess {
  /** The firm and the exact place are shown (not anonymised, or the viewer may know them). */
  revealed: boolean;
  /** Stream, assays and files (the firm and those who oversee it). */
  confidential: boolean;
  mine: boolean;
}

export function presentListing(row: ListingWithOwner, access: ListingAccess, attachments: readonly AttachmentMeta[]): ListingView {
  const anonymised = row.visibility === 'anonymised' && !access.revealed;
  const lat = Number(row.latitude);
  const lon = Number(row.longitude);
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    class: row.class as ListingView['class'],
    herb: row.herb,
    part: row.part,
    residue: row.residue,
    quantityKind: row.quantity_kind,
    tonnes: Number(row.tonnes),
    committedTonnes: Number(row.committed),
    windowStart: row.window_start,
    windowEnd: row.window_end,
    grade: row.grade,
    gradeSource: row.grade_source,
    grading: (row.grading as ListingView['grading']) ?? null,
    reservePrice: num(row.reserve_price),
    deliveryTerms: row.delivery_terms,
    loadType: row.load_type,
    visibility: row.visibility,
    status: row.status,
    note: row.note,
    organisation: anonymised ? null : orgRef(row.organisation_id, row.organisation_code, row.organisation_name_zh, row.organisation_name_en),
    siteName: anonymised ? null : row.site_name,
    place: {
      lat: anonymised ? roundTo(lat, 0.1) : lat,
      lon: anonymised ? roundTo(lon, 0.1) : lon,
      regionCode: row.region_code,
      regionZh: row.region_zh,
      regionEn: row.region_en,
      precision: anonymised ? 'county' : 'site',
    },
    anonymised,
    mine: access.mine,
    stream: access.confidential ? { id: row.stream_id, code: row.stream_code, name: row.stream_name } : null,
    assays: access.confidential ? row.assays : null,
    attachments: access.confidential ? attachments.map(presentAttachment) : null,
    delegationId: access.confidential ? row.delegation_id : null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function presentAttachment(a: AttachmentMeta) {
  return { id: a.id, kind: a.kind, fileName: a.file_name, mediaType: a.media_type, sizeBytes: a.size_bytes, sha256: a.sha256, createdAt: iso(a.created_at) };
}

export function presentDemand(row: DemandWithOwner, mine: boolean, confidential: boolean): DemandView {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    accepts: row.accepts as DemandView['accepts'],
    herbs: row.herbs,
    parts: row.parts,
    residues: row.residues,
    minGrade: row.min_grade,
    prices: { A: num(row.price_a), B: num(row.price_b), C: num(row.price_c) },
    capacityPerMonth: Number(row.capacity_per_month),
    committedPerMonth: Number(row.committed),
    maxDistanceKm: Number(row.max_distance_km),
    windowStart: row.window_start,
    windowEnd: row.window_end,
    status: row.status,
    note: row.note,
    organisation: orgRef(row.organisation_id, row.organisation_code, row.organisation_name_zh, row.organisation_name_en),
    siteName: row.site_name,
    place: { lat: Number(row.latitude), lon: Number(row.longitude), regionCode: row.region_code, regionZh: row.region_zh, regionEn: row.region_en, precision: 'site' },
    mine,
    delegationId: confidential ? row.delegation_id : null,
    createdAt: iso(row.created_at),
    closedAt: row.closed_at ? iso(row.closed_at) : null,
  };
}

export function presentStandard(row: StandardRow) {
  return { class: row.class as never, version: row.version, criteria: row.criteria, note: row.note, createdAt: iso(row.created_at) };
}

export function presentRun(row: RunRow, superseded: number): MatchRunView {
  return {
    id: row.id,
    kind: row.kind,
    parkId: row.park_id,
    regionCode: row.region_code,
    transport: row.transport,
    objective: Number(row.objective),
    listings: row.listings,
    demands: row.demands,
    eligiblePairs: row.eligible_pairs,
    proposals: row.proposals,
    superseded,
    durationMs: row.duration_ms,
    createdAt: iso(row.created_at),
  };
}

export interface RunRow {
  id: string;
  kind: 'match' | 'reoptimise';
  park_id: string | null;
  region_code: string | null;
  transport: MatchRunView['transport'];
  objective: string;
  listings: number;
  demands: number;
  eligible_pairs: number;
  proposals: number;
  duration_ms: number;
  created_at: Date;
}

/** Titles of the listings and demands an explanation names as partners, by code. */
export type PartnerTitles = ReadonlyMap<string, string>;

export function presentProposal(row: ProposalWithParties, viewerOrganisationId: string | null, revealSeller: boolean, titles: PartnerTitles): ProposalView {
  const anonymised = row.listing_visibility === 'anonymised' && !revealSeller;
  const tonnes = Number(row.tonnes);
  const value = Number(row.value_per_tonne);
  const distance = Number(row.distance_km);
  const myRoles: ProposalView['myRoles'] = [];
  if (viewerOrganisationId === row.seller_organisation_id) myRoles.push('seller');
  if (viewerOrganisationId === row.buyer_organisation_id) myRoles.push('buyer');
  const alt = row.alternative;
  return {
    id: row.id,
    runId: row.run_id,
    status: row.status,
    listing: { id: row.listing_id, code: row.listing_code, title: row.listing_title, class: row.listing_class as ProposalView['listing']['class'], quantityKind: row.listing_kind, windowStart: row.listing_window_start, windowEnd: row.listing_window_end },
    demand: { id: row.demand_id, code: row.demand_code, title: row.demand_title },
    seller: anonymised ? null : orgRef(row.seller_organisation_id, row.seller_code, row.seller_name_zh, row.seller_name_en),
    buyer: orgRef(row.buyer_organisation_id, row.buyer_code, row.buyer_name_zh, row.buyer_name_en),
    tonnes,
    per: row.listing_kind === 'monthly' ? 'month' : 'lot',
    grade: row.grade,
    priceOffered: Number(row.price_offered),
    reservePrice: num(row.reserve_price),
    distanceKm: anonymised ? roundTo(distance, 10) : distance,
    distanceRounded: anonymised,
    transportCostPerTonne: Number(row.transport_cost_per_tonne),
    valuePerTonne: value,
    valueTotal: value * tonnes,
    suggestedPrice: Number(row.suggested_price),
    alternative: {
      objective: alt.objective,
      valueLost: Math.max(0, alt.valueLost),
      listingPartners: alt.listingPartners.map((p) => ({ code: p.demand, title: titles.get(p.demand) ?? null, tonnes: p.tonnes })),
      demandPartners: alt.demandPartners.map((p) => ({ code: p.listing, title: titles.get(p.listing) ?? null, tonnes: p.tonnes })),
    },
    sellerDecision: row.seller_decision,
    buyerDecision: row.buyer_decision,
    myRoles,
    contractId: row.contract_id,
    createdAt: iso(row.created_at),
  };
}

export function presentDelivery(d: DeliveryWithOrg): DeliveryView {
  return {
    id: d.id,
    seq: d.seq,
    from: orgRef(d.from_organisation_id, d.code, d.name_zh, d.name_en),
    plannedOn: d.planned_on,
    plannedTonnes: Number(d.planned_tonnes),
    status: d.status,
    deliveredOn: d.delivered_on,
    deliveredTonnes: num(d.delivered_tonnes),
    manifestId: d.manifest_id,
  };
}

export function presentContract(row: ContractWithNames, parties: readonly PartyRow[], deliveries: readonly DeliveryWithOrg[] | null): ContractView {
  const view: ContractView = {
    id: row.id,
    number: row.number,
    kind: row.kind,
    source: row.source,
    status: row.status,
    seller: row.seller_organisation_id && row.seller_code ? orgRef(row.seller_organisation_id, row.seller_code, row.seller_name_zh ?? '', row.seller_name_en ?? '') : null,
    buyer: orgRef(row.buyer_organisation_id, row.buyer_code, row.buyer_name_zh, row.buyer_name_en),
    parties: parties
      .filter((p) => p.contract_id === row.id)
      .map((p) => ({ organisation: orgRef(p.organisation_id, p.code, p.name_zh, p.name_en), tonnesPerMonth: Number(p.tonnes_per_month), loopBack: p.loop_back, streamCode: p.stream_code })),
    class: row.class as ContractView['class'],
    grade: row.grade,
    tonnes: Number(row.tonnes),
    pricePerTonne: num(row.price_per_tonne),
    priceSchedule: row.price_schedule ?? null,
    pricePayer: row.price_payer,
    deliveryTerms: row.delivery_terms,
    loadType: row.load_type,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    terms: row.terms,
    loopBack: row.loop_back,
    loopProduct: row.loop_product,
    listing: row.listing_id && row.listing_code ? { id: row.listing_id, code: row.listing_code, title: row.listing_title ?? '' } : null,
    demand: row.demand_id && row.demand_code ? { id: row.demand_id, code: row.demand_code, title: row.demand_title ?? '' } : null,
    proposalId: row.proposal_id,
    auctionId: row.auction_id,
    deliveries: (deliveries ?? []).map(presentDelivery),
    totals: { plannedTonnes: Number(row.planned_tonnes), deliveredTonnes: Number(row.delivered_tonnes), deliveries: row.deliveries, delivered: row.delivered },
    delegationId: row.delegation_id,
    createdAt: iso(row.created_at),
  };
  return view;
}
