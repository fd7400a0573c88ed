import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'kysely';
import type { DB, Executor } from './database';
import { knownMigrations, migrateToLatest } from './migrate';
import { migrations } from './migrations/index';
import { decryptingStream, encryptingStream, looksEncrypted } from './backup-crypto';

/**
 * Portable backup: gzip'd NDJSON. Line 1 is a header (format, version, applied migrations,
 * row counts); then one line per row, `{"t": table, "r": row}`, where the row is PostgreSQL's
 * own `row_to_json` text, passed through untouched so numerics keep every digit and bytea,
 * jsonb and timestamps round-trip exactly. Restore feeds the same text back through
 * `json_populate_recordset`, so the dump is independent of the backend (PGlite or server).
 */
const BACKUP_FORMAT = 'herbloop-backup';
const BACKUP_VERSION = 1;
const BATCH = 2000;

interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  migrations: { name: string; timestamp: string }[];
  tables: { name: string; rows: number }[];
}

const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/** Tables of the current schema, parents before children (foreign keys), migration tables excluded. */
async function tablesInDependencyOrder(db: Executor): Promise<string[]> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const deps = await sql<{ child: string; parent: string }>`
    select tc.table_name as child, ccu.table_name as parent
    from information_schema.table_constraints tc
    join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.constraint_schema = tc.constraint_schema
    where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(db);
  const names = tables.rows.map((r) => r.name).filter((n) => !MIGRATION_TABLES.has(n));
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const d of deps.rows) if (d.child !== d.parent) parents.get(d.child)?.add(d.parent);
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (n: string) => {
    if (ordered.includes(n) || visiting.has(n)) return;
    visiting.add(n);
    for (const p of parents.get(n) ?? []) visit(p);
    visiting.delete(n);
    ordered.push(n);
  };
  names.forEach(visit);
  return ordered;
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unexpected table name ${name}`);
  return `"${name}"`;
}

export type Progress = (done: number, total: number) => void;

export interface BackupOptions {
  /** Encrypt with this passphrase (AES-256-GCM, key by scrypt); see backup-crypto.ts. */
  passphrase?: string | undefined;
}

/**
 * The backup holds every secret of the database (webhook secrets, password and token hashes):
 * it is written to a temporary file readable by its owner only (0600) and renamed into place
 * when complete, so a failed backup leaves no partial file and no backup is ever world-readable.
 */
export async function backupDatabase(db: DB, file: string, onProgress?: Progress, options: BackupOptions = {}): Promise<BackupHeader> {
  // Set up encryption first: a refused passphrase must not leave a file behind.
  const encrypt = options.passphrase === undefined ? undefined : await encryptingStream(options.passphrase);
  const gzip = createGzip();
  const temporary = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.partial-${process.pid}`);
  const out = fs.createWriteStream(temporary, { mode: 0o600 });
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gzip.on('error', reject);
  });
  if (encrypt) {
    encrypt.on('error', (error) => out.destroy(error));
    gzip.pipe(encrypt).pipe(out);
  } else {
    gzip.pipe(out);
  }
  const write = (line: string) =>
    new Promise<void>((resolve) => {
      if (gzip.write(`${line}\n`)) resolve();
      else gzip.once('drain', resolve);
    });

  try {
    // One snapshot for the whole dump: rows written while it runs are either all in or all out.
    const header = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const executed = await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration order by name`.execute(trx);
        const tables = await tablesInDependencyOrder(trx);
        const counts: { name: string; rows: number }[] = [];
        for (const t of tables) {
          const c = await sql<{ n: number }>`select count(*)::int8 as n from ${sql.raw(quoteIdent(t))}`.execute(trx);
          counts.push({ name: t, rows: c.rows[0]?.n ?? 0 });
        }
        const h: BackupHeader = {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt: new Date().toISOString(),
          migrations: executed.rows,
          tables: counts,
        };
        await write(JSON.stringify(h));
        const total = counts.reduce((s, c) => s + c.rows, 0);
        let done = 0;
        for (const { name, rows } of counts) {
          if (rows === 0) continue;
          // A cursor reads each table once; `limit … offset …` would re-read (and re-sort) the
          // table for every batch, quadratic in its size (the price history has 10^5+ rows).
          await sql`declare backup_rows no scroll cursor for select row_to_json(t)::text as j from ${sql.raw(quoteIdent(name))} t`.execute(trx);
          for (;;) {
            const batch = await sql<{ j: string }>`fetch forward ${sql.raw(String(BATCH))} from backup_rows`.execute(trx);
            if (batch.rows.length === 0) break;
            await write(batch.rows.map((r) => `{"t":"${name}","r":${r.j}}`).join('\n'));
            done += batch.rows.length;
            onProgress?.(done, total);
          }
          await sql`close backup_rows`.execute(trx);
        }
        return h;
      });
    gzip.end();
    await finished;
    // A umask or an existing file's mode must not widen it.
    fs.chmodSync(temporary, 0o600);
    fs.renameSync(temporary, file);
    return header;
  } catch (error) {
    gzip.destroy();
    out.destroy();
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

export class BackupFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupFormatError';
  }
}

