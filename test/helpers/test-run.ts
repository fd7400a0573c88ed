import pg from 'pg';

/** What test/global-setup.ts provides to every worker of a run (kept free of app imports: the setup loads it). */
export interface TestRun {
  /** A directory of this run (PGlite snapshots). */
  dir: string;
  /** Prefix of this run's PostgreSQL databases: `hl_<pid>_`. */
  databasePrefix: string;
  /** A freshly initialised PGlite data directory (tar), so instances skip initdb. */
  pgliteTemplate: string;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function withClient<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drops the PostgreSQL databases of test runs whose process is gone (or of `onlyPid`'s run). */
export async function dropRunDatabases(serverUrl: string, onlyPid?: number): Promise<void> {
  await withClient(serverUrl, async (admin) => {
    const rows = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^hl_[0-9]+_'`);
    for (const { datname } of rows.rows) {
      const pid = Number(datname.split('_')[1]);
      if (onlyPid === undefined ? isAlive(pid) : pid !== onlyPid) continue;
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  });
}
