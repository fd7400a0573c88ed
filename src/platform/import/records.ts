/**
 * One line of a sheet as read from the file: its number as a person sees it (the header is
 * row 1) and its cells as text. CSV and .xlsx readers both produce these, header first.
 */
export interface SheetRecord {
  row: number;
  values: string[];
}

export type TableFormat = 'csv' | 'xlsx';
