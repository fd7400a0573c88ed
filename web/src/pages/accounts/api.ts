/**
 * Client of the issue-5 APIs: regional accounts, direct reporting and balance models. Types
 * are inferred from the server's Zod schemas where it exports them (type-only imports).
 */
import type { z } from 'zod';
import type { changeView, importOutcomeView, indicatorsView, resourceKindView } from '../../../../src/modules/accounts/accounts.schema';
import type { BalanceModelInput, balanceModelView, reconciliationView } from '../../../../src/modules/balance/balance.schema';
import type { ReportBody, ReportView } from '../../../../src/modules/reporting/reporting.schema';
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

export interface RegionItem {
  region: string;
  nameZh: string;
  nameEn: string;
  firstYear: number;
  lastYear: number;
}

export type FindingStatus = 'open' | 'accepted' | 'resolved';
export interface Finding {
  id: string;
  region: string;
  year: number;
  kind: string | null;
  rule: string;
  severity: string;
  status: FindingStatus;
  message: string;
  fileRow: number | null;
  importId: string;
  note: string | null;
  updatedAt: string;
}

export interface ScenarioInput {
  name: string;
  gdpGrowth: number;
  intensityChange: Partial<Record<Category, number>>;
}
export interface ScenarioRequest {
  region: string;
  baseYear?: number;
  targetYear: number;
  targetChange?: number;
  scenarios?: ScenarioInput[];
}
export interface ScenarioYear {
  year: number;
  gdpConstant: number;
  dmc: number;
  dmcByCategory: Record<Category, number>;
  productivity: number;
  productivityIndex: number;
}
export interface ScenarioProjection {
  name: string;
  baseYear: number;
  targetYear: number;
  path: ScenarioYear[];
  productivityChange: number;
  annualProductivityGrowth: number;
  meetsTarget?: boolean;
}
export interface RoadmapRow {
  year: number;
  productivityTarget: number;
  cumulativeImprovement: number;
  gdpConstant: number;
  dmcCeiling: number;
  dmcChangeFromBase: number;
}
export interface ScenarioResult {
  region: string;
  baseYear: number;
  scenarios: (ScenarioInput & { intensityChangeOther?: number })[];
  projections: ScenarioProjection[];
  roadmap: null | {
    baseYear: number;
    targetYear: number;
    baseProductivity: number;
    targetProductivity: number;
    requiredAnnualImprovement: number;
    rows: RoadmapRow[];
  };
}

export type BoardStatus = 'missing' | 'draft' | 'submitted' | 'returned' | 'accepted';
export interface Board {
  region: string;
  period: string;
  counts: Record<BoardStatus, number>;
  firms: { organisationId: string; code: string; name: string; type: string; status: BoardStatus; reportId: string | null; submittedAt: string | null }[];
}
export interface Aggregate {
  region: string;
  period: string;
  firms: number;
  outputValue: number | null;
  kinds: { kind: string; nameZh: string; category: string; firms: number; consumedTonnes: number | null; recycledTonnes: number | null; suppressed: boolean }[];
}

export const accountsApi = {
  catalogue: () => api.get<{ items: ResourceKind[] }>(`${v1}/accounts/catalogue`),
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
  create: (name: string, model: BalanceModel) => api.post<SavedBalanceModel>(`${v1}/balance/models`, { name, model }),
  update: (id: string, name: string, model: BalanceModel) => api.put<SavedBalanceModel>(`${v1}/balance/models/${id}`, { name, model }),
  reconcile: (model: BalanceModel) => api.post<Reconciliation>(`${v1}/balance/reconcile`, { model, options: {} }),
};
