import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/connect';
import { DataDirLockedError } from '../../src/db/lock';
import { PgliteThread, PgliteThreadDialect, PgliteThreadError } from '../../src/db/pglite-thread';
import { testRun } from '../helpers/demo-snapshots';

/**
 * The server's embedded database runs in a worker thread (src/db/pglite-thread.ts): the same
 * Kysely behaviour as the in-process dialect (transactions, errors with PostgreSQL's fields,
 * queued callers, JS types), while this thread stays free to answer.
 */
interface T {
  items: { id: number; name: string; day: string | null; at: Date | null; n: number | null; amount: string | null };
}

/** The run's initdb result (test/global-setup.ts): opening from it is far quicker than initdb. */
function template(): string | undefined {
  const file = testRun()?.pgliteTemplate;
  return file && fs.existsSync(file) ? file : undefined;
}

// Each test opens databases of its own: seconds each on a busy machine.
describe('PGlite in a worker thread', { timeout: 240_000 }, () => {
  let thread: PgliteThread;
  let db: Kysely<T>;
  beforeAll(async () => {
    thread = await PgliteThread.open({ dataDir: 'memory://', loadDataDir: template(), schema: 't_thread' });
    db = new Kysely<T>({ dialect: new PgliteThreadDialect(thread, { closeOnDestroy: false }) });
    await sql`create table items (id int primary key, name text not null constraint name_not_blank check (name <> ''), day date, at timestamptz, n int8, amount numeric)`.execute(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await thread?.close();
  });

  it('works in the schema it was opened with and returns the same JS types as the in-process dialect', async () => {
    await db.insertInto('items').values({ id: 1, name: 'a', day: '2026-03-01', at: new Date('2026-03-01T08:00:00Z'), n: 42, amount: '1.50' }).execute();
    const row = await db.selectFrom('items').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    expect(row).toEqual({ id: 1, name: 'a', day: '2026-03-01', at: new Date('2026-03-01T08:00:00Z'), n: 42, amount: '1.50' });
    const schema = await sql<{ s: string }>`select current_schema() as s`.execute(db);
    expect(schema.rows[0]!.s).toBe('t_thread');
    const updated = await db.updateTable('items').set({ name: 'b' }).where('id', '=', 1).executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(1n);
  });

  it('commits a transaction, and rolls one back when its callback throws', async () => {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ id: 10, name: 'kept' }).execute();
      await trx.insertInto('items').values({ id: 11, name: 'kept too' }).execute();
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ id: 12, name: 'gone' }).execute();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const ids = (await db.selectFrom('items').select('id').where('id', '>=', 10).orderBy('id').execute()).map((r) => r.id);
    expect(ids).toEqual([10, 11]);
  });

  it('carries PostgreSQL errors back with their code and constraint, and a failed statement rolls its transaction back', async () => {
    const duplicate = await db.insertInto('items').values({ id: 10, name: 'again' }).execute().catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(PgliteThreadError);
    expect(duplicate).toMatchObject({ code: '23505', constraint: 'items_pkey', table: 'items', schema: 't_thread' });
    expect((duplicate as Error).message).toContain('duplicate key');
    // The caller's stack, for logs that say where the query came from.
    expect((duplicate as Error).stack).toContain('pglite-thread.test.ts');

    const check = await db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('items').values({ id: 20, name: 'first' }).execute();
        await trx.insertInto('items').values({ id: 21, name: '' }).execute();
      })
      .catch((e: unknown) => e);
    expect(check).toMatchObject({ code: '23514', constraint: 'name_not_blank' });
    expect(await db.selectFrom('items').select('id').where('id', 'in', [20, 21]).execute()).toEqual([]);
    // The session is usable again (not left in an aborted transaction).
    expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }]);
  });

  it('queues concurrent callers behind a transaction: none sees its rows before the commit, every one is answered', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const didInsert = new Promise<void>((resolve) => (inserted = resolve));
    const writer = db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ id: 30, name: 'pending' }).execute();
      inserted();
      await held;
    });
    await didInsert;
    const readers = Array.from({ length: 20 }, (_, i) => db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).where('id', '=', 30).executeTakeFirstOrThrow().then((r) => ({ i, n: Number(r.n) })));
    // The readers wait for the one connection while the transaction holds it.
    const early = await Promise.race([Promise.all(readers).then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 50))]);
    expect(early).toBe('waiting');
    release();
    await writer;
    const answers = await Promise.all(readers);
    expect(answers.map((a) => a.n)).toEqual(new Array(20).fill(1));
  });

  it('pipelines statements outside transactions: each caller gets its own answer, a transaction begun meanwhile sees them in order', async () => {
    const echoes = Array.from({ length: 200 }, (_, i) => sql<{ v: number }>`select ${i}::int4 as v`.execute(db).then((r) => r.rows[0]!.v));
    const txn = db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ id: 40, name: 'in a transaction' }).execute();
      return (await trx.selectFrom('items').select('id').where('id', '=', 40).execute()).length;
    });
    const after = db.insertInto('items').values({ id: 41, name: 'after' }).execute();
    expect(await Promise.all(echoes)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(await txn).toBe(1);
    await after;
    expect((await db.selectFrom('items').select('id').where('id', 'in', [40, 41]).orderBy('id').execute()).map((r) => r.id)).toEqual([40, 41]);
  });

  it('dumps its data directory, and a new thread starts from that dump', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herbloop-thread-'));
    try {
      const file = path.join(dir, 'dump.tar');
      fs.writeFileSync(file, await thread.dumpDataDir());
      const copy = await PgliteThread.open({ dataDir: 'memory://', loadDataDir: file });
      try {
        await copy.exec('SET search_path TO t_thread;');
        const { rows } = await copy.query<{ id: number }>('select id from items where id = $1', [11]);
        expect(rows).toEqual([{ id: 11 }]);
      } finally {
        await copy.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses requests once closed, and a thread that cannot open its database says why', async () => {
    const other = await PgliteThread.open({ dataDir: 'memory://', loadDataDir: template() });
    await other.close();
    expect(other.closed).toBe(true);
    await expect(other.query('select 1')).rejects.toThrow('closed');
    await expect(PgliteThread.open({ dataDir: 'memory://', loadDataDir: template(), schema: 'bad name; drop' })).rejects.toThrow();
  });

  it('keeps the data directory lock of connectDatabase: a second opener is refused until the first closes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herbloop-thread-lock-'));
    try {
      const first = await connectDatabase({ dataDir: dir, pglite: 'thread', command: 'first' });
      await sql`create table kept (x int)`.execute(first.db);
      await sql`insert into kept values (7)`.execute(first.db);
      await expect(connectDatabase({ dataDir: dir, pglite: 'thread', command: 'second' })).rejects.toBeInstanceOf(DataDirLockedError);
      await first.close();
      // Written to disk by the worker, read back in process (the CLI's way).
      const again = await connectDatabase({ dataDir: dir, command: 'again' });
      try {
        expect((await sql<{ x: number }>`select x from kept`.execute(again.db)).rows).toEqual([{ x: 7 }]);
      } finally {
        await again.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
