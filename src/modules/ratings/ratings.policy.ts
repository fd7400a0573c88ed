import type { Actor } from '../../platform/actor';
import { canOverseeOrganisation, isHuman, isHumanPlatformAdmin, isOwnOrg, isPlatformAdmin, isRegionalRegulator, isWriter, type OwnerRef, rule } from '../../platform/policy-rules';

/**
 * Credit ratings (issue 13). The method is public. A grade and whether the firm is suspended are
 * visible to everyone signed in: the exchange's counterparties decide whom to trade with by them,
 * which is what a platform credit rating is for (seed 004 §6), and a suspension already shows in
 * every auction the firm cannot bid in. They are not published to anonymous visitors: a grade
 * names a firm, and publishing it beyond the platform's participants is a step for the region's
 * regulator to take under its own rules. The score, the figures, the reasons, findings, disputes
 * and appeals are the firm's, its regional regulators' and platform admins'.
 */
export const ratingsPolicy = {
  method: rule({ system: true, anonymous: () => true, actor: () => true }),
  list: rule({ system: true, actor: () => true }),
  readDetail: rule({ system: true, actor: (a, owner: OwnerRef) => canOverseeOrganisation(a, owner) }),
  /** A person of the firm who writes for it appeals its grade or suspension. */
  appeal: rule({ system: true, actor: (a, owner: OwnerRef) => isOwnOrg(a, owner) && isWriter(a) && isHuman(a) }),
  /** A person of a regulator of the firm's region decides; tokens do not. */
  decide: rule({ system: true, actor: (a, owner: OwnerRef) => isRegionalRegulator(a, owner) && isWriter(a) && isHuman(a) }),
  /** Findings are the regulator's; dispute outcomes also the platform's arbitration (its admins). */
  recordFinding: rule({ system: true, actor: (a, owner: OwnerRef) => isRegionalRegulator(a, owner) && isWriter(a) && isHuman(a) }),
  recordDispute: rule({ system: true, actor: (a, owner: OwnerRef) => (isRegionalRegulator(a, owner) && isWriter(a) && isHuman(a)) || isHumanPlatformAdmin(a) }),
  recompute: rule({ system: true, actor: (a) => isPlatformAdmin(a) && isHuman(a) }),
};

const ratedTypes: ReadonlySet<Actor['organisationType']> = new Set(['manufacturer', 'utilizer', 'transporter', 'service-provider']);

/** The web's pages: the list for those who oversee firms (regulators, platform admins), "my rating" for rated firms. */
export function ratingsAudience(a: Actor): { overseeRatings: boolean; ownRating: boolean } {
  return { overseeRatings: a.organisationType === 'regulator' || isPlatformAdmin(a), ownRating: ratedTypes.has(a.organisationType) };
}
