import type { Executor } from '../../db/database';
import type { BulletinRow, BulletinSubscriptionRow } from './bulletins.tables';
import { formulaNames } from '../supply';
import * as repo from './bulletins.repository';
import type { Audience, BulletinSnapshot, BulletinView, PublicBulletinView, RecommendationCode } from './bulletins.schema';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** The reference a public link uses: the number once published, the id before. */
export const publicRef = (row: Pick<BulletinRow, 'id' | 'number'>) => row.number ?? row.id;

export function bulletinLinks(publicUrl: string, row: Pick<BulletinRow, 'id' | 'number'>) {
  const ref = encodeURIComponent(publicRef(row));
  return { page: `${publicUrl}/public/bulletins/${ref}`, pdf: `${publicUrl}/api/v1/public/bulletins/${ref}/pdf` };
}

interface Lookups {
  formulas: Awaited<ReturnType<typeof formulaNames>>;
  organisations: Map<string, string>;
}

async function lookups(db: Executor, rows: readonly BulletinRow[]): Promise<Lookups> {
  const [formulas, organisations] = await Promise.all([
    formulaNames(db, rows.flatMap((r) => r.formula_ids)),
    repo.organisationNames(db, rows.flatMap((r) => (r.organisation_id ? [r.organisation_id] : []))),
  ]);
  return { formulas, organisations };
}

function publicView(row: BulletinRow, l: Lookups, publicUrl: string): PublicBulletinView {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    title: row.title,
    level: row.level,
    // A formula deleted since keeps its place in the bulletin under its id.
    products: row.formula_ids.map((id) => {
      const f = l.formulas.get(id);
      return f ? { id, code: f.code, nameZh: f.name_zh, nameEn: f.name_en } : { id, code: id, nameZh: id, nameEn: id };
    }),
    analysis: row.analysis,
    recommendations: row.recommendations as { code: RecommendationCode; text: string }[],
    audiences: row.audiences as Audience[],
    snapshot: (row.snapshot ?? null) as BulletinSnapshot | null,
    publisher: row.organisation_id ? (l.organisations.get(row.organisation_id) ?? null) : null,
    publishedAt: iso(row.published_at),
    withdrawnAt: iso(row.withdrawn_at),
    withdrawalReason: row.withdrawal_reason,
    links: bulletinLinks(publicUrl, row),
  };
}

export async function presentPublicBulletins(db: Executor, rows: readonly BulletinRow[], publicUrl: string): Promise<PublicBulletinView[]> {
  const l = await lookups(db, rows);
  return rows.map((r) => publicView(r, l, publicUrl));
}

export async function presentBulletins(db: Executor, rows: readonly BulletinRow[], publicUrl: string): Promise<BulletinView[]> {
  const [l, counts] = await Promise.all([lookups(db, rows), repo.deliveryCounts(db, 'bulletin_id', rows.map((r) => r.id))]);
  return rows.map((r) => ({
    ...publicView(r, l, publicUrl),
    caseIds: r.case_ids,
    includeSnapshot: r.include_snapshot,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deliveries: counts.get(r.id) ?? { pending: 0, delivered: 0, failed: 0 },
  }));
}

export async function presentSubscriptions(db: Executor, rows: readonly BulletinSubscriptionRow[]) {
  const counts = await repo.deliveryCounts(db, 'subscription_id', rows.map((r) => r.id));
  // The secret is never part of a listing (restricted column); only creation returns it.
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    url: r.url,
    audiences: r.audiences as Audience[],
    active: r.active,
    createdAt: r.created_at.toISOString(),
    deliveries: counts.get(r.id) ?? { pending: 0, delivered: 0, failed: 0 },
  }));
}

export function presentDeliveries(rows: Awaited<ReturnType<typeof repo.listDeliveries>>) {
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
