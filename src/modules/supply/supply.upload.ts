import type { FastifyRequest } from 'fastify';
import { AppError, errors } from '../../platform/errors';
import type { TableFormat } from '../../platform/tabular';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const rawFileBody = { description: `The file itself, as text/csv or ${XLSX}` };

/** The uploaded table's format from the Content-Type (text/csv or the .xlsx type). */
export function uploadFormat(request: FastifyRequest): TableFormat {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === XLSX) return 'xlsx';
  throw new AppError('unsupported_media_type', `Send the file as text/csv or ${XLSX}.`);
}

export function uploadBody(request: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw errors.badRequest('The request body is empty: send the file itself as the body.');
  return request.body;
}
