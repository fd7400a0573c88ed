import { sql } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { DimensionFigure, Grade, RatingReason } from './engine';
import type { DisputeOutcome, FindingSeverity, LiftedBecause, RatingAppealRow, RatingRow, RatingSuspensionRow } from './ratings.tables';

/** The organisation types that take part in the exchange and the manifests, and so are rated. */
export const ratedTypes = ['manufacturer', 'utilizer', 'transporter', 'service-provider'] as const;

export interface RatedOrganisation {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  type: string;
  region_code: string;
}

export async function ratedOrganisations(db: Executor): Promise<RatedOrganisation[]> {
  return db.selectFrom('organisations').select(['id', 'code', 'name_zh', 'name_en', 'type', 'region_code']).where('type', 'in', [...ratedTypes]).orderBy('code').execute();
}

export async function ratedOrganisation(db: Executor, id: string): Promise<RatedOrganisation | undefined> {
  return db.selectFrom('organisations').select(['id', 'code', 'name_zh', 'name_en', 'type', 'region_code']).where('id', '=', id).where('type', 'in', [...ratedTypes]).executeTakeFirst();
}

/** Findings since a day, grouped per organisation, severity and day. */
export async function findingsSince(db: Executor, since: string): Promise<{ organisation_id: string; severity: FindingSeverity; found_on: string; n: number }[]> {
  return db
    .selectFrom('rating_findings')
    .select(['organisation_id', 'severity', 'found_on', sql<number>`count(*)::int`.as('n')])
    .where('found_on', '>=', since)
    .groupBy(['organisation_id', 'severity', 'found_on'])
    .execute();
}

/** Dispute outcomes since a day, grouped per organisation, outcome and day. */
export async function disputesSince(db: Executor, since: string): Promise<{ organisation_id: string; outcome: DisputeOutcome; decided_on: string; n: number }[]> {
  return db
    .selectFrom('rating_disputes')
    .select(['organisation_id', 'outcome', 'decided_on', sql<number>`count(*)::int`.as('n')])
    .where('decided_on', '>=', since)
    .groupBy(['organisation_id', 'outcome', 'decided_on'])
    .execute();
}

export interface NewRating {
  organisation_id: string;
  rated_on: string;
  grade: Grade;
  score: number;
  suspended: boolean;
  records: number;
  dimensions: DimensionFigure[];
  reasons: RatingReason[];
  policy_edition: string;
  computed_at: Date;
}

/** One statement for a whole run; a second run the same day replaces that day's rows. */
export async function upsertRatings(trx: Trx, rows: NewRating[]): Promise<{ id: string; organisation_id: string }[]> {
  if (rows.length === 0) return [];
  return trx
    .insertInto('ratings')
    .values(rows.map((r) => ({ ...r, dimensions: JSON.stringify(r.dimensions), reasons: JSON.stringify(r.reasons) })))
    .onConflict((oc) =>
      oc.columns(['organisation_id', 'rated_on']).doUpdateSet((eb) => ({
        grade: eb.ref('excluded.grade'),
        score: eb.ref('excluded.score'),
        suspended: eb.ref('excluded.suspended'),
        records: eb.ref('excluded.records'),
        dimensions: eb.ref('excluded.dimensions'),
        reasons: eb.ref('excluded.reasons'),
        policy_edition: eb.ref('excluded.policy_edition'),
        computed_at: eb.ref('excluded.computed_at'),
      })),
    )
    .returning(['id', 'organisation_id'])
    .execute();
}

/** Each organisation's latest rating (optionally only some organisations). */
export async function latestRatings(db: Executor, organisationIds?: readonly string[]): Promise<RatingRow[]> {
  if (organisationIds && organisationIds.length === 0) return [];
  let q = db.selectFrom('ratings').selectAll().distinctOn('organisation_id').orderBy('organisation_id').orderBy('rated_on', 'desc');
  if (organisationIds) q = q.where('organisation_id', 'in', [...organisationIds]);
  return q.execute();
}

export async function ratingHistory(db: Executor, organisationId: string, since: string): Promise<Pick<RatingRow, 'rated_on' | 'grade' | 'score' | 'suspended'>[]> {
  return db.selectFrom('ratings').select(['rated_on', 'grade', 'score', 'suspended']).where('organisation_id', '=', organisationId).where('rated_on', '>=', since).orderBy('rated_on').execute();
}

