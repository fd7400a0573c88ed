import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../platform/actor';
import { AppError, errors } from '../platform/errors';
import { cappedChunks, importLimits, importProblems, type ImportLimits, type TableFormat, type Upload } from '../platform/import/index';
import { requireActor } from './context';

/**
 * Import uploads arrive as the raw file (CSV or .xlsx) in the body. Only routes that declare
 * themselves import routes take these bodies, and their gate (who may import at all) runs
 * before a byte of the body is read: a driver's 24 MB workbook is refused from its headers.
 * Every other route answers 415 to them without reading them.
 */
export const IMPORT_CONTENT_TYPES = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * Who may import at all, decided from the caller alone (no database, no body). The service
 * still checks each row's owner; this only keeps everyone else from costing a byte of reading.
 */
export interface ImportGate {
  authorize: (actor: Actor) => boolean;
  message?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by `importRoute`: the route takes a streamed CSV/.xlsx body behind this gate. */
    importUpload?: ImportGate;
  }
}

/** Route options of an import route: `app.post(url, { ...importRoute(gate), schema }, handler)`. */
export function importRoute(gate: ImportGate): { config: { importUpload: ImportGate } } {
  return { config: { importUpload: gate } };
}

/** Refused before a byte of the body is read (permissions are checked before the body). */
function permitImport(allowed: boolean, message: string | undefined): void {
  if (!allowed) throw errors.forbidden(message);
}

function gateOf(request: FastifyRequest): ImportGate | undefined {
  return request.routeOptions.config.importUpload;
}

function mediaType(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function declaredLength(request: FastifyRequest): number | null {
  const text = request.headers['content-length'];
  return text === undefined ? null : Number(text);
}

/**
 * Replaces the global CSV/.xlsx body parsers: the gate runs in `preParsing` (after the
 * `onRequest` hook resolved the caller, before the body is touched); the parser hands import
 * routes the unread stream and refuses the types everywhere else. A reply sent before the body
 * was fully received drops the connection after a short grace, so the rest is never read.
 */
export function registerUploadParsing(app: FastifyInstance, limitOverrides: Partial<ImportLimits> = {}): void {
  app.addHook('preParsing', async (request) => {
    const gate = gateOf(request);
    if (!gate) return;
    permitImport(gate.authorize(requireActor(request)), gate.message);
    const length = declaredLength(request);
    const { maxBytes } = importLimits(limitOverrides);
    if (length !== null && length > maxBytes) throw importProblems.tooLarge(maxBytes);
  });

  app.addContentTypeParser([IMPORT_CONTENT_TYPES.csv, IMPORT_CONTENT_TYPES.xlsx], (request, payload, done) => {
    if (!gateOf(request)) {
      done(new AppError('unsupported_media_type', 'This route does not take CSV or .xlsx bodies; only import routes do.'), undefined);
      return;
    }
    done(null, payload);
  });

  app.addHook('onResponse', async (request) => {
    if (request.raw.complete !== false || !request.raw.socket) return;
    // Answered before the body was in (refused, capped). Node discards the rest of the body to
    // keep the connection; allow a little of that, so the client reads the answer before the
    // connection is reset, then drop the connection rather than read a 60 MB body to its end.
    let discarded = 0;
    const socket = request.raw.socket;
    const drop = () => {
      if (!request.raw.complete) socket.destroy();
    };
    request.raw.on('data', (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > LINGER_BYTES) drop();
    });
    setTimeout(drop, LINGER_MS).unref();
  });
}

/** What an answered, unfinished upload may still send (read and discarded) before its connection is dropped. */
const LINGER_BYTES = 256 * 1024;
const LINGER_MS = 1000;

function formatOf(request: FastifyRequest): TableFormat {
  const type = mediaType(request);
  if (type === IMPORT_CONTENT_TYPES.csv) return 'csv';
  if (type === IMPORT_CONTENT_TYPES.xlsx) return 'xlsx';
  throw errors.validation('Unsupported file type.', [{ field: 'content-type', message: `use ${IMPORT_CONTENT_TYPES.csv} or ${IMPORT_CONTENT_TYPES.xlsx}` }]);
}

const emptyBody = () =>
  errors.validation('Send the file as the request body.', [{ field: 'body', message: `an empty body; use Content-Type ${IMPORT_CONTENT_TYPES.csv} or ${IMPORT_CONTENT_TYPES.xlsx}` }]);

/** The streamed file of an `importRoute`, under the byte cap; give it to `readImport`. */
export function importUpload(request: FastifyRequest, limitOverrides: Partial<ImportLimits> = {}): Upload {
  const format = formatOf(request);
  const body = request.body as Readable | undefined;
  if (!body || typeof body.pipe !== 'function' || declaredLength(request) === 0) throw emptyBody();
  const source = cappedChunks(body, importLimits(limitOverrides).maxBytes);
  return {
    format,
    source: (async function* () {
      let bytes = 0;
      for await (const chunk of source) {
        bytes += chunk.length;
        yield chunk;
      }
      if (bytes === 0) throw emptyBody();
    })(),
  };
}
