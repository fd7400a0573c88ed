import type { Actor } from '../../platform/actor';
import type { OwnerRef } from '../../platform/policy-rules';
// Transitional: these modules' policies still live in platform/policies.ts; once their modules
// export them from their index.ts, import them from there.
import { bulletinsPolicy, supplyPolicy, warningsPolicy } from '../../platform/policies';
import { accountsPolicy } from '../accounts';
import { balancePolicy } from '../balance';
import { byproductsPolicy } from '../byproducts';
import { reportingPolicy } from '../reporting';
import { actorViewer } from '../../platform/viewer';
import { auditPolicy } from '../audit';
import { memberPolicy } from '../users';
import { apiTokenPolicy } from '../tokens';
import type { Capabilities } from './auth.schema';

const reportingFirmTypes: ReadonlySet<Actor['organisationType']> = new Set(['manufacturer', 'utilizer', 'transporter', 'service-provider']);
const costReaderTypes: ReadonlySet<Actor['organisationType']> = new Set(['supply-monitor', 'manufacturer', 'regulator', 'platform-admin']);
const scenarioAudienceTypes: ReadonlySet<Actor['organisationType']> = new Set(['statistics-office', 'regulator', 'park-admin', 'platform-admin']);
const streamAudienceTypes: ReadonlySet<Actor['organisationType']> = new Set(['manufacturer', 'park-admin', 'regulator', 'platform-admin']);

/**
 * Every capability for the actor's own organisation (the one it acts for). Most are a module's
 * policy applied to that organisation or region; a few are the audience of a page whose API is
 * open more widely (scenarios, the catalogue, reporting, balances, supply costs, streams): the
 * page is for them, the API answers whoever its policy lets in.
 */
export function capabilitiesOf(actor: Actor): Capabilities {
  const viewer = actorViewer(actor);
  const own: OwnerRef = { organisationId: actor.organisationId, regionCode: actor.regionCode };
  const type = actor.organisationType;
  return {
    manageMembers: memberPolicy.manage(viewer, own),
    manageTokens: apiTokenPolicy.create(viewer, own),
    readAudit: auditPolicy.readAll(viewer) || auditPolicy.readRegion(viewer) || auditPolicy.readOrganisation(viewer, own),
    readAllAudit: auditPolicy.readAll(viewer),
    readRegionAudit: auditPolicy.readRegion(viewer),
    runScenarios: scenarioAudienceTypes.has(type),
    readFindings: accountsPolicy.readFindings(viewer, actor.regionCode),
    writeAccounts: accountsPolicy.write(viewer, actor.regionCode),
    openAccountsCatalogue: type === 'statistics-office' || type === 'platform-admin',
    editAccountsCatalogue: accountsPolicy.editCatalogue(viewer),
    fileReports: reportingFirmTypes.has(type),
    superviseReports: type === 'statistics-office',
    reviewReports: reportingPolicy.review(viewer, own),
    keepBalances: type === 'manufacturer',
    overseeBalances: type === 'regulator',
    listRegionBalances: balancePolicy.listRegion(viewer, actor.regionCode),
    readSupplyCosts: costReaderTypes.has(type),
    writePrices: supplyPolicy.writePrices(actor),
    confirmTicks: supplyPolicy.confirmTicks(actor),
    manageCatalog: supplyPolicy.manageCatalog(actor),
    readWarnings: warningsPolicy.inbox(actor),
    // The cases of reference formulas, i.e. the whole inbox: supply monitors and platform admins.
    readAllWarnings: warningsPolicy.readCase(actor, null),
    scanWarnings: warningsPolicy.scan(actor),
    workWarnings: warningsPolicy.work(actor),
    readBulletinDrafts: bulletinsPolicy.readDrafts(actor),
    writeBulletins: bulletinsPolicy.write(actor),
    publishBulletins: bulletinsPolicy.publish(actor),
    manageSubscriptions: bulletinsPolicy.manageSubscriptions(actor),
    readStreams: streamAudienceTypes.has(type),
    declareStreams: byproductsPolicy.write(viewer, { ...own, parkId: actor.parkId }),
    editPathways: byproductsPolicy.editPathways(viewer),
  };
}
