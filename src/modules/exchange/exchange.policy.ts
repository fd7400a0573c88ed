import type { Actor } from '../../platform/actor';
import { canOverseeOrganisation, isHumanPlatformAdmin, isOwnOrg, isWriter, type OwnerRef, rule } from '../../platform/policy-rules';

/**
 * The exchange (issue 12). The market is for logged-in users: a public or anonymised listing and
 * every demand is seen by every logged-in user; a park-only listing by the firms and the
 * administration of its park. What a listing or demand belongs to is `owner` (with its park).
 *
 * - Overseers of a firm (the firm, the administration of its park, regulators of its region,
 *   platform admins) see its confidential parts: the stream a listing comes from, the assays, the
 *   files, its proposals and contracts.
 * - A firm acts for itself through its writers (admins, members, member tokens); anyone else acts
 *   for it only under a delegation (the delegations module; the park administration's usual
 *   way), which the services resolve with `actingFor` before this policy's `act` rule.
 * - Matching the stored market is run by platform admins, by a park administration for its own
 *   park, and by the system (CLI, jobs).
 * - Grading standards are public and edited by human platform admins.
 */
export interface MarketOwnerRef extends OwnerRef {
  parkId: string | null;
}

const isParkAdminOf = (a: Actor, owner: MarketOwnerRef) => a.organisationType === 'park-admin' && owner.parkId !== null && a.parkId === owner.parkId;
const oversees = (a: Actor, owner: MarketOwnerRef) => canOverseeOrganisation(a, owner) || isParkAdminOf(a, owner);
const inSamePark = (a: Actor, owner: MarketOwnerRef) => owner.parkId !== null && a.parkId === owner.parkId;

export const exchangePolicy = {
  /** Lists of listings and demands, the grade preview: every logged-in user. */
  browse: rule<[]>({ system: true, actor: () => true }),
  /** One listing at all, by its visibility. */
  seeListing: rule<[MarketOwnerRef, 'public' | 'park' | 'anonymised']>({
    system: true,
    actor: (a, owner, visibility) => visibility !== 'park' || inSamePark(a, owner) || oversees(a, owner),
  }),
  /** The confidential parts of a firm's offers and deals. */
  oversee: rule<[MarketOwnerRef]>({ system: true, actor: oversees }),
  /** Acting as the firm `owner` after `actingFor` resolved for whom: its own writers (a delegation was checked there). */
  act: rule<[MarketOwnerRef, { delegated: boolean }]>({ system: true, actor: (a, owner, how) => isWriter(a) && (isOwnOrg(a, owner) || how.delegated) }),
  /** Running the stored match: platform admins, a park administration for its park (`parkId`), the system. */
  match: rule<[string | null]>({
    system: true,
    actor: (a, parkId) => (isHumanPlatformAdmin(a) && isWriter(a)) || (a.organisationType === 'park-admin' && isWriter(a) && parkId !== null && a.parkId === parkId),
  }),
  editStandards: rule<[]>({ system: true, actor: (a) => isHumanPlatformAdmin(a) && isWriter(a) }),
};
