import { isHumanPlatformAdmin, isOrgAdmin, isOwnOrg, isPlatformAdmin, type OwnerRef, rule } from '../../platform/policy-rules';

/**
 * Only a human administrator of the grantor grants or revokes (the CLI too: `herbloop
 * delegations grant|revoke`). Both sides and platform admins read a delegation.
 */
export const delegationsPolicy = {
  grant: rule<[grantor: OwnerRef]>({ system: true, actor: (actor, grantor) => isOrgAdmin(actor, grantor) }),
  revoke: rule<[grantor: OwnerRef]>({ system: true, actor: (actor, grantor) => isOrgAdmin(actor, grantor) || isHumanPlatformAdmin(actor) }),
  read: rule<[grantor: OwnerRef, grantee: OwnerRef]>({
    system: true,
    actor: (actor, grantor, grantee) => isOwnOrg(actor, grantor) || isOwnOrg(actor, grantee) || isPlatformAdmin(actor),
  }),
  /** Listing every organisation's delegations (no organisation filter). */
  listAll: rule<[]>({ system: true, actor: (actor) => isPlatformAdmin(actor) }),
};
