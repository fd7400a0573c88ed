import { sql } from 'kysely';
import type { Executor } from '../../db/database';

/**
 * Shipped by-product flows for the symbiosis module (issue 14): the tonnes receivers accepted on
 * manifests, per generator → receiver pair, year and contract. A manifest counts once its
 * receiver has signed the receipt (status received, processed or closed); its tonnes are what
 * was received less what was refused (kilogram lines converted), in the year of the receipt
 * event in China time (UTC+8). A load refused whole and returned counts nothing (received =
 * refused). Aggregated in SQL so a park's year is one row per pair. No policy here: the caller
 * (the symbiosis service) decides who may see a park's flows before asking.
 */
export interface ManifestFlow {
  generatorId: string;
  receiverId: string;
  year: number;
  /** The exchange contract the manifests ship under, when they name one. */
  contractId: string | null;
  tonnes: number;
  manifests: number;
}

export async function manifestFlows(db: Executor, filter: { organisationIds: readonly string[]; year: number }): Promise<ManifestFlow[]> {
  if (filter.organisationIds.length === 0) return [];
  const ids = [...filter.organisationIds];
  // The receipt's instant as a Beijing wall-clock time, independent of the session's time zone.
  const receiptYear = sql<number>`extract(year from (e.at at time zone 'UTC') + interval '8 hours')::int`;
  const rows = await db
    .selectFrom('manifests as m')
    .innerJoin('manifest_events as e', (j) => j.onRef('e.manifest_id', '=', 'm.id').on('e.kind', '=', 'received'))
    .innerJoin('manifest_lines as l', 'l.manifest_id', 'm.id')
    .where('m.status', 'in', ['received', 'processed', 'closed'])
    .where('l.received', 'is not', null)
    .where((eb) => eb.or([eb('m.generator_id', 'in', ids), eb('m.receiver_id', 'in', ids)]))
    .where(receiptYear, '=', filter.year)
    .groupBy(['m.generator_id', 'm.receiver_id', 'm.contract_id'])
    .select([
      'm.generator_id',
      'm.receiver_id',
      'm.contract_id',
      sql<string>`round(coalesce(sum((l.received - coalesce(l.refused, 0)) / case when l.unit = 'kg' then 1000 else 1 end), 0), 3)::text`.as('tonnes'),
      sql<string>`count(distinct m.id)::text`.as('manifests'),
    ])
    .execute();
  return rows
    .map((r) => ({ generatorId: r.generator_id, receiverId: r.receiver_id, year: filter.year, contractId: r.contract_id, tonnes: Number(r.tonnes), manifests: Number(r.manifests) }))
    .filter((r) => r.tonnes > 0);
}
