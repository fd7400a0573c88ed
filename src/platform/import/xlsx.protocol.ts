import type { SheetRecord } from './records';

/**
 * Messages between the .xlsx worker and the thread that feeds it. The worker pulls the file
 * chunk by chunk and waits for acknowledgements of the rows it sends, so neither side buffers
 * more than a few batches whatever the size of the file.
 */
export interface XlsxWorkerData {
  maxColumns: number;
  batchRows: number;
  /** Batches sent but not yet acknowledged before the worker waits. */
  maxInFlight: number;
}

export type ToWorker = { type: 'chunk'; data: Uint8Array } | { type: 'end' } | { type: 'ack' };

export type FromWorker =
  | { type: 'pull' }
  | { type: 'rows'; rows: SheetRecord[] }
  | { type: 'done' }
  | { type: 'fail'; reason: 'unreadable' | 'no-sheet'; message: string }
  | { type: 'fail'; reason: 'too-many-columns'; row: number };
