import type { Problem } from './types';

/** An answer other than 2xx, carrying the server's problem+json (or a stand-in for network failures). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string {
    return this.problem.code;
  }
}

const CSRF_COOKIE = 'herbloop_csrf';
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** Remembers the token from /auth/me or /auth/login; the cookie is the fallback after a reload. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any request (other than the session probes) answers 401: the session is gone. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

function csrfFromCookie(): string | null {
  const prefix = `${CSRF_COOKIE}=`;
  const entry = document.cookie.split('; ').find((c) => c.startsWith(prefix));
  return entry ? decodeURIComponent(entry.slice(prefix.length)) : null;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  /** Do not treat 401 as "session lost" (login form, the initial /auth/me probe). */
  expectUnauthenticated?: boolean;
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function readProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      return { ...body, status: response.status, code: body.code ?? 'unknown' };
    } catch {
      // A proxy's or a crashed server's body; fall through to the generic problem.
    }
  }
  return { status: response.status, code: 'unknown', detail: response.statusText || `HTTP ${response.status}` };
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (unsafeMethods.has(method)) {
    const token = csrfToken ?? csrfFromCookie();
    if (token) headers['x-csrf-token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError({ status: 0, code: 'network', detail: 'network' });
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    if (response.status === 401 && !options.expectUnauthenticated) onUnauthenticated?.();
    throw new ApiError(problem);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a file as the raw request body (the import routes read CSV or .xlsx by Content-Type). */
export async function uploadFile<T>(path: string, file: File, query?: Query): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': file.name.toLowerCase().endsWith('.xlsx') ? xlsxType : 'text/csv' };
  const token = csrfToken ?? csrfFromCookie();
  if (token) headers['x-csrf-token'] = token;
  let response: Response;
  try {
    response = await fetch(withQuery(path, query), { method: 'POST', headers, credentials: 'same-origin', body: file });
  } catch {
    throw new ApiError({ status: 0, code: 'network', detail: 'network' });
  }
  if (!response.ok) {
    if (response.status === 401) onUnauthenticated?.();
    throw new ApiError(await readProblem(response));
  }
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) => request<T>('POST', path, { ...options, body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};
