/** Client of the warning-case API (issue 3 stages 3–4): every call goes through the route's contract. */
import type { z } from 'zod';
import * as contract from '../../../../src/modules/warnings/warnings.contract';
import type { caseDetailView, caseSummaryView, scanView } from '../../../../src/modules/warnings/warnings.schema';
import type { warningCauses } from '../../../../src/shared/warnings';
import { call } from '../../api/call';

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
    call(contract.listCases, { query: { status: q.status?.length ? q.status.join(',') : undefined, level: q.level?.length ? q.level.join(',') : undefined } }),
  case: (id: string) => call(contract.getCase, { params: { id } }),
  scan: () => call(contract.scanCases, { body: {} }),
  note: (id: string, body: NoteInput) => call(contract.addCaseNote, { params: { id }, body }),
  claim: (id: string) => call(contract.assignCase, { params: { id }, body: {} }),
  decide: (id: string, body: { decision: 'publish' | 'dismiss'; reason: string }) => call(contract.decideCase, { params: { id }, body }),
  refresh: (id: string) => call(contract.refreshCaseAnalysis, { params: { id } }),
};
