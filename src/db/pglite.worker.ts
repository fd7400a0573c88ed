/**
 * The worker thread that owns the server's PGlite instance: PostgreSQL compiled to WebAssembly
 * runs synchronously on the thread that calls it, so in the server's thread every query would
 * stop every request (health probes included) for as long as it runs. Requests arrive one at a
 * time from `pglite-thread.ts` (the opening thread keeps Kysely's single-connection mutex, so a
 * transaction's statements are never interleaved with others) and are answered in order.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { type CarriedError, DATABASE_ERROR_FIELDS, type FromPgliteWorker, type PgliteWorkerData, type ToPgliteWorker } from './pglite-thread.protocol';

const port = parentPort!;
const data = workerData as PgliteWorkerData;
const send = (message: FromPgliteWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

function carried(error: unknown): CarriedError {
  if (!(error instanceof Error)) return { message: String(error), fields: {} };
  const fields: CarriedError['fields'] = {};
  for (const key of DATABASE_ERROR_FIELDS) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string') fields[key] = value;
  }
  return { message: error.message, fields };
}

async function open(): Promise<PGlite> {
  const loadDataDir = data.loadDataDir ? new Blob([fs.readFileSync(data.loadDataDir)]) : undefined;
  const pglite = await PGlite.create(data.dataDir, {
    // A calendar day has no time zone: 'YYYY-MM-DD' as stored (src/db/connect.ts).
    parsers: { [pgliteTypes.DATE]: (value: string) => value },
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  if (data.schema) await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${data.schema}; SET search_path TO ${data.schema};`);
  return pglite;
}

async function answer(pglite: PGlite, request: ToPgliteWorker): Promise<void> {
  try {
    switch (request.op) {
      case 'query': {
        const result = await pglite.query(request.sql, request.params as unknown[], { rowMode: 'object' });
        send({ type: 'result', id: request.id, rows: result.rows, affectedRows: result.affectedRows });
        return;
      }
      case 'exec':
        await pglite.exec(request.sql);
        send({ type: 'done', id: request.id });
        return;
      case 'dump': {
        const buffer = await (await pglite.dumpDataDir('none')).arrayBuffer();
        send({ type: 'dump', id: request.id, data: buffer }, [buffer]);
        return;
      }
      case 'close':
        await pglite.close();
        send({ type: 'done', id: request.id });
        port.close();
        return;
    }
  } catch (error) {
    send({ type: 'error', id: request.id, error: carried(error) });
  }
}

try {
  const pglite = await open();
  // Requests are answered strictly in arrival order.
  let previous: Promise<void> = Promise.resolve();
  port.on('message', (request: ToPgliteWorker) => {
    previous = previous.then(() => answer(pglite, request));
  });
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'failed', error: carried(error) });
}
