import { defineRoute } from '../../shared/contract';
import { assignBody, caseDetailView, caseListView, caseParams, decideBody, listCasesQuery, noteBody, scanBody, scanView } from './warnings.schema';

/** Route contracts of the warnings module (shared with the web: no server-only imports here). */
const tags = ['warnings'];

export const scanCases = defineRoute({
  method: 'POST',
  path: '/api/v1/warnings/scan',
  summary: 'Open or update warning cases from every formula’s signal episodes and pre-warnings (supply monitors)',
  tags,
  body: scanBody,
  responses: { 200: scanView },
});

export const listCases = defineRoute({
  method: 'GET',
  path: '/api/v1/warnings/cases',
  summary: 'Warning inbox: the cases the caller may see in triage order (waiting cases first; running, escalating episodes first; then by level and recency)',
  tags,
  query: listCasesQuery,
  responses: { 200: caseListView },
});

export const getCase = defineRoute({
  method: 'GET',
  path: '/api/v1/warnings/cases/:id',
  summary: 'One case with its analysis snapshot and notes',
  tags,
  params: caseParams,
  responses: { 200: caseDetailView },
});

export const addCaseNote = defineRoute({
  method: 'POST',
  path: '/api/v1/warnings/cases/:id/notes',
  summary: 'Add an expert note: coded cause, expected duration (weeks), text',
  tags,
  params: caseParams,
  body: noteBody,
  responses: { 201: caseDetailView },
});

export const assignCase = defineRoute({
  method: 'POST',
  path: '/api/v1/warnings/cases/:id/assign',
  summary: 'Claim the case (no body) or assign it to a supply-monitor member',
  tags,
  params: caseParams,
  body: assignBody,
  responses: { 200: caseDetailView },
});

export const decideCase = defineRoute({
  method: 'POST',
  path: '/api/v1/warnings/cases/:id/decision',
  summary: 'Decide: publish or dismiss, with a reason',
  tags,
  params: caseParams,
  body: decideBody,
  responses: { 200: caseDetailView },
});

export const refreshCaseAnalysis = defineRoute({
  method: 'POST',
  path: '/api/v1/warnings/cases/:id/analysis',
  summary: 'Recompute the analysis snapshot from today’s data',
  tags,
  params: caseParams,
  responses: { 200: caseDetailView },
});
