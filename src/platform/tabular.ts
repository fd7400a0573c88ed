import type { z } from 'zod';
import { errors } from './errors';
import { type ColumnMap, mapColumns } from './import/columns';
import { RowIssues } from './import/issues';
import { importLimits } from './import/limits';
import { readSheet } from './import/pipeline';
import { formatFromName, type TableFormat } from './import/records';
import { bufferChunks } from './import/source';
import { writeTable } from './table-writer';

/**
 * Reading and writing the tables people exchange: CSV (UTF-8 or, as Excel in China writes it,
 * GB18030) and .xlsx. New imports use the streaming pipeline in ./import (`readImport`); the
 * whole-table `readTable` + `parseRows` here run on the same readers and caps (.xlsx in the
 * worker) for the importers not yet moved to it. Each bad cell is reported as
 * `row N: column: message` and nothing is written unless every row is valid.
 */
export interface TableRow {
  /** Line of the row in the sheet as a person sees it: the header is row 1, the first data row 2. */
  row: number;
  cells: Record<string, string>;
}

export interface Table {
  columns: string[];
  rows: TableRow[];
}

export type { ColumnMap, TableFormat };
/** Moved: `formatFromName` to import/records.ts, `writeTable` to table-writer.ts; re-exported until this file goes. */
export { formatFromName, writeTable };

/** UTF-8 when the bytes are valid UTF-8 (with or without BOM), GB18030 otherwise. */
export function decodeText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

export async function readTable(data: Buffer, format: TableFormat): Promise<Table> {
  const limits = importLimits();
  const sheet = await readSheet({ source: bufferChunks(data, limits.maxBytes), format }, { limits });
  const columns = sheet.columns;
  const rows: TableRow[] = [];
  for (const r of sheet.rows) {
    const cells: Record<string, string> = {};
    for (let j = 0; j < columns.length; j++) cells[columns[j]!] = r.values[j] ?? '';
    if (r.extra) cells['__extra__'] = r.values.slice(columns.length).join(',');
    rows.push({ row: r.row, cells });
  }
  return { columns, rows };
}

export function parseRows<K extends string, S extends z.ZodType>(
  table: Table,
  schema: S,
  columnMap: ColumnMap<K>,
  options: { required?: readonly K[]; maxRows?: number } = {},
): { row: number; value: z.output<S> }[] {
  const keys = mapColumns(table.columns, columnMap, options.required);
  if (options.maxRows !== undefined && table.rows.length > options.maxRows) {
    throw errors.validation(`Too many rows: ${table.rows.length} (at most ${options.maxRows} per file).`, [{ field: 'file', message: 'too many rows' }]);
  }
  const issues = new RowIssues();
  const out: { row: number; value: z.output<S> }[] = [];
  for (const r of table.rows) {
    if (r.cells['__extra__'] !== undefined) {
      issues.add({ field: `row ${r.row}`, message: 'more cells than header columns' });
      continue;
    }
    const input: Record<string, string | undefined> = {};
    keys.forEach((key, j) => {
      if (key === null) return;
      const v = r.cells[table.columns[j]!];
      input[key] = v === '' ? undefined : v;
    });
    const result = schema.safeParse(input);
    if (result.success) out.push({ row: r.row, value: result.data });
    else issues.addZod(r.row, result.error);
  }
  issues.throwIfAny();
  return out;
}
