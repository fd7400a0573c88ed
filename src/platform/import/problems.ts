import { AppError } from '../errors';
import { describeBytes } from './limits';

/**
 * The problems a cap raises. Each names the limit (and the setting that changes it), so the
 * person uploading knows what to split or shorten.
 */
export const importProblems = {
  tooLarge: (maxBytes: number) =>
    new AppError('upload.too_large', `The file is larger than the import limit of ${describeBytes(maxBytes)} (HERBLOOP_IMPORT_MAX_BYTES); split it into smaller files.`, [
      { field: 'file', message: `larger than ${describeBytes(maxBytes)}`, code: 'upload.too_large', params: { limit: maxBytes } },
    ]),
  tooManyRows: (maxRows: number) =>
    new AppError('import.too_many_rows', `Too many rows: more than ${maxRows} per file; nothing was imported. Split the file.`, [
      { field: 'file', message: `more than ${maxRows} rows`, code: 'import.too_many_rows', params: { limit: maxRows } },
    ]),
  tooManyColumns: (row: number, maxColumns: number) =>
    new AppError('import.too_many_columns', `Row ${row} has more than ${maxColumns} cells (HERBLOOP_IMPORT_MAX_COLUMNS); nothing was imported.`, [
      { field: `row ${row}`, message: `more than ${maxColumns} cells`, code: 'import.too_many_columns', params: { limit: maxColumns } },
    ]),
  rowTooLarge: (maxRowChars: number) =>
    new AppError('import.row_too_large', `A row is longer than ${maxRowChars} characters (HERBLOOP_IMPORT_MAX_ROW_CHARS); nothing was imported.`, [
      { field: 'file', message: `a row longer than ${maxRowChars} characters`, code: 'import.row_too_large', params: { limit: maxRowChars } },
    ]),
  spreadsheetTooComplex: (heapMb: number) =>
    new AppError(
      'import.spreadsheet_too_complex',
      `The spreadsheet needs more than the ${heapMb} MiB allowed for reading one file (HERBLOOP_IMPORT_XLSX_HEAP_MB); nothing was imported. Save it as CSV or split it.`,
      [{ field: 'file', message: `needs more than ${heapMb} MiB to read`, code: 'import.spreadsheet_too_complex', params: { limit: heapMb } }],
    ),
};
