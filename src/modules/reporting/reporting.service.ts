import type { DB, Executor, Trx } from '../../db/database';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { errors, type FieldIssue } from '../../platform/errors';
import { authorize, reportingPolicy } from '../../platform/policies';
import type { ImportedRow } from '../../platform/import/index';
import { loadCatalogue } from '../accounts/accounts.repository';
import { catalogueIndex, unitConversionFactor } from '../accounts/engine';
import { findOrganisation } from '../organisations/organisations.repository';
import * as repo from './reporting.repository';
import type { ReportBody, ReportRowInput, ReportView } from './reporting.schema';

/**
 * Cells of a published aggregate built from fewer firms than this are suppressed: with one or
 * two firms, the "aggregate" would disclose a firm's own confidential figures.
 */
export const MIN_FIRMS_PER_CELL = 3;

async function ownerOf(db: Executor, organisationId: string) {
  const org = await findOrganisation(db, organisationId);
  if (!org) throw errors.notFound('Organisation', organisationId);
  return { organisationId: org.id, regionCode: org.region_code };
}

async function checkLines(db: Executor, lines: ReportBody['lines'], where: (i: number) => string): Promise<void> {
  const kinds = catalogueIndex(await loadCatalogue(db));
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    const kind = kinds.get(l.kind);
    if (!kind) issues.push({ field: `${where(i)}.kind`, message: `unknown resource kind ${l.kind}`, code: 'accounts.unknownKind', params: { kind: l.kind } });
    else if (unitConversionFactor(l.unit, kind) === null) {
      issues.push({ field: `${where(i)}.unit`, message: `${l.unit} does not convert to ${kind.unit}`, code: 'accounts.unitNotConvertible', params: { unit: l.unit, expected: kind.unit, kind: kind.code } });
    }
    if (l.recycled > l.consumed) issues.push({ field: `${where(i)}.recycled`, message: 'recycled exceeds consumed', code: 'accounts.recycledExceedsConsumed', params: { recycled: l.recycled, consumed: l.consumed } });
    if (seen.has(l.kind)) issues.push({ field: `${where(i)}.kind`, message: `${l.kind} appears twice`, code: 'accounts.kindTwice', params: { kind: l.kind } });
    seen.add(l.kind);
  });
  if (issues.length > 0) throw errors.validation('The report has invalid lines; nothing was saved.', issues);
}

/** Saves the firm's report of a period as a draft (replacing a draft or a returned report). */
export async function saveReport(trx: Trx, ctx: RequestContext, body: ReportBody, where: (i: number) => string = (i) => `body.lines.${i}`): Promise<string> {
  const organisationId = ctx.actor.organisationId;
  authorize(reportingPolicy.write(ctx.actor, await ownerOf(trx, organisationId)), 'Only the firm itself reports its figures.');
  await checkLines(trx, body.lines, where);
  const existing = await repo.lockReportOfPeriod(trx, organisationId, body.period);
  if (existing && (existing.status === 'submitted' || existing.status === 'accepted')) {
    throw errors.conflict(`The report for ${body.period} is ${existing.status}; it can change only after the statistics office returns it.`);
  }
  const id = await repo.writeReport(trx, existing?.id ?? null, {
    organisationId,
    period: body.period,
    outputValue: body.outputValue ?? null,
    lines: body.lines.map((l) => ({ kind: l.kind, unit: l.unit, consumed: l.consumed, recycled: l.recycled })),
  });
  await recordAudit(trx, ctx, {
    action: existing ? 'report.update' : 'report.create',
    entityType: 'firm_reports',
    entityId: id,
    organisationId,
    after: { period: body.period, lines: body.lines.length, output_value: body.outputValue ?? null },
  });
  return id;
}

/**
 * An import file may hold several periods; each becomes (or replaces) that period's draft. The
 * rows come validated from the import pipeline (`reportImport`); each period's save checks the
 * firm's right to report and writes its own audit record.
 */
export async function importReports(trx: Trx, ctx: RequestContext, rows: readonly ImportedRow<ReportRowInput>[]): Promise<string[]> {
  const byPeriod = new Map<string, { outputValue: number | undefined; rows: ImportedRow<ReportRowInput>[] }>();
  const issues: FieldIssue[] = [];
  for (const r of rows) {
    const p = byPeriod.get(r.value.period) ?? { outputValue: undefined, rows: [] };
    if (r.value.outputValue !== undefined) {
      if (p.outputValue !== undefined && p.outputValue !== r.value.outputValue) issues.push({
          field: `row ${r.row}: outputValue`,
          message: `differs from ${p.outputValue} given earlier for ${r.value.period}`,
          code: 'accounts.outputValueDiffers',
          params: { earlier: p.outputValue, period: r.value.period },
        });
      p.outputValue = r.value.outputValue;
    }
    p.rows.push(r);
    byPeriod.set(r.value.period, p);
  }
  if (issues.length > 0) throw errors.validation('Inconsistent output values; nothing was imported.', issues);
  const ids: string[] = [];
  for (const [periodKey, p] of byPeriod) {
    ids.push(
      await saveReport(
        trx,
        ctx,
        { period: periodKey, outputValue: p.outputValue ?? null, lines: p.rows.map((r) => ({ kind: r.value.kind, unit: r.value.unit, consumed: r.value.consumed, recycled: r.value.recycled })) },
        (i) => `row ${p.rows[i]!.row}`,
      ),
    );
  }
  return ids;
}

type Transition = 'submit' | 'accept' | 'return';

