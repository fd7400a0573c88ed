import type { Executor, Trx } from '../../db/database';
import { regionPrefix } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext, type Viewer } from '../../platform/viewer';
import { getStream } from '../byproducts';
import { actingFor } from '../delegations';
import { findOrganisation } from '../organisations';
import { chinaDate, deliverySchedule, windowsOverlap } from './engine/listing';
import * as deals from './exchange.deals.repository';
import type { ContractsQuery, ContractView, CreateServiceContractBody } from './exchange.deals.schema';
import * as events from './exchange.events';
import { organisationIdOf } from './exchange.listings.service';
import { exchangePolicy, type MarketOwnerRef } from './exchange.policy';
import { presentContract } from './exchange.presenter';
import * as repo from './exchange.repository';
import { withCreditGrades } from './exchange.grades';

/**
 * Contracts: bilateral ones from an accepted proposal or a won auction (parties, quantity, price,
 * a delivery schedule of dates and tonnes, terms), and third-party service contracts in which a
 * provider collects from many firms under one price schedule. Deliveries go from planned to
 * delivered (tonnes received, date), recorded by the receiving side. A loop back to the
 * generating firm (its residue returns to it as a product) is recorded per client and counted.
 */

const owner = (organisationId: string, regionCode: string, parkId: string | null): MarketOwnerRef => ({ organisationId, regionCode, parkId });

async function ownerOfOrg(db: Executor, organisationId: string): Promise<MarketOwnerRef> {
  const org = (await findOrganisation(db, organisationId))!;
  return owner(org.id, org.region_code, org.park_id);
}

async function contractNumber(trx: Trx, now: Date): Promise<string> {
  const year = Number(chinaDate(now).slice(0, 4));
  return `HT-${year}-${String(await repo.nextNumber(trx, 'contract', year)).padStart(5, '0')}`;
}

export interface BilateralContractInput {
  source: 'proposal' | 'auction' | 'direct';
  listingId: string;
  buyerOrganisationId: string;
  /** Per month for a monthly listing, for the lot otherwise. */
  tonnes: number;
  pricePerTonne: number;
  proposalId?: string | null;
  auctionId?: string | null;
  demandId?: string | null;
  /** The window of the deliveries; default: the listing's (and the demand's) from today on. */
  startsOn?: string;
  endsOn?: string;
  terms?: string | null;
  delegationId?: string | null;
}

type Window = { window_start: string; window_end: string };

/**
 * A bilateral contract's window and deliveries: from the latest of the listing's start, the
 * demand's start and today to the earliest end (unless the caller states them); a conflict when
 * that window is over. Pure, so the demo loader's market history makes contracts by the same rule.
 */
export function bilateralSchedule(
  listing: Window & { quantity_kind: 'one-off' | 'monthly' },
  demand: { window_start: string; window_end: string | null } | undefined,
  today: string,
  input: { tonnes: number; startsOn?: string | undefined; endsOn?: string | undefined; cadence?: 'monthly' | 'weekly' },
): { starts: string; ends: string; schedule: { date: string; tonnes: number }[]; total: number } {
  const starts = input.startsOn ?? [listing.window_start, demand?.window_start ?? listing.window_start, today].sort().at(-1)!;
  const ends = input.endsOn ?? [listing.window_end, demand?.window_end ?? listing.window_end].sort()[0]!;
  if (ends < starts || !windowsOverlap(listing.window_start, listing.window_end, starts, ends)) {
    throw errors.conflict('The delivery window is over: no contract can be made.', [{ field: 'window', message: `the windows end on ${ends}, before ${starts}`, code: 'exchange.windowOver' }]);
  }
  const schedule = deliverySchedule(listing.quantity_kind, input.tonnes, starts, ends, input.cadence);
  return { starts, ends, schedule, total: schedule.reduce((s, d) => s + d.tonnes, 0) };
}

/**
 * A bilateral contract and its delivery schedule, in the caller's transaction. The caller has
 * checked that the parties agreed (both accepted the proposal, or the auction was won); the
 * auctions of this module call it when a sale closes.
 */
