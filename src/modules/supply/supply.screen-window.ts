/**
 * The stored ticks that outlier screening compares a price batch with (every status, 元/kg, the
 * last couple of weeks of every spec), kept per process under the monitor row's version. Every
 * write of prices changes that version (afterPricesWritten; the demo loader and restores too),
 * so a window whose version is the database's current one holds exactly the stored ticks, and a
 * batch reads no ticks from the table: the window query was the largest part of a batch's
 * database work. The writer moves the window to the version it wrote, adding its own ticks;
 * any other change (another process, a rolled-back transaction) leaves a version this process
 * does not hold, and the next batch reads the window from the table again.
 */
import type { Trx } from '../../db/database';
import { dayToIso } from './engine';
import type { VersionChange } from './supply.monitor.service';
import * as mrepo from './supply.monitor.repository';
import * as repo from './supply.repository';

/** Keys of a spec's ticks: day · 2^16 + market (market ids are int2). */
const KEY = 65_536;
/** Days before the newest tick written that the window keeps (screening looks back two weeks). */
const KEEP_DAYS = 28;
/** Older days are dropped once this many of them have accumulated. */
const PRUNE_AFTER_DAYS = 7;

interface Window {
  version: string;
  /** First day held. */
  from: number;
  /** Per spec: price per key. */
  bySpec: Map<number, Map<number, number>>;
}

let current: Window | null = null;

/** Forgets this process's window (tests: as if another process had written). */
export function forgetScreenWindow(): void {
  current = null;
}

export interface StoredTicks {
  market: number[];
  day: number[];
  price: number[];
}

/**
 * Stored ticks of these specs on days from `from` to `to`: from this process's window when it
 * is of the database's current version and reaches back far enough, else from the table (and
 * kept as the window from `from` on).
 */
export async function storedTicksForScreening(trx: Trx, specIds: readonly number[], from: number, to: number): Promise<Map<number, StoredTicks>> {
  const row = await mrepo.readMonitorRow(trx);
  if (row === undefined || current === null || current.version !== row.version || current.from > from) {
    const rows = await repo.ticksForScreening(trx, null, dayToIso(from));
    const bySpec = new Map<number, Map<number, number>>();
    for (const r of rows) {
      let ticks = bySpec.get(r.spec_id);
      if (ticks === undefined) bySpec.set(r.spec_id, (ticks = new Map<number, number>()));
      for (let k = 0; k < r.days.length; k++) ticks.set(r.days[k]! * KEY + r.market_id, r.prices[k]!);
    }
    current = row === undefined ? null : { version: row.version, from, bySpec };
    return pick(bySpec, specIds, from, to);
  }
  return pick(current.bySpec, specIds, from, to);
}

function pick(bySpec: ReadonlyMap<number, ReadonlyMap<number, number>>, specIds: readonly number[], from: number, to: number): Map<number, StoredTicks> {
  const out = new Map<number, StoredTicks>();
  for (const spec of specIds) {
    const ticks = bySpec.get(spec);
    if (ticks === undefined) continue;
    const picked: StoredTicks = { market: [], day: [], price: [] };
    for (const [key, price] of ticks) {
      const day = Math.floor(key / KEY);
      if (day < from || day > to) continue;
      picked.market.push(key - day * KEY);
      picked.day.push(day);
      picked.price.push(price);
    }
    out.set(spec, picked);
  }
  return out;
}

/**
 * After a batch's write in this process: the window follows the monitor row to the version the
 * batch wrote, with the batch's ticks (prices as stored: 4 decimals), when it was of the version
 * the batch found; otherwise it is dropped. Called synchronously, so no other batch sees the
 * window half-updated; if the transaction then rolls back, the version it names never becomes
 * current and the window is read again.
 */
export function screenWindowWritten(change: VersionChange | null, ticks: { spec: ArrayLike<number>; market: ArrayLike<number>; day: ArrayLike<number>; pricePerKg: readonly string[] }): void {
  if (change === null) return;
  if (current === null || current.version !== change.before) {
    current = null;
    return;
  }
  let newest = -Infinity;
  for (let i = 0; i < ticks.day.length; i++) {
    const spec = ticks.spec[i]!;
    let held = current.bySpec.get(spec);
    if (held === undefined) current.bySpec.set(spec, (held = new Map<number, number>()));
    held.set(ticks.day[i]! * KEY + ticks.market[i]!, Number(ticks.pricePerKg[i]!));
    newest = Math.max(newest, ticks.day[i]!);
  }
  current.version = change.after;
  const keepFrom = newest - KEEP_DAYS;
  if (keepFrom - current.from > PRUNE_AFTER_DAYS) {
    for (const held of current.bySpec.values()) for (const key of held.keys()) if (Math.floor(key / KEY) < keepFrom) held.delete(key);
    current.from = keepFrom;
  }
}
