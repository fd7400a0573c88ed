/**
 * Client of the issue-5 APIs: regional accounts, direct reporting and balance models. Every call
 * goes through the route's contract, so paths, queries, bodies and responses are the server's.
 */
import type { z } from 'zod';
import { type BodyIn, fillPath, type QueryIn, type ResponseOf } from '../../../../src/shared/contract';
import * as accounts from '../../../../src/modules/accounts/accounts.contract';
import type { ProductivityRoadmap, RoadmapRow, ScenarioDefinition, ScenarioProjection, ScenarioYear } from '../../../../src/modules/accounts/engine';
import * as balance from '../../../../src/modules/balance/balance.contract';
import type { BalanceModelInput } from '../../../../src/modules/balance/balance.schema';
import * as reporting from '../../../../src/modules/reporting/reporting.contract';
import type { ReportBody, ReportView } from '../../../../src/modules/reporting/reporting.schema';
import { call } from '../../api/call';
import { uploadFile } from '../../api/client';

export type ResourceKind = ResponseOf<typeof accounts.getCatalogue>['items'][number];
export type Indicators = ResponseOf<typeof accounts.getIndicators>;
export type IndicatorYear = Indicators['indicators'][number];
export type Change = ResponseOf<typeof accounts.getChange>;
export type ImportOutcome = ResponseOf<typeof accounts.importAccounts>;
export type BalanceModel = BalanceModelInput;
export type SavedBalanceModel = ResponseOf<typeof balance.getBalanceModel>;
export type Reconciliation = ResponseOf<typeof balance.reconcileModel>;
export type Estimate = Reconciliation['flows'][string];
export type { ReportBody, ReportView };

export const CATEGORIES = ['biomass', 'metalOres', 'nonMetallicMinerals', 'fossilEnergy'] as const;
export type Category = (typeof CATEGORIES)[number];

export type RegionItem = ResponseOf<typeof accounts.listAccountRegions>['items'][number];
export type Finding = ResponseOf<typeof accounts.listFindings>['items'][number];
export type FindingStatus = Finding['status'];

/** The engine's scenario and roadmap types (type-only imports: nothing of the engine is bundled). */
export type ScenarioInput = ScenarioDefinition;
/** The request as the server's schema accepts it (defaults optional). */
export type ScenarioRequest = BodyIn<typeof accounts.projectScenarios>;
export type { ScenarioYear, ScenarioProjection, RoadmapRow, ProductivityRoadmap };
export type ScenarioResult = ResponseOf<typeof accounts.projectScenarios>;
export type RegionBalanceModel = ResponseOf<typeof balance.listRegionBalanceModels>['items'][number];

export type Board = ResponseOf<typeof reporting.reportBoard>;
export type BoardStatus = Board['firms'][number]['status'];
export type Aggregate = ResponseOf<typeof reporting.reportAggregate>;

type CatalogueCreateBody = BodyIn<typeof accounts.createResourceKind>;
type CatalogueUpdateBody = z.input<typeof accounts.updateResourceKind.body>;
type FindingsFilter = Omit<NonNullable<QueryIn<typeof accounts.listFindings>>, 'limit'>;

export const accountsApi = {
  catalogue: () => call(accounts.getCatalogue),
  createKind: (body: CatalogueCreateBody) => call(accounts.createResourceKind, { body }),
  updateKind: (code: string, body: CatalogueUpdateBody) => call(accounts.updateResourceKind, { params: { code }, body }),
  deleteKind: (code: string) => call(accounts.deleteResourceKind, { params: { code } }),
  regions: () => call(accounts.listAccountRegions),
  indicators: (region: string, from?: number, to?: number) => call(accounts.getIndicators, { query: { region, from, to } }),
  change: (region: string, from: number, to: number) => call(accounts.getChange, { query: { region, from, to } }),
  scenarios: (body: ScenarioRequest) => call(accounts.projectScenarios, { body }),
  findings: (filter: FindingsFilter) => call(accounts.listFindings, { query: { ...filter, limit: 200 } }),
  updateFinding: (id: string, status: FindingStatus, note: string | null) => call(accounts.updateFinding, { params: { id }, body: { status, note } }),
  importFile: (file: File) => uploadFile<ImportOutcome>(fillPath(accounts.importAccounts.path, undefined), file, { fileName: file.name }),
};

export const reportsApi = {
  list: (filter: QueryIn<typeof reporting.listReports> = {}) => call(reporting.listReports, { query: filter }),
  get: (id: string) => call(reporting.getReport, { params: { id } }),
  save: (body: BodyIn<typeof reporting.saveReport>) => call(reporting.saveReport, { body }),
  submit: (id: string) => call(reporting.submitReport, { params: { id } }),
  accept: (id: string) => call(reporting.acceptReport, { params: { id } }),
  return: (id: string, comment: string) => call(reporting.returnReport, { params: { id }, body: { comment } }),
  board: (period: string) => call(reporting.reportBoard, { query: { period } }),
  aggregate: (period: string, region: string) => call(reporting.reportAggregate, { query: { period, region } }),
  importFile: (file: File) => uploadFile<ResponseOf<typeof reporting.importReports>>(fillPath(reporting.importReports.path, undefined), file),
};

export const balanceApi = {
  list: (organisationId?: string) => call(balance.listBalanceModels, { query: { organisationId } }),
  regionModels: (region?: string) => call(balance.listRegionBalanceModels, { query: { region } }),
  get: (id: string) => call(balance.getBalanceModel, { params: { id } }),
  create: (name: string, model: BalanceModel) => call(balance.createBalanceModel, { body: { name, model } }),
  update: (id: string, name: string, model: BalanceModel) => call(balance.replaceBalanceModel, { params: { id }, body: { name, model } }),
  reconcile: (model: BalanceModel) => call(balance.reconcileModel, { body: { model, options: {} } }),
};
