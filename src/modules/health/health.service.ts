import type { z } from 'zod';
import type { DB } from '../../db/database';
import type { DatabaseKind } from '../../db/connect';
import { appliedMigrations, knownMigrations } from '../../db/migrate';
import { version } from '../../version';
import type { healthView } from './health.contract';

/** Degraded when the database does not answer or migrations are pending. */
export async function databaseHealth(db: DB, dbKind: DatabaseKind, onError: (error: unknown) => void): Promise<z.infer<typeof healthView>> {
  const known = knownMigrations();
  let applied: string[] = [];
  let ok = true;
  try {
    // One query both pings the database and lists the applied migrations.
    applied = await appliedMigrations(db);
  } catch (error) {
    onError(error);
    ok = false;
  }
  const pending = known.filter((name) => !applied.includes(name));
  return {
    status: ok && pending.length === 0 ? 'ok' : 'degraded',
    db: dbKind,
    version,
    migrations: { applied: applied.length, known: known.length, latest: applied.at(-1) ?? null, pending },
  };
}

type HealthView = z.infer<typeof healthView>;

/** How long a health request waits for the database check it started or joined. */
export const HEALTH_WAIT_MS = 30;
/** A check older than this, with none answering since, means the database is not answering. */
export const HEALTH_STALE_MS = 15_000;

/**
 * Health answers quickly even while the database is busy: on the embedded database one write
 * transaction holds the only connection for seconds, and a load balancer's probe must not wait
 * behind it. Each request starts a check (or joins the one running) and waits a few
 * milliseconds for it; if it has not answered by then, the last completed check is the answer,
 * until it is older than `HEALTH_STALE_MS`: then the database counts as not answering (503).
 */
export function healthProbe(db: DB, dbKind: DatabaseKind, onError: (error: unknown) => void, now: () => number = Date.now) {
  let running: Promise<HealthView> | null = null;
  let last: { at: number; view: HealthView } | null = null;
  const check = () => {
    running ??= databaseHealth(db, dbKind, onError)
      .then((view) => {
        last = { at: now(), view };
        return view;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  return async (): Promise<HealthView> => {
    const pending = check();
    if (last === null) return pending;
    const settled = await Promise.race([pending, new Promise<null>((resolve) => setTimeout(() => resolve(null), HEALTH_WAIT_MS).unref())]);
    if (settled !== null) return settled;
    const previous: { at: number; view: HealthView } = last;
    return now() - previous.at <= HEALTH_STALE_MS ? previous.view : { ...previous.view, status: 'degraded' };
  };
}
