import { canOverseeOrganisation, isHuman, isHumanPlatformAdmin, isOrgAdmin, type OwnerRef, rule } from '../../platform/policy-rules';

export const memberPolicy = {
  /** `herbloop user list` lists every organisation's members. */
  list: rule<[org: OwnerRef]>({ system: true, actor: (actor, org) => isHuman(actor) && canOverseeOrganisation(actor, org) }),
  /**
   * Creating users, changing roles and removing members: the org's admins and platform admins.
   * The CLI (`herbloop user create`) and the demo loader add members too.
   */
  manage: rule<[org: OwnerRef]>({ system: true, actor: (actor, org) => isHumanPlatformAdmin(actor) || isOrgAdmin(actor, org) }),
};
