import type { Trx } from '../../db/database';
import { errors, type FieldIssue } from '../../platform/errors';
import { parseRows, readTable, type TableFormat } from '../../platform/tabular';
import { reportColumns, reportRowInput } from './reporting.schema';
import { type ActorContext, saveReport } from './reporting.service';

/** An import file may hold several periods; each becomes (or replaces) that period's draft. */
export async function importReports(trx: Trx, ctx: ActorContext, file: { data: Buffer; format: TableFormat }): Promise<string[]> {
  const table = await readTable(file.data, file.format);
  const rows = parseRows(table, reportRowInput, reportColumns, { required: ['period', 'kind', 'unit', 'consumed'], maxRows: 10_000 });
  const byPeriod = new Map<string, { outputValue: number | undefined; rows: typeof rows }>();
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
