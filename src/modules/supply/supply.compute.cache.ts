/**
 * Per-process cache of engine computations. A formula's daily series over the whole price
 * history only changes when prices or formulas do, and every such change writes a new version
 * of the `supply_monitor` row (price writes through afterPricesWritten, formula, cap and spec
 * changes through rebuildMonitor). So a computation is kept under the version read just before
 * its ticks were loaded, and served while the row still carries that version: one small query
 * per request instead of loading and recomputing years of ticks (the product page's series,
 * ingredients, what-if and forecast each did so, about 0.5 s apiece on PGlite). Another
 * process's write changes the row, so a stale entry is never served; a computation that read
 * ticks committed after its version was read holds newer data than its key says, which only
 * costs a recompute on the next version.
 */
import type { Executor } from '../../db/database';
import * as mrepo from './supply.monitor.repository';

/** Entries kept (a product page uses three: the whole history, the forecast's window and its fan). */
const MAX_ENTRIES = 48;

interface Entry<T> {
  version: string;
  value: Promise<T>;
}

const entries = new Map<string, Entry<unknown>>();

/**
 * `compute()` under `key` (which must name everything the result depends on besides the price
 * ticks, e.g. the formulas' definitions and the first day), shared with concurrent callers of
 * the same version. Inside a transaction the caller may have written ticks the version does not
 * reflect yet, so transactions always compute.
 */
export async function cachedByMonitorVersion<T>(db: Executor, key: string, compute: () => Promise<T>): Promise<T> {
  if (db.isTransaction) return compute();
  const row = await mrepo.readMonitorRow(db);
  // A state never built (fresh database, demo just loaded) has no version worth keying on.
  if (!row?.built) return compute();
  const hit = entries.get(key);
  if (hit && hit.version === row.version) {
    entries.delete(key);
    entries.set(key, hit);
    return hit.value as Promise<T>;
  }
  const entry: Entry<T> = { version: row.version, value: compute() };
  entries.delete(key);
  entries.set(key, entry);
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  // A failed computation is not kept: the next request tries again.
  entry.value.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  return entry.value;
}

/** Forgets every cached computation (tests that write behind the monitor's back). */
export function forgetComputations(): void {
  entries.clear();
}
