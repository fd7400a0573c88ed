import type { Worker } from 'node:worker_threads';
import { errors } from '../errors';
import { startWorker, workerEntry, type WorkerEntry } from '../worker-thread';
import type { ImportLimits } from './limits';
import { importProblems } from './problems';
import type { SheetRecord } from './records';
import type { ByteSource } from './source';
import type { FromWorker, ToWorker, XlsxWorkerData } from './xlsx.protocol';

const BATCH_ROWS = 1000;
const MAX_IN_FLIGHT = 4;

/** Where the .xlsx worker's code is (compiled beside this module, or its TypeScript source). */
export function xlsxWorkerEntry(base: string | URL = import.meta.url): WorkerEntry {
  return workerEntry('xlsx.worker', base);
}

function startXlsxWorker(entry: WorkerEntry, limits: Pick<ImportLimits, 'xlsxHeapMb' | 'maxColumns'>): Worker {
  const data: XlsxWorkerData = { maxColumns: limits.maxColumns, batchRows: BATCH_ROWS, maxInFlight: MAX_IN_FLIGHT };
  return startWorker(entry, {
    workerData: data,
    resourceLimits: {
      maxOldGenerationSizeMb: limits.xlsxHeapMb,
      maxYoungGenerationSizeMb: Math.max(4, Math.min(32, Math.floor(limits.xlsxHeapMb / 4))),
    },
  });
}

type Event = FromWorker | { type: 'crash'; error: Error } | { type: 'exit'; code: number };

/**
 * The rows of the first sheet of an .xlsx file, header first, read in a worker thread whose
 * heap is capped at `limits.xlsxHeapMb`. The worker pulls the file from `source` as it needs
 * it; stopping the iteration (a row cap, an error) terminates the worker at once.
 */
export async function* xlsxRecords(
  source: ByteSource,
  limits: Pick<ImportLimits, 'xlsxHeapMb' | 'maxColumns'>,
  options: { workerUrl?: URL } = {},
): AsyncGenerator<SheetRecord> {
  const worker = startXlsxWorker(options.workerUrl ? { url: options.workerUrl, typescript: options.workerUrl.pathname.endsWith('.ts') } : xlsxWorkerEntry(), limits);
  const events: Event[] = [];
  let wake: (() => void) | null = null;
  const push = (event: Event) => {
    events.push(event);
    wake?.();
    wake = null;
  };
  worker.on('message', (message: FromWorker) => push(message));
  worker.on('error', (error) => push({ type: 'crash', error }));
  worker.on('exit', (code) => push({ type: 'exit', code }));
  const post = (message: ToWorker, transfer: ArrayBuffer[] = []) => worker.postMessage(message, transfer);
  const chunks = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      // The queue stays a few events long: the worker waits for pulls answered and rows acknowledged.
      const event = events.shift();
      if (!event) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      switch (event.type) {
        case 'pull': {
          const next = await chunks.next();
          if (next.done) post({ type: 'end' });
          else {
            // A copy of just this chunk: a socket buffer may be a view on a larger shared one.
            const copy = new Uint8Array(next.value);
            post({ type: 'chunk', data: copy }, [copy.buffer]);
          }
          break;
        }
        case 'rows':
          for (const record of event.rows) yield record;
          post({ type: 'ack' });
          break;
        case 'done':
          return;
        case 'fail':
          if (event.reason === 'too-many-columns') throw importProblems.tooManyColumns(event.row, limits.maxColumns);
          if (event.reason === 'no-sheet') throw errors.validation('The workbook has no sheet.', [{ field: 'file', message: 'no worksheet' }]);
          throw errors.validation('The .xlsx file cannot be read.', [{ field: 'file', message: event.message }]);
        case 'crash':
          if ((event.error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') throw importProblems.spreadsheetTooComplex(limits.xlsxHeapMb);
          throw errors.validation('The .xlsx file cannot be read.', [{ field: 'file', message: event.error.message }]);
        case 'exit':
          throw errors.validation('The .xlsx file cannot be read.', [{ field: 'file', message: `the reader stopped (exit code ${event.code})` }]);
      }
    }
  } finally {
    await worker.terminate();
    await chunks.return?.();
  }
}
