import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/app';
import { HEALTH_STALE_MS, HEALTH_WAIT_MS, healthProbe } from './health.service';

/**
 * On the embedded database one transaction holds the only connection: health must answer from
 * its last check meanwhile, and say the database is not answering once that check is too old.
 */
describe('health while the embedded database is busy', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    await database.close();
  });

  it('answers from the last check within milliseconds while a transaction holds the connection, then degraded when that check is stale', async () => {
    let clock = 1_000_000;
    const probe = healthProbe(database.db, 'pglite', () => undefined, () => clock);
    expect((await probe()).status).toBe('ok');

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const writer = database.db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      await held;
    });
    try {
      const started = performance.now();
      const busy = await probe();
      const waited = performance.now() - started;
      expect(busy.status).toBe('ok');
      expect(waited).toBeGreaterThanOrEqual(HEALTH_WAIT_MS - 5);
      expect(waited).toBeLessThan(HEALTH_WAIT_MS + 1_000);

      clock += HEALTH_STALE_MS + 1;
      expect((await probe()).status).toBe('degraded');
    } finally {
      release();
      await writer;
    }
    // The check that waited behind the transaction has answered: healthy again.
    await expect.poll(async () => (await probe()).status).toBe('ok');
  });
});
