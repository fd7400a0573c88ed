import type { Trx } from '../db/database';

/**
 * The demo data set is loaded in steps, one per module, all in one transaction: a failed load
 * leaves an empty database, never half a demo. Each module's step lives in its own file and is
 * listed in `demoSteps` (load.ts); this type sits apart so the steps do not import the loader.
 */
export interface DemoStep {
  /** Short id, used to load only some steps (tests): `platform`, `accounts`, `supply`… */
  id: string;
  name: string;
  load(trx: Trx, report: (done: number, total: number) => void): Promise<void>;
}
