import { type Actor, regionCovers } from '../../platform/actor';
import { actorViewer } from '../../platform/viewer';
import { canWriteOwnData, isHuman, isOwnOrg, isPlatformAdmin, isWriter, type OwnerRef, rule } from '../../platform/policy-rules';

const reportingTypes = new Set(['manufacturer', 'utilizer', 'transporter', 'service-provider']);
const isOfficeOf = (a: Actor, regionCode: string) => a.organisationType === 'statistics-office' && regionCovers(a.regionCode, regionCode);

/**
 * Direct reporting. Firms report for themselves and the statistics office of their region
 * reviews: both are decisions of an organisation, so the system viewer does not write or review;
 * it may read (the demo loader writes its generated reports through `loadGenerated`).
 */
export const reportingPolicy = {
  /** Firms report for themselves (a machine token of the firm may too: ERP connectors). */
  write: rule<[owner: OwnerRef]>({ system: false, actor: (actor, owner) => reportingTypes.has(actor.organisationType) && canWriteOwnData(actor, owner) }),
  read: rule<[owner: OwnerRef]>({ system: true, actor: (actor, owner) => isOwnOrg(actor, owner) || isPlatformAdmin(actor) || isOfficeOf(actor, owner.regionCode) }),
  /** The list of reports: every logged-in viewer, scoped by the service to what it may read. */
  list: rule<[]>({ system: true, actor: () => true }),
  /** Accepting or returning a report: the statistics office of the firm's region. */
  review: rule<[owner: OwnerRef]>({
    system: false,
    actor: (actor, owner) => isHuman(actor) && (isPlatformAdmin(actor) || (isOfficeOf(actor, owner.regionCode) && isWriter(actor))),
  }),
  /** The submission board, and the unsuppressed aggregate: the region's statistics office. */
  board: rule<[regionCode: string]>({ system: true, actor: (actor, regionCode) => isPlatformAdmin(actor) || isOfficeOf(actor, regionCode) }),
  /** The region's aggregate is public (small cells suppressed). */
  readAggregate: rule<[]>({ system: true, anonymous: () => true, actor: () => true }),
  /** Generated (demo) reports are written without the workflow's checks: the demo loader only. */
  loadGenerated: rule<[]>({ system: true, actor: () => false }),
};

/** The import route's gate, checked before the file is read: a firm reporting for itself. */
export function mayImportReports(actor: Actor): boolean {
  return reportingPolicy.write(actorViewer(actor), { organisationId: actor.organisationId, regionCode: actor.regionCode });
}
