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
