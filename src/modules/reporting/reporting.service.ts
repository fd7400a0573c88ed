import type { Executor, Trx } from '../../db/database';
import { regionCovers, regionPrefix } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { type HierarchyNode, protectHierarchy } from '../../platform/disclosure';
import { errors, type FieldIssue } from '../../platform/errors';
import { type OwnerRef, permit } from '../../platform/policy-rules';
import { actorOf, type ActorViewer, type ServiceContext } from '../../platform/viewer';
import { loadCatalogue } from '../accounts';
import { catalogueIndex, kindFor, unitConversionFactor } from '../accounts/engine';
import { findOrganisation, listRegions } from '../organisations';
import { reportingPolicy } from './reporting.policy';
import * as repo from './reporting.repository';
import type { ReportStatus } from './reporting.tables';
import type { ReportBody } from './reporting.schema';

/** A logged-in caller's context: a report is always "my organisation's". */
export type ActorContext = ServiceContext & { viewer: ActorViewer };

/** Reports and their lines, as the presenter takes them. */
export interface ReportRecords {
  rows: repo.ReportListRow[];
  lines: repo.ReportLineRow[];
}

async function ownerOf(db: Executor, organisationId: string) {
  const org = await findOrganisation(db, organisationId);
  if (!org) throw errors.notFound('Organisation', organisationId);
  return { organisationId: org.id, regionCode: org.region_code };
}

