import type { Actor } from './actor';

/**
 * Who is looking at or changing data. There are exactly three kinds, and every policy decides
 * for each of them explicitly:
 * - `system`: the CLI, the demo loader and scheduled jobs. Never a request: routes get their
 *   viewer from `viewerOf(request)` (server/context.ts), whose type excludes it.
 * - `anonymous`: a request without a session or token (public pages, feeds).
 * - `actor`: a user or API token acting for one organisation.
 */
export type Viewer = SystemViewer | AnonymousViewer | ActorViewer;

export interface SystemViewer {
  readonly kind: 'system';
  /** What runs (a CLI command, a job name): written into the audit's request id. */
  readonly purpose: string;
}

export interface AnonymousViewer {
  readonly kind: 'anonymous';
}

export interface ActorViewer {
  readonly kind: 'actor';
  readonly actor: Actor;
}

/** What an HTTP request can be: a route never holds the system viewer. */
export type RequestViewer = AnonymousViewer | ActorViewer;

export const anonymousViewer: AnonymousViewer = Object.freeze({ kind: 'anonymous' });

export function actorViewer(actor: Actor): ActorViewer {
  return { kind: 'actor', actor };
}

export function systemViewer(purpose: string): SystemViewer {
  return { kind: 'system', purpose };
}

/** The acting user or token, or null for the system and anonymous viewers. */
export function actorOf(viewer: Viewer): Actor | null {
  return viewer.kind === 'actor' ? viewer.actor : null;
}

/** What a service needs besides the database: who acts, and the request id for the audit. */
export interface ServiceContext {
  readonly viewer: Viewer;
  readonly requestId: string;
}

/** The context of the CLI, the demo loader or a scheduled job. */
export function systemServiceContext(purpose: string): ServiceContext {
  return { viewer: systemViewer(purpose), requestId: `system:${purpose}` };
}

/** A policy rule over every kind of viewer (see `rule` in policy-rules.ts). */
export type Rule<Args extends unknown[]> = (viewer: Viewer, ...args: Args) => boolean;