/**
 * The lines of a gzip'd file. A damaged file (truncated, not gzip, unreadable) becomes a
 * BackupFormatError thrown to the reader, never an unhandled stream 'error' event that would
 * bring the process down; stopping early (the header only) closes the streams.
 */
function isEncryptedFile(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const first = Buffer.alloc(8);
    const n = fs.readSync(fd, first, 0, first.length, 0);
    return looksEncrypted(first.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
}

async function* readLines(file: string, passphrase: string | undefined): AsyncGenerator<string> {
  const encrypted = isEncryptedFile(file);
  if (encrypted && passphrase === undefined) {
    throw new BackupFormatError(`${file} is encrypted: give its passphrase (--passphrase-stdin or HERBLOOP_BACKUP_PASSPHRASE)`);
  }
  const source = fs.createReadStream(file);
  const gunzip = createGunzip();
  let upstream: Readable = source;
  if (encrypted) {
    const decrypt = decryptingStream(passphrase!);
    source.on('error', (error) => decrypt.destroy(error));
    upstream = source.pipe(decrypt);
  }
  upstream.on('error', (error) => gunzip.destroy(error));
  upstream.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      rest += decoder.write(chunk);
      let start = 0;
      for (let nl = rest.indexOf('\n'); nl !== -1; nl = rest.indexOf('\n', start)) {
        const line = rest.slice(start, nl).replace(/\r$/, '');
        start = nl + 1;
        if (line !== '') yield line;
      }
      rest = rest.slice(start);
    }
  } catch (error) {
    if (error instanceof BackupFormatError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    if (encrypted) throw new BackupFormatError(`${file}: cannot decrypt the backup (${reason}): wrong passphrase, or the file is damaged`);
    throw new BackupFormatError(`${file}: cannot read the backup (${reason}); the file is damaged, truncated or not a herbloop backup`);
  } finally {
    source.destroy();
    upstream.destroy();
    gunzip.destroy();
  }
  rest += decoder.end();
  if (rest.replace(/\r$/, '') !== '') yield rest.replace(/\r$/, '');
}

async function readHeader(file: string, passphrase: string | undefined): Promise<BackupHeader> {
  for await (const line of readLines(file, passphrase)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new BackupFormatError(`${file}: line 1 is not JSON; is this a herbloop backup?`);
    }
    const h = parsed as Partial<BackupHeader>;
    if (h.format !== BACKUP_FORMAT) throw new BackupFormatError(`${file}: not a herbloop backup (format ${String(h.format)})`);
    if (h.version !== BACKUP_VERSION) throw new BackupFormatError(`${file}: backup format version ${String(h.version)} is not supported`);
    return h as BackupHeader;
  }
  throw new BackupFormatError(`${file}: empty file`);
}

/**
 * Replaces all data with the backup, in one transaction: the schema is rebuilt at the backup's
 * migration level, the rows are loaded, then newer migrations run. If anything fails the
 * database is left as it was.
 */
