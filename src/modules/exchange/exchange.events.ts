import type { Trx } from '../../db/database';
import type { ServiceContext } from '../../platform/viewer';
import { notify } from '../notifications';

/**
 * Every notification the exchange core sends, in one place: each is written in the transaction
 * of the change (the notifications module's outbox), so a rolled-back decision tells nobody.
 */

export async function proposalsMade(trx: Trx, ctx: ServiceContext, proposals: readonly { id: string; seller_organisation_id: string; buyer_organisation_id: string }[]): Promise<void> {
  for (const p of proposals) {
    await notify(trx, ctx, {
      event: 'exchange.proposal.made',
      subject: { type: 'exchange_proposals', id: p.id },
      recipients: { organisationIds: [p.seller_organisation_id, p.buyer_organisation_id] },
      link: `/exchange/proposals?id=${p.id}`,
    });
  }
}

export async function proposalDecided(
  trx: Trx,
  ctx: ServiceContext,
  p: { id: string; seller_organisation_id: string; buyer_organisation_id: string; listing_code: string; demand_code: string },
  decision: 'accepted' | 'declined',
  side: 'seller' | 'buyer',
): Promise<void> {
  await notify(trx, ctx, {
    event: decision === 'accepted' ? 'exchange.proposal.accepted' : 'exchange.proposal.declined',
    subject: { type: 'exchange_proposals', id: p.id },
    recipients: { organisationIds: [side === 'seller' ? p.buyer_organisation_id : p.seller_organisation_id] },
    params: { listing: p.listing_code, demand: p.demand_code, side },
    link: `/exchange/proposals?id=${p.id}`,
  });
}

export async function contractCreated(trx: Trx, ctx: ServiceContext, c: { id: string; number: string; organisationIds: readonly string[] }): Promise<void> {
  await notify(trx, ctx, {
    event: 'exchange.contract.created',
    subject: { type: 'exchange_contracts', id: c.id },
    recipients: { organisationIds: [...new Set(c.organisationIds)] },
    params: { number: c.number },
    link: `/exchange/contract?id=${c.id}`,
  });
}

export async function deliveryRecorded(trx: Trx, ctx: ServiceContext, c: { id: string; number: string; organisationIds: readonly string[] }, seq: number, tonnes: number): Promise<void> {
  await notify(trx, ctx, {
    event: 'exchange.delivery.recorded',
    subject: { type: 'exchange_contracts', id: c.id },
    recipients: { organisationIds: [...new Set(c.organisationIds)] },
    params: { number: c.number, seq, tonnes },
    link: `/exchange/contract?id=${c.id}`,
  });
}