export async function createBilateralContract(trx: Trx, ctx: ServiceContext, input: BilateralContractInput, now = new Date()): Promise<string> {
  const listing = await repo.findListing(trx, input.listingId);
  if (!listing) throw errors.notFound('Listing', input.listingId);
  const demand = input.demandId ? await repo.findDemand(trx, input.demandId) : undefined;
  const { starts, ends, schedule, total } = bilateralSchedule(listing, demand, chinaDate(now), input);
  const number = await contractNumber(trx, now);
  const id = await deals.insertContract(trx, {
    number,
    kind: 'bilateral',
    source: input.source,
    proposal_id: input.proposalId ?? null,
    auction_id: input.auctionId ?? null,
    listing_id: listing.id,
    demand_id: demand?.id ?? null,
    seller_organisation_id: listing.organisation_id,
    buyer_organisation_id: input.buyerOrganisationId,
    class: listing.class,
    grade: listing.grade,
    tonnes: total,
    price_per_tonne: input.pricePerTonne,
    delivery_terms: listing.delivery_terms,
    load_type: listing.load_type,
    starts_on: starts,
    ends_on: ends,
    terms: input.terms ?? null,
    delegation_id: input.delegationId ?? null,
    created_by: actorOf(ctx.viewer)?.userId ?? null,
    created_at: now,
    updated_at: now,
  });
  await deals.insertDeliveries(
    trx,
    schedule.map((d, k) => ({ contract_id: id, seq: k + 1, from_organisation_id: listing.organisation_id, planned_on: d.date, planned_tonnes: d.tonnes })),
  );
  const row = (await deals.findContract(trx, id))!;
  for (const org of [listing.organisation_id, input.buyerOrganisationId]) {
    await recordAudit(trx, ctx, { action: 'exchange_contract.create', entityType: 'exchange_contracts', entityId: id, organisationId: org, after: { ...row } });
  }
  await events.contractCreated(trx, ctx, { id, number, organisationIds: [listing.organisation_id, input.buyerOrganisationId] });
  return id;
}

export async function createServiceContract(trx: Trx, ctx: ServiceContext, body: CreateServiceContractBody, now = new Date()): Promise<ContractView> {
  permit(ctx.viewer, exchangePolicy.browse(ctx.viewer));
  const providerId = body.provider ? await organisationIdOf(trx, ctx, body.provider) : actorOf(ctx.viewer)?.organisationId;
  if (!providerId) throw errors.validation('Give the provider.', [{ field: 'provider', message: 'is required' }]);
  const provider = await ownerOfOrg(trx, providerId);
  const acting = await actingFor(trx, ctx.viewer, { organisationId: providerId, scope: 'exchange.trade' });
  permit(ctx.viewer, exchangePolicy.act(ctx.viewer, provider, { delegated: acting.delegationId !== null }), 'Only the service provider (or whom it delegates) makes its service contracts.');
  if (body.endsOn < body.startsOn) throw errors.validation('The window is not valid.', [{ field: 'endsOn', message: 'must not be before startsOn', code: 'exchange.windowEmpty' }]);
  const tiers = body.priceSchedule;
  const tierIssues = tiers.flatMap((t, k) => {
    const last = k === tiers.length - 1;
    if (last !== (t.upToTonnesPerMonth === null)) return [{ field: `priceSchedule[${k}].upToTonnesPerMonth`, message: last ? 'the last tier has no upper bound (null)' : 'only the last tier is unbounded', code: 'exchange.tierBounds' }];
    const prev = k > 0 ? tiers[k - 1]!.upToTonnesPerMonth : 0;
    if (t.upToTonnesPerMonth !== null && prev !== null && t.upToTonnesPerMonth <= prev) return [{ field: `priceSchedule[${k}].upToTonnesPerMonth`, message: 'tiers must rise', code: 'exchange.tierOrder' }];
    return [];
  });
  if (tierIssues.length) throw errors.validation('The price schedule is not valid.', tierIssues);
  if (body.clients.some((c) => c.loopBack) && !body.loopProduct) {
    throw errors.validation('A loop back needs the product that returns.', [{ field: 'loopProduct', message: 'is required when a client gets its own residue back as a product', code: 'exchange.loopProduct' }]);
  }
  const parties: { organisationId: string; streamId: string | null; siteId: string | null; tonnes: number; loopBack: boolean }[] = [];
  for (const [k, c] of body.clients.entries()) {
    let orgId: string;
    try {
      orgId = await organisationIdOf(trx, ctx, c.organisation);
    } catch {
      throw errors.validation('Unknown client.', [{ field: `clients[${k}].organisation`, message: `unknown organisation ${c.organisation}`, code: 'exchange.unknownOrganisation' }]);
    }
    if (orgId === providerId) throw errors.validation('The provider is not its own client.', [{ field: `clients[${k}].organisation`, message: 'is the provider', code: 'exchange.selfClient' }]);
    if (parties.some((p) => p.organisationId === orgId)) throw errors.validation('A client is named twice.', [{ field: `clients[${k}].organisation`, message: 'is already a client of this contract', code: 'exchange.duplicateClient' }]);
    let streamId: string | null = null;
    let siteId: string | null = null;
    if (c.stream) {
      const stream = await getStream(trx, ctx, c.stream, 'internal').catch(() => null);
      if (!stream || stream.organisation_id !== orgId) throw errors.validation('The stream is not the client’s.', [{ field: `clients[${k}].stream`, message: 'is not a stream of this client', code: 'exchange.streamNotClient' }]);
      streamId = stream.id;
      siteId = stream.site_id;
    }
    parties.push({ organisationId: orgId, streamId, siteId, tonnes: c.tonnesPerMonth, loopBack: c.loopBack ?? false });
  }
  const schedules = parties.map((p) => ({ party: p, dates: deliverySchedule('monthly', p.tonnes, body.startsOn, body.endsOn) }));
  const total = schedules.reduce((s, x) => s + x.dates.reduce((a, d) => a + d.tonnes, 0), 0);
  const number = await contractNumber(trx, now);
  const id = await deals.insertContract(trx, {
    number,
    kind: 'service',
    source: 'direct',
    buyer_organisation_id: providerId,
    class: body.class ?? null,
    tonnes: total,
    price_schedule: JSON.stringify(tiers),
    price_payer: body.pricePayer,
    delivery_terms: body.deliveryTerms,
    load_type: body.loadType,
    starts_on: body.startsOn,
    ends_on: body.endsOn,
    terms: body.terms ?? null,
    loop_back: parties.some((p) => p.loopBack),
    loop_product: body.loopProduct ?? null,
    delegation_id: acting.delegationId,
    created_by: actorOf(ctx.viewer)?.userId ?? null,
    created_at: now,
    updated_at: now,
  });
  await deals.insertParties(
    trx,
    parties.map((p) => ({ contract_id: id, organisation_id: p.organisationId, site_id: p.siteId, stream_id: p.streamId, tonnes_per_month: p.tonnes, loop_back: p.loopBack })),
  );
  // Deliveries in date order, clients in the order given on each date.
  const rows = schedules.flatMap((s) => s.dates.map((d) => ({ from: s.party.organisationId, date: d.date, tonnes: d.tonnes }))).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  await deals.insertDeliveries(
    trx,
    rows.map((r, k) => ({ contract_id: id, seq: k + 1, from_organisation_id: r.from, planned_on: r.date, planned_tonnes: r.tonnes })),
  );
  const row = (await deals.findContract(trx, id))!;
  const everyone = [providerId, ...parties.map((p) => p.organisationId)];
  for (const org of everyone) await recordAudit(trx, ctx, { action: 'exchange_contract.create', entityType: 'exchange_contracts', entityId: id, organisationId: org, after: { ...row } });
  await events.contractCreated(trx, ctx, { id, number, organisationIds: everyone });
  return presentContract(row, await deals.partiesOf(trx, [id]), await deals.deliveriesOf(trx, id));
}

