/** All SQL of the warnings module (warning cases, their notes, the scan lock). */
import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { WarningCaseNoteTable, WarningCaseStatus, WarningCaseTable } from './warnings.tables';
import { advisoryKey } from '../../platform/jobs';
import type { ActorRow } from '../auth';

export type CaseRow = Selectable<WarningCaseTable>;
export type NewCase = Insertable<WarningCaseTable>;
export type CasePatch = Updateable<WarningCaseTable>;

/** The scan's lock name: the scheduled job and on-demand scans (API, CLI) share it. */
export const SCAN_LOCK = 'warnings-scan';

/**
 * Waits for the scan lock (transaction-scoped). The scheduled job already holds it through
 * the scheduler's lock on the same key (src/platform/jobs.ts); advisory locks are re-entrant
 * within a session.
 */
export async function lockScan(trx: Trx): Promise<void> {
  await sql`select pg_advisory_xact_lock(${advisoryKey(SCAN_LOCK)})`.execute(trx);
}

/** What the scan compares: every column but the analysis snapshot (the bulk of a row). */
const factColumns = [
  'id',
  'formula_id',
  'kind',
  'direction',
  'episode_start',
  'episode_end',
  'level',
  'peak_date',
  'peak_ratio',
  'latest_date',
  'latest_ratio',
  'latest_level',
  'probability',
  'status',
] as const;
export type CaseFactsRow = Pick<CaseRow, (typeof factColumns)[number]>;

/** Every case of the given formulas (all when omitted), for the scan to match episodes against. */
export function casesOfFormulas(db: Executor, formulaIds?: readonly string[]): Promise<CaseFactsRow[]> {
  let q = db.selectFrom('warning_cases').select(factColumns);
  if (formulaIds) {
    if (formulaIds.length === 0) return Promise.resolve([]);
    q = q.where('formula_id', 'in', formulaIds);
  }
  return q.execute();
}

/** Inserts in batches (each row carries its analysis JSON); returns the rows in input order. */
export async function insertCases(trx: Trx, values: readonly NewCase[]): Promise<CaseFactsRow[]> {
  const out: CaseFactsRow[] = [];
  for (let i = 0; i < values.length; i += 50) {
    out.push(...(await trx.insertInto('warning_cases').values(values.slice(i, i + 50)).returning(factColumns).execute()));
  }
  return out;
}

export function updateCase(trx: Trx, id: string, patch: CasePatch): Promise<CaseFactsRow> {
  return trx
    .updateTable('warning_cases')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .returning(factColumns)
    .executeTakeFirstOrThrow();
}

