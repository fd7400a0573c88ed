import type { Actor } from '../../platform/actor';
import type { OwnerRef } from '../../platform/policy-rules';
import { accountsPolicy } from '../accounts';
import { balancePolicy } from '../balance';
import { byproductsPolicy } from '../byproducts';
import { reportingPolicy } from '../reporting';
import { actorViewer } from '../../platform/viewer';
import { auditPolicy } from '../audit';
import { bulletinsPolicy } from '../bulletins';
import { exchangePolicy } from '../exchange';
import { supplyPolicy } from '../supply';
import { warningsPolicy } from '../warnings';
import { memberPolicy } from '../users';
import { apiTokenPolicy } from '../tokens';
import type { Capabilities } from './auth.schema';
import { delegationsPolicy } from '../delegations';
import { symbiosisPolicy } from '../symbiosis';
import { ratingsAudience } from '../ratings';
import { lawPolicy, regulationPolicy } from '../manifests';

const reportingFirmTypes: ReadonlySet<Actor['organisationType']> = new Set(['manufacturer', 'utilizer', 'transporter', 'service-provider']);
const costReaderTypes: ReadonlySet<Actor['organisationType']> = new Set(['supply-monitor', 'manufacturer', 'regulator', 'platform-admin']);
const scenarioAudienceTypes: ReadonlySet<Actor['organisationType']> = new Set(['statistics-office', 'regulator', 'park-admin', 'platform-admin']);
const exchangeTraderTypes: ReadonlySet<Actor['organisationType']> = new Set(['manufacturer', 'utilizer', 'service-provider']);
const manifestPartyTypes: ReadonlySet<Actor['organisationType']> = new Set(['manufacturer', 'utilizer', 'transporter', 'service-provider']);
/** Those whose loads leave under a manifest: residue producers and the firms that pass on what they made. */
const manifestGeneratorTypes: ReadonlySet<Actor['organisationType']> = new Set(['manufacturer', 'utilizer', 'service-provider']);
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
    manageDelegations: delegationsPolicy.grant(viewer, own),
    readAudit: auditPolicy.readAll(viewer) || auditPolicy.readRegion(viewer) || auditPolicy.readOrganisation(viewer, own),
    readAllAudit: auditPolicy.readAll(viewer),
    readRegionAudit: auditPolicy.readRegion(viewer),
    runScenarios: scenarioAudienceTypes.has(type),
    readFindings: accountsPolicy.readFindings(viewer, actor.regionCode),
    writeAccounts: accountsPolicy.write(viewer, actor.regionCode),
    openAccountsCatalogue: type === 'statistics-office' || type === 'platform-admin',
    // Its own region's kinds; national kinds need the second.
    editAccountsCatalogue: accountsPolicy.editCatalogue(viewer, actor.regionCode),
    editNationalCatalogue: accountsPolicy.editCatalogue(viewer, null),
    fileReports: reportingFirmTypes.has(type),
    superviseReports: type === 'statistics-office',
    reviewReports: reportingPolicy.review(viewer, own),
    keepBalances: type === 'manufacturer',
    overseeBalances: type === 'regulator',
    listRegionBalances: balancePolicy.listRegion(viewer, actor.regionCode),
    readSupplyCosts: costReaderTypes.has(type),
    writePrices: supplyPolicy.writePrices(viewer),
    confirmTicks: supplyPolicy.confirmTicks(viewer),
    manageCatalog: supplyPolicy.manageCatalog(viewer),
    readWarnings: warningsPolicy.inbox(viewer),
    // The cases of reference formulas, i.e. the whole inbox: supply monitors and platform admins.
    readAllWarnings: warningsPolicy.readCase(viewer, null),
    scanWarnings: warningsPolicy.scan(viewer),
    workWarnings: warningsPolicy.work(viewer),
    readBulletinDrafts: bulletinsPolicy.readDrafts(viewer),
    writeBulletins: bulletinsPolicy.write(viewer),
    publishBulletins: bulletinsPolicy.publish(viewer),
    manageSubscriptions: bulletinsPolicy.manageSubscriptions(viewer),
    readStreams: streamAudienceTypes.has(type),
    declareStreams: byproductsPolicy.write(viewer, { ...own, parkId: actor.parkId }),
    editPathways: byproductsPolicy.editPathways(viewer),
    useExchange: exchangePolicy.browse(viewer),
    // The market's sides: firms that offer or take by-products, acting for themselves.
    tradeExchange: exchangeTraderTypes.has(type) && exchangePolicy.act(viewer, { ...own, parkId: actor.parkId }, { delegated: false }),
    matchExchange: exchangePolicy.match(viewer, actor.parkId),
    readSymbiosis: symbiosisPolicy.seePage(viewer),
    editIndicatorSystems: symbiosisPolicy.editIndicatorSystems(viewer),
    enterParkIndicatorValues: symbiosisPolicy.enterSomeParkValue(viewer),
    enterRegionIndicatorValues: symbiosisPolicy.enterSomeRegionValue(viewer),
    // The parties' firms, regulators (their region's) and platform admins (manifestsPolicy.read).
    readManifests: manifestPartyTypes.has(type) || type === 'regulator' || type === 'platform-admin',
    createManifests: manifestGeneratorTypes.has(type) && (actor.role === 'admin' || actor.role === 'member'),
    ...ratingsAudience(actor),
    readManifestQueue: regulationPolicy.readQueue(viewer),
    // The approvals page is the provinces' (regulators) and platform admins'; firms read their own applications through the API.
    readTransferApprovals: type === 'regulator' || type === 'platform-admin',
    manageManifestDuties: lawPolicy.manageDuties(viewer),
  };
}
