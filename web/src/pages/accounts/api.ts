/**
 * Client of the issue-5 APIs: regional accounts, direct reporting and balance models. Types
 * are inferred from the server's Zod schemas where it exports them (type-only imports).
 */
import type { z } from 'zod';
import type { CatalogueCreateBody, CatalogueUpdateBody, accountRegionView, changeView, findingView, importOutcomeView, indicatorsView, resourceKindView, scenarioBody, scenarioResultView } from '../../../../src/modules/accounts/accounts.schema';
import type { ProductivityRoadmap, RoadmapRow, ScenarioDefinition, ScenarioProjection, ScenarioYear } from '../../../../src/modules/accounts/engine';
import type { BalanceModelInput, balanceModelView, reconciliationView, regionModelView } from '../../../../src/modules/balance/balance.schema';
import type { ReportBody, ReportView, aggregateView, boardView } from '../../../../src/modules/reporting/reporting.schema';
import { api, uploadFile } from '../../api/client';

const v1 = '/api/v1';

export type ResourceKind = z.infer<typeof resourceKindView>;
export type Indicators = z.infer<typeof indicatorsView>;
export type IndicatorYear = Indicators['indicators'][number];
export type Change = z.infer<typeof changeView>;
export type ImportOutcome = z.infer<typeof importOutcomeView>;
export type BalanceModel = BalanceModelInput;
export type SavedBalanceModel = z.infer<typeof balanceModelView>;
export type Reconciliation = z.infer<typeof reconciliationView>;
export type Estimate = Reconciliation['flows'][string];
export type { ReportBody, ReportView };

export const CATEGORIES = ['biomass', 'metalOres', 'nonMetallicMinerals', 'fossilEnergy'] as const;
export type Category = (typeof CATEGORIES)[number];

export type RegionItem = z.infer<typeof accountRegionView>;
export type Finding = z.infer<typeof findingView>;
export type FindingStatus = Finding['status'];

/** The engine's scenario and roadmap types (type-only imports: nothing of the server is bundled). */
export type ScenarioInput = ScenarioDefinition;
/** The request as the server's schema accepts it (defaults optional). */
export type ScenarioRequest = z.input<typeof scenarioBody>;
export type { ScenarioYear, ScenarioProjection, RoadmapRow, ProductivityRoadmap };
export type ScenarioResult = z.infer<typeof scenarioResultView>;
export type RegionBalanceModel = z.infer<typeof regionModelView>;

export type Board = z.infer<typeof boardView>;
export type BoardStatus = Board['firms'][number]['status'];
export type Aggregate = z.infer<typeof aggregateView>;

export const accountsApi = {
  catalogue: () => api.get<{ items: ResourceKind[] }>(`${v1}/accounts/catalogue`),
  createKind: (body: CatalogueCreateBody) => api.post<ResourceKind>(`${v1}/accounts/catalogue`, body),
  updateKind: (code: string, body: CatalogueUpdateBody) => api.patch<ResourceKind>(`${v1}/accounts/catalogue/${encodeURIComponent(code)}`, body),
  deleteKind: (code: string) => api.delete<null>(`${v1}/accounts/catalogue/${encodeURIComponent(code)}`),
  regions: () => api.get<{ items: RegionItem[] }>(`${v1}/accounts/regions`),
  indicators: (region: string, from?: number, to?: number) => api.get<Indicators>(`${v1}/accounts/indicators`, { region, from, to }),
  change: (region: string, from: number, to: number) => api.get<Change>(`${v1}/accounts/change`, { region, from, to }),
  scenarios: (body: ScenarioRequest) => api.post<ScenarioResult>(`${v1}/accounts/scenarios`, body),
  findings: (filter: { region?: string; year?: number; status?: FindingStatus }) => api.get<{ items: Finding[] }>(`${v1}/accounts/findings`, { ...filter, limit: 200 }),
  updateFinding: (id: string, status: FindingStatus, note: string | null) => api.patch<{ id: string; status: FindingStatus; note: string | null }>(`${v1}/accounts/findings/${id}`, { status, note }),
  importFile: (file: File) => uploadFile<ImportOutcome>(`${v1}/accounts/import`, file, { fileName: file.name }),
};

export const reportsApi = {
  list: (filter: { period?: string; status?: string } = {}) => api.get<{ items: ReportView[] }>(`${v1}/reports`, filter),
  get: (id: string) => api.get<ReportView>(`${v1}/reports/${id}`),
  save: (body: ReportBody) => api.post<ReportView>(`${v1}/reports`, body),
  submit: (id: string) => api.post<ReportView>(`${v1}/reports/${id}/submit`),
  accept: (id: string) => api.post<ReportView>(`${v1}/reports/${id}/accept`),
  return: (id: string, comment: string) => api.post<ReportView>(`${v1}/reports/${id}/return`, { comment }),
  board: (period: string) => api.get<Board>(`${v1}/reports/board`, { period }),
  aggregate: (period: string, region: string) => api.get<Aggregate>(`${v1}/reports/aggregate`, { period, region }),
  importFile: (file: File) => uploadFile<{ items: ReportView[] }>(`${v1}/reports/import`, file),
};

export const balanceApi = {
  list: (organisationId?: string) => api.get<{ items: SavedBalanceModel[] }>(`${v1}/balance/models`, { organisationId }),
  regionModels: (region?: string) => api.get<{ region: string; items: RegionBalanceModel[] }>(`${v1}/balance/region-models`, { region }),
  get: (id: string) => api.get<SavedBalanceModel>(`${v1}/balance/models/${id}`),
  create: (name: string, model: BalanceModel) => api.post<SavedBalanceModel>(`${v1}/balance/models`, { name, model }),
  update: (id: string, name: string, model: BalanceModel) => api.put<SavedBalanceModel>(`${v1}/balance/models/${id}`, { name, model }),
  reconcile: (model: BalanceModel) => api.post<Reconciliation>(`${v1}/balance/reconcile`, { model, options: {} }),
};
