import ExcelJS from 'exceljs';
import type { TableFormat } from './import/records';
import { displayText } from './text';

/**
 * Writes a table people open in Excel: CSV (UTF-8 with a BOM) or .xlsx, one column per
 * `columns` entry, headers as given. Exports that round-trip write the import's own headers.
 */
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

/** A sheet of a multi-sheet workbook: a title line, the header row, the rows, and total rows in bold. */
export interface WorkbookSheet {
  /** At most 31 characters, none of `[]:*?/\` (Excel's rule). */
  name: string;
  title: string;
  columns: { key: string; header: string; width?: number; /** Excel number format, e.g. '0.000' for tonnes. */ numFmt?: string }[];
  rows: Record<string, unknown>[];
  totals?: Record<string, unknown>[];
  /** Lines under the table (sources, notes). */
  notes?: string[];
}

/**
 * Writes an .xlsx of several sheets (statutory ledgers and other forms): row 1 the sheet's
 * title, row 2 the headers, then the rows; numbers stay numbers so the totals can be checked.
 */
export async function writeWorkbook(sheets: readonly WorkbookSheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.name);
    sheet.columns = s.columns.map((c) => ({ key: c.key, width: c.width ?? Math.min(40, Math.max(10, c.header.length * 2 + 2)), ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
    const title = sheet.getRow(1);
    title.getCell(1).value = s.title;
    title.font = { bold: true, size: 13 };
    const header = sheet.getRow(2);
    s.columns.forEach((c, i) => (header.getCell(i + 1).value = c.header));
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'middle' };
    for (const r of s.rows) sheet.addRow(Object.fromEntries(s.columns.map((c) => [c.key, r[c.key] ?? null])));
    for (const r of s.totals ?? []) sheet.addRow(Object.fromEntries(s.columns.map((c) => [c.key, r[c.key] ?? null]))).font = { bold: true };
    if (s.notes && s.notes.length > 0) {
      sheet.addRow([]);
      for (const n of s.notes) sheet.addRow([n]).font = { italic: true, color: { argb: 'FF666666' } };
    }
    sheet.views = [{ state: 'frozen', ySplit: 2 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
