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
