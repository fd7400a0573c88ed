import { type Insertable, sql } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { DelegationScope } from './delegations.scopes';
import type { DelegationRow, DelegationTable } from './delegations.tables';

export async function insertDelegation(trx: Trx, values: Insertable<DelegationTable>): Promise<DelegationRow> {
  return trx.insertInto('delegations').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Locks the row: a revocation waits for, and is seen by, acts under it that are in flight. */
export async function lockDelegation(trx: Trx, id: string): Promise<DelegationRow | undefined> {
  return trx.selectFrom('delegations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findDelegation(db: Executor, id: string): Promise<DelegationRow | undefined> {
  return db.selectFrom('delegations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function revokeDelegation(trx: Trx, id: string, by: string | null, reason: string | null, at: Date): Promise<DelegationRow> {
  return trx
    .updateTable('delegations')
    .set({ revoked_at: at, revoked_by: by, revocation_reason: reason })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The delegation in force now from `grantor` to `grantee` that covers `scope` (the one granted
 * last when several do), share-locked in the caller's transaction so that a revocation
 * committing meanwhile waits until the act under it has committed.
 */
export async function findActiveDelegation(trx: Trx, q: { grantorId: string; granteeId: string; scope: DelegationScope; at: Date }): Promise<DelegationRow | undefined> {
  return trx
    .selectFrom('delegations')
    .selectAll()
    .where('grantor_id', '=', q.grantorId)
    .where('grantee_id', '=', q.granteeId)
    .where(sql<boolean>`${q.scope} = any(scopes)`)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', q.at)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', q.at)]))
    .orderBy('granted_at', 'desc')
    .orderBy('id')
    .limit(1)
    .forShare()
    .executeTakeFirst();
}

export interface DelegationListRow extends DelegationRow {
  grantor_name_zh: string;
  grantor_name_en: string;
  grantee_name_zh: string;
  grantee_name_en: string;
  grantor_region: string;
  grantee_region: string;
}

function withNames(db: Executor) {
  return db
    .selectFrom('delegations as d')
    .innerJoin('organisations as gr', 'gr.id', 'd.grantor_id')
    .innerJoin('organisations as ge', 'ge.id', 'd.grantee_id')
    .selectAll('d')
    .select(['gr.name_zh as grantor_name_zh', 'gr.name_en as grantor_name_en', 'ge.name_zh as grantee_name_zh', 'ge.name_en as grantee_name_en', 'gr.region_code as grantor_region', 'ge.region_code as grantee_region']);
}

/** Delegations an organisation granted or received (or every one when `organisationId` is null). */
export async function listDelegations(db: Executor, q: { organisationId: string | null; direction: 'granted' | 'received' | 'both'; includeRevoked: boolean }): Promise<DelegationListRow[]> {
  const org = q.organisationId;
  return withNames(db)
    .$if(org !== null && q.direction === 'granted', (qb) => qb.where('d.grantor_id', '=', org!))
    .$if(org !== null && q.direction === 'received', (qb) => qb.where('d.grantee_id', '=', org!))
    .$if(org !== null && q.direction === 'both', (qb) => qb.where((eb) => eb.or([eb('d.grantor_id', '=', org!), eb('d.grantee_id', '=', org!)])))
    .$if(!q.includeRevoked, (qb) => qb.where('d.revoked_at', 'is', null))
    .orderBy('d.granted_at', 'desc')
    .orderBy('d.id')
    .execute();
}

export async function delegationsByIds(db: Executor, ids: readonly string[]): Promise<DelegationListRow[]> {
  if (ids.length === 0) return [];
  return withNames(db).where('d.id', 'in', [...ids]).execute();
}
