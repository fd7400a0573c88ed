import type { Trx } from '../../db/database';
import { errors, type FieldIssue } from '../../platform/errors';
import { defineImport, type ImportedRow } from '../../platform/import/index';
import { reportColumns, reportRowInput, type ReportRowInput } from './reporting.schema';
import { type ActorContext, saveReport } from './reporting.service';

/** The report import file (server-only: the schema file is bundled into the web app, the pipeline is not). */
export const reportImport = defineImport({ schema: reportRowInput, columns: reportColumns, required: ['period', 'kind', 'unit', 'consumed'], maxRows: 10_000 });

/**
 * An import file may hold several periods; each becomes (or replaces) that period's draft. The
 * rows come validated from the import pipeline (`reportImport`); each period's save checks the
 * firm's right to report and writes its own audit record.
 */
export async function importReports(trx: Trx, ctx: ActorContext, rows: readonly ImportedRow<ReportRowInput>[]): Promise<string[]> {
  const byPeriod = new Map<string, { outputValue: number | undefined; rows: ImportedRow<ReportRowInput>[] }>();
  const issues: FieldIssue[] = [];
  for (const r of rows) {
    const p = byPeriod.get(r.value.period) ?? { outputValue: undefined, rows: [] };
    if (r.value.outputValue !== undefined) {
      if (p.outputValue !== undefined && p.outputValue !== r.value.outputValue) {
        issues.push({
          field: `row ${r.row}: outputValue`,
          message: `differs from ${p.outputValue} given earlier for ${r.value.period}`,
          code: 'accounts.outputValueDiffers',
          params: { earlier: p.outputValue, period: r.value.period },
        });
      }
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
