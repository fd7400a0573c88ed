import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { listStreams, toEngineStream } from '../byproducts';
import { monthlyQuantities } from '../byproducts/engine';
import { gradeLot, type GradingStandard } from './engine/grading';
import { availableForListing, chinaDate, windowDays } from './engine/listing';
import type { TransportTerms } from './engine/match';
import { planAllocation, withRoom } from './exchange.allocation';
import { bilateralSchedule } from './exchange.contracts.service';
import type { OpenDemand, OpenListing } from './exchange.deals.repository';
import * as events from './exchange.events';
import * as repo from './exchange.history.repository';
import { loadTypeOf, lotAssays, type Stream, streamClasses, windowIssues } from './exchange.listings.service';
import { DEFAULT_TRANSPORT } from './exchange.match.service';
import { staleSide } from './exchange.proposals.service';
import { currentStandards } from './exchange.repository';
import type { ExchangeContractDeliveryTable, ExchangeContractTable, ExchangeDemandTable, ExchangeListingTable, ExchangeMatchRunTable, ExchangeProposalTable, ProposalStatus } from './exchange.tables';

/**
 * A market history replayed in memory and written in bulk: the demo loader's two years of
 * listings, demands, matching runs, decisions, contracts and deliveries. Going through the
 * services cost a statement or ten per act (about 9 300 statements and 48 s on PGlite for the
 * demo); here the rules are the services' own pure parts (the stream's room for a listing and its
 * grade, `planAllocation` for every match and re-optimisation, `staleSide` and
 * `bilateralSchedule` for a contract), applied to rows held in memory, and `write` stores them
 * with one insert per table, one audit record for the whole history, and notifications only for
 * the proposals still waiting for a decision (the inbox's "what needs me").
 *
 * Only the system writes a history (the demo loader): no viewer acts, so there is no policy to
 * ask beyond that, no delegation, and the instants are the history's own (`at` of every act).
 */

type ListingRow = Insertable<ExchangeListingTable> & { id: string };
type DemandRow = Insertable<ExchangeDemandTable> & { id: string };
type ProposalRow = Insertable<ExchangeProposalTable> & { id: string; status: ProposalStatus };
type ContractRow = Insertable<ExchangeContractTable> & { id: string };
type DeliveryRow = Insertable<ExchangeContractDeliveryTable> & { id: string };

interface HeldListing {
  row: ListingRow;
  place: { parkId: string | null; latitude: string; longitude: string };
  stream: Stream;
}
interface HeldDemand {
  row: DemandRow;
  place: { parkId: string | null; latitude: string; longitude: string };
}

export interface HistoryListingInput {
  stream: string;
  class: string;
  quantityKind: 'one-off' | 'monthly';
  tonnes: number;
  windowStart: string;
  windowEnd: string;
  assays?: Record<string, number>;
  reservePrice: number | null;
  deliveryTerms: 'ex-works' | 'delivered';
  visibility: 'public' | 'park' | 'anonymised';
  title?: string;
}

export interface HistoryDemandInput {
  organisation: string;
  title: string;
  accepts: string[];
  minGrade: 'A' | 'B' | 'C';
  prices: { A?: number; B?: number; C?: number };
  capacityPerMonth: number;
  maxDistanceKm: number;
  windowStart: string;
  windowEnd: string | null;
}

/** Why a listing was not made: the codes the listing service would answer with. */
export type ListingRefusal = 'exchange.classNotOfStream' | 'exchange.windowInvalid' | 'exchange.overStream' | 'exchange.noStandard' | 'exchange.missingAssays' | 'exchange.belowGradeC';

export type DecisionResult = 'done' | 'illegal' | 'stale';


export class MarketHistory {
  private readonly listings: HeldListing[] = [];
  private readonly demands: HeldDemand[] = [];
  private readonly runs: (Insertable<ExchangeMatchRunTable> & { id: string })[] = [];
  private readonly proposals = new Map<string, ProposalRow>();
  private readonly contracts: ContractRow[] = [];
  private readonly deliveries: DeliveryRow[] = [];
  private readonly numbers = new Map<string, number>();

  private constructor(
    private readonly ctx: ServiceContext,
    private readonly streams: Map<string, Stream>,
    private readonly places: Map<string, repo.MarketPlace>,
    private readonly sites: Map<string, repo.MarketPlace>,
    private readonly standards: Map<string, { standard: GradingStandard; version: number }>,
    counters: readonly { kind: string; year: number; last_number: number }[],
    private readonly transport: TransportTerms,
  ) {
    for (const c of counters) this.numbers.set(`${c.kind}|${c.year}`, c.last_number);
  }

