import type { Executor, Trx } from '../../db/database';
import { regionPrefix } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext, type Viewer } from '../../platform/viewer';
import { actingFor } from '../delegations';
import { findOrganisation } from '../organisations';
import { chinaDate } from './engine/listing';
import { createBilateralContract } from './exchange.contracts.service';
import * as deals from './exchange.deals.repository';
import type { DecisionBody, MatchRunView, ProposalsQuery, ProposalView } from './exchange.deals.schema';
import * as events from './exchange.events';
import { organisationIdOf } from './exchange.listings.service';
import { DEFAULT_TRANSPORT, reoptimise } from './exchange.match.service';
import { exchangePolicy, type MarketOwnerRef } from './exchange.policy';
import { presentProposal } from './exchange.presenter';
import * as repo from './exchange.repository';
import { withCreditGrades } from './exchange.grades';

/** Proposals: read with their explanations, accepted or declined by each side. */

const sellerOf = (p: deals.ProposalWithParties): MarketOwnerRef => ({ organisationId: p.seller_organisation_id, regionCode: p.seller_region, parkId: p.seller_park });
const buyerOf = (p: deals.ProposalWithParties): MarketOwnerRef => ({ organisationId: p.buyer_organisation_id, regionCode: p.buyer_region, parkId: p.buyer_park });

const mayRead = (viewer: Viewer, p: deals.ProposalWithParties) => exchangePolicy.oversee(viewer, sellerOf(p)) || exchangePolicy.oversee(viewer, buyerOf(p));

/** The seller stays anonymous to the buyer side until both sides accepted. */
const revealSeller = (viewer: Viewer, p: deals.ProposalWithParties) => p.status === 'accepted' || p.status === 'contracted' || exchangePolicy.oversee(viewer, sellerOf(p));

async function present(db: Executor, viewer: Viewer, rows: readonly deals.ProposalWithParties[]): Promise<ProposalView[]> {
  const listingCodes = new Set<string>();
  const demandCodes = new Set<string>();
  for (const r of rows) {
    for (const p of r.alternative.listingPartners) demandCodes.add(p.demand);
    for (const p of r.alternative.demandPartners) listingCodes.add(p.listing);
  }
  const titles = new Map<string, string>();
  if (listingCodes.size) for (const l of await db.selectFrom('exchange_listings').select(['code', 'title']).where('code', 'in', [...listingCodes]).execute()) titles.set(l.code, l.title);
  if (demandCodes.size) for (const d of await db.selectFrom('exchange_demands').select(['code', 'title']).where('code', 'in', [...demandCodes]).execute()) titles.set(d.code, d.title);
  const me = actorOf(viewer)?.organisationId ?? null;
  return withCreditGrades(
    db,
    viewer,
    rows.map((r) => presentProposal(r, me, revealSeller(viewer, r), titles)),
  );
}

export async function getProposal(db: Executor, ctx: ServiceContext, id: string): Promise<ProposalView> {
  permit(ctx.viewer, exchangePolicy.browse(ctx.viewer));
  const row = await deals.findProposal(db, id);
  if (!row || !mayRead(ctx.viewer, row)) throw errors.notFound('Proposal', id);
  return (await present(db, ctx.viewer, [row]))[0]!;
}

const OPEN = ['pending', 'accepted'];

export async function listProposals(db: Executor, ctx: ServiceContext, query: ProposalsQuery): Promise<{ items: ProposalView[]; total: number }> {
  permit(ctx.viewer, exchangePolicy.browse(ctx.viewer));
  const actor = actorOf(ctx.viewer);
  const statuses = query.status === 'all' ? ['pending', 'accepted', 'declined', 'superseded', 'contracted'] : query.status === 'open' ? OPEN : [query.status];
  const filter: deals.ProposalFilter = { statuses, role: query.role };
  if (query.organisation) {
    filter.organisationId = await organisationIdOf(db, ctx, query.organisation);
    const org = (await findOrganisation(db, filter.organisationId))!;
    permit(ctx.viewer, exchangePolicy.oversee(ctx.viewer, { organisationId: org.id, regionCode: org.region_code, parkId: org.park_id }), 'Proposals are confidential to the two sides and those who oversee them.');
  } else if (actor) {
    if (actor.organisationType === 'park-admin' && actor.parkId) filter.parkId = actor.parkId;
    else if (actor.organisationType === 'regulator') filter.regionPrefix = regionPrefix(actor.regionCode);
    else if (actor.organisationType !== 'platform-admin') filter.organisationId = actor.organisationId;
  }
  const { rows, total } = await deals.listProposals(db, filter, query.limit, query.offset);
  return { items: await present(db, ctx.viewer, rows), total };
}

/**
 * Which side the viewer decides for: its own organisation's side, or (under a delegation in
 * force) the side it names or the only side it may act for.
 */
async function sideFor(trx: Trx, viewer: Viewer, p: deals.ProposalWithParties, wanted: 'seller' | 'buyer' | undefined) {
  const me = actorOf(viewer)?.organisationId;
  const candidates: ('seller' | 'buyer')[] = wanted ? [wanted] : me === p.seller_organisation_id ? ['seller'] : me === p.buyer_organisation_id ? ['buyer'] : ['seller', 'buyer'];
  let refusal: Error | null = null;
  for (const side of candidates) {
    const owner = side === 'seller' ? sellerOf(p) : buyerOf(p);
    try {
      const acting = await actingFor(trx, viewer, { organisationId: owner.organisationId, scope: 'exchange.trade' });
      permit(viewer, exchangePolicy.act(viewer, owner, { delegated: acting.delegationId !== null }), 'Only the side’s own writers (or whom it delegates) decide on a proposal.');
      return { side, acting };
    } catch (e) {
      refusal = e instanceof Error ? e : errors.forbidden();
    }
  }
  throw refusal ?? errors.forbidden();
}

