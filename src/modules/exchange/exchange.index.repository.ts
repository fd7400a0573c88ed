/** SQL of the published price index: the trades it is computed from, and the stored series. */
import { sql } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { IndexTrade } from './engine/price-index';
import type { IndexSeriesRow } from './exchange.auctions.tables';

/**
 * Every delivered lot of a priced bilateral contract is a trade: its day, category × grade, the
 * firm it came from, the tonnes received and the contract's price per tonne. Service contracts
 * (price schedules the generating firm pays) are not prices of the residue and are left out.
 */
export async function indexTrades(db: Executor): Promise<IndexTrade[]> {
  const rows = await db
    .selectFrom('exchange_contract_deliveries as d')
    .innerJoin('exchange_contracts as c', 'c.id', 'd.contract_id')
    .select(['d.delivered_on', 'c.class', 'c.grade', 'd.from_organisation_id', 'd.delivered_tonnes', 'c.price_per_tonne'])
    .where('d.status', '=', 'delivered')
    .where('c.kind', '=', 'bilateral')
    .where('c.price_per_tonne', 'is not', null)
    .where('c.price_per_tonne', '>', '0')
    .where('d.delivered_tonnes', '>', '0')
    .where('c.class', 'is not', null)
    .where('c.grade', 'is not', null)
    .orderBy('d.delivered_on')
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({
    date: r.delivered_on!,
    cell: `${r.class}|${r.grade}`,
    seller: r.from_organisation_id,
    tonnes: Number(r.delivered_tonnes),
    price: Number(r.price_per_tonne),
  }));
}

export async function lastRun(db: Executor) {
  return db.selectFrom('exchange_index_runs').selectAll().where('id', '=', 1).executeTakeFirst();
}

/** Serialises recomputations (job, first read) across processes. */
export async function lockIndex(trx: Trx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('exchange-price-index'))`.execute(trx);
}

export async function replaceSeries(trx: Trx, rows: IndexSeriesRow[], run: { computed_at: Date; base_week: string | null; trades: number; source_digest: string }): Promise<void> {
  await trx.deleteFrom('exchange_index_series').execute();
  const CHUNK = 2000;
  for (let k = 0; k < rows.length; k += CHUNK) await trx.insertInto('exchange_index_series').values(rows.slice(k, k + CHUNK)).execute();
  await trx
    .insertInto('exchange_index_runs')
    .values({ id: 1, ...run })
    .onConflict((oc) => oc.column('id').doUpdateSet(run))
    .execute();
}

export async function readSeries(db: Executor, filter: { series?: readonly string[]; fromStart?: string; toStart?: string }): Promise<IndexSeriesRow[]> {
  let q = db.selectFrom('exchange_index_series').selectAll();
  if (filter.series) {
    if (filter.series.length === 0) return [];
    q = q.where('series', 'in', filter.series);
  }
  if (filter.fromStart) q = q.where('week_start', '>=', filter.fromStart);
  if (filter.toStart) q = q.where('week_start', '<=', filter.toStart);
  return q.orderBy('series').orderBy('week').execute();
}

export async function seriesKeys(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('exchange_index_series').select('series').distinct().orderBy('series').execute();
  return rows.map((r) => r.series);
}
