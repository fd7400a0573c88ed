import { type Actor, regionCovers } from './actor';
import { errors } from './errors';
import type { Rule, Viewer } from './viewer';

/**
 * The building blocks of every module's policy (`src/modules/<m>/<m>.policy.ts`). The rule of
 * the platform: data of an organisation is visible to it, to regulators of its region and to
 * platform admins, unless a module's policy says otherwise.
 */
export interface OwnerRef {
  organisationId: string;
  regionCode: string;
}

export const isPlatformAdmin = (a: Actor) => a.organisationType === 'platform-admin';
export const isOwnOrg = (a: Actor, owner: OwnerRef) => a.organisationId === owner.organisationId;
export const isRegionalRegulator = (a: Actor, owner: OwnerRef) => a.organisationType === 'regulator' && regionCovers(a.regionCode, owner.regionCode);
export const isHuman = (a: Actor) => a.kind === 'user';
export const isWriter = (a: Actor) => a.role === 'admin' || a.role === 'member';
export const isOrgAdmin = (a: Actor, owner: OwnerRef) => isOwnOrg(a, owner) && a.role === 'admin' && isHuman(a);
export const canWriteOwnData = (a: Actor, owner: OwnerRef) => isOwnOrg(a, owner) && isWriter(a);
export const isHumanPlatformAdmin = (a: Actor) => isPlatformAdmin(a) && isHuman(a);
export function canOverseeOrganisation(actor: Actor, owner: OwnerRef): boolean {
  return isPlatformAdmin(actor) || isOwnOrg(actor, owner) || isRegionalRegulator(actor, owner);
}

/**
 * A policy rule that decides for every kind of viewer. `system` must be stated: the CLI, the
 * demo loader and jobs are allowed only where a rule says so. Anonymous viewers are refused
 * unless `anonymous` says otherwise.
 */
export function rule<Args extends unknown[]>(decide: {
  system: boolean;
  anonymous?: (...args: Args) => boolean;
  actor: (actor: Actor, ...args: Args) => boolean;
}): Rule<Args> {
  return (viewer, ...args) => {
    switch (viewer.kind) {
      case 'system':
        return decide.system;
      case 'anonymous':
        return decide.anonymous ? decide.anonymous(...args) : false;
      case 'actor':
        return decide.actor(viewer.actor, ...args);
    }
  };
}

/**
 * Throws unless allowed: 401 for an anonymous viewer (logging in might help), 403 otherwise.
 * Call it with the outcome of a rule, before reading anything the viewer may not see.
 */
export function permit(viewer: Viewer, allowed: boolean, message?: string): void {
  if (allowed) return;
  if (viewer.kind === 'anonymous') throw errors.unauthenticated();
  throw errors.forbidden(message);
}
