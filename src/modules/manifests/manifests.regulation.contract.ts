import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import * as s from './manifests.regulation.schema';

const tags = ['manifests'];
// Not imported from manifests.schema: that one reaches the signing engine (node:crypto), and the web bundles this contract.
const manifestIdParams = z.object({ id: z.string().uuid() });
const v1 = '/api/v1/manifests';

export const listRevisions = defineRoute({
  method: 'GET',
  path: `${v1}/:id/revisions`,
  summary: "A manifest's versions side by side (per-field diffs) and its revision requests",
  tags,
  params: manifestIdParams,
  responses: { 200: s.revisionsView },
});

export const requestRevision = defineRoute({
  method: 'POST',
  path: `${v1}/:id/revisions`,
  summary: 'Ask to correct a closed manifest (a party; persons re-enter their password)',
  tags,
  params: manifestIdParams,
  body: s.requestRevisionBody,
  responses: { 201: s.revisionsView },
});

export const decideRevision = defineRoute({
  method: 'POST',
  path: `${v1}/:id/revisions/:revision/decision`,
  summary: 'Approve or refuse (with a reason) a revision request; the last approval signs the revised event',
  tags,
  params: s.revisionParams,
  body: s.decideRevisionBody,
  responses: { 200: s.revisionsView },
});

export const cancelRevision = defineRoute({
  method: 'POST',
  path: `${v1}/:id/revisions/:revision/cancel`,
  summary: 'Withdraw a pending revision request (the requesting organisation)',
  tags,
  params: s.revisionParams,
  body: s.cancelRevisionBody,
  responses: { 200: s.revisionsView },
});

export const listQueue = defineRoute({
  method: 'GET',
  path: `${v1}/queue`,
  summary: "The regulator's queue for its region: overdue, discrepancies, refusals, unlicensed receivers, route deviations, broken verification",
  tags,
  query: s.queueQuery,
  responses: { 200: z.object({ items: z.array(s.queueItemView) }) },
});

/** A file download (.xlsx or CSV), not JSON. */
export const exportQueue = defineRoute({
  method: 'GET',
  path: `${v1}/queue/export`,
  summary: "The regulator's queue (same filters) as .xlsx or CSV",
  tags,
  query: s.queueExportQuery,
  responses: {},
});

export const annotateQueueItem = defineRoute({
  method: 'POST',
  path: `${v1}/queue/:item/notes`,
  summary: 'Annotate a queue item (a regulator of the region; audited)',
  tags,
  params: s.queueItemParams,
  body: s.annotateBody,
  responses: { 201: s.queueItemView },
});

export const closeQueueItem = defineRoute({
  method: 'POST',
  path: `${v1}/queue/:item/close`,
  summary: 'Close a queue item with a reason (a regulator of the region; audited)',
  tags,
  params: s.queueItemParams,
  body: s.closeItemBody,
  responses: { 200: s.queueItemView },
});

export const monthlyFigures = defineRoute({
  method: 'GET',
  path: `${v1}/figures`,
  summary: "A month's figures for the regulator's region: manifests, tonnes by waste code and by treatment, share closed on time",
  tags,
  query: s.figuresQuery,
  responses: { 200: s.figuresView },
});
