/**
 * Messages between the server's thread and the worker thread that owns its PGlite instance
 * (`pglite-thread.ts`, `pglite.worker.ts`). Every request carries an id; the worker answers
 * each one, in order, with the same id.
 */
export interface PgliteWorkerData {
  /** A data directory (`<dataDir>/pgdata`, already locked by the opening thread) or `memory://`. */
  dataDir: string;
  /** A data directory dump (tar) to start from: test snapshots. */
  loadDataDir?: string | undefined;
  /** A schema to create and work in (tests). */
  schema?: string | undefined;
}

export type ToPgliteWorker =
  | { id: number; op: 'query'; sql: string; params: readonly unknown[] }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'dump' }
  | { id: number; op: 'close' };

/** The fields of PostgreSQL's error (as node-postgres and PGlite name them) carried across. */
export const DATABASE_ERROR_FIELDS = [
  'severity',
  'code',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
] as const;

export type DatabaseErrorField = (typeof DATABASE_ERROR_FIELDS)[number];

export interface CarriedError {
  message: string;
  fields: Partial<Record<DatabaseErrorField, string>>;
}

export type FromPgliteWorker =
  | { type: 'ready' }
  | { type: 'failed'; error: CarriedError }
  | { type: 'result'; id: number; rows: unknown[]; affectedRows: number | undefined }
  | { type: 'dump'; id: number; data: ArrayBuffer }
  | { type: 'done'; id: number }
  | { type: 'error'; id: number; error: CarriedError };