/** The reporting workflow: draft|returned → submitted → accepted | returned. */
export async function transitionReport(trx: Trx, ctx: RequestContext, id: string, transition: Transition, comment?: string): Promise<void> {
  const report = await repo.lockReport(trx, id);
  if (!report) throw errors.notFound('Report', id);
  const owner = await ownerOf(trx, report.organisation_id);
  let next: 'submitted' | 'accepted' | 'returned';
  switch (transition) {
    case 'submit':
      authorize(reportingPolicy.write(ctx.actor, owner), 'Only the firm itself submits its report.');
      if (report.status !== 'draft' && report.status !== 'returned') throw errors.conflict(`A ${report.status} report cannot be submitted.`);
      next = 'submitted';
      break;
    case 'accept':
    case 'return':
      authorize(reportingPolicy.review(ctx.actor, owner), 'Only the statistics office of the firm’s region reviews its reports.');
      if (report.status !== 'submitted') throw errors.conflict(`Only submitted reports can be reviewed; this one is ${report.status}.`);
      next = transition === 'accept' ? 'accepted' : 'returned';
      break;
  }
  await repo.setStatus(trx, id, next, { userId: ctx.actor.userId, comment: comment ?? null });
  await recordAudit(trx, ctx, {
    action: `report.${transition}`,
    entityType: 'firm_reports',
    entityId: id,
    organisationId: report.organisation_id,
    before: { status: report.status },
    after: { status: next, ...(comment ? { comment } : {}) },
  });
}

export async function presentReports(db: Executor, rows: Awaited<ReturnType<typeof repo.listReports>>): Promise<ReportView[]> {
  const lines = await repo.linesOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    organisationId: r.organisation_id,
    organisationCode: r.organisation_code,
    organisationName: r.organisation_name,
    period: r.period,
    status: r.status,
    outputValue: r.output_value === null ? null : Number(r.output_value),
    lines: lines.filter((l) => l.report_id === r.id).map((l) => ({ kind: l.kind, unit: l.unit, consumed: Number(l.consumed), recycled: Number(l.recycled) })),
    submittedAt: r.submitted_at?.toISOString() ?? null,
    reviewedAt: r.reviewed_at?.toISOString() ?? null,
    reviewComment: r.review_comment,
  }));
}

export async function getReport(db: Executor, ctx: RequestContext, id: string): Promise<ReportView> {
  const row = await repo.findReport(db, id);
  if (!row) throw errors.notFound('Report', id);
  authorize(reportingPolicy.read(ctx.actor, { organisationId: row.organisation_id, regionCode: row.region_code }));
  return (await presentReports(db, [row]))[0]!;
}

/** Who in the region has reported for the period: the statistics office's status board. */
export async function submissionBoard(db: DB, ctx: RequestContext, regionCode: string, period: string) {
  authorize(reportingPolicy.board(ctx.actor, regionCode), 'Only the statistics office of the region sees its board.');
  const [firms, reports] = await Promise.all([repo.reportingFirms(db, regionCode), repo.listReports(db, { regionCode, period })]);
  const statusOf = new Map(reports.map((r) => [r.organisation_id, r]));
  const rows = firms.map((f) => {
    const r = statusOf.get(f.id);
    return { organisationId: f.id, code: f.code, name: f.name_zh, type: f.type, status: r?.status ?? ('missing' as const), reportId: r?.id ?? null, submittedAt: r?.submitted_at?.toISOString() ?? null };
  });
  const counts = { missing: 0, draft: 0, submitted: 0, returned: 0, accepted: 0 };
  for (const r of rows) counts[r.status]++;
  return { region: regionCode, period, counts, firms: rows };
}

/**
 * Accepted reports summed to the region, in tonnes per resource kind. A kind reported by fewer
 * than MIN_FIRMS_PER_CELL firms is suppressed for everyone but the region's statistics office.
 */
export async function regionAggregate(db: DB, actor: RequestContext['actor'] | null, regionCode: string, period: string) {
  const catalogue = await loadCatalogue(db);
  const kinds = catalogueIndex(catalogue);
  const lines = await repo.acceptedLines(db, regionCode, period);
  const office = actor !== null && reportingPolicy.board(actor, regionCode);
  const byKind = new Map<string, { firms: Set<string>; consumedTonnes: number; recycledTonnes: number }>();
  const firms = new Set<string>();
  const outputByFirm = new Map<string, number>();
  for (const l of lines) {
    const kind = kinds.get(l.kind)!;
    const factor = (unitConversionFactor(l.unit, kind) ?? Number.NaN) * kind.toTonnes;
    const cell = byKind.get(l.kind) ?? { firms: new Set<string>(), consumedTonnes: 0, recycledTonnes: 0 };
    cell.firms.add(l.organisation_id);
    cell.consumedTonnes += Number(l.consumed) * factor;
    cell.recycledTonnes += Number(l.recycled) * factor;
    byKind.set(l.kind, cell);
    firms.add(l.organisation_id);
    if (l.output_value !== null) outputByFirm.set(l.organisation_id, Number(l.output_value));
  }
  const suppress = (n: number) => !office && n < MIN_FIRMS_PER_CELL;
  return {
    region: regionCode,
    period,
    firms: firms.size,
    outputValue: suppress(outputByFirm.size) ? null : [...outputByFirm.values()].reduce((s, v) => s + v, 0),
    kinds: catalogue
      .filter((k) => byKind.has(k.code))
      .map((k) => {
        const cell = byKind.get(k.code)!;
        const hidden = suppress(cell.firms.size);
        return {
          kind: k.code,
          nameZh: k.nameZh,
          category: k.category,
          firms: cell.firms.size,
          consumedTonnes: hidden ? null : cell.consumedTonnes,
          recycledTonnes: hidden ? null : cell.recycledTonnes,
          suppressed: hidden,
        };
      }),
  };
}
