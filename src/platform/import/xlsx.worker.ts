import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import type { SheetRecord } from './records';
import type { FromWorker, ToWorker, XlsxWorkerData } from './xlsx.protocol';
import { NotAZip, sheetsLast } from './zip-order';

/**
 * Reads the first sheet of a workbook and sends its rows back in batches as it parses them.
 * It runs in a worker thread under a heap ceiling (see xlsx.ts): a workbook that needs more
 * memory than that kills this thread, not the server.
 */
const port = parentPort!;
const options = workerData as XlsxWorkerData;
const send = (message: FromWorker) => port.postMessage(message);
const SLICE_BYTES = 64 * 1024;

// The whole file is gathered first: its directory, at the end, says where each entry is.
const received: Buffer[] = [];
let fileComplete: (() => void) | null = null;
const fileReceived = new Promise<void>((resolve) => (fileComplete = resolve));
send({ type: 'pull' });

let inFlight = 0;
let resumeSending: (() => void) | null = null;
port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'chunk':
      received.push(Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength));
      send({ type: 'pull' });
      break;
    case 'end':
      fileComplete?.();
      break;
    case 'ack':
      inFlight--;
      resumeSending?.();
      resumeSending = null;
      break;
  }
});

async function sendRows(rows: SheetRecord[]): Promise<void> {
  send({ type: 'rows', rows });
  inFlight++;
  while (inFlight >= options.maxInFlight) await new Promise<void>((resolve) => (resumeSending = resolve));
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value).trim();
}

async function readFirstSheet(): Promise<FromWorker> {
  await fileReceived;
  let layout: ReturnType<typeof sheetsLast>;
  try {
    layout = sheetsLast(Buffer.concat(received));
  } catch (error) {
    if (error instanceof NotAZip) return { type: 'fail', reason: 'unreadable', message: error.message };
    throw error;
  }
  received.length = 0;
  if (layout.sheets === 0) return { type: 'fail', reason: 'no-sheet', message: 'no worksheet' };
  // Never ended on purpose: the reader returns with the first sheet (see zip-order.ts).
  const input = new Readable({ read() {} });
  // In slices: the XML parser turns each chunk into one string and one list of events.
  for (const part of layout.parts) for (let at = 0; at < part.length; at += SLICE_BYTES) input.push(part.subarray(at, at + SLICE_BYTES));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    // Styles tell which numbers are dates; hyperlinks and other entries are not needed.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    let batch: SheetRecord[] = [];
    for await (const row of sheet) {
      const raw = row.values as ExcelJS.CellValue[];
      // values[0] is unused: Excel columns count from 1.
      if (raw.length - 1 > options.maxColumns) return { type: 'fail', reason: 'too-many-columns', row: row.number };
      const values: string[] = [];
      for (let col = 1; col < raw.length; col++) values.push(cellText(raw[col]));
      batch.push({ row: row.number, values });
      if (batch.length >= options.batchRows) {
        await sendRows(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await sendRows(batch);
    return { type: 'done' };
  }
  return { type: 'fail', reason: 'no-sheet', message: 'no worksheet' };
}

readFirstSheet().then(send, (error: unknown) => send({ type: 'fail', reason: 'unreadable', message: error instanceof Error ? error.message : String(error) }));
