import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A freshly initialised PGlite data directory (tar), so test files skip initdb. */
    pgliteTemplate: string;
  }
}

/**
 * PGlite's initdb costs seconds per test file; loading a data directory made once is several
 * times faster. Each file still gets its own instance (and each test app its own schema).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const file = path.join(os.tmpdir(), `herbloop-pglite-template-${process.pid}.tar`);
  const pg = await PGlite.create('memory://');
  const dump = await pg.dumpDataDir('none');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await pg.close();
  project.provide('pgliteTemplate', file);
  return () => fs.rmSync(file, { force: true });
}
