import { isHumanPlatformAdmin, isOrgAdmin, type OwnerRef, rule } from '../../platform/policy-rules';

/** The CLI (`herbloop token create|revoke|list`) manages every organisation's tokens. */
export const apiTokenPolicy = {
  list: rule<[org: OwnerRef]>({ system: true, actor: (actor, org) => isOrgAdmin(actor, org) || isHumanPlatformAdmin(actor) }),
  /** Machines never mint machines: only a human admin of the organisation creates tokens. */
  create: rule<[org: OwnerRef]>({ system: true, actor: (actor, org) => isOrgAdmin(actor, org) }),
  revoke: rule<[org: OwnerRef]>({ system: true, actor: (actor, org) => isOrgAdmin(actor, org) || isHumanPlatformAdmin(actor) }),
};
