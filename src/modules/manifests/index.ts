/**
 * Public entry point of the manifests module (electronic manifests, 联单; issue 13): what the
 * CLI, the demo loader, jobs and other modules may use. The pure engines are reachable as
 * `../manifests/engine/*`.
 */
export { manifestsRoutes } from './manifests.routes';
export { manifestsConfig, type ManifestsConfig } from './manifests.config';
export { keyStore, type KeyStore } from './manifests.keystore';
export { type ManifestsDeps, manifestsDeps, rotateSigningKey, listPublicKeys, publishedKeys } from './manifests.keys.service';
export { createManifest, getManifest, listManifests } from './manifests.service';
export { signEvent } from './manifests.sign.service';
// The demo's manifest history, written in bulk with the services' rows.
export { writeManifestHistory, type HistoricLoad } from './manifests.history';
export { checkpointHeads, latestCheckpoint, verifyAll, verifyCheckpoints, verifyManifest } from './manifests.verify.service';
export { createLicence, listCodes, listLicences, putCode } from './manifests.catalog.service';
export { createManifestBody, signEventBody, createLicenceBody, listManifestsQuery, type CreateManifestBody, type SignEventBody, type ManifestView, type VerifyView } from './manifests.schema';
export { manifestsPolicy } from './manifests.policy';
export { regulationPolicy } from './manifests.regulation.policy';
export { manifestsCheckpointJob } from './manifests.jobs';
// Facts the credit rating reads (ratings module).
export { manifestFactsSince, type ManifestDueRules } from './manifests.ratings.repository';
// Received tonnes per generator → receiver pair and year (the symbiosis module's actual flows).
export { manifestFlows, type ManifestFlow } from './manifests.flows.repository';
export { manifestsRegulationRoutes } from './manifests.regulation.routes';
export { manifestsOverdueJob, manifestsQueueJob } from './manifests.regulation.jobs';
export { regulationConfig, type RegulationConfig } from './manifests.regulation.config';
export { flagOverdue } from './manifests.overdue.service';
export { scanQueue, listQueue, exportQueue, monthlyFigures, noRouteData, type RouteDeviationSource } from './manifests.queue.service';
export { queueQuery, queueExportQuery, figuresQuery } from './manifests.regulation.schema';
export { listRevisions, requestRevision, decideRevision, cancelRevision } from './manifests.revisions.service';
