/**
 * Client of the bulletin APIs (issue 3, stage 4). Every call goes through the route's contract,
 * so paths, queries, bodies and responses are the server's.
 */
import { type BodyIn, fillPath, type ResponseOf } from '../../../../src/shared/contract';
import * as bulletins from '../../../../src/modules/bulletins/bulletins.contract';
import { call } from '../../api/call';

export type Bulletin = ResponseOf<typeof bulletins.getBulletin>;
export type PublicBulletin = ResponseOf<typeof bulletins.getPublicBulletin>;
export type BulletinInput = BodyIn<typeof bulletins.createBulletin>;
export type Subscription = ResponseOf<typeof bulletins.listSubscriptions>['items'][number];
export type CreatedSubscription = ResponseOf<typeof bulletins.createSubscription>;
export type SubscriptionInput = BodyIn<typeof bulletins.createSubscription>;
export type Delivery = ResponseOf<typeof bulletins.listDeliveries>['items'][number];

export const bulletinsApi = {
  list: () => call(bulletins.listBulletins, { query: { limit: 500 } }),
  get: (id: string) => call(bulletins.getBulletin, { params: { id } }),
  create: (body: BulletinInput) => call(bulletins.createBulletin, { body }),
  update: (id: string, body: BodyIn<typeof bulletins.updateBulletin>) => call(bulletins.updateBulletin, { params: { id }, body }),
  remove: (id: string) => call(bulletins.deleteBulletin, { params: { id } }),
  publish: (id: string, confirmLevel = false) => call(bulletins.publishBulletin, { params: { id }, body: { confirmLevel } }),
  withdraw: (id: string, reason: string) => call(bulletins.withdrawBulletin, { params: { id }, body: { reason } }),
  subscriptions: () => call(bulletins.listSubscriptions),
  createSubscription: (body: SubscriptionInput) => call(bulletins.createSubscription, { body }),
  updateSubscription: (id: string, body: BodyIn<typeof bulletins.updateSubscription>) => call(bulletins.updateSubscription, { params: { id }, body }),
  removeSubscription: (id: string) => call(bulletins.deleteSubscription, { params: { id } }),
  deliveries: () => call(bulletins.listDeliveries, { query: {} }),
  publicList: () => call(bulletins.listPublicBulletins, { query: { limit: 200 } }),
  publicGet: (ref: string) => call(bulletins.getPublicBulletin, { params: { ref } }),
};

/** Same-origin paths for links in the web app (the API's absolute links name the public URL). */
export const publicPaths = {
  /** The web app's own page of a public bulletin (a route of the web app, not of the API). */
  page: (ref: string) => `/public/bulletins/${encodeURIComponent(ref)}`,
  pdf: (ref: string) => fillPath(bulletins.publicBulletinPdf.path, { ref }),
  draftPdf: (id: string) => fillPath(bulletins.bulletinPdf.path, { id }),
  atom: bulletins.atomFeed.path,
  rss: bulletins.rssFeed.path,
};
