import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { regionPrefix } from '../../platform/actor';

export interface AuditQuery {
  /** Restrict to one organisation. */
  organisationId?: string | undefined;
  /** Restrict to organisations in a region (regulators). */
  regionCode?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Keyset pagination: entries with id below this one (newest first). */
  beforeId?: number | undefined;
  limit: number;
}

export function queryAudit(db: Executor, q: AuditQuery) {
  return db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .leftJoin('organisations as o', 'o.id', 'a.organisation_id')
    .select([
      'a.id',
      'a.at',
      'a.actor_user_id',
      'u.username as actor_username',
      'a.actor_token_id',
      'a.organisation_id',
      'o.code as organisation_code',
      'a.action',
      'a.entity_type',
      'a.entity_id',
      'a.before',
      'a.after',
      'a.request_id',
    ])
    .$if(q.organisationId !== undefined, (qb) => qb.where('a.organisation_id', '=', q.organisationId!))
    .$if(q.regionCode !== undefined, (qb) => qb.where('o.region_code', 'like', `${regionPrefix(q.regionCode!)}%`))
    .$if(q.entityType !== undefined, (qb) => qb.where('a.entity_type', '=', q.entityType!))
    .$if(q.entityId !== undefined, (qb) => qb.where('a.entity_id', '=', q.entityId!))
    .$if(q.action !== undefined, (qb) => qb.where('a.action', '=', q.action!))
    .$if(q.from !== undefined, (qb) => qb.where('a.at', '>=', q.from!))
    .$if(q.to !== undefined, (qb) => qb.where('a.at', '<', q.to!))
    .$if(q.beforeId !== undefined, (qb) => qb.where('a.id', '<', String(q.beforeId!)))
    .orderBy('a.id', 'desc')
    .limit(q.limit)
    .execute();
}

export type AuditRow = Awaited<ReturnType<typeof queryAudit>>[number];

/** Entries of the whole platform since a moment and how many people made them, counted in SQL. */
export async function countAuditSince(db: Executor, since: Date): Promise<{ entries: number; actors: number }> {
  return db
    .selectFrom('audit_log')
    .where('at', '>=', since)
    .select([sql<number>`count(*)::int8`.as('entries'), sql<number>`count(distinct actor_user_id)::int8`.as('actors')])
    .executeTakeFirstOrThrow();
}
