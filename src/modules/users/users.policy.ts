import { canOverseeOrganisation, isHuman, isHumanPlatformAdmin, isOrgAdmin, type OwnerRef, rule } from '../../platform/policy-rules';

export const memberPolicy = {
  /** `herbloop user list` lists every organisation's members. */
  list: rule<[org: OwnerRef]>({ system: true, actor: (actor, org) => isHuman(actor) && canOverseeOrganisation(actor, org) }),
  /**
   * Creating users, changing roles and removing members: the org's admins and platform admins.
   * The CLI (`herbloop user create`) and the demo loader add members too.
   */
  manage: rule<[org: OwnerRef]>({ system: true, actor: (actor, org) => isHumanPlatformAdmin(actor) || isOrgAdmin(actor, org) }),
  /** Adding a member without their acceptance: the system only (the operator's CLI, the demo loader). */
  addDirectly: rule<[]>({ system: true, actor: () => false }),
  /**
   * Inviting someone into the organisation and seeing its open invitations: the org's admins and
   * platform admins. The system (CLI, demo loader) adds members directly instead.
   */
  invite: rule<[org: OwnerRef]>({ system: false, actor: (actor, org) => isHumanPlatformAdmin(actor) || isOrgAdmin(actor, org) }),
  /** Reading, accepting and declining one's own invitations: the person, logged in (never a token). */
  respond: rule<[]>({ system: false, actor: (actor) => isHuman(actor) }),
};
