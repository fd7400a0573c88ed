import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { DeliveryFact } from '../ratings/engine';

/**
 * The contract deliveries the credit rating reads (issue 13, ratings `engine/record.ts`), grouped
 * in SQL by supplier, planned day, status and delivery day: one row per group with its count, so a
 * rating run never streams the delivery rows. "Delivered in full" is compared here with the
 * rules' share, which the caller passes. No policy: the ratings service decides who sees what.
 */
export async function deliveryFactsSince(db: Executor, since: string, minShare: number): Promise<DeliveryFact[]> {
  const rows = await db
    .selectFrom('exchange_contract_deliveries')
    .select([
      'from_organisation_id as supplier',
      'planned_on',
      'status',
      'delivered_on',
      sql<boolean>`coalesce(delivered_tonnes, 0) >= planned_tonnes * ${minShare}`.as('full'),
      sql<number>`count(*)::int`.as('n'),
    ])
    .where('status', '<>', 'cancelled')
    .where('planned_on', '>=', since)
    .groupBy(['from_organisation_id', 'planned_on', 'status', 'delivered_on', sql`5`])
    .execute();
  return rows.map((r) => ({
    ref: `${r.supplier}:${r.planned_on}`,
    supplier: r.supplier,
    plannedOn: r.planned_on,
    plannedTonnes: 1,
    status: r.status,
    deliveredOn: r.delivered_on,
    deliveredTonnes: null,
    full: r.full,
    count: r.n,
  }));
}
