/**
 * Every error a client can see has a stable `code` (documented in docs/errors.md), an HTTP
 * status and a human message. Routes and services throw these through the factories below;
 * the one error handler (src/server/errors.ts) renders them as RFC 9457 problem+json.
 */
export interface FieldIssue {
  /** Dotted path to the offending field, or `row N: column` for imports. */
  field: string;
  message: string;
  /**
   * Optional stable code of the message, `<module>.<name>` (e.g. `accounts.unknownKind`), with
   * the values it quotes: the web shows `<module>.msg.<name>` in the reader's language and falls
   * back to `message` (English) when it has no text for the code.
   */
  code?: string;
  params?: Record<string, string | number>;
}

const errorCodes = {
  validation: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  session_expired: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  illegal_transition: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  // Import caps (src/platform/import/limits.ts): each names the limit that stopped the reading.
  'upload.too_large': 413,
  'import.too_many_rows': 413,
  'import.too_many_columns': 413,
  'import.row_too_large': 413,
  'import.spreadsheet_too_complex': 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  pdf_font_unavailable: 503,
} as const;
export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldIssue[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorCodes[code];
  }
}

export const errors = {
  validation: (message: string, fields: FieldIssue[]) => new AppError('validation', message, fields),
  badRequest: (message: string) => new AppError('bad_request', message),
  unauthenticated: (message = 'Log in to continue.') => new AppError('unauthenticated', message),
  invalidCredentials: () => new AppError('invalid_credentials', 'Wrong username or password.'),
  sessionExpired: () => new AppError('session_expired', 'Your session has expired. Log in again.'),
  csrf: () => new AppError('csrf_failed', 'Missing or wrong CSRF token (send the X-CSRF-Token header).'),
  forbidden: (message = 'You are not allowed to do this.') => new AppError('forbidden', message),
  notFound: (entity: string, id: string) => new AppError('not_found', `${entity} ${id} was not found.`),
  conflict: (message: string, fields?: FieldIssue[]) => new AppError('conflict', message, fields),
  illegalTransition: (message: string) => new AppError('illegal_transition', message),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError('rate_limited', `Too many attempts. Try again in ${retryAfterSeconds} s.`, undefined, {
      retryAfter: retryAfterSeconds,
    }),
};