  /** Reads what the replay needs once: streams, places, standards, code counters. */
  static async open(trx: Trx, ctx: ServiceContext, transport: TransportTerms = DEFAULT_TRANSPORT): Promise<MarketHistory> {
    permit(ctx.viewer, ctx.viewer.kind === 'system', 'Only the system writes a market history.');
    const { rows: streams } = await listStreams(trx, ctx, {});
    const places = await repo.marketPlaces(trx);
    const firstPlace = new Map<string, repo.MarketPlace>();
    for (const p of places) if (!firstPlace.has(p.code)) firstPlace.set(p.code, p);
    const standards = new Map((await currentStandards(trx)).map((r) => [r.class, { standard: { class: r.class as GradingStandard['class'], version: r.version, criteria: r.criteria }, version: r.version }]));
    return new MarketHistory(ctx, new Map(streams.map((s) => [s.id, s])), firstPlace, new Map(places.map((p) => [p.site_id, p])), standards, await repo.counters(trx), transport);
  }

  private code(prefix: string, kind: 'listing' | 'demand' | 'contract', at: Date): string {
    const year = Number(chinaDate(at).slice(0, 4));
    const next = (this.numbers.get(`${kind}|${year}`) ?? 0) + 1;
    this.numbers.set(`${kind}|${year}`, next);
    return `${prefix}-${year}-${String(next).padStart(5, '0')}`;
  }

  addDemand(input: HistoryDemandInput, at: Date): string {
    const place = this.places.get(input.organisation);
    if (!place) throw new Error(`market history: organisation ${input.organisation} has no site`);
    const id = randomUUID();
    this.demands.push({
      row: {
        id,
        code: this.code('XQ', 'demand', at),
        organisation_id: place.id,
        site_id: place.site_id,
        title: input.title,
        accepts: [...new Set(input.accepts)],
        herbs: [],
        parts: [],
        residues: [],
        min_grade: input.minGrade,
        price_a: input.prices.A ?? null,
        price_b: input.prices.B ?? null,
        price_c: input.prices.C ?? null,
        capacity_per_month: input.capacityPerMonth,
        max_distance_km: input.maxDistanceKm,
        window_start: input.windowStart,
        window_end: input.windowEnd,
        status: 'open',
        note: null,
        delegation_id: null,
        created_by: null,
        created_at: at,
        updated_at: at,
      },
      place: { parkId: place.park_id, latitude: place.latitude, longitude: place.longitude },
    });
    return id;
  }

  /** Closes a demand (its owner revised it): pending proposals of it lapse, deals made stay. */
  closeDemand(id: string, at: Date): void {
    const d = this.demands.find((x) => x.row.id === id);
    if (!d || d.row.status === 'closed') return;
    Object.assign(d.row, { status: 'closed', closed_at: at, updated_at: at });
    for (const p of this.proposals.values()) if (p.status === 'pending' && p.demand_id === id) Object.assign(p, { status: 'superseded', updated_at: at });
  }

  /** A listing by the listing service's rules (class of the stream, room in the window, a computed grade), or why not. */
  addListing(input: HistoryListingInput, at: Date): { id: string; grade: 'A' | 'B' | 'C' } | { refused: ListingRefusal } {
    const stream = this.streams.get(input.stream);
    if (!stream) throw new Error(`market history: unknown stream ${input.stream}`);
    if (!streamClasses(stream).includes(input.class)) return { refused: 'exchange.classNotOfStream' };
    if (windowIssues(input.windowStart, input.windowEnd).length > 0) return { refused: 'exchange.windowInvalid' };
    const others = this.listings
      .filter((l) => l.row.stream_id === stream.id && l.row.status !== 'withdrawn')
      .map((l) => ({ kind: l.row.quantity_kind, tonnes: Number(l.row.tonnes), start: l.row.window_start, end: l.row.window_end }));
    const room = availableForListing(monthlyQuantities(toEngineStream(stream)), input.quantityKind, input.windowStart, input.windowEnd, others);
    if (input.tonnes > room.tonnes * (1 + 1e-9) + 1e-9) return { refused: 'exchange.overStream' };
    const current = this.standards.get(input.class);
    if (!current) return { refused: 'exchange.noStandard' };
    const assays = lotAssays(stream, input.assays);
    const grading = gradeLot(current.standard, assays);
    if (grading.grade === null) return { refused: grading.reason === 'missing-assays' ? 'exchange.missingAssays' : 'exchange.belowGradeC' };
    const site = this.sites.get(stream.site_id);
    if (!site) throw new Error(`market history: stream ${stream.code} has no site`);
    const id = randomUUID();
    this.listings.push({
      row: {
        id,
        code: this.code('GY', 'listing', at),
        organisation_id: stream.organisation_id,
        site_id: stream.site_id,
        stream_id: stream.id,
        class: input.class,
        title: input.title ?? stream.name,
        quantity_kind: input.quantityKind,
        tonnes: input.tonnes,
        window_start: input.windowStart,
        window_end: input.windowEnd,
        grade: grading.grade,
        grade_source: 'computed',
        assays: JSON.stringify(assays),
        grading_version: current.version,
        grading: JSON.stringify(grading),
        reserve_price: input.reservePrice,
        delivery_terms: input.deliveryTerms,
        load_type: loadTypeOf(stream),
        visibility: input.visibility,
        status: 'open',
        note: null,
        delegation_id: null,
        override_attachment_id: null,
        created_by: null,
        created_at: at,
        updated_at: at,
      },
      place: { parkId: stream.park_id, latitude: site.latitude, longitude: site.longitude },
      stream,
    });
    return { id, grade: grading.grade };
  }

