import { defineRoute } from '../../shared/contract';
import {
  appealBody,
  appealParams,
  computeView,
  createdView,
  decideAppealBody,
  disputeBody,
  findingBody,
  listRatingsQuery,
  methodView,
  organisationParams,
  ratingDetailView,
  ratingListView,
  recomputeBody,
} from './ratings.schema';

/** Route contracts of the ratings module (shared with the web: no server-only imports here). */
const tags = ['ratings'];

export const ratingMethod = defineRoute({
  method: 'GET',
  path: '/api/v1/ratings/method',
  summary: 'The published rating method’s numbers as this deployment applies them (public)',
  tags,
  responses: { 200: methodView },
});

export const listRatings = defineRoute({
  method: 'GET',
  path: '/api/v1/ratings',
  summary: 'Every rated participant’s current grade and suspension, worst first; score and reasons only for the firm itself, its regional regulators and platform admins',
  tags,
  query: listRatingsQuery,
  responses: { 200: ratingListView },
});

export const showRating = defineRoute({
  method: 'GET',
  path: '/api/v1/ratings/:organisationId',
  summary: 'One participant’s rating: grade, suspension, history; reasons, figures, findings, disputes and appeals for those who may see them',
  tags,
  params: organisationParams,
  responses: { 200: ratingDetailView },
});

export const appealRating = defineRoute({
  method: 'POST',
  path: '/api/v1/ratings/:organisationId/appeals',
  summary: 'The firm appeals its grade or suspension with a statement (one open appeal at a time)',
  tags,
  params: organisationParams,
  body: appealBody,
  responses: { 201: createdView },
});

export const decideAppeal = defineRoute({
  method: 'POST',
  path: '/api/v1/ratings/appeals/:id/decision',
  summary: 'A regulator of the firm’s region upholds or rejects an appeal with a reason; upheld lifts the suspension',
  tags,
  params: appealParams,
  body: decideAppealBody,
  responses: { 200: createdView },
});

export const recordFinding = defineRoute({
  method: 'POST',
  path: '/api/v1/ratings/:organisationId/findings',
  summary: 'A regulator of the firm’s region records a finding (minor, major, serious); counted from the next rating',
  tags,
  params: organisationParams,
  body: findingBody,
  responses: { 201: createdView },
});

export const recordDispute = defineRoute({
  method: 'POST',
  path: '/api/v1/ratings/:organisationId/disputes',
  summary: 'A regulator of the firm’s region or a platform admin records a dispute’s outcome for the firm; counted from the next rating',
  tags,
  params: organisationParams,
  body: disputeBody,
  responses: { 201: createdView },
});

export const recomputeRatings = defineRoute({
  method: 'POST',
  path: '/api/v1/ratings/recompute',
  summary: 'Rate every participant now (platform admins; the daily job does the same)',
  tags,
  body: recomputeBody,
  responses: { 200: computeView },
});
