/** Client of the warning-case API (issue 3 stages 3–4). Types come from the server's Zod schemas. */
import type { z } from 'zod';
import type { caseDetailView, caseSummaryView, scanView } from '../../../../src/modules/warnings/warnings.schema';
import type { warningCauses } from '../../../../src/shared/warnings';
import { api } from '../../api/client';

const v1 = '/api/v1/warnings';

export type CaseSummary = z.infer<typeof caseSummaryView>;
export type CaseDetail = z.infer<typeof caseDetailView>;
export type ScanResult = z.infer<typeof scanView>;
export type Cause = (typeof warningCauses)[number];

export interface NoteInput {
  cause: Cause;
  expectedWeeks?: number | null;
  text: string;
}

export const warningsApi = {
  cases: (q: { status?: string[]; level?: string[] } = {}) =>
    api.get<{ items: CaseSummary[] }>(`${v1}/cases`, { status: q.status?.length ? q.status.join(',') : undefined, level: q.level?.length ? q.level.join(',') : undefined }),
  case: (id: string) => api.get<CaseDetail>(`${v1}/cases/${encodeURIComponent(id)}`),
  scan: () => api.post<ScanResult>(`${v1}/scan`, {}),
  note: (id: string, body: NoteInput) => api.post<CaseDetail>(`${v1}/cases/${encodeURIComponent(id)}/notes`, body),
  claim: (id: string) => api.post<CaseDetail>(`${v1}/cases/${encodeURIComponent(id)}/assign`, {}),
  decide: (id: string, body: { decision: 'publish' | 'dismiss'; reason: string }) => api.post<CaseDetail>(`${v1}/cases/${encodeURIComponent(id)}/decision`, body),
  refresh: (id: string) => api.post<CaseDetail>(`${v1}/cases/${encodeURIComponent(id)}/analysis`, {}),
};