  // ---- the market as the match service reads it ------------------------------------------------

  /**
   * What deals take, as the repository's `committed` columns count it: per listing, its accepted
   * and contracted proposals; per demand, those of monthly listings still running on `today`.
   * One pass over the proposals per allocation, not one per row.
   */
  private commitments(today: string): { listings: Map<string, number>; demands: Map<string, number> } {
    const listingOf = new Map(this.listings.map((l) => [l.row.id, l.row]));
    const listings = new Map<string, number>();
    const demands = new Map<string, number>();
    for (const p of this.proposals.values()) {
      if (p.status !== 'accepted' && p.status !== 'contracted') continue;
      listings.set(p.listing_id, (listings.get(p.listing_id) ?? 0) + Number(p.tonnes));
      const l = listingOf.get(p.listing_id)!;
      if (l.quantity_kind === 'monthly' && l.window_end >= today) demands.set(p.demand_id, (demands.get(p.demand_id) ?? 0) + Number(p.tonnes));
    }
    return { listings, demands };
  }

  private openListing(l: HeldListing, committed: ReadonlyMap<string, number>): OpenListing {
    const r = l.row;
    return {
      id: r.id,
      code: r.code,
      title: r.title,
      organisation_id: r.organisation_id,
      park_id: l.place.parkId,
      class: r.class,
      grade: r.grade ?? null,
      quantity_kind: r.quantity_kind,
      tonnes: String(r.tonnes),
      reserve_price: r.reserve_price === null || r.reserve_price === undefined ? null : String(r.reserve_price),
      load_type: r.load_type,
      visibility: r.visibility,
      window_start: r.window_start,
      window_end: r.window_end,
      latitude: l.place.latitude,
      longitude: l.place.longitude,
      herb: l.stream.herb,
      part: l.stream.part,
      residue: l.stream.residue,
      committed: String(committed.get(r.id) ?? 0),
    };
  }

