import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import {
  bulletinInput,
  bulletinList,
  bulletinPatch,
  bulletinView,
  createdSubscriptionView,
  deliveryList,
  deliveryQuery,
  idParams,
  listQuery,
  publicBulletinList,
  publicBulletinView,
  publicRefParams,
  publishBody,
  subscriptionInput,
  subscriptionPatch,
  subscriptionView,
  withdrawBody,
} from './bulletins.schema';

const tags = ['bulletins'];
const v1 = '/api/v1/bulletins';
const pub = '/api/v1/public/bulletins';

// ------------------------------------------------------------ public (no login)

export const listPublicBulletins = defineRoute({
  method: 'GET',
  path: pub,
  summary: 'Published and withdrawn bulletins, newest first (no login)',
  tags,
  query: listQuery.omit({ status: true }),
  responses: { 200: publicBulletinList },
});

/** Atom XML, not JSON. */
export const atomFeed = defineRoute({ method: 'GET', path: `${pub}/feed.atom`, summary: 'Atom feed of published bulletins (no login)', tags, responses: {} });

/** RSS XML, not JSON. */
export const rssFeed = defineRoute({ method: 'GET', path: `${pub}/feed.rss`, summary: 'RSS 2.0 feed of published bulletins (no login)', tags, responses: {} });

export const getPublicBulletin = defineRoute({
  method: 'GET',
  path: `${pub}/:ref`,
  summary: 'One published or withdrawn bulletin by id or number (no login)',
  tags,
  params: publicRefParams,
  responses: { 200: publicBulletinView },
});

/** A PDF, not JSON. */
export const publicBulletinPdf = defineRoute({
  method: 'GET',
  path: `${pub}/:ref/pdf`,
  summary: 'The PDF of a published or withdrawn bulletin (no login)',
  tags,
  params: publicRefParams,
  responses: {},
});

// ------------------------------------------------------------ supply monitors

export const listBulletins = defineRoute({
  method: 'GET',
  path: v1,
  summary: 'All bulletins including drafts (supply monitors, admins)',
  tags,
  query: listQuery,
  responses: { 200: bulletinList },
});

export const createBulletin = defineRoute({ method: 'POST', path: v1, summary: 'Create a draft bulletin', tags, body: bulletinInput, responses: { 201: bulletinView } });

export const listSubscriptions = defineRoute({
  method: 'GET',
  path: `${v1}/subscriptions`,
  summary: 'Webhook subscribers (without their secrets)',
  tags,
  responses: { 200: z.object({ items: z.array(subscriptionView) }) },
});

export const createSubscription = defineRoute({
  method: 'POST',
  path: `${v1}/subscriptions`,
  summary: 'Add a webhook subscriber; the answer shows its signing secret once',
  tags,
  body: subscriptionInput,
  responses: { 201: createdSubscriptionView },
});

export const updateSubscription = defineRoute({
  method: 'PATCH',
  path: `${v1}/subscriptions/:id`,
  summary: 'Rename, change audiences, pause or resume a subscriber',
  tags,
  params: idParams,
  body: subscriptionPatch,
  responses: { 200: subscriptionView },
});

export const deleteSubscription = defineRoute({
  method: 'DELETE',
  path: `${v1}/subscriptions/:id`,
  summary: 'Remove a subscriber and its deliveries',
  tags,
  params: idParams,
  responses: { 204: z.null() },
});

export const listDeliveries = defineRoute({
  method: 'GET',
  path: `${v1}/deliveries`,
  summary: 'Webhook deliveries with their status, attempts and last error (newest first, at most 500)',
  tags,
  query: deliveryQuery,
  responses: { 200: deliveryList },
});

export const getBulletin = defineRoute({ method: 'GET', path: `${v1}/:id`, summary: 'One bulletin (drafts too)', tags, params: idParams, responses: { 200: bulletinView } });

export const updateBulletin = defineRoute({
  method: 'PATCH',
  path: `${v1}/:id`,
  summary: 'Change a draft',
  tags,
  params: idParams,
  body: bulletinPatch,
  responses: { 200: bulletinView },
});

export const deleteBulletin = defineRoute({ method: 'DELETE', path: `${v1}/:id`, summary: 'Delete a draft', tags, params: idParams, responses: { 204: z.null() } });

export const publishBulletin = defineRoute({
  method: 'POST',
  path: `${v1}/:id/publish`,
  summary: 'Publish a draft: numbered, immutable, public; webhook deliveries queued in the same transaction. A level that contradicts the products’ measured levels is refused (409, field level) unless confirmLevel is true',
  tags,
  params: idParams,
  body: publishBody,
  responses: { 200: bulletinView },
});

export const withdrawBulletin = defineRoute({
  method: 'POST',
  path: `${v1}/:id/withdraw`,
  summary: 'Withdraw a published bulletin (stays listed as withdrawn)',
  tags,
  params: idParams,
  body: withdrawBody,
  responses: { 200: bulletinView },
});

/** A PDF, not JSON. */
export const bulletinPdf = defineRoute({
  method: 'GET',
  path: `${v1}/:id/pdf`,
  summary: 'The PDF of any bulletin, drafts too (supply monitors, admins)',
  tags,
  params: idParams,
  responses: {},
});