async function checkLines(db: Executor, regionCode: string, lines: ReportBody['lines'], where: (i: number) => string): Promise<void> {
  const index = catalogueIndex(await loadCatalogue(db));
  // Another region's own kinds are not the firm's to report.
  const kinds = { get: (code: string) => kindFor(index, code, regionCode) };
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
export async function saveReport(trx: Trx, ctx: ActorContext, body: ReportBody, where: (i: number) => string = (i) => `body.lines.${i}`): Promise<string> {
  const organisationId = ctx.viewer.actor.organisationId;
  const owner = await ownerOf(trx, organisationId);
  permit(ctx.viewer, reportingPolicy.write(ctx.viewer, owner), 'Only the firm itself reports its figures.');
  await checkLines(trx, owner.regionCode, body.lines, where);
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

type Transition = 'submit' | 'accept' | 'return';

/** The reporting workflow: draft|returned → submitted → accepted | returned. */
export async function transitionReport(trx: Trx, ctx: ServiceContext, id: string, transition: Transition, comment?: string): Promise<void> {
  const report = await repo.lockReport(trx, id);
  if (!report) throw errors.notFound('Report', id);
  const owner = await ownerOf(trx, report.organisation_id);
  let next: 'submitted' | 'accepted' | 'returned';
  switch (transition) {
    case 'submit':
      permit(ctx.viewer, reportingPolicy.write(ctx.viewer, owner), 'Only the firm itself submits its report.');
      if (report.status !== 'draft' && report.status !== 'returned') throw errors.conflict(`A ${report.status} report cannot be submitted.`);
      next = 'submitted';
      break;
    case 'accept':
    case 'return':
      permit(ctx.viewer, reportingPolicy.review(ctx.viewer, owner), 'Only the statistics office of the firm’s region reviews its reports.');
      if (report.status !== 'submitted') throw errors.conflict(`Only submitted reports can be reviewed; this one is ${report.status}.`);
      next = transition === 'accept' ? 'accepted' : 'returned';
      break;
  }
  await repo.setStatus(trx, id, next, { userId: actorOf(ctx.viewer)?.userId ?? null, comment: comment ?? null });
  await recordAudit(trx, ctx, {
    action: `report.${transition}`,
    entityType: 'firm_reports',
    entityId: id,
    organisationId: report.organisation_id,
    before: { status: report.status },
    after: { status: next, ...(comment ? { comment } : {}) },
  });
}

async function withLines(db: Executor, rows: repo.ReportListRow[]): Promise<ReportRecords> {
  return { rows, lines: await repo.linesOf(db, rows.map((r) => r.id)) };
}

/** The reports the viewer may read: a firm its own, a statistics office those of its region, platform admins (and the system) all. */
export async function listReports(db: Executor, ctx: ServiceContext, q: { period?: string | undefined; status?: ReportStatus | undefined }): Promise<ReportRecords> {
  permit(ctx.viewer, reportingPolicy.list(ctx.viewer));
  const a = actorOf(ctx.viewer);
  const scope =
    a === null || a.organisationType === 'platform-admin' ? {} : a.organisationType === 'statistics-office' ? { regionCode: a.regionCode } : { organisationId: a.organisationId };
  return withLines(db, await repo.listReports(db, { ...scope, period: q.period, status: q.status }));
}

export async function getReport(db: Executor, ctx: ServiceContext, id: string): Promise<ReportRecords> {
  const row = await repo.findReport(db, id);
  if (!row) throw errors.notFound('Report', id);
  permit(ctx.viewer, reportingPolicy.read(ctx.viewer, { organisationId: row.organisation_id, regionCode: row.region_code }));
  return withLines(db, [row]);
}

/** Several reports the viewer may read, in the order given (after an import). */
export async function getReports(db: Executor, ctx: ServiceContext, ids: readonly string[]): Promise<ReportRecords> {
  const records = await Promise.all(ids.map((id) => getReport(db, ctx, id)));
  return { rows: records.flatMap((r) => r.rows), lines: records.flatMap((r) => r.lines) };
}

/** Who in the region has reported for the period: the statistics office's status board. */
export async function submissionBoard(db: Executor, ctx: ServiceContext, regionCode: string, period: string) {
  permit(ctx.viewer, reportingPolicy.board(ctx.viewer, regionCode), 'Only the statistics office of the region sees its board.');
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

/** The status of an organisation's own report for the period ('missing' when it has none): what waits for the firm. */
export async function ownReportStatus(db: Executor, ctx: ServiceContext, owner: OwnerRef, period: string): Promise<{ period: string; status: 'missing' | ReportStatus; reportId: string | null }> {
  permit(ctx.viewer, reportingPolicy.read(ctx.viewer, owner));
  const [row] = await repo.listReports(db, { organisationId: owner.organisationId, period });
  return { period, status: row?.status ?? 'missing', reportId: row?.id ?? null };
}

/**
 * Accepted reports summed to the region, in tonnes per resource kind. Published cells go through
 * disclosure control (src/platform/disclosure): a kind's cell, and the output value, withheld for
 * fewer than 3 firms, for the two largest firms above 85 %, or where the region minus its
 * sub-regions (every listed region of the province is a published cell too) would leave such a
 * set. The region's statistics office and platform admins see every cell exactly.
 */
export async function regionAggregate(db: Executor, ctx: ServiceContext, regionCode: string, period: string) {
  permit(ctx.viewer, reportingPolicy.readAggregate(ctx.viewer));
  const catalogue = await loadCatalogue(db);
  const kinds = catalogueIndex(catalogue);
  const exact = reportingPolicy.board(ctx.viewer, regionCode);
  // The cells a reader could combine with this one: every listed region of the province.
  const province = `${regionCode.slice(0, 2)}0000`;
  const lines = await repo.acceptedLines(db, province, period);
  const regions = [...new Set([...(await listRegions(db)).map((r) => r.code).filter((c) => regionCovers(province, c)), regionCode])];
  const nodes: HierarchyNode[] = regions.map((code) => ({
    id: code,
    parent: regions.filter((o) => o !== code && regionCovers(o, code)).sort((a, b) => regionPrefix(b).length - regionPrefix(a).length)[0] ?? null,
  }));
  const byKind = new Map<string, Map<string, Map<string, number[]>>>();
  const output = new Map<string, Map<string, number[]>>();
  const add = (cells: Map<string, Map<string, number[]>>, firmRegion: string, firm: string, values: number[]) => {
    for (const r of regions) {
      if (!regionCovers(r, firmRegion)) continue;
      const cell = cells.get(r) ?? new Map<string, number[]>();
      const acc = cell.get(firm) ?? values.map(() => 0);
      cell.set(firm, acc.map((v, i) => v + values[i]!));
      cells.set(r, cell);
    }
  };
  for (const l of lines) {
    const kind = kinds.get(l.kind)!;
    const factor = (unitConversionFactor(l.unit, kind) ?? Number.NaN) * kind.toTonnes;
    const cells = byKind.get(l.kind) ?? new Map<string, Map<string, number[]>>();
    add(cells, l.region_code, l.organisation_id, [Number(l.consumed) * factor, Number(l.recycled) * factor]);
    byKind.set(l.kind, cells);
    if (l.output_value !== null) (output.get(l.region_code) ?? output.set(l.region_code, new Map()).get(l.region_code)!).set(l.organisation_id, [Number(l.output_value)]);
  }
  const outputCells = new Map<string, Map<string, number[]>>();
  for (const [firmRegion, firms] of output) for (const [firm, v] of firms) add(outputCells, firmRegion, firm, v);
  const reasonOf = (cells: Map<string, Map<string, number[]>>) => (exact ? null : (protectHierarchy(nodes, cells).get(regionCode) ?? null));
  const here = (cells: Map<string, Map<string, number[]>> | undefined) => cells?.get(regionCode) ?? new Map<string, number[]>();
  const sum = (cell: Map<string, number[]>, i: number) => [...cell.values()].reduce((s, v) => s + v[i]!, 0);
  const firms = new Set([...byKind.values()].flatMap((cells) => [...here(cells).keys()]));
  const outputReason = reasonOf(outputCells);
  return {
    region: regionCode,
    period,
    firms: firms.size,
    outputValue: outputReason === null ? sum(here(outputCells), 0) : null,
    outputValueSuppressed: outputReason,
    kinds: catalogue
      .filter((k) => here(byKind.get(k.code)).size > 0)
      .map((k) => {
        const cells = byKind.get(k.code)!;
        const cell = here(cells);
        const reason = reasonOf(cells);
        return {
          kind: k.code,
          nameZh: k.nameZh,
          category: k.category,
          firms: cell.size,
          consumedTonnes: reason === null ? sum(cell, 0) : null,
          recycledTonnes: reason === null ? sum(cell, 1) : null,
          suppressed: reason !== null,
          suppressedReason: reason,
        };
      }),
  };
}

/**
 * A generated (demo) report, written straight into the state it should show (the workflow's
 * stamps without a person behind them, no audit): for the demo loader only.
 */
export async function loadGeneratedReport(
  trx: Trx,
  ctx: ServiceContext,
  report: { organisationId: string; period: string; outputValue: number | null; lines: { kind: string; unit: string; consumed: number; recycled: number }[]; status: ReportStatus; comment?: string | null },
): Promise<string> {
  permit(ctx.viewer, reportingPolicy.loadGenerated(ctx.viewer));
  const id = await repo.writeReport(trx, null, { organisationId: report.organisationId, period: report.period, outputValue: report.outputValue, lines: report.lines });
  if (report.status !== 'draft') await repo.setStatus(trx, id, 'submitted', { userId: null });
  if (report.status === 'accepted' || report.status === 'returned') await repo.setStatus(trx, id, report.status, { userId: null, comment: report.comment ?? null });
  return id;
}
