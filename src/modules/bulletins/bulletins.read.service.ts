/**
 * Reading bulletins: the listings and single bulletins for supply monitors (drafts included) and
 * for the public (published and withdrawn only), and the views other parts of the module build
 * from rows. The names a view shows (formulas, the publishing organisation, delivery counts) are
 * read here in one query each for a whole page; the presenter only shapes.
 */
import type { Executor } from '../../db/database';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { countWebhookDeliveries, listWebhookDeliveries, webhookDeliveryCounts, type WebhookSubscriptionRow } from '../notifications';
import { formulaNames } from '../supply';
import { bulletinsPolicy } from './bulletins.policy';
import { type BulletinNames, presentBulletin, presentPublicBulletin, presentSubscription } from './bulletins.presenter';
import * as repo from './bulletins.repository';
import type { BulletinView, PublicBulletinView, SubscriptionView } from './bulletins.schema';
import type { BulletinEvent, BulletinRow, BulletinStatus } from './bulletins.tables';
import type { DeliveryStatus } from './bulletins.schema';

export const PUBLIC_STATUSES: readonly BulletinStatus[] = ['published', 'withdrawn'];
export const ALL_STATUSES: readonly BulletinStatus[] = ['draft', 'published', 'withdrawn'];

async function namesOf(db: Executor, rows: readonly BulletinRow[]): Promise<BulletinNames> {
  const [formulas, organisations] = await Promise.all([
    formulaNames(db, rows.flatMap((r) => r.formula_ids)),
    repo.organisationNames(db, rows.flatMap((r) => (r.organisation_id ? [r.organisation_id] : []))),
  ]);
  return { formulas, organisations };
}

export async function publicBulletinViews(db: Executor, rows: readonly BulletinRow[], publicUrl: string): Promise<PublicBulletinView[]> {
  const names = await namesOf(db, rows);
  return rows.map((r) => presentPublicBulletin(r, names, publicUrl));
}

export async function bulletinViews(db: Executor, rows: readonly BulletinRow[], publicUrl: string): Promise<BulletinView[]> {
  const [names, counts] = await Promise.all([namesOf(db, rows), webhookDeliveryCounts(db, 'subject_id', rows.map((r) => r.id))]);
  return rows.map((r) => presentBulletin(r, names, counts.get(r.id), publicUrl));
}

export async function bulletinView(db: Executor, row: BulletinRow, publicUrl: string): Promise<BulletinView> {
  return (await bulletinViews(db, [row], publicUrl))[0]!;
}

export async function subscriptionViews(db: Executor, rows: readonly WebhookSubscriptionRow[]): Promise<SubscriptionView[]> {
  const counts = await webhookDeliveryCounts(db, 'subscription_id', rows.map((r) => r.id));
  return rows.map((r) => presentSubscription(r, counts.get(r.id)));
}

export function mayReadDrafts(ctx: ServiceContext): void {
  permit(ctx.viewer, bulletinsPolicy.readDrafts(ctx.viewer), 'Only supply monitors and platform administrators see bulletin drafts; published bulletins are under /api/v1/public/bulletins.');
}

export async function listBulletins(db: Executor, ctx: ServiceContext, q: { status?: BulletinStatus | undefined; limit: number; offset: number }, publicUrl: string) {
  mayReadDrafts(ctx);
  const { rows, total } = await repo.listBulletins(db, { statuses: q.status ? [q.status] : ALL_STATUSES, limit: q.limit, offset: q.offset });
  return { items: await bulletinViews(db, rows, publicUrl), total };
}

export async function getBulletin(db: Executor, ctx: ServiceContext, ref: string, publicUrl: string): Promise<BulletinView> {
  mayReadDrafts(ctx);
  const row = await repo.findBulletinByRef(db, ref, ALL_STATUSES);
  if (!row) throw errors.notFound('Bulletin', ref);
  return bulletinView(db, row, publicUrl);
}

export async function listPublicBulletins(db: Executor, q: { limit: number; offset: number }, publicUrl: string) {
  const { rows, total } = await repo.listBulletins(db, { statuses: PUBLIC_STATUSES, limit: q.limit, offset: q.offset });
  return { items: await publicBulletinViews(db, rows, publicUrl), total };
}

/** Published or withdrawn only: a draft is "not found" to the public. */
export async function getPublicBulletin(db: Executor, ref: string, publicUrl: string): Promise<PublicBulletinView> {
  const row = await repo.findBulletinByRef(db, ref, PUBLIC_STATUSES);
  if (!row) throw errors.notFound('Bulletin', ref);
  return (await publicBulletinViews(db, [row], publicUrl))[0]!;
}

/** The id of a bulletin named by id or number (`2026-001`), drafts included. */
export async function bulletinIdOf(db: Executor, ctx: ServiceContext, ref: string): Promise<string> {
  mayReadDrafts(ctx);
  const row = await repo.findBulletinByRef(db, ref, ALL_STATUSES);
  if (!row) throw errors.notFound('Bulletin', ref);
  return row.id;
}

/** The webhook deliveries of bulletin events (the platform's outbox holds other events' too), with the bulletins' numbers. */
export async function listDeliveries(db: Executor, ctx: ServiceContext, q: { bulletinId?: string | undefined; subscriptionId?: string | undefined; status?: DeliveryStatus | undefined }) {
  permit(ctx.viewer, bulletinsPolicy.manageSubscriptions(ctx.viewer), 'Only people of supply-monitor organisations and platform administrators manage bulletin subscribers.');
  const rows = await listWebhookDeliveries(db, { subjectType: BULLETIN_SUBJECT, subjectId: q.bulletinId, subscriptionId: q.subscriptionId, status: q.status });
  const numbers = await repo.bulletinNumbers(db, rows.map((r) => r.subject_id));
  return rows.map((r) => ({ ...r, event: r.event as BulletinEvent, bulletin_id: r.subject_id, bulletin_number: numbers.get(r.subject_id) ?? null }));
}

export type DeliveryRow = Awaited<ReturnType<typeof listDeliveries>>[number];

/** The subject type of bulletin events in the platform's webhook outbox. */
export const BULLETIN_SUBJECT = 'bulletins';

/** Webhook deliveries per status (the audience of listDeliveries): failed ones need someone. */
export async function deliveryCounts(db: Executor, ctx: ServiceContext): Promise<Record<'pending' | 'sending' | 'delivered' | 'failed', number>> {
  permit(ctx.viewer, bulletinsPolicy.manageSubscriptions(ctx.viewer), 'Only people of supply-monitor organisations and platform administrators manage bulletin subscribers.');
  const counts = { pending: 0, sending: 0, delivered: 0, failed: 0 };
  for (const r of await countWebhookDeliveries(db, BULLETIN_SUBJECT)) counts[r.status] = r.n;
  return counts;
}
