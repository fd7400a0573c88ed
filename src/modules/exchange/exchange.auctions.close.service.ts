/**
 * The close of an auction: exactly once, whoever asks (the scheduled job in any process, the
 * seller, the CLI). The close takes the auction's row lock and flips `status` to closed under it,
 * so a second close waits for the first and then finds it closed. It is the one place sealed
 * amounts are decrypted, and only once the end has passed.
 */
import type { Trx } from '../../db/database';
import type { Job } from '../../platform/jobs';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { systemServiceContext, type ServiceContext } from '../../platform/viewer';
import { closeAuction as decide } from './engine/auction';
import { auctionsPolicy } from './exchange.auctions.policy';
import { fromFen, isSealed, rulesOf, toFen } from './exchange.auctions.presenter';
import * as repo from './exchange.auctions.repository';
import { unsealAmount, type SealingKey } from './exchange.auctions.sealing';
import type { AuctionRow } from './exchange.auctions.tables';
import { afterAuctionClosed } from './exchange.auctions.events';
import { closeIfSoldOut } from './exchange.listings.service';

/** Auctions one run of the close job closes at most (the next slot takes the rest). */
const CLOSE_BATCH = 200;

export interface CloseOutcome {
  auction: AuctionRow;
  /** False when it had been closed already (nothing changed). */
  closedNow: boolean;
}

export async function closeAuction(trx: Trx, ctx: ServiceContext, id: string, opts: { key: SealingKey; at?: Date }): Promise<CloseOutcome> {
  const peek = await repo.getAuction(trx, id);
  if (!peek) throw errors.notFound('Auction', id);
  permit(ctx.viewer, auctionsPolicy.close(ctx.viewer, { organisationId: peek.seller_organisation_id, regionCode: '' }), "Only the seller's writers and platform administrators close an auction (the platform closes it anyway at its end).");
  const a = (await repo.lockAuction(trx, id))!;
  if (a.status === 'closed') return { auction: a, closedNow: false };
  const now = opts.at !== undefined && ctx.viewer.kind === 'system' ? opts.at : await repo.databaseNow(trx);
  if (now < a.current_end_at) {
    throw errors.conflict(`The auction runs until ${a.current_end_at.toISOString()}.`, [{ field: 'auction', message: 'not ended yet', code: 'exchange.auctionNotEnded', params: { endsAt: a.current_end_at.toISOString() } }]);
  }
  const bids = await repo.bidsOf(trx, a.id);
  const amounts = new Map<string, string>();
  for (const b of bids) {
    if (b.amount !== null) amounts.set(b.id, b.amount);
    else {
      if (b.sealed_amount === null) throw new Error(`bid ${b.id} has neither an amount nor a sealed amount`);
      const amount = unsealAmount(opts.key, { auctionId: a.id, bidder: b.bidder_organisation_id, seq: b.seq }, b.sealed_amount);
      await repo.revealBid(trx, b.id, amount);
      amounts.set(b.id, amount);
    }
  }
  const result = decide(
    rulesOf(a),
    bids.map((b) => ({ bidder: b.bidder_organisation_id, amount: toFen(amounts.get(b.id)!), at: b.placed_at })),
    now,
  );
  if (result === null) throw new Error(`auction ${a.id}: the engine finds it still running at ${now.toISOString()}`);
  let closed = await repo.updateAuction(trx, a.id, {
    status: 'closed',
    closed_at: result.closedAt,
    winner_organisation_id: result.winner?.bidder ?? null,
    winning_bid: result.winner ? fromFen(result.winner.bid).toFixed(2) : null,
    price: result.winner ? fromFen(result.winner.price).toFixed(2) : null,
    ...(isSealed(a) && result.winner ? { high_bid: fromFen(result.winner.bid).toFixed(2), high_bidder_organisation_id: result.winner.bidder } : {}),
  });
  const contractId = await afterAuctionClosed(trx, ctx, closed, result);
  if (contractId !== null) closed = await repo.updateAuction(trx, a.id, { contract_id: contractId });
  // A sale that takes all the listing's tonnes closes it; with tonnes left it stays on the market.
  if (result.winner) await closeIfSoldOut(trx, ctx, a.listing_id);
  await recordAudit(trx, ctx, {
    action: 'exchange.auction.close',
    entityType: 'exchange_auctions',
    entityId: a.id,
    organisationId: a.seller_organisation_id,
    before: { status: 'open' },
    after: {
      status: 'closed',
      closed_at: result.closedAt,
      bids: bids.length,
      winner_organisation_id: closed.winner_organisation_id,
      winning_bid: closed.winning_bid,
      price: closed.price,
      contract_id: closed.contract_id,
      losers: result.losers.map((l) => ({ bidder: l.bidder, bid: fromFen(l.bid) })),
    },
  });
  return { auction: closed, closedNow: true };
}

/** Closes every auction whose end has passed; each once (row lock + status), in any process. */
export async function closeDueAuctions(trx: Trx, ctx: ServiceContext, key: SealingKey): Promise<number> {
  const now = await repo.databaseNow(trx);
  let closed = 0;
  for (const id of await repo.dueAuctionIds(trx, now, CLOSE_BATCH)) {
    if ((await closeAuction(trx, ctx, id, { key })).closedNow) closed++;
  }
  return closed;
}

/** The scheduled close: each slot closes the auctions that have ended (jobs.ts: one run per slot in the cluster). */
export function auctionCloseJob(key: SealingKey, everyMs: number): Job {
  return {
    name: 'exchange-auction-close',
    everyMs,
    async run(trx) {
      await closeDueAuctions(trx, systemServiceContext('exchange-auction-close'), key);
    },
  };
}
