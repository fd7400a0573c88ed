/**
 * The caps every import runs under. They stop the reading as soon as they are crossed, so a
 * hostile or mistaken file costs at most the cap, never the whole file. Each can be lowered or
 * raised per deployment through the environment, and per call (tests use tiny ones).
 */
export interface ImportLimits {
  /** Bytes of the uploaded file; counted while reading, before any parsing. */
  maxBytes: number;
  /** Data rows (header and blank rows not counted); a module's own smaller cap wins. */
  maxRows: number;
  /** Cells per row, the header included. */
  maxColumns: number;
  /** Characters of one CSV record: a file without line breaks must not become one huge string. */
  maxRowChars: number;
  /** Old-generation heap of the .xlsx worker, in MiB: its memory ceiling. */
  xlsxHeapMb: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxRows: 2_000_000,
  maxColumns: 256,
  maxRowChars: 1024 * 1024,
  xlsxHeapMb: 256,
};

const envNames: Record<keyof ImportLimits, string> = {
  maxBytes: 'HERBLOOP_IMPORT_MAX_BYTES',
  maxRows: 'HERBLOOP_IMPORT_MAX_ROWS',
  maxColumns: 'HERBLOOP_IMPORT_MAX_COLUMNS',
  maxRowChars: 'HERBLOOP_IMPORT_MAX_ROW_CHARS',
  xlsxHeapMb: 'HERBLOOP_IMPORT_XLSX_HEAP_MB',
};

/** The defaults, overridden by positive integers in the environment, then by `overrides`. */
export function importLimits(overrides: Partial<ImportLimits> = {}, env: NodeJS.ProcessEnv = process.env): ImportLimits {
  const limits = { ...DEFAULT_IMPORT_LIMITS };
  for (const key of Object.keys(envNames) as (keyof ImportLimits)[]) {
    const text = env[envNames[key]];
    const value = text === undefined ? Number.NaN : Number(text);
    if (Number.isSafeInteger(value) && value > 0) limits[key] = value;
  }
  for (const key of Object.keys(overrides) as (keyof ImportLimits)[]) {
    const value = overrides[key];
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}

export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
