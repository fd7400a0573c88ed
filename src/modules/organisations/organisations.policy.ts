import { isHumanPlatformAdmin, isOrgAdmin, type OwnerRef, rule } from '../../platform/policy-rules';

export const organisationPolicy = {
  /** The firm directory (names, types, regions) is public; details follow the clearance. */
  list: rule({ system: true, anonymous: () => true, actor: () => true }),
  /** Parks and regions are reference data, public like the directory. */
  readReference: rule({ system: true, anonymous: () => true, actor: () => true }),
  /** The CLI (`herbloop org create`) and the demo loader create organisations too. */
  create: rule({ system: true, actor: (actor) => isHumanPlatformAdmin(actor) }),
  update: rule<[org: OwnerRef]>({ system: false, actor: (actor, org) => isHumanPlatformAdmin(actor) || isOrgAdmin(actor, org) }),
  /**
   * Region and park decide which regulators oversee an organisation, so a firm cannot move
   * itself out of its regulator's sight: only platform admins change them.
   */
  relocate: rule({ system: false, actor: (actor) => isHumanPlatformAdmin(actor) }),
  /** `herbloop region add`: reference data is maintained from the command line only. */
  addRegion: rule({ system: true, actor: () => false }),
};

export const sitePolicy = {
  list: rule<[owner: OwnerRef]>({ system: true, actor: () => true }),
  /** The demo loader adds sites. */
  create: rule<[owner: OwnerRef]>({ system: true, actor: (actor, owner) => isHumanPlatformAdmin(actor) || isOrgAdmin(actor, owner) }),
  update: rule<[owner: OwnerRef]>({ system: false, actor: (actor, owner) => isHumanPlatformAdmin(actor) || isOrgAdmin(actor, owner) }),
  delete: rule<[owner: OwnerRef]>({ system: false, actor: (actor, owner) => isHumanPlatformAdmin(actor) || isOrgAdmin(actor, owner) }),
};
