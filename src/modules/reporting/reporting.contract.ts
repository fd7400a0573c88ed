import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import { aggregateQuery, aggregateView, boardQuery, boardView, listReportsQuery, reportBody, reportIdParams, reportView, returnBody } from './reporting.schema';

const tags = ['reporting'];

export const listReports = defineRoute({
  method: 'GET',
  path: '/api/v1/reports',
  summary: 'Reports: a firm sees its own, a statistics office those of its region',
  tags,
  query: listReportsQuery,
  responses: { 200: z.object({ items: z.array(reportView) }) },
});

export const saveReport = defineRoute({
  method: 'POST',
  path: '/api/v1/reports',
  summary: 'Save my organisation’s report for a period as a draft',
  tags,
  body: reportBody,
  responses: { 201: reportView },
});

/** The body is the file itself (CSV or .xlsx, by Content-Type), not JSON. */
export const importReports = defineRoute({
  method: 'POST',
  path: '/api/v1/reports/import',
  summary: 'Import report drafts from CSV/.xlsx (period, kind, unit, consumed, recycled, outputValue); all or nothing',
  tags,
  responses: { 201: z.object({ items: z.array(reportView) }) },
});

export const getReport = defineRoute({
  method: 'GET',
  path: '/api/v1/reports/:id',
  summary: 'One report',
  tags,
  params: reportIdParams,
  responses: { 200: reportView },
});

export const submitReport = defineRoute({
  method: 'POST',
  path: '/api/v1/reports/:id/submit',
  summary: 'Submit a draft to the statistics office',
  tags,
  params: reportIdParams,
  responses: { 200: reportView },
});

export const acceptReport = defineRoute({
  method: 'POST',
  path: '/api/v1/reports/:id/accept',
  summary: 'Accept a submitted report (statistics office)',
  tags,
  params: reportIdParams,
  responses: { 200: reportView },
});

export const returnReport = defineRoute({
  method: 'POST',
  path: '/api/v1/reports/:id/return',
  summary: 'Return a submitted report to the firm with comments (statistics office)',
  tags,
  params: reportIdParams,
  body: returnBody,
  responses: { 200: reportView },
});

export const reportBoard = defineRoute({
  method: 'GET',
  path: '/api/v1/reports/board',
  summary: 'Submission status of every reporting firm of the region for a period',
  tags,
  query: boardQuery,
  responses: { 200: boardView },
});

export const reportAggregate = defineRoute({
  method: 'GET',
  path: '/api/v1/reports/aggregate',
  summary: 'Accepted reports summed to the region (cells of fewer than 3 firms suppressed for the public)',
  tags,
  query: aggregateQuery,
  responses: { 200: aggregateView },
});
