import type { Actor } from '../../platform/actor';
import { canOverseeOrganisation, isHuman, isPlatformAdmin, isWriter, type OwnerRef, rule } from '../../platform/policy-rules';

const isSupplyMonitor = (a: Actor) => a.organisationType === 'supply-monitor';
const isSupplyExpert = (a: Actor) => isSupplyMonitor(a) && isWriter(a) && isHuman(a);

/**
 * Warning cases (issue 3, seed 003 stages 3–4). Supply monitors and platform admins see every
 * case; a case of a manufacturer's own formula is also seen, read-only, by those who see that
 * formula (the firm itself and regulators of its region, as supplyPolicy.readFormula). Only people
 * (not tokens) of supply-monitor organisations do the expert work (notes, assignment, decisions);
 * scans may also be run by their member tokens and by platform admins. Publication through a
 * bulletin is done by the people who publish bulletins: supply monitors and platform admins.
 *
 * Warning cases. A manufacturer's formula is visible to its overseers, so are its cases
 * (readCase); the system viewer (CLI, demo loader, scan job) may do everything, as before.
 */
export const warningsPolicy = {
  /** Who has an inbox at all; everyone else is refused (403) rather than shown an empty list. */
  inbox: rule({ system: true, actor: (a) => isSupplyMonitor(a) || isPlatformAdmin(a) || a.organisationType === 'manufacturer' || a.organisationType === 'regulator' }),
  readCase: rule({ system: true, actor: (a, formulaOwner: OwnerRef | null) => isSupplyMonitor(a) || isPlatformAdmin(a) || (formulaOwner !== null && canOverseeOrganisation(a, formulaOwner)) }),
  scan: rule({ system: true, actor: (a) => (isSupplyMonitor(a) && isWriter(a)) || (isPlatformAdmin(a) && isHuman(a)) }),
  work: rule({ system: true, actor: (a) => isSupplyExpert(a) }),
  publish: rule({ system: true, actor: (a) => isSupplyExpert(a) || (isPlatformAdmin(a) && isHuman(a)) }),
  /** Sees who works on a case (assignee, note authors): supply monitors and platform admins. */
  seesPeople: rule({ system: true, actor: (a) => isSupplyMonitor(a) || isPlatformAdmin(a) }),
};

/** May be assigned a case: a member or admin of a supply-monitor organisation (a membership, not a viewer). */
export function assignable(organisationType: string, role: string): boolean {
  return organisationType === 'supply-monitor' && (role === 'admin' || role === 'member');
}
