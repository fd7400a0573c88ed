/**
 * Outlier screening of a price batch (engine `screenPriceTicks` rule) against the stored ticks
 * of the last couple of weeks (every status, 元/kg), which each process keeps under the monitor
 * row's version. Every write of prices changes that version (afterPricesWritten; the demo loader
 * and restores too), so a window whose version is the database's current one holds exactly the
 * stored ticks, and a batch reads no ticks from the table: the window query was the largest part
 * of a batch's database work. The writer moves the window to the version it wrote, adding its own
 * ticks; any other change (another process, a rolled-back transaction) leaves a version this
 * process does not hold, and the next batch reads the window from the table again.
 *
 * A day's screening basis (median and MAD of a spec's ticks of the 14 days before it) is the same
 * for every batch of that day: it is computed once per spec and day and kept with the window
 * until a tick of those 14 days is written, so a station's fifth batch of a day sorts nothing.
 */
import type { Trx } from '../../db/database';
import { dayToIso, DEFAULT_OUTLIER_SCREEN, heldByBasis, type PriceTick, screenBasis, type ScreenBasis, screenPriceTicks } from './engine';
import type { VersionChange } from './supply.monitor.service';
import * as mrepo from './supply.monitor.repository';
import * as repo from './supply.repository';

/** Days before the newest tick written that the window keeps (screening looks back two weeks). */
const KEEP_DAYS = 28;
/** Older days are dropped once this many of them have accumulated. */
const PRUNE_AFTER_DAYS = 7;
const SCREEN = DEFAULT_OUTLIER_SCREEN;

/** A spec's ticks: price per market per day. */
type SpecTicks = Map<number, Map<number, number>>;

interface Window {
  version: string;
  /**
   * The version this process's last batch found (and replaced with `version`), or null. That
   * batch's transaction may still be open: another batch that reads the row meanwhile finds this
   * version, and the window (which holds the open batch's ticks too) is what it will see stored
   * once it holds the monitor row after that batch; so it screens against the window instead of
   * reading every window tick from the table (which, between two batches in flight, was every time).
   */
  previous: string | null;
  /** First day held. */
  from: number;
  bySpec: Map<number, SpecTicks>;
  /** Per spec, the basis of each day screened so far (null: too few ticks to judge). */
  bases: Map<number, Map<number, ScreenBasis | null>>;
}

let current: Window | null = null;

/**
 * Forgets this process's window: tests (as if another process had written), and a price write
 * that failed after its batch was added (its transaction rolled back, so the window's newest
 * ticks were never stored).
 */
export function forgetScreenWindow(): void {
  current = null;
}

/** The version the window holds (null: none), to tell whether a write moved it. */
export function screenWindowVersion(): string | null {
  return current?.version ?? null;
}

/** The window reaching back to `from`, of the database's current version: this process's, else read from the table. */
async function windowFrom(trx: Trx, from: number): Promise<Window> {
  const row = await mrepo.readMonitorRow(trx);
  if (row !== undefined && current !== null && (current.version === row.version || current.previous === row.version) && current.from <= from) return current;
  const rows = await repo.ticksForScreening(trx, null, dayToIso(from));
  const bySpec = new Map<number, SpecTicks>();
  for (const r of rows) {
    let ticks = bySpec.get(r.spec_id);
    if (ticks === undefined) bySpec.set(r.spec_id, (ticks = new Map<number, Map<number, number>>()));
    for (let k = 0; k < r.days.length; k++) tickOf(ticks, r.days[k]!).set(r.market_id, r.prices[k]!);
  }
  const w: Window = { version: row?.version ?? '', previous: null, from, bySpec, bases: new Map() };
  current = row === undefined ? null : w;
  return w;
}

function tickOf(ticks: SpecTicks, day: number): Map<number, number> {
  let d = ticks.get(day);
  if (d === undefined) ticks.set(day, (d = new Map<number, number>()));
  return d;
}

/** The basis of a spec's ticks of `day`: its stored ticks of the window's days before it. */
function basisOf(w: Window, spec: number, day: number): ScreenBasis | null {
  let cached = w.bases.get(spec);
  if (cached === undefined) w.bases.set(spec, (cached = new Map<number, ScreenBasis | null>()));
  const known = cached.get(day);
  if (known !== undefined || cached.has(day)) return known ?? null;
  const prices: number[] = [];
  const ticks = w.bySpec.get(spec);
  if (ticks !== undefined) {
    for (let d = day - SCREEN.windowDays; d < day; d++) {
      const markets = ticks.get(d);
      if (markets !== undefined) for (const p of markets.values()) prices.push(p);
    }
  }
  const basis = screenBasis(prices, SCREEN);
  cached.set(day, basis);
  return basis;
}

