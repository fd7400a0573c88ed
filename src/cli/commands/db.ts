import fs from 'node:fs';
import type { Command } from 'commander';
import { backupDatabase, restoreDatabase } from '../../db/backup';
import { checkPassphrase } from '../../db/backup-crypto';
import { migrateToLatest, migrationStatus } from '../../db/migrate';
import { isDatabaseEmpty } from '../../demo/load';
import { CliError, withDatabase } from '../context';
import { printJson, printTable } from '../output';
import { createProgressBar } from '../progress';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** The backup passphrase: standard input when asked for, else the environment, else none. */
async function backupPassphrase(fromStdin: boolean | undefined): Promise<string | undefined> {
  if (fromStdin) return readStdin();
  const fromEnv = process.env.HERBLOOP_BACKUP_PASSPHRASE;
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

function checkPassphraseOrFail(passphrase: string): void {
  try {
    checkPassphrase(passphrase);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('Database: migrations, backup and restore');

  db.command('migrate')
    .description('Apply pending migrations')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const applied = await withDatabase('db migrate', (h) => migrateToLatest(h.db), false);
      if (opts.json) printJson({ applied });
      else process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Up to date.\n');
    });

  db.command('status')
    .description('Show which migrations are applied')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { kind, status } = await withDatabase('db status', async (h) => ({ kind: h.kind, status: await migrationStatus(h.db) }), false);
      const rows = status.map((m) => ({ name: m.name, applied: m.executedAt !== null, executedAt: m.executedAt?.toISOString() ?? null }));
      if (opts.json) printJson({ db: kind, migrations: rows });
      else {
        process.stdout.write(`Database: ${kind}\n`);
        printTable(rows.map((r) => ({ migration: r.name, applied: r.applied ? 'yes' : 'PENDING', at: r.executedAt ?? '' })));
      }
    });

  db.command('backup')
    .description('Write a portable backup (gzip NDJSON, readable by its owner only) that restores into PGlite or PostgreSQL')
    .argument('<file>', 'output file, e.g. herbloop-2026-11-22.ndjson.gz')
    .option('--force', 'overwrite an existing file')
    .option('--passphrase-stdin', 'encrypt with a passphrase read from standard input (or HERBLOOP_BACKUP_PASSPHRASE)')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { force?: boolean; passphraseStdin?: boolean; json?: boolean }) => {
      if (fs.existsSync(file) && !opts.force) throw new CliError(`${file} exists; add --force to overwrite it`);
      const passphrase = await backupPassphrase(opts.passphraseStdin);
      if (passphrase !== undefined) checkPassphraseOrFail(passphrase);
      const bar = createProgressBar('backup', !opts.json);
      const header = await withDatabase('db backup', (h) => backupDatabase(h.db, file, (d, t) => bar.update(d, t, 'rows'), { passphrase }));
      bar.stop();
      const rows = header.tables.reduce((s, t) => s + t.rows, 0);
      if (opts.json) printJson({ file, ...header, bytes: fs.statSync(file).size });
      else process.stdout.write(`Wrote ${rows} rows of ${header.tables.length} tables to ${file}\n`);
    });

  db.command('restore')
    .description('Replace all data with a backup (all or nothing)')
    .argument('<file>', 'a file written by `herbloop db backup`')
    .option('--yes', 'confirm replacing a database that already holds data')
    .option('--passphrase-stdin', 'the passphrase of an encrypted backup, from standard input (or HERBLOOP_BACKUP_PASSPHRASE)')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { yes?: boolean; passphraseStdin?: boolean; json?: boolean }) => {
      if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`);
      const passphrase = await backupPassphrase(opts.passphraseStdin);
      const bar = createProgressBar('restore', !opts.json);
      const header = await withDatabase('db restore', async (h) => {
        if (!opts.yes && !(await isDatabaseEmpty(h.db))) {
          throw new CliError('The database holds data; `herbloop db restore` replaces all of it. Add --yes to confirm.');
        }
        return restoreDatabase(h.db, file, (d, t) => bar.update(d, t, 'rows'), { passphrase });
      });
      bar.stop();
      const rows = header.tables.reduce((s, t) => s + t.rows, 0);
      if (opts.json) printJson({ file, restoredRows: rows, tables: header.tables, backupCreatedAt: header.createdAt });
      else process.stdout.write(`Restored ${rows} rows of ${header.tables.length} tables from ${file} (backup of ${header.createdAt})\n`);
    });
}
