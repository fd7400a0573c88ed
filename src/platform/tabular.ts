import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { errors, type FieldIssue } from './errors';
import { displayText } from './text';

/**
 * Reading and writing the tables people exchange: CSV (UTF-8 or, as Excel in China writes it,
 * GB18030) and .xlsx. Every import in herbloop goes through `readTable` + `parseRows`, so each
 * bad cell is reported as `row N: column: message` and nothing is written unless every row is valid.
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

export type TableFormat = 'csv' | 'xlsx';

export function formatFromName(name: string): TableFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  throw errors.badRequest(`${name}: unsupported file type; use .csv or .xlsx`);
}

/** UTF-8 when the bytes are valid UTF-8 (with or without BOM), GB18030 otherwise. */
export function decodeText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

function cleanHeader(h: string): string {
  return h.replace(/^\uFEFF/, '').trim();
}

export function readCsv(text: string): Table {
  let records: string[][];
  try {
    const parsed: unknown = parseCsv(text, { relax_column_count: true, skip_empty_lines: false, trim: true });
    records = parsed as string[][];
  } catch (error) {
    throw errors.validation('The CSV file cannot be parsed.', [{ field: 'file', message: error instanceof Error ? error.message : String(error) }]);
  }
  const [header, ...body] = records;
  if (!header) throw errors.validation('The file is empty.', [{ field: 'file', message: 'no header row' }]);
  const columns = header.map(cleanHeader);
  const rows: TableRow[] = [];
  body.forEach((values, i) => {
    if (values.every((v) => v === '')) return; // blank lines carry no data
    const cells: Record<string, string> = {};
    columns.forEach((c, j) => (cells[c] = values[j] ?? ''));
    if (values.length > columns.length && values.slice(columns.length).some((v) => v !== '')) {
      cells['__extra__'] = values.slice(columns.length).join(',');
    }
    rows.push({ row: i + 2, cells });
  });
  return { columns, rows };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value).trim();
}

export async function readXlsx(data: Buffer): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (error) {
    throw errors.validation('The .xlsx file cannot be read.', [{ field: 'file', message: error instanceof Error ? error.message : String(error) }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw errors.validation('The workbook has no sheet.', [{ field: 'file', message: 'no worksheet' }]);
  const header = sheet.getRow(1);
  const columns: string[] = [];
  header.eachCell({ includeEmpty: true }, (cell, col) => (columns[col - 1] = cleanHeader(cellText(cell.value))));
  if (columns.length === 0) throw errors.validation('The sheet is empty.', [{ field: 'file', message: 'no header row' }]);
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Record<string, string> = {};
    columns.forEach((c, j) => (cells[c] = cellText(r.getCell(j + 1).value)));
    if (Object.values(cells).every((v) => v === '')) return;
    rows.push({ row: rowNumber, cells });
  });
  return { columns, rows };
}

export async function readTable(data: Buffer, format: TableFormat): Promise<Table> {
  switch (format) {
    case 'csv':
      return readCsv(decodeText(data));
    case 'xlsx':
      return readXlsx(data);
  }
}

/**
 * Maps the sheet's columns to schema keys. Each key lists the headers it accepts (English id
 * and Chinese label), compared without case and spaces.
 */
export type ColumnMap<K extends string> = Record<K, readonly string[]>;

const norm = (s: string) => s.toLowerCase().replace(/[\s_\-（）()]/g, '');

/** At most this many row errors are listed; the count of all of them is always given. */
const MAX_LISTED = 200;

export function parseRows<K extends string, S extends z.ZodType>(
  table: Table,
  schema: S,
  columnMap: ColumnMap<K>,
  options: { required?: readonly K[]; maxRows?: number } = {},
): { row: number; value: z.output<S> }[] {
  const issues: FieldIssue[] = [];
  const keyOfColumn = new Map<string, K>();
  for (const key of Object.keys(columnMap) as K[]) {
    for (const alias of [key, ...columnMap[key]]) {
      const found = table.columns.find((c) => norm(c) === norm(alias));
      if (found && !keyOfColumn.has(found)) {
        keyOfColumn.set(found, key);
        break;
      }
    }
  }
  const present = new Set(keyOfColumn.values());
  const missing = (options.required ?? []).filter((k) => !present.has(k));
  if (missing.length > 0) {
    throw errors.validation(
      `Missing column(s): ${missing.map((k) => `${k} (${columnMap[k].join(' / ')})`).join(', ')}.`,
      missing.map((k) => ({ field: `column ${k}`, message: `missing; accepted headers: ${[k, ...columnMap[k]].join(', ')}` })),
    );
  }
  const unknown = table.columns.filter((c) => c !== '' && !keyOfColumn.has(c));
  if (unknown.length > 0) {
    // An unrecognised column would otherwise be silently ignored.
    throw errors.validation(`Unknown column(s): ${unknown.join(', ')}.`, unknown.map((c) => ({ field: `column ${c}`, message: 'not a known column' })));
  }
  if (options.maxRows !== undefined && table.rows.length > options.maxRows) {
    throw errors.validation(`Too many rows: ${table.rows.length} (at most ${options.maxRows} per file).`, [{ field: 'file', message: 'too many rows' }]);
  }
  const out: { row: number; value: z.output<S> }[] = [];
  let errorCount = 0;
  for (const r of table.rows) {
    if (r.cells['__extra__'] !== undefined) {
      errorCount++;
      if (issues.length < MAX_LISTED) issues.push({ field: `row ${r.row}`, message: 'more cells than header columns' });
      continue;
    }
    const input: Record<string, string | undefined> = {};
    for (const [column, key] of keyOfColumn) {
      const v = r.cells[column];
      input[key] = v === '' ? undefined : v;
    }
    const result = schema.safeParse(input);
    if (result.success) {
      out.push({ row: r.row, value: result.data });
    } else {
      for (const issue of result.error.issues) {
        errorCount++;
        if (issues.length < MAX_LISTED) issues.push({ field: `row ${r.row}: ${issue.path.join('.') || 'row'}`, message: issue.message });
      }
    }
  }
  if (errorCount > 0) {
    const more = errorCount > issues.length ? ` (first ${issues.length} listed)` : '';
    throw errors.validation(`${errorCount} error(s) in the file; nothing was imported${more}.`, issues);
  }
  return out;
}

export async function writeTable(columns: { key: string; header: string }[], rows: Record<string, unknown>[], format: TableFormat): Promise<Buffer> {
  const text = displayText;
  switch (format) {
    case 'csv': {
      const esc = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
      const lines = [columns.map((c) => esc(c.header)).join(','), ...rows.map((r) => columns.map((c) => esc(text(r[c.key]))).join(','))];
      // The BOM makes Excel open UTF-8 Chinese text correctly.
      return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
    }
    case 'xlsx': {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('data');
      sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: Math.max(10, c.header.length + 4) }));
      for (const r of rows) sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, r[c.key] ?? null])));
      return Buffer.from(await workbook.xlsx.writeBuffer());
    }
  }
}
