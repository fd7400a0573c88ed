import { sql } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { ReportStatus } from './reporting.tables';
import { regionPrefix } from '../../platform/actor';

export function findReport(db: Executor, id: string) {
  return db
    .selectFrom('firm_reports as r')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .selectAll('r')
    .select(['o.code as organisation_code', 'o.name_zh as organisation_name', 'o.region_code'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export function lockReport(trx: Trx, id: string) {
  return trx.selectFrom('firm_reports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function lockReportOfPeriod(trx: Trx, organisationId: string, period: string) {
  return trx.selectFrom('firm_reports').selectAll().where('organisation_id', '=', organisationId).where('period', '=', period).forUpdate().executeTakeFirst();
}

export function linesOf(db: Executor, reportIds: readonly string[]) {
  if (reportIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('firm_report_lines').selectAll().where('report_id', 'in', reportIds).orderBy('kind').execute();
}

export async function writeReport(
  trx: Trx,
  existingId: string | null,
  values: { organisationId: string; period: string; outputValue: number | null; lines: { kind: string; unit: string; consumed: number; recycled: number }[] },
): Promise<string> {
  let id = existingId;
  if (id) {
    await trx
      .updateTable('firm_reports')
      .set({ status: 'draft', output_value: values.outputValue, review_comment: null, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('firm_report_lines').where('report_id', '=', id).execute();
  } else {
    id = (
      await trx
        .insertInto('firm_reports')
        .values({ organisation_id: values.organisationId, period: values.period, output_value: values.outputValue })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  await trx
    .insertInto('firm_report_lines')
    .values(values.lines.map((l) => ({ report_id: id, kind: l.kind, unit: l.unit, consumed: String(l.consumed), recycled: String(l.recycled) })))
    .execute();
  return id;
}

export async function setStatus(
  trx: Trx,
  id: string,
  status: ReportStatus,
  by: { userId: string | null; comment?: string | null },
): Promise<void> {
  const stamp =
    status === 'submitted'
      ? { submitted_at: sql<Date>`now()`, submitted_by: by.userId }
      : status === 'accepted' || status === 'returned'
        ? { reviewed_at: sql<Date>`now()`, reviewed_by: by.userId, review_comment: by.comment ?? null }
        : {};
  await trx
    .updateTable('firm_reports')
    .set({ status, ...stamp, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export function listReports(db: Executor, q: { organisationId?: string | undefined; regionCode?: string | undefined; period?: string | undefined; status?: ReportStatus | undefined }) {
  return db
    .selectFrom('firm_reports as r')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .selectAll('r')
    .select(['o.code as organisation_code', 'o.name_zh as organisation_name', 'o.region_code'])
    .$if(q.organisationId !== undefined, (qb) => qb.where('r.organisation_id', '=', q.organisationId!))
    .$if(q.regionCode !== undefined, (qb) => qb.where('o.region_code', 'like', `${regionPrefix(q.regionCode!)}%`))
    .$if(q.period !== undefined, (qb) => qb.where('r.period', '=', q.period!))
    .$if(q.status !== undefined, (qb) => qb.where('r.status', '=', q.status!))
    .orderBy('r.period', 'desc')
    .orderBy('o.code')
    .limit(1000)
    .execute();
}

/** Firms expected to report in a region: producers and utilisers (the firms that consume resources). */
export function reportingFirms(db: Executor, regionCode: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'code', 'name_zh', 'type', 'region_code'])
    .where('region_code', 'like', `${regionPrefix(regionCode)}%`)
    .where('type', 'in', ['manufacturer', 'utilizer'])
    .orderBy('code')
    .execute();
}

export function acceptedLines(db: Executor, regionCode: string, period: string) {
  return db
    .selectFrom('firm_report_lines as l')
    .innerJoin('firm_reports as r', 'r.id', 'l.report_id')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .select(['r.organisation_id', 'o.region_code', 'r.output_value', 'l.kind', 'l.unit', 'l.consumed', 'l.recycled'])
    .where('o.region_code', 'like', `${regionPrefix(regionCode)}%`)
    .where('r.period', '=', period)
    .where('r.status', '=', 'accepted')
    .execute();
}
export type ReportListRow = Awaited<ReturnType<typeof listReports>>[number];
export type ReportLineRow = Awaited<ReturnType<typeof linesOf>>[number];