export interface DecisionOutcome {
  proposal: ProposalView;
  contractId: string | null;
  reoptimised: MatchRunView | null;
}

export async function decide(trx: Trx, ctx: ServiceContext, id: string, decision: 'accepted' | 'declined', body: DecisionBody, now = new Date()): Promise<DecisionOutcome> {
  permit(ctx.viewer, exchangePolicy.browse(ctx.viewer));
  const found = await deals.findProposal(trx, id);
  if (!found || !mayRead(ctx.viewer, found)) throw errors.notFound('Proposal', id);
  // Listing, demand, then the proposal: the order every decision takes, so two never wait on each other.
  await repo.lockListing(trx, found.listing_id);
  await repo.lockDemand(trx, found.demand_id);
  await deals.lockProposal(trx, id);
  const p = (await deals.findProposal(trx, id))!;
  const { side, acting } = await sideFor(trx, ctx.viewer, p, body?.side);
  if (p.status !== 'pending') throw errors.illegalTransition(`The proposal is ${p.status}: it can no longer be ${decision}.`);
  const already = side === 'seller' ? p.seller_decision : p.buyer_decision;
  if (already !== null) throw errors.illegalTransition(`The ${side} has already ${already} this proposal.`);

  const userId = actorOf(ctx.viewer)?.userId ?? null;
  const mine =
    side === 'seller'
      ? { seller_decision: decision, seller_decided_at: now, seller_decided_by: userId, seller_delegation_id: acting.delegationId }
      : { buyer_decision: decision, buyer_decided_at: now, buyer_decided_by: userId, buyer_delegation_id: acting.delegationId };
  const other = side === 'seller' ? p.buyer_decision : p.seller_decision;
  let status: deals.ProposalWithParties['status'] = 'pending';
  if (decision === 'declined') status = 'declined';
  else if (other === 'accepted') status = 'accepted';

  let contractId: string | null = null;
  if (status === 'accepted') await checkStillFits(trx, p, chinaDate(now));
  await deals.updateProposal(trx, id, { ...mine, status });
  await recordAudit(trx, ctx, {
    action: `exchange_proposal.${decision === 'accepted' ? 'accept' : 'decline'}`,
    entityType: 'exchange_proposals',
    entityId: id,
    organisationId: side === 'seller' ? p.seller_organisation_id : p.buyer_organisation_id,
    before: { status: p.status, seller_decision: p.seller_decision, buyer_decision: p.buyer_decision },
    after: { status, ...mine, note: body?.note ?? null },
  });
  await events.proposalDecided(trx, ctx, p, decision, side);

  if (status === 'accepted') {
    contractId = await createBilateralContract(
      trx,
      ctx,
      {
        source: 'proposal',
        proposalId: p.id,
        listingId: p.listing_id,
        demandId: p.demand_id,
        buyerOrganisationId: p.buyer_organisation_id,
        tonnes: Number(p.tonnes),
        pricePerTonne: Number(p.suggested_price),
        delegationId: acting.delegationId,
      },
      now,
    );
    await deals.updateProposal(trx, id, { status: 'contracted' });
  }
  let reoptimised: MatchRunView | null = null;
  if (status === 'declined') {
    const run = await deals.findRun(trx, p.run_id);
    reoptimised = await reoptimise(trx, ctx, { parkId: p.run_park_id, regionCode: p.run_region_code }, run?.transport ?? DEFAULT_TRANSPORT, now);
  }
  const after = (await deals.findProposal(trx, id))!;
  return { proposal: (await present(trx, ctx.viewer, [after]))[0]!, contractId, reoptimised };
}

/**
 * What stops a pair both sides accepted from becoming a contract: the listing closed or its
 * tonnes committed elsewhere, or the demand closed or full (a one-off lot does not take monthly
 * capacity). Pure, so the demo loader's market history decides by the same rule.
 */
export function staleSide(
  listing: { status: string; tonnes: string; committed: string; quantity_kind: 'one-off' | 'monthly' },
  demand: { status: string; capacity_per_month: string; committed: string },
  tonnes: number,
): 'listing' | 'demand' | null {
  const tolerance = 1e-9 * Math.max(1, tonnes);
  if (listing.status !== 'open' || Number(listing.committed) + tonnes > Number(listing.tonnes) + tolerance) return 'listing';
  const monthly = listing.quantity_kind === 'monthly';
  const demandCommitted = monthly ? Number(demand.committed) : 0;
  if (demand.status !== 'open' || demandCommitted + (monthly ? tonnes : 0) > Number(demand.capacity_per_month) + tolerance) return 'demand';
  return null;
}

/** Both sides accepted: the listing and the demand must still have room (other deals may have taken it meanwhile). */
async function checkStillFits(trx: Trx, p: deals.ProposalWithParties, today: string): Promise<void> {
  const listing = (await repo.findListing(trx, p.listing_id))!;
  const demand = (await repo.findDemand(trx, p.demand_id, today))!;
  switch (staleSide(listing, demand, Number(p.tonnes))) {
    case 'listing':
      throw errors.conflict('The listing no longer has these tonnes: another deal took them.', [{ field: 'id', message: 'the listing is closed or committed elsewhere', code: 'exchange.proposalStale' }]);
    case 'demand':
      throw errors.conflict('The demand no longer has room for these tonnes.', [{ field: 'id', message: 'the demand is closed or full', code: 'exchange.proposalStale' }]);
    case null:
      return;
  }
}