/** The organisations of a contract: seller, buyer or provider, and clients. */
function partyIds(row: deals.ContractWithNames, parties: readonly deals.PartyRow[]): string[] {
  return [...new Set([row.buyer_organisation_id, ...(row.seller_organisation_id ? [row.seller_organisation_id] : []), ...parties.filter((p) => p.contract_id === row.id).map((p) => p.organisation_id)])];
}

function mayRead(viewer: Viewer, row: deals.ContractWithNames, parties: readonly deals.PartyRow[]): boolean {
  const refs: MarketOwnerRef[] = [owner(row.buyer_organisation_id, row.buyer_region, row.buyer_park)];
  if (row.seller_organisation_id && row.seller_region) refs.push(owner(row.seller_organisation_id, row.seller_region, row.seller_park));
  for (const p of parties) if (p.contract_id === row.id) refs.push(owner(p.organisation_id, p.region_code, p.park_id));
  return refs.some((r) => exchangePolicy.oversee(viewer, r));
}

export async function getContract(db: Executor, ctx: ServiceContext, idOrNumber: string): Promise<ContractView> {
  permit(ctx.viewer, exchangePolicy.browse(ctx.viewer));
  const row = await deals.findContract(db, idOrNumber);
  if (!row) throw errors.notFound('Contract', idOrNumber);
  const parties = await deals.partiesOf(db, [row.id]);
  if (!mayRead(ctx.viewer, row, parties)) throw errors.notFound('Contract', idOrNumber);
  return withCreditGrades(db, ctx.viewer, presentContract(row, parties, await deals.deliveriesOf(db, row.id)));
}