export async function restoreDatabase(db: DB, file: string, onProgress?: Progress, options: BackupOptions = {}): Promise<BackupHeader> {
  const header = await readHeader(file, options.passphrase);
  const known = new Set(knownMigrations());
  const unknown = header.migrations.filter((m) => !known.has(m.name));
  if (unknown.length > 0) {
    throw new BackupFormatError(`The backup was made by a newer herbloop (migrations ${unknown.map((m) => m.name).join(', ')}); upgrade first.`);
  }
  const expected = new Map(header.tables.map((t) => [t.name, t.rows]));
  const total = header.tables.reduce((s, t) => s + t.rows, 0);

  await migrateToLatest(db); // makes sure the migration bookkeeping tables exist
  await db.transaction().execute(async (trx) => {
    for (const t of (await tablesInDependencyOrder(trx)).reverse()) {
      await sql`drop table if exists ${sql.raw(quoteIdent(t))} cascade`.execute(trx);
    }
    // Functions (trigger functions of migrations) are not tables: drop them too, so the schema is
    // rebuilt from the migrations alone.
    const functions = await sql<{ name: string }>`
      select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = current_schema() and p.prokind = 'f'
        and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')`.execute(trx);
    for (const f of functions.rows) await sql`drop function if exists ${sql.raw(quoteIdent(f.name))} cascade`.execute(trx);
    await sql`delete from kysely_migration`.execute(trx);
    for (const m of header.migrations) {
      await migrations[m.name]!.up(trx);
      await sql`insert into kysely_migration (name, timestamp) values (${m.name}, ${m.timestamp})`.execute(trx);
    }
    // Migrations may insert reference data (provinces…); the backup holds the full state of
    // every table, those rows included, so the tables start empty.
    const rebuilt = await tablesInDependencyOrder(trx);
    if (rebuilt.length > 0) await sql`truncate ${sql.join(rebuilt.map((t) => sql.raw(quoteIdent(t))))}`.execute(trx);
    const identity = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and is_identity = 'YES'`.execute(trx);
    const identityTables = new Set(identity.rows.map((r) => r.table_name));

    const seen = new Map<string, number>();
    let pending: { table: string; rows: string[] } | null = null;
    let done = 0;
    const flush = async () => {
      if (!pending || pending.rows.length === 0) return;
      const { table, rows } = pending;
      const overriding = identityTables.has(table) ? sql.raw('overriding system value') : sql.raw('');
      await sql`insert into ${sql.raw(quoteIdent(table))} ${overriding}
        select * from json_populate_recordset(null::${sql.raw(quoteIdent(table))}, ${`[${rows.join(',')}]`}::json)`.execute(trx);
      done += rows.length;
      onProgress?.(done, total);
      pending = { table, rows: [] };
    };
    let lineNo = 0;
    for await (const line of readLines(file, options.passphrase)) {
      lineNo++;
      if (lineNo === 1) continue;
      const m = /^\{"t":"([a-z_][a-z0-9_]*)","r":(.*)\}$/.exec(line);
      if (!m) throw new BackupFormatError(`${file}: line ${lineNo} is not a row record`);
      const table = m[1]!;
      if (!expected.has(table)) throw new BackupFormatError(`${file}: line ${lineNo} names table ${table}, which the header does not list`);
      if (pending && pending.table !== table) await flush();
      if (!pending || pending.table !== table) pending = { table, rows: [] };
      pending.rows.push(m[2]!);
      seen.set(table, (seen.get(table) ?? 0) + 1);
      if (pending.rows.length >= BATCH) await flush();
    }
    await flush();
    for (const [table, rows] of expected) {
      if ((seen.get(table) ?? 0) !== rows) {
        throw new BackupFormatError(`${file}: table ${table} has ${seen.get(table) ?? 0} rows, the header says ${rows}; the file is truncated or altered`);
      }
    }
    for (const r of identity.rows) {
      await sql`select setval(pg_get_serial_sequence(${r.table_name}, ${r.column_name}),
        coalesce((select max(${sql.ref(r.column_name)}) from ${sql.raw(quoteIdent(r.table_name))}), 0) + 1, false)`.execute(trx);
    }
  });
  await migrateToLatest(db);
  return header;
}
