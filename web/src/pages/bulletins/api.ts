/** Client of the bulletin APIs (issue 3, stage 4). Types come from the server's Zod schemas. */
import type { z } from 'zod';
import type {
  bulletinInput,
  bulletinList,
  bulletinView,
  createdSubscriptionView,
  deliveryList,
  publicBulletinList,
  publicBulletinView,
  subscriptionInput,
  subscriptionView,
} from '../../../../src/modules/bulletins/bulletins.schema';
import { api } from '../../api/client';

export type Bulletin = z.infer<typeof bulletinView>;
export type PublicBulletin = z.infer<typeof publicBulletinView>;
export type BulletinInput = z.input<typeof bulletinInput>;
export type Subscription = z.infer<typeof subscriptionView>;
export type CreatedSubscription = z.infer<typeof createdSubscriptionView>;
export type SubscriptionInput = z.input<typeof subscriptionInput>;
export type Delivery = z.infer<typeof deliveryList>['items'][number];

const v1 = '/api/v1/bulletins';
const pub = '/api/v1/public/bulletins';
const seg = encodeURIComponent;

export const bulletinsApi = {
  list: () => api.get<z.infer<typeof bulletinList>>(v1, { limit: 500 }),
  get: (id: string) => api.get<Bulletin>(`${v1}/${seg(id)}`),
  create: (body: BulletinInput) => api.post<Bulletin>(v1, body),
  update: (id: string, body: Partial<BulletinInput>) => api.patch<Bulletin>(`${v1}/${seg(id)}`, body),
  remove: (id: string) => api.delete<void>(`${v1}/${seg(id)}`),
  publish: (id: string) => api.post<Bulletin>(`${v1}/${seg(id)}/publish`),
  withdraw: (id: string, reason: string) => api.post<Bulletin>(`${v1}/${seg(id)}/withdraw`, { reason }),
  subscriptions: () => api.get<{ items: Subscription[] }>(`${v1}/subscriptions`),
  createSubscription: (body: SubscriptionInput) => api.post<CreatedSubscription>(`${v1}/subscriptions`, body),
  updateSubscription: (id: string, body: { active?: boolean; name?: string }) => api.patch<Subscription>(`${v1}/subscriptions/${seg(id)}`, body),
  removeSubscription: (id: string) => api.delete<void>(`${v1}/subscriptions/${seg(id)}`),
  deliveries: (query: { bulletin?: string; subscription?: string }) => api.get<z.infer<typeof deliveryList>>(`${v1}/deliveries`, query),
  publicList: () => api.get<z.infer<typeof publicBulletinList>>(pub, { limit: 200 }),
  publicGet: (ref: string) => api.get<PublicBulletin>(`${pub}/${seg(ref)}`),
};

/** Same-origin paths for links in the web app (the API's absolute links name the public URL). */
export const publicPaths = {
  page: (ref: string) => `/public/bulletins/${seg(ref)}`,
  pdf: (ref: string) => `${pub}/${seg(ref)}/pdf`,
  draftPdf: (id: string) => `${v1}/${seg(id)}/pdf`,
  atom: `${pub}/feed.atom`,
  rss: `${pub}/feed.rss`,
};