export async function listContracts(db: Executor, ctx: ServiceContext, query: ContractsQuery) {
  permit(ctx.viewer, exchangePolicy.browse(ctx.viewer));
  const actor = actorOf(ctx.viewer);
  const filter: deals.ContractFilter = {};
  if (query.status !== 'all') filter.status = query.status;
  if (query.kind !== 'all') filter.kind = query.kind;
  if (query.organisation) {
    filter.organisationId = await organisationIdOf(db, ctx, query.organisation);
    permit(ctx.viewer, exchangePolicy.oversee(ctx.viewer, await ownerOfOrg(db, filter.organisationId)), 'Contracts are confidential to their parties and those who oversee them.');
  } else if (actor) {
    if (actor.organisationType === 'park-admin' && actor.parkId) filter.parkId = actor.parkId;
    else if (actor.organisationType === 'regulator') filter.regionPrefix = regionPrefix(actor.regionCode);
    else if (actor.organisationType !== 'platform-admin') filter.organisationId = actor.organisationId;
  }
  const { rows, total } = await deals.listContracts(db, filter, query.limit, query.offset);
  const parties = await deals.partiesOf(
    db,
    rows.map((r) => r.id),
  );
  const items = rows.map((r) => {
    const { deliveries: _omit, ...rest } = presentContract(r, parties, null);
    void _omit;
    return rest;
  });
  return {
    items: await withCreditGrades(db, ctx.viewer, items),
    total,
    loops: await deals.loopCounts(
      db,
      rows.map((r) => r.id),
    ),
  };
}

export async function recordDelivery(trx: Trx, ctx: ServiceContext, idOrNumber: string, seq: number, body: { deliveredTonnes: number; deliveredOn: string }): Promise<ContractView> {
  return recordDeliveries(trx, ctx, idOrNumber, [{ seq, ...body }]);
}

/**
 * Records receipts of one contract's planned deliveries (the receiving side): each goes from
 * planned to delivered with the tonnes received and the date, audited one by one; the parties
 * are told once. All or nothing: a bad entry leaves every delivery as it was.
 */
export async function recordDeliveries(trx: Trx, ctx: ServiceContext, idOrNumber: string, entries: readonly { seq: number; deliveredTonnes: number; deliveredOn: string }[]): Promise<ContractView> {
  const row = await deals.findContract(trx, idOrNumber);
  if (!row) throw errors.notFound('Contract', idOrNumber);
  const parties = await deals.partiesOf(trx, [row.id]);
  if (!mayRead(ctx.viewer, row, parties)) {
    permit(ctx.viewer, ctx.viewer.kind !== 'anonymous');
    throw errors.notFound('Contract', idOrNumber);
  }
  await deals.lockContract(trx, row.id);
  const receiver = owner(row.buyer_organisation_id, row.buyer_region, row.buyer_park);
  const acting = await actingFor(trx, ctx.viewer, { organisationId: receiver.organisationId, scope: 'exchange.deliveries' });
  permit(ctx.viewer, exchangePolicy.act(ctx.viewer, receiver, { delegated: acting.delegationId !== null }), 'The receiving side (or whom it delegates) records what it received.');
  if (row.status !== 'active') throw errors.illegalTransition(`The contract is ${row.status}.`);
  for (const entry of entries) {
    const delivery = await deals.findDelivery(trx, row.id, entry.seq);
    if (!delivery) throw errors.notFound('Delivery', `${row.number}/${entry.seq}`);
    if (delivery.status !== 'planned') throw errors.illegalTransition(`Delivery ${entry.seq} is already ${delivery.status}.`);
    if (entry.deliveredOn < row.starts_on) {
      throw errors.validation('The delivery date is before the contract.', [{ field: 'deliveredOn', message: `must be on or after ${row.starts_on}`, code: 'exchange.deliveryBeforeContract' }]);
    }
    await deals.markDelivered(trx, delivery.id, { delivered_tonnes: entry.deliveredTonnes, delivered_on: entry.deliveredOn, recorded_by: actorOf(ctx.viewer)?.userId ?? null, delegation_id: acting.delegationId });
    await recordAudit(trx, ctx, {
      action: 'exchange_delivery.delivered',
      entityType: 'exchange_contract_deliveries',
      entityId: delivery.id,
      organisationId: receiver.organisationId,
      before: { ...delivery },
      after: { ...delivery, status: 'delivered', delivered_tonnes: entry.deliveredTonnes, delivered_on: entry.deliveredOn },
    });
  }
  await deals.completeIfDelivered(trx, row.id);
  const last = entries.at(-1);
  if (last) await events.deliveryRecorded(trx, ctx, { id: row.id, number: row.number, organisationIds: partyIds(row, parties) }, last.seq, entries.reduce((sum, e) => sum + e.deliveredTonnes, 0));
  const after = (await deals.findContract(trx, row.id))!;
  return presentContract(after, parties, await deals.deliveriesOf(trx, row.id));
}
