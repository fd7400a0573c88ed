import { sql } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { BalanceModelInput } from './balance.schema';

/** Balance models of the firms in a region (GB/T 2260 prefix), with their owners, newest first. */
export function listModelsInRegion(db: Executor, regionPrefix: string) {
  return db
    .selectFrom('balance_models as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select([
      'm.id',
      'm.name',
      'm.organisation_id',
      'o.code as organisation_code',
      'o.name_zh as organisation_name',
      'o.region_code',
      sql<number>`jsonb_array_length(m.model->'processes')::int8`.as('processes'),
      sql<number>`jsonb_array_length(m.model->'flows')::int8`.as('flows'),
      sql<string | null>`m.model->>'period'`.as('period'),
      'm.updated_at',
    ])
    .where('o.region_code', 'like', `${regionPrefix}%`)
    .orderBy('o.region_code')
    .orderBy('o.code')
    .orderBy('m.updated_at', 'desc')
    .execute();
}
export type ModelInRegionRow = Awaited<ReturnType<typeof listModelsInRegion>>[number];

/**
 * The firm's latest model: the one with the latest period when models state one (a later balance
 * period supersedes an earlier one), then the most recently saved.
 */
export function latestModelOf(db: Executor, organisationId: string) {
  return db
    .selectFrom('balance_models')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy(sql`model->>'period'`, (ob) => ob.desc().nullsLast())
    .orderBy('updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function listModelsOf(db: Executor, organisationId: string) {
  return db.selectFrom('balance_models').selectAll().where('organisation_id', '=', organisationId).orderBy('name').execute();
}

export function findModel(db: Executor, id: string) {
  return db.selectFrom('balance_models').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockModel(trx: Trx, id: string) {
  return trx.selectFrom('balance_models').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function insertModel(trx: Trx, organisationId: string, values: { name: string; model: BalanceModelInput }) {
  return trx
    .insertInto('balance_models')
    .values({ organisation_id: organisationId, name: values.name, model: JSON.stringify(values.model) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateModel(trx: Trx, id: string, values: { name: string; model: BalanceModelInput }) {
  return trx
    .updateTable('balance_models')
    .set({ name: values.name, model: JSON.stringify(values.model), updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteModel(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('balance_models').where('id', '=', id).execute();
}

/** How many balance models the firms of a region keep, and how many firms keep one, counted in SQL. */
export async function countModelsInRegion(db: Executor, regionPrefix: string): Promise<{ models: number; firms: number }> {
  return db
    .selectFrom('balance_models as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .where('o.region_code', 'like', `${regionPrefix}%`)
    .select([sql<number>`count(*)::int8`.as('models'), sql<number>`count(distinct m.organisation_id)::int8`.as('firms')])
    .executeTakeFirstOrThrow();
}
