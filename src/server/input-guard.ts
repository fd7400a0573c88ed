import type { FastifyInstance } from 'fastify';
import { AppError, type FieldIssue } from '../platform/errors';

/**
 * No string with control characters reaches a service or the database, whatever the route:
 * PostgreSQL refuses NUL in text (a 500 before this guard, on public routes too), and the other
 * C0 controls are never meaningful in names, codes or notes. Tab, line feed and carriage return
 * stay allowed in bodies (multi-line notes); paths and queries allow none. One guard for every
 * JSON route, so no field can forget it; file imports check their cells in the import pipeline.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_ANYWHERE = /[\u0000-\u001F\u007F]/;

/** How many offending fields are listed at most (the rest are counted in the detail). */
const MAX_LISTED = 20;

/**
 * Walks a parsed value. The path is a stack of keys joined only for an offending field: a batch of
 * 500 prices has 3 000 strings, and building each one's path string cost more than the check.
 */
function collect(value: unknown, path: (string | number)[], pattern: RegExp, out: FieldIssue[], seen: { total: number }): void {
  if (typeof value === 'string') {
    if (pattern.test(value)) {
      seen.total += 1;
      if (out.length < MAX_LISTED) out.push({ field: path.join('.'), message: 'must not contain control characters (such as NUL)' });
    }
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      collect(value[i], path, pattern, out, seen);
      path.pop();
    }
    return;
  }
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value) && Object.getPrototypeOf(value) !== null && !(value instanceof Uint8Array)) {
    if (typeof (value as { pipe?: unknown }).pipe === 'function') return; // a streamed upload
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (CONTROL_ANYWHERE.test(key)) {
        seen.total += 1;
        if (out.length < MAX_LISTED) out.push({ field: [...path, key.replace(CONTROL_ANYWHERE, '?')].join('.'), message: 'names must not contain control characters' });
        continue;
      }
      path.push(key);
      collect((value as Record<string, unknown>)[key], path, pattern, out, seen);
      path.pop();
    }
    return;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === null) {
    // Fastify's parsed query string is a null-prototype object.
    for (const [key, item] of Object.entries(value)) {
      path.push(key);
      collect(item, path, pattern, out, seen);
      path.pop();
    }
  }
}

function controlCharacterIssues(parts: { params?: unknown; query?: unknown; body?: unknown }): { issues: FieldIssue[]; total: number } {
  const issues: FieldIssue[] = [];
  const seen = { total: 0 };
  collect(parts.params, ['params'], CONTROL_ANYWHERE, issues, seen);
  collect(parts.query, ['query'], CONTROL_ANYWHERE, issues, seen);
  collect(parts.body, ['body'], CONTROL_IN_TEXT, issues, seen);
  return { issues, total: seen.total };
}

export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const { issues, total } = controlCharacterIssues({ params: request.params, query: request.query, body: request.body });
    if (total === 0) return;
    const more = total > issues.length ? ` (and ${total - issues.length} more)` : '';
    throw new AppError('validation', `Invalid request: ${issues.map((f) => `${f.field}: ${f.message}`).join('; ')}${more}`, issues);
  });
}
