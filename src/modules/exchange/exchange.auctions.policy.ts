import type { Actor } from '../../platform/actor';
import { isHuman, isPlatformAdmin, isWriter, rule, type OwnerRef } from '../../platform/policy-rules';

const sells = (a: Actor, seller: OwnerRef) => a.organisationId === seller.organisationId && isWriter(a);

/**
 * Auctions (issue 12). An auction is offered to every logged-in organisation, so every actor
 * reads it (sealed amounts are unreadable to all until the close, whatever this policy says: they
 * are encrypted). The seller's writers create it, record deposits and may ask for the close once
 * it has ended (the job closes it anyway); platform admins may too, but only people. Any writer
 * of another organisation may bid; whether it is eligible is the service's check (grade accepted,
 * deposit, rating). The system (CLI, demo loader, the close job) may do everything.
 */
export const auctionsPolicy = {
  read: rule({ system: true, actor: () => true }),
  create: rule({ system: true, actor: (a, seller: OwnerRef) => sells(a, seller) }),
  recordDeposit: rule({ system: true, actor: (a, seller: OwnerRef) => sells(a, seller) || (isPlatformAdmin(a) && isHuman(a)) }),
  close: rule({ system: true, actor: (a, seller: OwnerRef) => sells(a, seller) || (isPlatformAdmin(a) && isHuman(a)) }),
  bid: rule({ system: true, actor: (a, seller: OwnerRef) => isWriter(a) && a.organisationId !== seller.organisationId && !isPlatformAdmin(a) }),
  /** Who sees bidders' names (others see numbered bidders): the seller and platform admins. */
  seeBidders: rule({ system: true, actor: (a, seller: OwnerRef) => a.organisationId === seller.organisationId || isPlatformAdmin(a) }),
};
