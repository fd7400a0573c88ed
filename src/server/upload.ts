import type { FastifyRequest } from 'fastify';
import { errors } from '../platform/errors';
import type { TableFormat } from '../platform/tabular';

export const IMPORT_CONTENT_TYPES = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

/** The uploaded file of an import route: its bytes and format, from the Content-Type. */
export function uploadedTable(request: FastifyRequest): { data: Buffer; format: TableFormat } {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
    throw errors.validation('Send the file as the request body.', [{ field: 'body', message: `an empty body; use Content-Type ${IMPORT_CONTENT_TYPES.csv} or ${IMPORT_CONTENT_TYPES.xlsx}` }]);
  }
  if (type === IMPORT_CONTENT_TYPES.csv) return { data: request.body, format: 'csv' };
  if (type === IMPORT_CONTENT_TYPES.xlsx) return { data: request.body, format: 'xlsx' };
  throw errors.validation('Unsupported file type.', [{ field: 'content-type', message: `use ${IMPORT_CONTENT_TYPES.csv} or ${IMPORT_CONTENT_TYPES.xlsx}` }]);
}
