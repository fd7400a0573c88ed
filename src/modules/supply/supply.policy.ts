import type { Actor } from '../../platform/actor';
import { actorViewer } from '../../platform/viewer';
import { canOverseeOrganisation, isHuman, isPlatformAdmin, isWriter, type OwnerRef, rule } from '../../platform/policy-rules';

const isSupplyMonitor = (a: Actor) => a.organisationType === 'supply-monitor';
const isMonitorWriter = (a: Actor) => isSupplyMonitor(a) && isWriter(a);
const isHumanAdmin = (a: Actor) => isPlatformAdmin(a) && isHuman(a);

/**
 * Supply early warning (issue 3). Herb, market and formula master data and reference prices are
 * for every logged-in user (published bulletins will be public); prices are written by supply
 * monitors (their members, admins and API tokens) and platform admins; held ticks are confirmed
 * by supply-monitor admins; a manufacturer manages its own formulas, supply monitors and platform
 * admins the reference (unowned) ones. A manufacturer's own formula is seen by its overseers
 * (itself, regulators of its region, platform admins) and by supply monitors.
 *
 * Supply early warning. The system viewer (CLI, demo loader, scan job) is allowed everywhere it
 * was before the Viewer type: it imports prices and formulas and reads every formula.
 */
export const supplyPolicy = {
  /** Herbs, markets, prices and the reference formulas: every logged-in caller. */
  read: rule({ system: true, actor: () => true }),
  writePrices: rule({ system: true, actor: (a) => isMonitorWriter(a) || isHumanAdmin(a) }),
  confirmTicks: rule({ system: true, actor: (a) => (isSupplyMonitor(a) && a.role === 'admin' && isHuman(a)) || isHumanAdmin(a) }),
  /** A reference formula (no owner) or a manufacturer's own formula. */
  manageFormula: rule({
    system: true,
    actor: (a, ownerOrganisationId: string | null) =>
      ownerOrganisationId === null ? isMonitorWriter(a) || isHumanAdmin(a) : (a.organisationId === ownerOrganisationId && isWriter(a)) || isHumanAdmin(a),
  }),
  readFormula: rule({ system: true, actor: (a, owner: OwnerRef | null) => owner === null || canOverseeOrganisation(a, owner) || isSupplyMonitor(a) }),
  /** Herbs, aliases, specs and markets: people of supply monitors (admins, members) and platform admins. */
  manageCatalog: rule({ system: true, actor: (a) => isHuman(a) && (isMonitorWriter(a) || isPlatformAdmin(a)) }),
};

/** The price-file import route's gate, checked before the file is read. */
export function mayImportPrices(actor: Actor): boolean {
  return supplyPolicy.writePrices(actorViewer(actor));
}

/** The formula-file import route's gate: a manufacturer for its own formulas, supply monitors and platform admins for the reference ones. */
export function mayImportFormulas(actor: Actor): boolean {
  return supplyPolicy.manageFormula(actorViewer(actor), actor.organisationType === 'manufacturer' ? actor.organisationId : null);
}
