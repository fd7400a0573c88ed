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
// Sensor readings (GPS, JT/T 808, weighbridge, RFID): the queue's findings source and the track retention job.
export { manifestsSensorsRoutes } from './manifests.sensors.routes';
export { demoSensorTrips, getSensors, purgeTracks, sensorFindings, trackRetentionJob, TRACK_RETENTION_JOB } from './manifests.sensors.view.service';
export { postGps, postJt808, postRfid, postWeighings } from './manifests.sensors.service';
// The load label and the public page its QR code opens.
export { manifestsPublicRoutes } from './manifests.public.routes';
export { loadLabel, publicManifest, publicPageUrl } from './manifests.public.service';
// Manifests as transfer records: the statutory ledgers and the national system's export (ledgers module decides who may read).
export { transferRecords, type TransferRecord, type TransferLine, type TransferParty, type TransferFilter } from './manifests.transfers.repository';
// Transfer-station genealogy and EPCIS 2.0 export/import (CLI `herbloop manifest export-epcis|import-epcis|genealogy`).
export { recordGenealogy } from './manifests.genealogy.service';
export { EPCIS_IMPORT_MAX_BYTES, exportEpcis, importEpcis } from './manifests.epcis.service';
export { recordGenealogyBody, type RecordGenealogyBody, type EpcisImportView } from './manifests.genealogy.schema';
// The law manifests follow (duties as data, cross-province transfer approvals, carriers' permits, retention).
export { manifestsLawRoutes } from './manifests.law.routes';
export { lawPolicy } from './manifests.law.policy';
export { addDuty, deleteManifest, dutiesFor, listDuties, updateDuty } from './manifests.duties.service';
export { applyTransfer, decideTransfer, getTransfer, listTransfers } from './manifests.transfers.service';
export { listPermits, recordPermit } from './manifests.permits.service';
