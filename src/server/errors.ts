import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type FieldIssue } from '../platform/errors';

/**
 * The one place errors become responses: RFC 9457 problem+json with a stable `code`.
 * Anything that is not an AppError or a known framework error is logged with its request id
 * and answered as a generic 500 that reveals nothing about the cause.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  requestId: string;
  errors?: FieldIssue[];
  retryAfter?: number;
}

const frameworkCodes: Record<string, { code: string; status: number }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', status: 413 },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', status: 415 },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'bad_request', status: 400 },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'bad_request', status: 400 },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'bad_request', status: 400 },
  FST_ERR_BAD_URL: { code: 'bad_request', status: 400 },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'uri_too_long', status: 414 },
};

/**
 * PostgreSQL's "data exception" class for values that could only come from the request (a
 * number past int4, a malformed date that slipped past a schema). The schemas should catch them
 * first; if one does not, the client still gets a 400, not a 500, and the log says which route.
 */
const dataExceptions = new Set(['22003', '22P02', '22P05', '22021', '22007', '22008', '2200D', '22025']);
function isDataException(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && dataExceptions.has(code);
}

/** Errors Fastify raises before routing (bad URL encoding, over-long parameters): problem+json too. */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const known = (error.code && frameworkCodes[error.code]) || { code: 'bad_request', status: 400 };
  return send(reply, request, { title: titles[known.status] ?? 'Error', status: known.status, code: known.code, detail: error.message });
}

function send(reply: FastifyReply, request: FastifyRequest, problem: Omit<Problem, 'type' | 'instance' | 'requestId'>) {
  const body: Problem = {
    type: `https://herbloop.org/problems/${problem.code}`,
    instance: request.url,
    requestId: request.id,
    ...problem,
  };
  if (body.retryAfter !== undefined) void reply.header('retry-after', String(body.retryAfter));
  return reply.code(problem.status).type('application/problem+json').send(body);
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** PostgreSQL's unique_violation, from node-postgres and PGlite alike. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return send(reply, request, {
        title: titles[error.status] ?? 'Error',
        status: error.status,
        code: error.code,
        detail: error.message,
        ...(error.fields ? { errors: error.fields } : {}),
        ...(typeof error.extra?.retryAfter === 'number' ? { retryAfter: error.extra.retryAfter } : {}),
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      // Fastify says "querystring"; clients and docs/errors.md say `query.limit`.
      const where = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'body');
      const fields: FieldIssue[] = error.validation.map((issue) => {
        const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
        return { field: path ? `${where}.${path}` : where, message: issue.message ?? 'invalid' };
      });
      return send(reply, request, {
        title: 'Bad Request',
        status: 400,
        code: 'validation',
        detail: `Invalid request: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
        errors: fields,
      });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response did not match its schema');
    } else if (error.code && frameworkCodes[error.code]) {
      const known = frameworkCodes[error.code]!;
      return send(reply, request, {
        title: titles[known.status] ?? 'Error',
        status: known.status,
        code: known.code,
        detail: error.message,
      });
    } else if (isUniqueViolation(error)) {
      // Two concurrent writes passed the service's "already exists?" check; the unique index
      // stopped the second one. That is a conflict, not a server fault (and names no column).
      return send(reply, request, {
        title: titles[409]!,
        status: 409,
        code: 'conflict',
        detail: 'The change conflicts with existing data (it was probably just made by someone else). Reload and try again.',
      });
    } else if (isDataException(error)) {
      request.log.warn({ err: error }, 'a value the database refused reached it: tighten the route schema');
      return send(reply, request, {
        title: titles[400]!,
        status: 400,
        code: 'bad_request',
        detail: 'A value in the request is out of range or malformed.',
      });
    } else if (error.statusCode === 429) {
      return send(reply, request, { title: titles[429]!, status: 429, code: 'rate_limited', detail: 'Too many requests.' });
    } else {
      request.log.error({ err: error }, 'unhandled error');
    }
    return send(reply, request, {
      title: 'Internal Server Error',
      status: 500,
      code: 'internal',
      detail: `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
    });
  });
}

export function problemNotFound(request: FastifyRequest, reply: FastifyReply) {
  return send(reply, request, {
    title: 'Not Found',
    status: 404,
    code: 'not_found',
    detail: `No route ${request.method} ${request.url.split('?')[0]}.`,
  });
}
