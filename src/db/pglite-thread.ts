/**
 * The embedded database in a worker thread, for the server. PGlite runs PostgreSQL compiled to
 * WebAssembly synchronously on the thread that calls it, so in the server's own thread every
 * query (a batch of 500 prices: tens of milliseconds) stops every other request, health probes
 * included. Here the instance lives in `pglite.worker.ts` and this thread forwards statements to
 * it over the worker's message port; PGlite's own `@electric-sql/pglite/worker` is made for
 * browsers' Web Workers (tab leader election through `navigator.locks` and BroadcastChannel)
 * and does not run under `worker_threads` (docs/architecture.md, "Data").
 *
 * PGlite is one session. Statements outside transactions are sent as they come (pipelined: the
 * worker runs them in order and never idles waiting for this thread); an open transaction holds
 * the session, so its statements (BEGIN … COMMIT) are never interleaved with others, and other
 * callers wait until it ends, as with the in-process dialect's connection mutex. Errors come
 * back carrying PostgreSQL's fields (`code`, `constraint`, `detail`, …), as node-postgres's do.
 */
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PGliteAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { Worker } from 'node:worker_threads';
import { startWorker, workerEntry } from '../platform/worker-thread';
import type { CarriedError, DatabaseErrorField, FromPgliteWorker, PgliteWorkerData, ToPgliteWorker } from './pglite-thread.protocol';

/** An error PostgreSQL raised in the worker, with its fields (`code` above all) as PGlite gave them. */
export class PgliteThreadError extends Error implements Partial<Record<DatabaseErrorField, string>> {
  severity?: string;
  code?: string;
  detail?: string;
  hint?: string;
  position?: string;
  internalPosition?: string;
  internalQuery?: string;
  where?: string;
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;
  file?: string;
  line?: string;
  routine?: string;

  constructor(carried: CarriedError) {
    super(carried.message);
    this.name = 'DatabaseError';
    Object.assign(this, carried.fields);
  }
}

type Pending = { resolve: (message: FromPgliteWorker) => void; reject: (error: Error) => void };
type Request = ToPgliteWorker extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** A PGlite instance owned by a worker thread. */
export class PgliteThread {
  #worker: Worker;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #stopped: Error | undefined;
  #closing: Promise<void> | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: FromPgliteWorker) => {
      if (!('id' in message)) return;
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#settled(message.id);
      pending.resolve(message);
    });
    worker.on('error', (error) => this.#stop(new Error(`The embedded database thread failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => this.#stop(new Error(`The embedded database thread stopped (exit code ${code}).`)));
  }

  /** Starts the worker and opens the database in it; rejects with the worker's reason when it cannot. */
  static async open(data: PgliteWorkerData): Promise<PgliteThread> {
    const worker = startWorker(workerEntry('pglite.worker', import.meta.url), { workerData: data });
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`The embedded database thread stopped while opening (exit code ${code}).`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (message: FromPgliteWorker) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (message.type === 'ready') resolve();
        else if (message.type === 'failed') reject(new PgliteThreadError(message.error));
        else reject(new Error(`Unexpected first message from the embedded database thread: ${message.type}`));
      });
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    // An idle database must not keep a finished process alive; a request in flight does.
    worker.unref();
    return new PgliteThread(worker);
  }

  get closed(): boolean {
    return this.#stopped !== undefined;
  }

  #settled(id: number): void {
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker.unref();
  }

  #stop(reason: Error): void {
    this.#stopped ??= reason;
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.reject(reason);
    }
  }

  #send(request: Request): Promise<FromPgliteWorker> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const id = this.#nextId++;
    return new Promise<FromPgliteWorker>((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...request, id });
    }).then((message) => {
      if (message.type === 'error') throw new PgliteThreadError(message.error);
      return message;
    });
  }

  /** One statement with parameters ($1, $2, …); rows as objects. */
  async query<R = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<{ rows: R[]; affectedRows: number | undefined }> {
    const message = await this.#send({ op: 'query', sql, params });
    if (message.type !== 'result') throw new Error(`Unexpected answer ${message.type} to a query`);
    return { rows: message.rows as R[], affectedRows: message.affectedRows };
  }

  /** Several statements without parameters (schema set-up). */
  async exec(sql: string): Promise<void> {
    await this.#send({ op: 'exec', sql });
  }

  /** The data directory as an uncompressed tar (`PGlite.dumpDataDir`), e.g. a test snapshot. */
  async dumpDataDir(): Promise<Uint8Array> {
    const message = await this.#send({ op: 'dump' });
    if (message.type !== 'dump') throw new Error(`Unexpected answer ${message.type} to a dump`);
    return new Uint8Array(message.data);
  }

  /** Closes the database (after the requests already sent) and ends the worker. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (!this.#stopped) {
        try {
          await this.#send({ op: 'close' });
        } finally {
          this.#stop(new Error('The embedded database is closed.'));
          await this.#worker.terminate();
        }
      }
    })();
    return this.#closing;
  }
}

/**
 * Who may send statements to the one session: anyone while no transaction is open (statements
 * outside transactions are pipelined: the worker runs them in arrival order, so it never waits
 * for this thread between two of them), only the transaction's connection while one is open.
 */