/** New ticks of one batch (ids, days since the epoch, 元/kg). */
export interface BatchTicks {
  spec: ArrayLike<number>;
  market: ArrayLike<number>;
  day: ArrayLike<number>;
  pricePerKg: ArrayLike<number>;
}

/**
 * Which ticks of a batch are held (1): per spec over all markets, each new day judged against the
 * ticks of the two weeks before it, stored and new (a day's ticks do not judge each other; a new
 * tick replaces the stored one of its market and day).
 */
export async function screenBatch(trx: Trx, b: BatchTicks): Promise<Uint8Array> {
  const n = b.day.length;
  const held = new Uint8Array(n);
  if (n === 0) return held;
  const bySpec = new Map<number, number[]>();
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (let i = 0; i < n; i++) {
    const list = bySpec.get(b.spec[i]!);
    if (list) list.push(i);
    else bySpec.set(b.spec[i]!, [i]);
    minDay = Math.min(minDay, b.day[i]!);
    maxDay = Math.max(maxDay, b.day[i]!);
  }
  // From here on synchronous: no other batch moves the window while this one reads it.
  const w = await windowFrom(trx, minDay - SCREEN.windowDays);
  for (const [spec, idx] of bySpec) {
    const day = b.day[idx[0]!]!;
    if (idx.every((i) => b.day[i] === day)) {
      // One day (the usual batch): its basis holds no new tick, and is shared by the day's batches.
      const basis = basisOf(w, spec, day);
      for (const i of idx) held[i] = heldByBasis(basis, b.pricePerKg[i]!) ? 1 : 0;
    } else {
      screenSeveralDays(w.bySpec.get(spec), idx, b, held);
    }
  }
  return held;
}

/** A spec's new ticks of several days: stored and new ticks ordered by day and screened as one history. */
function screenSeveralDays(stored: SpecTicks | undefined, idx: readonly number[], b: BatchTicks, held: Uint8Array): void {
  let first = Infinity;
  let last = -Infinity;
  const fresh = new Map<number, Set<number>>();
  for (const i of idx) {
    first = Math.min(first, b.day[i]!);
    last = Math.max(last, b.day[i]!);
    let markets = fresh.get(b.day[i]!);
    if (markets === undefined) fresh.set(b.day[i]!, (markets = new Set()));
    markets.add(b.market[i]!);
  }
  const ticks: PriceTick[] = [];
  const item: number[] = [];
  const byDay = [...idx].sort((x, y) => b.day[x]! - b.day[y]!);
  let k = 0;
  for (let d = first - SCREEN.windowDays; d <= last; d++) {
    for (const [market, price] of stored?.get(d) ?? []) {
      if (fresh.get(d)?.has(market) === true) continue;
      ticks.push({ day: d, price });
      item.push(-1);
    }
    for (; k < byDay.length && b.day[byDay[k]!] === d; k++) {
      ticks.push({ day: d, price: b.pricePerKg[byDay[k]!]! });
      item.push(byDay[k]!);
    }
  }
  // Only the days of new ticks are judged; stored days are the window, not under review.
  const result = screenPriceTicks(ticks, SCREEN, Uint8Array.from(item, (i) => (i >= 0 ? 1 : 0)));
  result.forEach((h, at) => {
    if (item[at]! >= 0) held[item[at]!] = h;
  });
}

/**
 * After a batch's write in this process: the window follows the monitor row to the version the
 * batch wrote, with the batch's ticks (prices as stored: 4 decimals), when it was of the version
 * the batch found; otherwise it is dropped. Bases of the days a new tick falls in the two weeks
 * before are dropped. Called synchronously, so no other batch sees the window half-updated; if
 * the transaction then rolls back, the version it names never becomes current and the window is
 * read again.
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
    const day = ticks.day[i]!;
    let held = current.bySpec.get(spec);
    if (held === undefined) current.bySpec.set(spec, (held = new Map<number, Map<number, number>>()));
    tickOf(held, day).set(ticks.market[i]!, Number(ticks.pricePerKg[i]!));
    newest = Math.max(newest, day);
    const bases = current.bases.get(spec);
    if (bases !== undefined) for (const d of bases.keys()) if (d > day && d <= day + SCREEN.windowDays) bases.delete(d);
  }
  current.previous = change.before;
  current.version = change.after;
  const keepFrom = newest - KEEP_DAYS;
  if (keepFrom - current.from > PRUNE_AFTER_DAYS) {
    for (const held of current.bySpec.values()) for (const d of held.keys()) if (d < keepFrom) held.delete(d);
    for (const bases of current.bases.values()) for (const d of bases.keys()) if (d < keepFrom + SCREEN.windowDays) bases.delete(d);
    current.from = keepFrom;
  }
}
