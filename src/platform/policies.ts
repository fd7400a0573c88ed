import type { Actor } from './actor';
import {
  canOverseeOrganisation,
  canWriteOwnData,
  isHuman,
  isOwnOrg,
  isPlatformAdmin,
  isRegionalRegulator,
  type OwnerRef,
} from './policy-rules';
import type { Viewer } from './viewer';
import type { ClassificationLevel } from './classification';
import { errors } from './errors';

/**
 * Authorisation in one place. Each resource kind has a policy object whose functions say
 * whether an actor may do something; routes call `authorize(policy.x(actor, …))`. The rule of
 * the platform: data of an organisation is visible to it, to regulators of its region and to
 * platform admins, unless a module's policy says otherwise.
 */
export type { OwnerRef } from './policy-rules';
export { canOverseeOrganisation } from './policy-rules';

/** The classification level an actor is cleared for on data owned by `owner`. */
export function clearanceFor(who: Viewer | Actor | null, owner?: OwnerRef): ClassificationLevel {
  // Transitional: modules not yet on the Viewer type still pass an Actor or null.
  const viewer: Viewer = who === null ? { kind: 'anonymous' } : 'actor' in who || who.kind === 'system' || who.kind === 'anonymous' ? who : { kind: 'actor', actor: who };
  if (viewer.kind === 'system') return 'confidential';
  if (viewer.kind === 'anonymous') return 'public';
  const actor = viewer.actor;
  if (!owner) return isPlatformAdmin(actor) ? 'confidential' : 'internal';
  if (isPlatformAdmin(actor) || isOwnOrg(actor, owner) || isRegionalRegulator(actor, owner)) return 'confidential';
  return 'internal';
}


export function authorize(allowed: boolean, message?: string): asserts allowed {
  if (!allowed) throw errors.forbidden(message);
}

/**
 * Supply early warning (issue 3). Herb, market and formula master data and reference prices are
 * for every logged-in user (published bulletins will be public); prices are written by supply
 * monitors (their members, admins and API tokens) and platform admins; held ticks are confirmed
 * by supply-monitor admins; a manufacturer manages its own formulas, supply monitors and platform
 * admins the reference (unowned) ones. A manufacturer's own formula is seen by its overseers
 * (itself, regulators of its region, platform admins) and by supply monitors.
 */
const isSupplyMonitor = (a: Actor) => a.organisationType === 'supply-monitor';
export const supplyPolicy = {
  read: (actor: Actor | null) => actor !== null,
  writePrices: (actor: Actor) => (isSupplyMonitor(actor) && (actor.role === 'admin' || actor.role === 'member')) || (isPlatformAdmin(actor) && isHuman(actor)),
  confirmTicks: (actor: Actor) => (isSupplyMonitor(actor) && actor.role === 'admin' && isHuman(actor)) || (isPlatformAdmin(actor) && isHuman(actor)),
  manageFormula: (actor: Actor, ownerOrganisationId: string | null) =>
    ownerOrganisationId === null
      ? (isSupplyMonitor(actor) && (actor.role === 'admin' || actor.role === 'member')) || (isPlatformAdmin(actor) && isHuman(actor))
      : (actor.organisationId === ownerOrganisationId && (actor.role === 'admin' || actor.role === 'member')) || (isPlatformAdmin(actor) && isHuman(actor)),
  readFormula: (actor: Actor, owner: OwnerRef | null) => owner === null || canOverseeOrganisation(actor, owner) || isSupplyMonitor(actor),
  /** Herbs, aliases, specs and markets: people of supply monitors (admins, members) and platform admins. */
  manageCatalog: (actor: Actor) => isHuman(actor) && ((isSupplyMonitor(actor) && (actor.role === 'admin' || actor.role === 'member')) || isPlatformAdmin(actor)),
};

/**
 * Warning cases (issue 3, seed 003 stages 3–4). Supply monitors and platform admins see every
 * case; a case of a manufacturer's own formula is also seen, read-only, by those who see that
 * formula (the firm itself and regulators of its region, as supplyPolicy.readFormula). Only people
 * (not tokens) of supply-monitor organisations do the expert work (notes, assignment, decisions);
 * scans may also be run by their member tokens and by platform admins. Publication through a
 * bulletin is done by the people who publish bulletins: supply monitors and platform admins.
 */
const isSupplyExpert = (a: Actor) => isSupplyMonitor(a) && (a.role === 'admin' || a.role === 'member') && isHuman(a);
export const warningsPolicy = {
  /** Who has an inbox at all; everyone else is refused (403) rather than shown an empty list. */
  inbox: (actor: Actor) => isSupplyMonitor(actor) || isPlatformAdmin(actor) || actor.organisationType === 'manufacturer' || actor.organisationType === 'regulator',
  readCase: (actor: Actor, formulaOwner: OwnerRef | null) =>
    isSupplyMonitor(actor) || isPlatformAdmin(actor) || (formulaOwner !== null && canOverseeOrganisation(actor, formulaOwner)),
  scan: (actor: Actor) => (isSupplyMonitor(actor) && (actor.role === 'admin' || actor.role === 'member')) || (isPlatformAdmin(actor) && isHuman(actor)),
  work: (actor: Actor) => isSupplyExpert(actor),
  /** May be assigned a case: a member or admin of a supply-monitor organisation. */
  assignable: (organisationType: string, role: string) => organisationType === 'supply-monitor' && (role === 'admin' || role === 'member'),
  publish: (actor: Actor) => isSupplyExpert(actor) || (isPlatformAdmin(actor) && isHuman(actor)),
};

/**
 * Supply-warning bulletins (issue 3, stage 4). Published and withdrawn bulletins are public (no
 * login). Drafts, webhook subscriptions and delivery status are for supply monitors and platform
 * admins; supply monitors (members and admins) write, and only people publish or withdraw: a
 * public warning is a human decision, never a machine token's.
 */
export const bulletinsPolicy = {
  readDrafts: (actor: Actor) => isSupplyMonitor(actor) || isPlatformAdmin(actor),
  write: (actor: Actor) => (isSupplyMonitor(actor) && (actor.role === 'admin' || actor.role === 'member')) || (isPlatformAdmin(actor) && isHuman(actor)),
  publish: (actor: Actor) => isHuman(actor) && ((isSupplyMonitor(actor) && (actor.role === 'admin' || actor.role === 'member')) || isPlatformAdmin(actor)),
  manageSubscriptions: (actor: Actor) => isHuman(actor) && ((isSupplyMonitor(actor) && (actor.role === 'admin' || actor.role === 'member')) || isPlatformAdmin(actor)),
};
