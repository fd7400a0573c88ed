import { Kysely, PGliteDialect } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { loadDemo } from '../src/demo/load';
import { systemServiceContext } from '../src/platform/viewer';
import { openWarningCases } from '../src/modules/warnings';
import { type Benchmark, peakRssMiB, timeMs } from './harness';

/**
 * The warning-case scan over the supply demo (37 formulas, 2009-01 → 2026-11): the first scan
 * opens every case with its analysis snapshot; a repeated scan finds nothing new. Both include
 * the full Y/P recompute from stored prices and the pre-warning forecasts of the formulas in band.
 */
const benchmarks: Benchmark[] = [
  {
    name: 'warnings: scan over the demo',
    description: 'openWarningCases on the supply demo in PGlite (memory): first scan (opens ~106 cases) and a repeated scan (idempotent)',
    async run() {
      const pglite = await PGlite.create('memory://', { parsers: { 1082: (v: string) => v } });
      const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
      await migrateToLatest(db);
      await loadDemo(db, undefined, { steps: ['supply'] });
      let opened = 0;
      const firstMs = await timeMs(async () => {
        opened = (await db.transaction().execute((trx) => openWarningCases(trx, systemServiceContext('bench')))).opened;
      });
      const againMs = await timeMs(() => db.transaction().execute((trx) => openWarningCases(trx, systemServiceContext('bench'))), 3);
      await db.destroy();
      return {
        metrics: [
          { name: 'first scan', value: firstMs, unit: 'ms', target: 'a few seconds (demo start)' },
          { name: 'cases opened', value: opened, unit: 'cases' },
          { name: 'repeated scan (best of 3)', value: againMs, unit: 'ms' },
          { name: 'peak RSS', value: peakRssMiB(), unit: 'MiB' },
        ],
      };
    },
  },
];

export default benchmarks;
