import { errors } from '../errors';

/**
 * One line of a sheet as read from the file: its number as a person sees it (the header is
 * row 1) and its cells as text. CSV and .xlsx readers both produce these, header first.
 */
export interface SheetRecord {
  row: number;
  values: string[];
}

export type TableFormat = 'csv' | 'xlsx';

/** The format of a local file (CLI), from its name. */
export function formatFromName(name: string): TableFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  throw errors.badRequest(`${name}: unsupported file type; use .csv or .xlsx`);
}
