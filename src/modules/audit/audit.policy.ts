import { isHuman, isHumanPlatformAdmin, isOrgAdmin, isPlatformAdmin, isRegionalRegulator, type OwnerRef, rule } from '../../platform/policy-rules';

/** Nothing outside HTTP reads the audit log through the service: the system viewer is refused. */
export const auditPolicy = {
  /** Whole-platform audit queries: platform admins only. */
  readAll: rule({ system: false, actor: (actor) => isHumanPlatformAdmin(actor) }),
  /** Audit of one organisation: its admins, regulators of its region, platform admins. */
  readOrganisation: rule<[org: OwnerRef]>({
    system: false,
    actor: (actor, org) => isHuman(actor) && (isPlatformAdmin(actor) || isOrgAdmin(actor, org) || isRegionalRegulator(actor, org)),
  }),
  /** Regulators see the audit of every organisation in their region. */
  readRegion: rule({ system: false, actor: (actor) => isHuman(actor) && actor.organisationType === 'regulator' }),
};
