import type { ReportLineRow, ReportListRow } from './reporting.repository';
import type { ReportView } from './reporting.schema';

/** Reports with their lines (lines of other reports are ignored). */
export function presentReports(rows: readonly ReportListRow[], lines: readonly ReportLineRow[]): ReportView[] {
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
