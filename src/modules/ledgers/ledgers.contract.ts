import { defineRoute } from '../../shared/contract';
import * as s from './ledgers.schema';

const tags = ['ledgers'];
const v1 = '/api/v1/manifests';

/** File downloads (.xlsx) answer with the file, not JSON: no response schema. */
export const generalLedger = defineRoute({
  method: 'GET',
  path: `${v1}/ledgers/general`,
  summary: "A firm's general industrial solid-waste ledger (一般工业固体废物管理台账) for a year or a month range, as .xlsx",
  description: 'Built from the firm’s by-product streams, monthly records and the manifests it generated. The firm, organisations it delegated `manifests.ledgers` to, regulators of its region and platform admins.',
  tags,
  query: s.generalLedgerQuery,
  responses: {},
});

export const hazardousPlan = defineRoute({
  method: 'GET',
  path: `${v1}/ledgers/hazardous-plan`,
  summary: "A firm's hazardous-waste management plan (危险废物管理计划) for a year, as .xlsx",
  tags,
  query: s.hazardousLedgerQuery,
  responses: {},
});

export const hazardousDeclaration = defineRoute({
  method: 'GET',
  path: `${v1}/ledgers/hazardous-declaration`,
  summary: "A firm's hazardous-waste annual declaration (危险废物年度申报) for a year, as .xlsx",
  tags,
  query: s.hazardousLedgerQuery,
  responses: {},
});

export const ledgerFirms = defineRoute({
  method: 'GET',
  path: `${v1}/ledgers/firms`,
  summary: 'The firms whose ledgers the caller may download',
  tags,
  responses: { 200: s.ledgerFirmsView },
});

export const nationalManifest = defineRoute({
  method: 'GET',
  path: `${v1}/:id/national`,
  summary: "One manifest in the national solid-waste system's hazardous-waste transfer manifest layout (JSON or .xlsx)",
  description: 'Field mapping: docs/national-manifest-mapping.md (official names recalled, marked unverified). Whoever may read the manifest. With format=xlsx the answer is the .xlsx file instead of JSON.',
  tags,
  params: s.nationalManifestParams,
  query: s.nationalManifestQuery,
  responses: { 200: s.nationalExportView },
});

export const nationalPeriod = defineRoute({
  method: 'GET',
  path: `${v1}/national`,
  summary: "A firm's manifests picked up in a period in the national transfer-manifest layout (JSON or .xlsx)",
  description: 'The firm, organisations it delegated `manifests.ledgers` to, regulators of its region and platform admins. With format=xlsx the answer is the .xlsx file instead of JSON.',
  tags,
  query: s.nationalPeriodQuery,
  responses: { 200: s.nationalExportView },
});