export function lockCase(trx: Trx, id: string): Promise<CaseRow | undefined> {
  return trx.selectFrom('warning_cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function lockCases(trx: Trx, ids: readonly string[]): Promise<CaseRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return trx.selectFrom('warning_cases').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute();
}

/** A case with what the views and the policy need: its formula, the formula's owner, the assignee. */
function caseListQuery(db: Executor) {
  return db
    .selectFrom('warning_cases as c')
    .innerJoin('formulas as f', 'f.id', 'c.formula_id')
    .leftJoin('organisations as o', 'o.id', 'f.owner_organisation_id')
    .leftJoin('users as a', 'a.id', 'c.assignee_user_id')
    .leftJoin('users as d', 'd.id', 'c.decided_by')
    // Bulletins are named by their number (2010-001), never by an id.
    .leftJoin('bulletins as b', 'b.id', 'c.bulletin_id')
    .selectAll('c')
    .select([
      'b.number as bulletin_number',
      'f.code as formula_code',
      'f.name_zh as formula_name_zh',
      'f.name_en as formula_name_en',
      'f.owner_organisation_id',
      'o.region_code as owner_region_code',
      'a.username as assignee_username',
      'a.display_name as assignee_display_name',
      'd.username as decided_by_username',
      'd.display_name as decided_by_display_name',
    ]);
}

export interface CaseFilter {
  status?: readonly WarningCaseStatus[] | undefined;
  level?: readonly string[] | undefined;
  kind?: 'signal' | 'pre-warning' | undefined;
  formulaId?: string | undefined;
}

export function listCases(db: Executor, filter: CaseFilter = {}) {
  let q = caseListQuery(db);
  if (filter.status?.length) q = q.where('c.status', 'in', filter.status);
  if (filter.level?.length) q = q.where('c.level', 'in', filter.level as ('blue' | 'yellow' | 'orange' | 'red')[]);
  if (filter.kind) q = q.where('c.kind', '=', filter.kind);
  if (filter.formulaId) q = q.where('c.formula_id', '=', filter.formulaId);
  // Triage: cases waiting for someone first, running episodes (escalating ones — latest day at
  // the peak — first) before ended ones, then by level and recency.
  return q
    .orderBy(sql`c.status in ('open', 'analysing', 'decided-publish')`, 'desc')
    .orderBy(sql`c.episode_end is null`, 'desc')
    .orderBy(sql`c.episode_end is null and c.latest_date = c.peak_date`, 'desc')
    .orderBy(sql`case c.level when 'red' then 4 when 'orange' then 3 when 'yellow' then 2 when 'blue' then 1 else 0 end`, 'desc')
    .orderBy('c.latest_date', 'desc')
    .orderBy('f.code')
    .execute();
}

export function findCase(db: Executor, id: string) {
  return caseListQuery(db).where('c.id', '=', id).executeTakeFirst();
}

export function notesOf(db: Executor, caseId: string) {
  return db
    .selectFrom('warning_case_notes as n')
    .leftJoin('users as u', 'u.id', 'n.author_user_id')
    .leftJoin('organisations as o', 'o.id', 'n.organisation_id')
    .selectAll('n')
    .select(['u.username as author_username', 'u.display_name as author_display_name', 'o.name_zh as organisation_name_zh'])
    .where('n.case_id', '=', caseId)
    .orderBy('n.created_at')
    .orderBy('n.id')
    .execute();
}

export async function countNotes(db: Executor, caseId: string): Promise<number> {
  const r = await db.selectFrom('warning_case_notes').select((eb) => eb.fn.countAll<number>().as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** clock_timestamp(), not now(): notes added in one transaction (the demo) keep their order. */
export function insertNote(trx: Trx, values: Omit<Insertable<WarningCaseNoteTable>, 'created_at'>) {
  return trx
    .insertInto('warning_case_notes')
    .values({ ...values, created_at: sql<Date>`clock_timestamp()` })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A user's memberships as actor rows (the CLI and the demo act as a named user). */
export function membershipsOf(db: Executor, username: string): Promise<(ActorRow & { organisation_code: string; disabled: boolean })[]> {
  return db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select([
      'u.id as user_id',
      sql<null>`null`.as('token_id'),
      'm.organisation_id',
      'o.code as organisation_code',
      'o.type as organisation_type',
      'o.region_code',
      'o.park_id',
      'm.role',
      'u.disabled',
    ])
    .where('u.username', '=', username)
    .orderBy('o.code')
    .execute();
}

/** Supply-monitor memberships of a user (by id or username), to check an assignee. */
export function monitorMembershipsOf(db: Executor, user: { id?: string; username?: string }) {
  let q = db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.disabled', 'o.type as organisation_type', 'm.role']);
  q = user.id !== undefined ? q.where('u.id', '=', user.id) : q.where('u.username', '=', user.username ?? '');
  return q.execute();
}

/** Ids of cases whose id starts with `prefix` (the CLI names a case by a short prefix). */
export async function caseIdsByPrefix(db: Executor, prefix: string): Promise<string[]> {
  const rows = await db
    .selectFrom('warning_cases')
    .select('id')
    .where(sql<string>`id::text`, 'like', `${prefix.toLowerCase()}%`)
    .limit(10)
    .execute();
  return rows.map((r) => r.id);
}

/** Ids of the cases of one formula's episode starting on `start` (a signal and maybe a pre-warning). */
export async function caseIdsOfEpisode(db: Executor, formulaId: string, start: string): Promise<{ id: string; kind: string }[]> {
  return db.selectFrom('warning_cases').select(['id', 'kind']).where('formula_id', '=', formulaId).where('episode_start', '=', start).orderBy('kind', 'desc').execute();
}

export type NoteRow = Awaited<ReturnType<typeof notesOf>>[number];
export type ListedCase = NonNullable<Awaited<ReturnType<typeof findCase>>>;

/** Whose cases a count covers: every case, or those of formulas owned by one firm or by firms of a region. */
export type CaseScope = { all: true } | { all: false; ownerOrganisationId: string; ownerRegionPrefix: string | null };

/** Statuses in which a case still waits for someone (not dismissed, published or closed). */
export const WORKING_STATUSES: readonly WarningCaseStatus[] = ['open', 'analysing', 'decided-publish'];

/**
 * Working cases per peak level (pre-warnings, which have none, under `pre-warning`), counted in
 * SQL: all of them, and those escalating — the episode still running and its latest day its peak.
 */
export async function countWorkingCases(db: Executor, scope: CaseScope): Promise<{ level: string; open: number; escalating: number }[]> {
  let q = db
    .selectFrom('warning_cases as c')
    .innerJoin('formulas as f', 'f.id', 'c.formula_id')
    .leftJoin('organisations as o', 'o.id', 'f.owner_organisation_id')
    .where('c.status', 'in', WORKING_STATUSES);
  if (!scope.all) {
    const { ownerOrganisationId, ownerRegionPrefix } = scope;
    q = q.where((eb) =>
      ownerRegionPrefix === null
        ? eb('f.owner_organisation_id', '=', ownerOrganisationId)
        : eb.or([eb('f.owner_organisation_id', '=', ownerOrganisationId), eb('o.region_code', 'like', `${ownerRegionPrefix}%`)]),
    );
  }
  return q
    .select([
      sql<string>`coalesce(c.level, 'pre-warning')`.as('level'),
      sql<number>`count(*)::int8`.as('open'),
      sql<number>`count(*) filter (where c.episode_end is null and c.latest_date = c.peak_date)::int8`.as('escalating'),
    ])
    .groupBy(sql`coalesce(c.level, 'pre-warning')`)
    .execute();
}
