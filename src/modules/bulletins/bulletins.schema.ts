import { z } from 'zod';
import { limits } from '../../shared/limits';

import { bulletinAudiences, bulletinLevels, bulletinStatuses, recommendationCodes } from '../../shared/bulletins';

export { bulletinLevels, bulletinStatuses, recommendationCodes };
export const audiences = bulletinAudiences;
export type Audience = (typeof audiences)[number];
export type RecommendationCode = (typeof recommendationCodes)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const uniqueList = <T extends z.ZodType>(item: T, min: number, max: number) =>
  z
    .array(item)
    .min(min)
    .max(max)
    .refine((xs) => new Set(xs as unknown[]).size === xs.length, 'no duplicates');

const recommendationInput = z.object({ code: z.enum(recommendationCodes), text: text(2000) });

/** A draft as the editor (or `herbloop bulletins create FILE.json`) sends it. */
export const bulletinInput = z.object({
  title: text(200),
  level: z.enum(bulletinLevels),
  products: uniqueList(text(100), 1, 50).describe('affected formulas: code, Chinese name or id'),
  analysis: text(20_000),
  recommendations: z.array(recommendationInput).max(20).default([]),
  audiences: uniqueList(z.enum(audiences), 1, audiences.length),
  caseIds: uniqueList(z.uuid(), 0, 100).default([]).describe('warning cases this bulletin reports on (the warnings module)'),
  includeSnapshot: z.boolean().default(true).describe('store each product’s cost, Y/P, band and top shares at publication'),
});
export type BulletinInput = z.infer<typeof bulletinInput>;
/**
 * A change to a draft: only the fields sent. Built from the fields without their defaults, since
 * a defaulted field of `.partial()` is filled in when absent and would erase, say, the case ids.
 */
export const bulletinPatch = bulletinInput
  .extend({
    recommendations: z.array(recommendationInput).max(20),
    caseIds: uniqueList(z.uuid(), 0, 100),
    includeSnapshot: z.boolean(),
  })
  .partial();
export type BulletinPatch = z.infer<typeof bulletinPatch>;

export const withdrawBody = z.object({ reason: text(2000) });
export const publishBody = z
  .object({ confirmLevel: z.boolean().default(false).describe('publish a level that differs from the products’ measured levels (the monitor’s judgement)') })
  .default({ confirmLevel: false });
export const idParams = z.object({ id: z.uuid() });
export const publicRefParams = z.object({ ref: z.string().trim().min(1).max(60).describe('bulletin id or number (2026-001)') });
export const listQuery = z.object({
  status: z.enum(bulletinStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(limits.pageSize.max).default(limits.pageSize.default),
  offset: z.coerce.number().int().min(0).default(0),
});

const productView = z.object({ id: z.string(), code: z.string(), nameZh: z.string(), nameEn: z.string() });
const snapshotView = z.object({
  date: z.string(),
  products: z.array(
    z.object({
      code: z.string(),
      nameZh: z.string(),
      cost: z.number(),
      priceCap: z.number(),
      ratio: z.number(),
      level: z.string(),
      band: z.tuple([z.number(), z.number()]),
      topShares: z.array(z.object({ herb: z.string(), share: z.number() })),
    }),
  ),
});
export type BulletinSnapshot = z.infer<typeof snapshotView>;

/** The public face of a bulletin (no login): only published or withdrawn ones are served. */
export const publicBulletinView = z.object({
  id: z.string(),
  number: z.string().nullable(),
  status: z.enum(bulletinStatuses),
  title: z.string(),
  level: z.enum(bulletinLevels),
  products: z.array(productView),
  analysis: z.string(),
  recommendations: z.array(recommendationInput),
  audiences: z.array(z.enum(audiences)),
  snapshot: snapshotView.nullable(),
  publisher: z.string().nullable().describe('the supply-monitor organisation'),
  publishedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawalReason: z.string().nullable(),
  /** Links a reader follows: the public page and the PDF. */
  links: z.object({ page: z.string(), pdf: z.string() }),
});
export type PublicBulletinView = z.infer<typeof publicBulletinView>;

export const bulletinView = publicBulletinView.extend({
  caseIds: z.array(z.string()),
  includeSnapshot: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deliveries: z.object({ pending: z.number().int(), delivered: z.number().int(), failed: z.number().int() }),
});
export type BulletinView = z.infer<typeof bulletinView>;

export const bulletinList = z.object({ items: z.array(bulletinView), total: z.number().int() });
export const publicBulletinList = z.object({ items: z.array(publicBulletinView), total: z.number().int() });

// ---------------------------------------------------------------- webhooks

export const subscriptionInput = z.object({
  name: text(200),
  url: z.url({ protocol: /^https?$/ }).max(2000).describe('https (http only to a loopback address when HERBLOOP_WEBHOOK_ALLOW_HTTP_LOOPBACK=1)'),
  audiences: uniqueList(z.enum(audiences), 1, audiences.length).describe('bulletins for any of these audiences are sent'),
  active: z.boolean().default(true),
});
export const subscriptionPatch = z.object({ name: text(200).optional(), audiences: subscriptionInput.shape.audiences.optional(), active: z.boolean().optional() });

export const subscriptionView = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  audiences: z.array(z.enum(audiences)),
  active: z.boolean(),
  createdAt: z.string(),
  deliveries: z.object({ pending: z.number().int(), delivered: z.number().int(), failed: z.number().int() }),
});
export type SubscriptionView = z.infer<typeof subscriptionView>;
/** Only the answer to the creation carries the secret. */
export const createdSubscriptionView = subscriptionView.extend({ secret: z.string().describe('HMAC-SHA256 key; shown only now') });

const deliveryStatuses = ['pending', 'sending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
const deliveryView = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  subscription: z.string(),
  url: z.string(),
  bulletinId: z.string(),
  bulletinNumber: z.string().nullable(),
  event: z.enum(['bulletin.published', 'bulletin.withdrawn']),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export const deliveryList = z.object({ items: z.array(deliveryView) });
export const deliveryQuery = z.object({ bulletin: z.uuid().optional(), subscription: z.uuid().optional(), status: z.enum(deliveryStatuses).optional() });
