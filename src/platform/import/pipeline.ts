import type { z } from 'zod';
import { errors } from '../errors';
import { type ColumnMap, cleanHeader, mapColumns } from './columns';
import { csvRecords } from './csv';
import { RowIssues } from './issues';
import { type ImportLimits, importLimits } from './limits';
import { importProblems } from './problems';
import type { SheetRecord, TableFormat } from './records';
import type { ByteSource } from './source';
import { xlsxRecords } from './xlsx';

/** An uploaded or local file: its bytes as they arrive and its format. */
export interface Upload {
  source: ByteSource;
  format: TableFormat;
}

/** What a module imports: the row schema, the headers it accepts, and its own row cap. */
export interface ImportSpec<T> {
  schema: z.ZodType<T>;
  columns: ColumnMap<string>;
  required?: readonly string[];
  maxRows?: number;
}

/** Checks at compile time that the required keys and the column map match the schema's keys. */
export function defineImport<K extends string, S extends z.ZodType>(spec: {
  schema: S;
  columns: ColumnMap<K>;
  required?: readonly K[];
  maxRows?: number;
}): ImportSpec<z.output<S>> {
  return spec as ImportSpec<z.output<S>>;
}

export interface ImportedRow<T> {
  /** The row as a person sees it in the sheet (header = row 1). */
  row: number;
  value: T;
}

export interface ImportedTable<T> {
  columns: string[];
  rows: ImportedRow<T>[];
}

export interface ReadOptions {
  limits?: Partial<ImportLimits>;
  /** The compiled .xlsx worker to use instead of the one beside the sources (tests). */
  xlsxWorkerUrl?: URL;
}

/** Header first, then the data records, in file order; capped in columns everywhere. */
export async function* sheetRecords(upload: Upload, limits: ImportLimits, options: ReadOptions = {}): AsyncGenerator<SheetRecord> {
  let records: AsyncGenerator<SheetRecord>;
  switch (upload.format) {
    case 'csv':
      records = csvRecords(upload.source, limits);
      break;
    case 'xlsx':
      records = xlsxRecords(upload.source, limits, options.xlsxWorkerUrl ? { workerUrl: options.xlsxWorkerUrl } : {});
      break;
  }
  for await (const record of records) {
    if (record.values.length > limits.maxColumns) throw importProblems.tooManyColumns(record.row, limits.maxColumns);
    yield record;
  }
}

/**
 * A sheet opened on its header; its data rows are read at most once, by `rows`. Blank rows
 * are skipped; the row cap stops the reading at the first row over it.
 */
export interface OpenSheet {
  columns: string[];
  format: TableFormat;
  /** Data rows with their cells by position; `extra` when a CSV row has cells past the header. */
  rows(maxRows?: number): AsyncGenerator<{ row: number; values: string[]; extra: boolean }>;
}

const nonEmpty = (v: string | undefined) => v !== undefined && v !== '';

async function openSheet(upload: Upload, records: AsyncGenerator<SheetRecord>, limits: ImportLimits): Promise<OpenSheet> {
  const first = await records.next();
  // The header is the sheet's first line; a sheet that starts lower has none.
  const header = first.done || (upload.format === 'xlsx' && first.value.row !== 1) ? undefined : first.value;
  if (!header || header.values.length === 0) {
    throw upload.format === 'csv'
      ? errors.validation('The file is empty.', [{ field: 'file', message: 'no header row' }])
      : errors.validation('The sheet is empty.', [{ field: 'file', message: 'no header row' }]);
  }
  const columns = header.values.map(cleanHeader);
  const width = columns.length;
  return {
    columns,
    format: upload.format,
    async *rows(maxRows = limits.maxRows) {
      const cap = Math.min(maxRows, limits.maxRows);
      let count = 0;
      for await (const record of records) {
        const values = record.values;
        let blank = true;
        for (let j = 0; j < width && blank; j++) if (nonEmpty(values[j])) blank = false;
        let extra = false;
        // Cells past the header are refused in CSV (a shifted row); in a workbook they are notes beside the table.
        if (upload.format === 'csv') for (let j = width; j < values.length && !extra; j++) if (nonEmpty(values[j])) extra = true;
        if (blank && !extra) continue;
        if (++count > cap) throw importProblems.tooManyRows(cap);
        yield { row: record.row, values, extra };
      }
    },
  };
}

/**
 * Reads a file through the caps and validates every row with the spec's schema. All or
 * nothing: a single bad row refuses the file with row-numbered, field-named errors (`row 12:
 * price`), the first 200 listed and all counted. `spec` may be chosen from the header.
 * Nothing is written here: the caller writes the rows in its own transaction.
 */
export async function readImport<T>(upload: Upload, spec: ImportSpec<T> | ((columns: string[]) => ImportSpec<T>), options: ReadOptions = {}): Promise<ImportedTable<T>> {
  const limits = importLimits(options.limits);
  const records = sheetRecords(upload, limits, options);
  try {
    const sheet = await openSheet(upload, records, limits);
    const chosen = typeof spec === 'function' ? spec(sheet.columns) : spec;
    const keys = mapColumns(sheet.columns, chosen.columns, chosen.required);
    const issues = new RowIssues();
    const rows: ImportedRow<T>[] = [];
    for await (const r of sheet.rows(chosen.maxRows)) {
      if (r.extra) {
        issues.add({ field: `row ${r.row}`, message: 'more cells than header columns' });
        continue;
      }
      const input: Record<string, string | undefined> = {};
      for (let j = 0; j < keys.length; j++) {
        const key = keys[j];
        if (key === null || key === undefined) continue;
        const v = r.values[j];
        input[key] = v === '' ? undefined : v;
      }
      const result = chosen.schema.safeParse(input);
      if (result.success) rows.push({ row: r.row, value: result.data });
      else issues.addZod(r.row, result.error);
    }
    issues.throwIfAny();
    return { columns: sheet.columns, rows };
  } finally {
    await records.return(undefined);
  }
}