  private openDemand(d: HeldDemand, committed: ReadonlyMap<string, number>): OpenDemand {
    const r = d.row;
    const text = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));
    return {
      id: r.id,
      code: r.code,
      title: r.title,
      organisation_id: r.organisation_id,
      park_id: d.place.parkId,
      accepts: r.accepts,
      herbs: r.herbs ?? [],
      parts: r.parts ?? [],
      residues: r.residues ?? [],
      min_grade: r.min_grade,
      price_a: text(r.price_a),
      price_b: text(r.price_b),
      price_c: text(r.price_c),
      capacity_per_month: String(r.capacity_per_month),
      max_distance_km: String(r.max_distance_km),
      window_start: r.window_start,
      window_end: r.window_end ?? null,
      latitude: d.place.latitude,
      longitude: d.place.longitude,
      committed: String(committed.get(r.id) ?? 0),
    };
  }

  /** The match service's `allocate` on the rows held: open market of the park, declined pairs out, pending kept or superseded. */
  private allocate(kind: 'match' | 'reoptimise', parkId: string | null, at: Date): void {
    const started = performance.now();
    const today = chinaDate(at);
    const inScope = (p: string | null) => parkId === null || p === parkId;
    const taken = this.commitments(today);
    const { listings, demands } = withRoom({
      listings: this.listings.filter((l) => l.row.status === 'open' && l.row.grade !== null && l.row.window_end >= today && inScope(l.place.parkId)).map((l) => this.openListing(l, taken.listings)),
      demands: this.demands.filter((d) => d.row.status === 'open' && (d.row.window_end == null || d.row.window_end >= today) && inScope(d.place.parkId)).map((d) => this.openDemand(d, taken.demands)),
    });
    const listingIds = new Set(listings.map((l) => l.id));
    const demandIds = new Set(demands.map((d) => d.id));
    const all = [...this.proposals.values()];
    const declined = all.filter((p) => p.status === 'declined' && listingIds.has(p.listing_id));
    const pending = all.filter((p) => p.status === 'pending' && listingIds.has(p.listing_id) && demandIds.has(p.demand_id)).map((p) => ({ ...p, tonnes: String(p.tonnes) }));
    const plan = planAllocation({ listings, demands }, declined, pending, this.transport, at);
    for (const id of plan.superseded) Object.assign(this.proposals.get(id)!, { status: 'superseded', updated_at: at });
    const run = {
      id: randomUUID(),
      kind,
      park_id: parkId,
      region_code: null,
      transport: JSON.stringify(this.transport),
      objective: plan.result.objective,
      listings: plan.listings.length,
      demands: plan.demands.length,
      eligible_pairs: plan.result.stats.eligiblePairs,
      proposals: plan.result.proposals.length,
      duration_ms: Math.round(performance.now() - started),
      created_by: null,
      organisation_id: null,
      created_at: at,
    };
    this.runs.push(run);
    for (const k of plan.kept) Object.assign(this.proposals.get(k.id)!, { ...k.values, run_id: run.id, updated_at: at });
    for (const f of plan.fresh) {
      const id = randomUUID();
      this.proposals.set(id, { ...f, id, run_id: run.id, status: 'pending' });
    }
  }

  /** A matching of the open market of a park (null: all) at an instant. */
  match(parkId: string | null, at: Date): void {
    this.allocate('match', parkId, at);
  }

  pendingProposals(): { id: string }[] {
    return [...this.proposals.values()].filter((p) => p.status === 'pending').map((p) => ({ id: p.id }));
  }

  /**
   * One side's decision, as the proposal service takes it: `illegal` when the proposal is no
   * longer pending or the side already decided, `stale` when both accepted but the listing or the
   * demand no longer has room (or the window is over); a decline re-optimises the run's scope.
   * The contract of a pair both accepted delivers at the `cadence` the parties agreed.
   */
  decide(id: string, decision: 'accepted' | 'declined', side: 'seller' | 'buyer', at: Date, cadence: 'monthly' | 'weekly' = 'monthly'): DecisionResult {
    const p = this.proposals.get(id);
    if (!p || p.status !== 'pending') return 'illegal';
    if ((side === 'seller' ? p.seller_decision : p.buyer_decision) != null) return 'illegal';
    const other = side === 'seller' ? p.buyer_decision : p.seller_decision;
    const accepted = decision === 'accepted' && other === 'accepted';
    const listing = this.listings.find((l) => l.row.id === p.listing_id)!;
    const demand = this.demands.find((d) => d.row.id === p.demand_id)!;
    const today = chinaDate(at);
    let schedule: ReturnType<typeof bilateralSchedule> | null = null;
    if (accepted) {
      const taken = this.commitments(today);
      const stale = staleSide({ ...this.openListing(listing, taken.listings), status: listing.row.status ?? 'open' }, { ...this.openDemand(demand, taken.demands), status: demand.row.status ?? 'open' }, Number(p.tonnes));
      if (stale !== null) return 'stale';
      try {
        schedule = bilateralSchedule(listing.row, { window_start: demand.row.window_start, window_end: demand.row.window_end ?? null }, today, { tonnes: Number(p.tonnes), cadence });
      } catch (error) {
        if (error instanceof AppError) return 'stale';
        throw error;
      }
    }
    const mine = side === 'seller' ? { seller_decision: decision, seller_decided_at: at } : { buyer_decision: decision, buyer_decided_at: at };
    Object.assign(p, mine, { status: decision === 'declined' ? 'declined' : accepted ? 'contracted' : 'pending', updated_at: at });
    if (schedule) this.contract(p, listing.row, schedule, at);
    if (decision === 'declined') {
      const run = this.runs.find((r) => r.id === p.run_id)!;
      this.allocate('reoptimise', run.park_id ?? null, at);
    }
    return 'done';
  }

  private contract(p: ProposalRow, listing: ListingRow, s: ReturnType<typeof bilateralSchedule>, at: Date): void {
    const id = randomUUID();
    this.contracts.push({
      id,
      number: this.code('HT', 'contract', at),
      kind: 'bilateral',
      source: 'proposal',
      proposal_id: p.id,
      auction_id: null,
      listing_id: listing.id,
      demand_id: p.demand_id,
      seller_organisation_id: listing.organisation_id,
      buyer_organisation_id: p.buyer_organisation_id,
      class: listing.class,
      grade: listing.grade ?? null,
      tonnes: s.total,
      price_per_tonne: p.suggested_price,
      delivery_terms: listing.delivery_terms,
      load_type: listing.load_type,
      starts_on: s.starts,
      ends_on: s.ends,
      terms: null,
      status: 'active',
      delegation_id: null,
      created_by: null,
      created_at: at,
      updated_at: at,
    });
    s.schedule.forEach((d, k) =>
      this.deliveries.push({ id: randomUUID(), contract_id: id, seq: k + 1, from_organisation_id: listing.organisation_id, planned_on: d.date, planned_tonnes: d.tonnes, status: 'planned', created_at: at }),
    );
  }

  /** Closes the listings whose window ended before `today`; their pending proposals lapse. */
  closeEndedListings(today: string, at: Date): void {
    const closed = new Set<string>();
    for (const l of this.listings) {
      if (l.row.status === 'open' && l.row.window_end < today) {
        Object.assign(l.row, { status: 'closed', updated_at: at });
        closed.add(l.row.id);
      }
    }
    for (const p of this.proposals.values()) if (p.status === 'pending' && closed.has(p.listing_id)) Object.assign(p, { status: 'superseded', updated_at: at });
  }

  /** Receipts of the planned deliveries up to a date: `receive` gives the tonnes received and the date. */
  receiveDeliveries(until: string, receive: (planned: { plannedOn: string; plannedTonnes: number }) => { tonnes: number; on: string }, at: Date): void {
    for (const d of this.deliveries) {
      if (d.status !== 'planned' || d.planned_on > until) continue;
      const r = receive({ plannedOn: d.planned_on, plannedTonnes: Number(d.planned_tonnes) });
      Object.assign(d, { status: 'delivered', delivered_tonnes: r.tonnes, delivered_on: r.on, recorded_at: at });
    }
    for (const c of this.contracts) {
      if (c.status === 'active' && this.deliveries.every((d) => d.contract_id !== c.id || d.status !== 'planned')) Object.assign(c, { status: 'completed', updated_at: at });
    }
  }

  /**
   * Receipts of a stored contract's planned deliveries up to a date (one made through the
   * services after `write`, e.g. a service contract), in one statement.
   */
  async receiveStored(trx: Trx, contractId: string, until: string, receive: (planned: { plannedOn: string; plannedTonnes: number }) => { tonnes: number; on: string }, at: Date): Promise<number> {
    const planned = await repo.plannedDeliveriesUpTo(trx, contractId, until);
    const receipts = planned.map((d) => ({ id: d.id, ...receive({ plannedOn: d.planned_on, plannedTonnes: Number(d.planned_tonnes) }) }));
    await repo.receiveInBulk(trx, receipts, at);
    return receipts.length;
  }

  /** Stores the history: one insert per table, one audit record, the pending proposals' notifications. */
  async write(trx: Trx): Promise<{ listings: number; demands: number; runs: number; proposals: number; contracts: number; deliveries: number }> {
    const proposals = [...this.proposals.values()];
    await repo.insertHistory(trx, {
      demands: this.demands.map((d) => d.row),
      listings: this.listings.map((l) => l.row),
      runs: this.runs,
      proposals,
      contracts: this.contracts,
      deliveries: this.deliveries,
      counters: [...this.numbers.entries()].map(([key, last]) => {
        const [kind, year] = key.split('|') as ['listing' | 'demand' | 'contract', string];
        return { kind, year: Number(year), last_number: last };
      }),
    });
    const counts = { listings: this.listings.length, demands: this.demands.length, runs: this.runs.length, proposals: proposals.length, contracts: this.contracts.length, deliveries: this.deliveries.length };
    const first = this.listings.map((l) => l.row.window_start).sort()[0] ?? null;
    await recordAudit(trx, this.ctx, { action: 'exchange_history.write', entityType: 'exchange_match_runs', entityId: null, organisationId: null, after: { ...counts, from: first, days: first ? windowDays(first, chinaDate(new Date())) : 0 } });
    await events.proposalsMade(
      trx,
      this.ctx,
      proposals.filter((p) => p.status === 'pending'),
    );
    return counts;
  }
}
