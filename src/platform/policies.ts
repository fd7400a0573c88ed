import { type Actor, regionCovers } from './actor';
import {
  canOverseeOrganisation,
  canWriteOwnData,
  isHuman,
  isOrgAdmin,
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


export const organisationPolicy = {
  /** The firm directory (names, types, regions) is public; details follow the clearance. */
  list: (_actor: Actor | null) => true,
  create: (actor: Actor) => isPlatformAdmin(actor) && isHuman(actor),
  update: (actor: Actor, org: OwnerRef) => (isPlatformAdmin(actor) && isHuman(actor)) || isOrgAdmin(actor, org),
  /**
   * Region and park decide which regulators oversee an organisation, so a firm cannot move
   * itself out of its regulator's sight: only platform admins change them.
   */
  relocate: (actor: Actor) => isPlatformAdmin(actor) && isHuman(actor),
};

export const sitePolicy = {
  list: (actor: Actor) => actor !== null,
  create: (actor: Actor, owner: OwnerRef) => (isPlatformAdmin(actor) && isHuman(actor)) || isOrgAdmin(actor, owner),
  update: (actor: Actor, owner: OwnerRef) => (isPlatformAdmin(actor) && isHuman(actor)) || isOrgAdmin(actor, owner),
  delete: (actor: Actor, owner: OwnerRef) => (isPlatformAdmin(actor) && isHuman(actor)) || isOrgAdmin(actor, owner),
};

export const memberPolicy = {
  list: (actor: Actor, org: OwnerRef) => isHuman(actor) && canOverseeOrganisation(actor, org),
  /** Creating users, changing roles and removing members: the org's admins and platform admins. */
  manage: (actor: Actor, org: OwnerRef) => (isPlatformAdmin(actor) && isHuman(actor)) || isOrgAdmin(actor, org),
};

export const apiTokenPolicy = {
  list: (actor: Actor, org: OwnerRef) => isOrgAdmin(actor, org) || (isPlatformAdmin(actor) && isHuman(actor)),
  /** Machines never mint machines: only a human admin of the organisation creates tokens. */
  create: (actor: Actor, org: OwnerRef) => isOrgAdmin(actor, org),
  revoke: (actor: Actor, org: OwnerRef) => isOrgAdmin(actor, org) || (isPlatformAdmin(actor) && isHuman(actor)),
};

export const auditPolicy = {
  /** Whole-platform audit queries: platform admins only. */
  readAll: (actor: Actor) => isPlatformAdmin(actor) && isHuman(actor),
  /** Audit of one organisation: its admins, regulators of its region, platform admins. */
  readOrganisation: (actor: Actor, org: OwnerRef) =>
    isHuman(actor) && (isPlatformAdmin(actor) || isOrgAdmin(actor, org) || isRegionalRegulator(actor, org)),
  /** Regulators see the audit of every organisation in their region. */
  readRegion: (actor: Actor) => isHuman(actor) && actor.organisationType === 'regulator',
};

export const dataPolicy = {
  /** Generic rule modules start from for their own organisation-owned records. */
  read: (actor: Actor, owner: OwnerRef) => canOverseeOrganisation(actor, owner),
  write: (actor: Actor, owner: OwnerRef) => canWriteOwnData(actor, owner),
};

export function authorize(allowed: boolean, message?: string): asserts allowed {
  if (!allowed) throw errors.forbidden(message);
}

export const accountsPolicy = {
  /**
   * Regional accounts are written by the statistics office (or development-reform commission)
   * whose region covers the row's region, and by platform admins. Tokens of such an office may
   * write too: direct reporting systems feed them.
   */
  write: (actor: Actor, regionCode: string) =>
    isPlatformAdmin(actor) ||
    (actor.organisationType === 'statistics-office' && regionCovers(actor.regionCode, regionCode) && (actor.role === 'admin' || actor.role === 'member')),
  /** Quality findings are the office's working notes: offices of covering regions, regulators there, admins. */
  readFindings: (actor: Actor, regionCode: string) =>
    isPlatformAdmin(actor) ||
    ((actor.organisationType === 'statistics-office' || actor.organisationType === 'regulator') && regionCovers(actor.regionCode, regionCode)),
  editCatalogue: (actor: Actor) => isPlatformAdmin(actor) || (actor.organisationType === 'statistics-office' && actor.role === 'admin'),
};

export const balancePolicy = {
  /** A plant balance is the firm's own data (process yields are trade secrets). */
  read: (actor: Actor, owner: OwnerRef) => canOverseeOrganisation(actor, owner),
  write: (actor: Actor, owner: OwnerRef) => canWriteOwnData(actor, owner),
  /**
   * The list of a region's balance models: regulators whose region covers it and platform
   * admins, the same people who may open each model. Statistics offices are not in the general
   * rule and get no exception: they receive firms' figures through direct reporting, as
   * aggregates, not the process yields a plant balance reveals.
   */
  listRegion: (actor: Actor, regionCode: string) => isPlatformAdmin(actor) || (actor.organisationType === 'regulator' && regionCovers(actor.regionCode, regionCode)),
};

const reportingTypes = new Set(['manufacturer', 'utilizer', 'transporter', 'service-provider']);

export const reportingPolicy = {
  /** Firms report for themselves (a machine token of the firm may too: ERP connectors). */
  write: (actor: Actor, owner: OwnerRef) => reportingTypes.has(actor.organisationType) && canWriteOwnData(actor, owner),
  read: (actor: Actor, owner: OwnerRef) =>
    isOwnOrg(actor, owner) ||
    isPlatformAdmin(actor) ||
    (actor.organisationType === 'statistics-office' && regionCovers(actor.regionCode, owner.regionCode)),
  /** Accepting or returning a report: the statistics office of the firm's region. */
  review: (actor: Actor, owner: OwnerRef) =>
    isHuman(actor) &&
    (isPlatformAdmin(actor) ||
      (actor.organisationType === 'statistics-office' && regionCovers(actor.regionCode, owner.regionCode) && (actor.role === 'admin' || actor.role === 'member'))),
  board: (actor: Actor, regionCode: string) =>
    isPlatformAdmin(actor) || (actor.organisationType === 'statistics-office' && regionCovers(actor.regionCode, regionCode)),
};

/**
 * By-product streams (issue 4). A stream belongs to a manufacturer (`owner`) in a park
 * (`parkId`, possibly null). Its volumes, assays and handling are confidential: seen by the
 * firm, regulators of its region, the administration of its park and platform admins. Written by
 * the firm's admins and members (and its member API tokens), by the park administration on
 * behalf of firms in its park, and by platform admins. Other firms see the internal fields only
 * (kind of residue, stage, state); park and region figures are aggregates and public. The
 * pathway knowledge base is edited by platform admins (people, not tokens).
 */
export interface StreamOwnerRef extends OwnerRef {
  parkId: string | null;
}
const isParkAdminOf = (a: Actor, owner: StreamOwnerRef) => a.organisationType === 'park-admin' && owner.parkId !== null && a.parkId === owner.parkId;
export const byproductsPolicy = {
  read: (actor: Actor, owner: StreamOwnerRef) => canOverseeOrganisation(actor, owner) || isParkAdminOf(actor, owner),
  write: (actor: Actor, owner: StreamOwnerRef) =>
    canWriteOwnData(actor, owner) ||
    (isParkAdminOf(actor, owner) && (actor.role === 'admin' || actor.role === 'member')) ||
    (isPlatformAdmin(actor) && isHuman(actor)),
  clearance: (actor: Actor | null, owner: StreamOwnerRef): ClassificationLevel => {
    if (!actor) return 'public';
    return canOverseeOrganisation(actor, owner) || isParkAdminOf(actor, owner) ? 'confidential' : 'internal';
  },
  editPathways: (actor: Actor) => isPlatformAdmin(actor) && isHuman(actor),
};