export async function findingsOf(db: Executor, organisationId: string) {
  return db.selectFrom('rating_findings').select(['id', 'severity', 'found_on', 'summary']).where('organisation_id', '=', organisationId).orderBy('found_on', 'desc').limit(100).execute();
}

export async function disputesOf(db: Executor, organisationId: string) {
  return db.selectFrom('rating_disputes').select(['id', 'outcome', 'decided_on', 'summary', 'contract_id']).where('organisation_id', '=', organisationId).orderBy('decided_on', 'desc').limit(100).execute();
}

export async function insertFinding(trx: Trx, row: { organisation_id: string; severity: FindingSeverity; found_on: string; summary: string; recorded_by: string | null; recorded_by_organisation_id: string | null }): Promise<{ id: string }> {
  return trx.insertInto('rating_findings').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function insertDispute(trx: Trx, row: { organisation_id: string; contract_id: string | null; outcome: DisputeOutcome; decided_on: string; summary: string; recorded_by: string | null; recorded_by_organisation_id: string | null }): Promise<{ id: string }> {
  return trx.insertInto('rating_disputes').values(row).returning('id').executeTakeFirstOrThrow();
}

// Suspensions ---------------------------------------------------------------------------------

export async function isSuspended(db: Executor, organisationId: string): Promise<boolean> {
  const row = await db.selectFrom('rating_suspensions').select('id').where('organisation_id', '=', organisationId).where('lifted_at', 'is', null).executeTakeFirst();
  return row !== undefined;
}

/** Each organisation's latest suspension, open or lifted. */
export async function latestSuspensions(db: Executor, organisationIds?: readonly string[]): Promise<RatingSuspensionRow[]> {
  if (organisationIds && organisationIds.length === 0) return [];
  let q = db.selectFrom('rating_suspensions').selectAll().distinctOn('organisation_id').orderBy('organisation_id').orderBy('started_at', 'desc');
  if (organisationIds) q = q.where('organisation_id', 'in', [...organisationIds]);
  return q.execute();
}

export async function insertSuspensions(trx: Trx, rows: { organisation_id: string; rating_id: string; grade: Grade; started_at: Date }[]): Promise<void> {
  if (rows.length > 0) await trx.insertInto('rating_suspensions').values(rows).execute();
}

export async function liftSuspensions(trx: Trx, organisationIds: readonly string[], because: LiftedBecause, at: Date, appealId: string | null = null): Promise<RatingSuspensionRow[]> {
  if (organisationIds.length === 0) return [];
  return trx
    .updateTable('rating_suspensions')
    .set({ lifted_at: at, lifted_because: because, appeal_id: appealId })
    .where('organisation_id', 'in', [...organisationIds])
    .where('lifted_at', 'is', null)
    .returningAll()
    .execute();
}

// Appeals -------------------------------------------------------------------------------------

export async function appealsOf(db: Executor, organisationId: string): Promise<RatingAppealRow[]> {
  return db.selectFrom('rating_appeals').selectAll().where('organisation_id', '=', organisationId).orderBy('created_at', 'desc').limit(50).execute();
}

export async function openAppealCounts(db: Executor): Promise<Map<string, number>> {
  const rows = await db.selectFrom('rating_appeals').select(['organisation_id', sql<number>`count(*)::int`.as('n')]).where('status', '=', 'open').groupBy('organisation_id').execute();
  return new Map(rows.map((r) => [r.organisation_id, r.n]));
}

export async function getAppeal(db: Executor, id: string): Promise<RatingAppealRow | undefined> {
  return db.selectFrom('rating_appeals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockAppeal(trx: Trx, id: string): Promise<RatingAppealRow | undefined> {
  return trx.selectFrom('rating_appeals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Undefined when the organisation already has an open appeal (one at a time, by a partial unique index). */
export async function insertAppeal(trx: Trx, row: { organisation_id: string; rating_id: string; grade: Grade; suspended: boolean; statement: string; created_by: string | null }): Promise<RatingAppealRow | undefined> {
  return trx
    .insertInto('rating_appeals')
    .values(row)
    .onConflict((oc) => oc.column('organisation_id').where('status', '=', 'open').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function decideAppeal(trx: Trx, id: string, set: { status: 'upheld' | 'rejected'; decided_by: string | null; decided_by_organisation_id: string | null; decision_reason: string; decided_at: Date }): Promise<RatingAppealRow> {
  return trx.updateTable('rating_appeals').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