class SessionGate {
  #owner: PgliteThreadConnection | null = null;
  #released: Promise<void> = Promise.resolve();
  #release: () => void = () => undefined;

  /** Waits until `connection` may send (no transaction open, or it is the one holding it). */
  async mayUse(connection: PgliteThreadConnection): Promise<void> {
    while (this.#owner !== null && this.#owner !== connection) await this.#released;
  }

  /** Waits until no transaction is open, then holds the session for `connection`'s. */
  async take(connection: PgliteThreadConnection): Promise<void> {
    while (this.#owner !== null) await this.#released;
    this.#owner = connection;
    this.#released = new Promise<void>((resolve) => (this.#release = resolve));
  }

  give(connection: PgliteThreadConnection): void {
    if (this.#owner !== connection) return;
    this.#owner = null;
    this.#release();
  }
}

class PgliteThreadConnection implements DatabaseConnection {
  constructor(
    private readonly thread: PgliteThread,
    private readonly gate: SessionGate,
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    await this.gate.mayUse(this);
    try {
      const { rows, affectedRows } = await this.thread.query<R>(compiledQuery.sql, compiledQuery.parameters);
      return { rows, ...(affectedRows !== undefined ? { numAffectedRows: BigInt(affectedRows) } : {}) };
    } catch (error) {
      // The caller's stack, not the message port's.
      if (error instanceof Error) error.stack = `${error.name}: ${error.message}\n${new Error().stack?.split('\n').slice(1).join('\n') ?? ''}`;
      throw error;
    }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported by the embedded database.');
  }
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

class PgliteThreadDriver implements Driver {
  readonly #gate = new SessionGate();

  constructor(
    private readonly thread: PgliteThread,
    private readonly closeOnDestroy: boolean,
  ) {}

  async init(): Promise<void> {
    if (this.thread.closed) throw new Error('The embedded database is closed.');
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // A handle, not a session: the session is shared, and the gate orders its use.
    return new PgliteThreadConnection(this.thread, this.#gate);
  }

  async releaseConnection(): Promise<void> {
    // Nothing is held between statements outside a transaction.
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let statement = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      statement = 'start transaction';
      if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) statement += ` ${settings.accessMode}`;
    }
    const c = connection as PgliteThreadConnection;
    await this.#gate.take(c);
    try {
      await c.executeQuery(CompiledQuery.raw(statement));
    } catch (error) {
      this.#gate.give(c);
      throw error;
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('commit'));
    } finally {
      this.#gate.give(connection as PgliteThreadConnection);
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    } finally {
      this.#gate.give(connection as PgliteThreadConnection);
    }
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdentifier(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdentifier(name)}`));
  }

  async destroy(): Promise<void> {
    if (this.closeOnDestroy) await this.thread.close();
  }
}

/** PGlite's adapter (no migration lock: one session), with the dialect's own ordering of its use. */
class PgliteThreadAdapter extends PGliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

/**
 * Kysely over a PGlite worker thread. `closeOnDestroy: false` leaves the thread open when the
 * Kysely instance is destroyed (several instances on one thread: test schemas).
 */
export class PgliteThreadDialect implements Dialect {
  constructor(
    private readonly thread: PgliteThread,
    private readonly options: { closeOnDestroy: boolean } = { closeOnDestroy: true },
  ) {}

  createAdapter() {
    return new PgliteThreadAdapter();
  }

  createDriver(): Driver {
    return new PgliteThreadDriver(this.thread, this.options.closeOnDestroy);
  }

  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}
