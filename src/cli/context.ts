import { ZodError, type z } from 'zod';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/connect';
import { DataDirLockedError } from '../db/lock';
import { AppError } from '../platform/errors';

// The database drivers, Kysely and the migrations load only for commands that open the
// database: `herbloop balance reconcile` and `--help` do without them.

/** Raised for bad command-line input; printed without a stack trace. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** Opens the same database the server uses (DATABASE_URL or the data dir), migrated. */
async function openDatabase(command: string, migrate = true): Promise<DatabaseHandle> {
  const config = loadConfig();
  const [{ connectDatabase }, { migrateToLatest }] = await Promise.all([import('../db/connect'), import('../db/migrate')]);
  const handle = await connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, command: `herbloop ${command}` });
  try {
    if (migrate) await migrateToLatest(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

export async function withDatabase<T>(command: string, fn: (handle: DatabaseHandle) => Promise<T>, migrate = true): Promise<T> {
  const handle = await openDatabase(command, migrate);
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

/** Parses CLI input with a route's Zod schema; errors name the option (`--name-zh`), not the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, optionNames: Record<string, string> = {}): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new CliError(
    result.error.issues
      .map((issue) => {
        const field = issue.path.join('.');
        return `${optionNames[field] ?? (field || 'input')}: ${issue.message}`;
      })
      .join('\n'),
  );
}

/**
 * Runs a service call from a command. Services name request fields in their errors
 * (`regionCode`); on the command line the message names the option instead (`--region`).
 */
export async function withOptionNames<T>(optionNames: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AppError && error.fields?.length) {
      const lines = error.fields.map((f) => {
        const field = f.field.replace(/^body\./, '');
        return `${optionNames[field] ?? field}: ${f.message}`;
      });
      throw new CliError([error.message, ...lines].join('\n'));
    }
    throw error;
  }
}

export async function describeError(error: unknown): Promise<{ message: string; expected: boolean }> {
  const { BackupFormatError } = await import('../db/backup');
  if (error instanceof CliError || error instanceof DataDirLockedError || error instanceof BackupFormatError) {
    return { message: error.message, expected: true };
  }
  if (error instanceof AppError) {
    const fields = error.fields?.map((f) => `  ${f.field}: ${f.message}`).join('\n');
    return { message: fields ? `${error.message}\n${fields}` : error.message, expected: true };
  }
  if (error instanceof ZodError) return { message: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'), expected: true };
  if (error instanceof Error && /ECONNREFUSED|password authentication|does not exist/.test(error.message)) {
    return { message: `Cannot use the database: ${error.message}`, expected: true };
  }
  return { message: error instanceof Error ? (error.stack ?? error.message) : String(error), expected: false };
}
