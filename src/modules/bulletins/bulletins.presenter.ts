import type { WebhookDeliveryCounts as DeliveryCounts, WebhookSubscriptionRow } from '../notifications';
import type { DeliveryRow } from './bulletins.read.service';
import type { Audience, BulletinSnapshot, BulletinView, PublicBulletinView, RecommendationCode, SubscriptionView } from './bulletins.schema';
import type { BulletinRow } from './bulletins.tables';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** The reference a public link uses: the number once published, the id before. */
export const publicRef = (row: Pick<BulletinRow, 'id' | 'number'>) => row.number ?? row.id;

function bulletinLinks(publicUrl: string, row: Pick<BulletinRow, 'id' | 'number'>) {
  const ref = encodeURIComponent(publicRef(row));
  return { page: `${publicUrl}/public/bulletins/${ref}`, pdf: `${publicUrl}/api/v1/public/bulletins/${ref}/pdf` };
}

/** What a bulletin's view names besides its own row: formulas and organisations. */
export interface BulletinNames {
  formulas: ReadonlyMap<string, { code: string; name_zh: string; name_en: string }>;
  organisations: ReadonlyMap<string, string>;
}

const NO_DELIVERIES: DeliveryCounts = { pending: 0, delivered: 0, failed: 0 };

export function presentPublicBulletin(row: BulletinRow, names: BulletinNames, publicUrl: string): PublicBulletinView {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    title: row.title,
    level: row.level,
    // A formula deleted since keeps its place in the bulletin under its id.
    products: row.formula_ids.map((id) => {
      const f = names.formulas.get(id);
      return f ? { id, code: f.code, nameZh: f.name_zh, nameEn: f.name_en } : { id, code: id, nameZh: id, nameEn: id };
    }),
    analysis: row.analysis,
    recommendations: row.recommendations as { code: RecommendationCode; text: string }[],
    audiences: row.audiences as Audience[],
    snapshot: (row.snapshot ?? null) as BulletinSnapshot | null,
    publisher: row.organisation_id ? (names.organisations.get(row.organisation_id) ?? null) : null,
    publishedAt: iso(row.published_at),
    withdrawnAt: iso(row.withdrawn_at),
    withdrawalReason: row.withdrawal_reason,
    links: bulletinLinks(publicUrl, row),
  };
}

export function presentBulletin(row: BulletinRow, names: BulletinNames, deliveries: DeliveryCounts | undefined, publicUrl: string): BulletinView {
  return {
    ...presentPublicBulletin(row, names, publicUrl),
    caseIds: row.case_ids,
    includeSnapshot: row.include_snapshot,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deliveries: deliveries ?? NO_DELIVERIES,
  };
}

/** The secret is never part of a listing (restricted column); only creation returns it. */
export function presentSubscription(row: WebhookSubscriptionRow, deliveries: DeliveryCounts | undefined): SubscriptionView {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    audiences: row.audiences as Audience[],
    active: row.active,
    createdAt: row.created_at.toISOString(),
    deliveries: deliveries ?? NO_DELIVERIES,
  };
}

export function presentDeliveries(rows: readonly DeliveryRow[]) {
  return rows.map((r) => ({
    id: r.id,
    subscriptionId: r.subscription_id,
    subscription: r.subscription,
    url: r.url,
    bulletinId: r.bulletin_id,
    bulletinNumber: r.bulletin_number,
    event: r.event,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
    lastAttemptAt: iso(r.last_attempt_at),
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    deliveredAt: iso(r.delivered_at),
    createdAt: r.created_at.toISOString(),
  }));
}
