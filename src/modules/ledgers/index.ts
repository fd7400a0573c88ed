/**
 * Public entry point of the ledgers module (issue 13, statutory ledgers): a firm's general
 * industrial solid-waste ledger, hazardous-waste management plan and annual declaration as
 * .xlsx, computed from the by-product and manifests modules' data, and manifests in the national
 * solid-waste system's transfer-manifest layout. Routes live under /api/v1/manifests.
 */
export { ledgersRoutes } from './ledgers.routes';
export { generalLedger, hazardousPlan, hazardousDeclaration, nationalManifest, nationalPeriod, nationalWorkbook, ledgerFirms, periodOf } from './ledgers.service';
export { generalLedgerQuery, hazardousLedgerQuery, nationalPeriodQuery, nationalManifestQuery, type GeneralLedgerQuery, type HazardousLedgerQuery, type NationalExportView } from './ledgers.schema';
export { ledgersPolicy } from './ledgers.policy';
