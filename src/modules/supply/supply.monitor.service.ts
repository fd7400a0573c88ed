/**
 * The supply monitor state: every formula's current Y, P, Y/P, level (hysteresis included),
 * open episode and weekly trend, kept in the database and brought up to date in the same
 * transaction as the prices (afterPricesWritten) or the formulas (rebuildMonitor), so reads
 * serve it instead of recomputing from the stored ticks.
 *
 * How it is kept: the engine's carried state (reference-price carries per spec, hysteresis
 * machines and a Y/P window per formula) is stored at a base day; the ticks after it (the head,
 * at most MAX_HEAD_DAYS) are rolled forward to the as-of day on every write with the engine's
 * daily step (the in-memory writer state and its roll: supply.monitor.writer.ts). Ticks on or
 * before the base day (a backfill) and formula changes rebuild the state with a full recompute.
 * Processes agree through the `supply_monitor` row: writers lock it, and every process caches
 * what it read or wrote under the row's version (a new random value per change), so a cache is
 * used only while nobody else has written since.
 */
import type { Executor, Trx } from '../../db/database';
import {
  compileFormulas,
  dayToIso,
  isoToDay,
  levelName,
  levelRule,
  monitorLines,
  recomputeAll,
  trendWindows,
  TREND_WINDOW,
  type FormulaFigures,
  type LevelCode,
  type LevelName,
  type LevelRule,
  type MarketSeries,
  type ReferenceCarry,
  type SignalEpisode,
} from './engine';
import { loadCatalog } from './supply.catalog';
import { buildModels } from './supply.compute.service';
import * as mrepo from './supply.monitor.repository';
import { decodeMachine, encodeMachine, figuresRow, nullable, sameFigures, seriesStateRows } from './supply.monitor.rows';
import * as repo from './supply.repository';
import { chunksByDay, HEAD_DAYS, rollWriter, seriesBySpec, withChunkMarkets, withTicks, type WriterState } from './supply.monitor.writer';
import { forgetScreenWindow, screenWindowVersion } from './supply.screen-window';
import type { FormulaRow, PriceStatus } from './supply.tables';

/** Versions whose snapshot a process keeps (the current one and a few just replaced). */
const CACHED_VERSIONS = 4;

/** One formula's served figures (NaN where there is no price yet). */
export interface ServedFigures extends FormulaFigures {
  asOf: number | null;
}

interface Snapshot {
  version: string;
  asOf: number | null;
  rows: FormulaRow[];
  figures: Map<string, ServedFigures>;
  writer?: WriterState;
}

const snapshots = new Map<string, Snapshot>();

function remember(s: Snapshot): Snapshot {
  snapshots.delete(s.version);
  snapshots.set(s.version, s);
  while (snapshots.size > CACHED_VERSIONS) snapshots.delete(snapshots.keys().next().value!);
  return s;
}

/** Forgets this process's cached versions: the next read or write goes to the tables (as another process's would). */
export function forgetMonitorCache(): void {
  snapshots.clear();
}

const noFigures = (asOf: number | null): ServedFigures => ({
  asOf,
  cost: Number.NaN,
  priceCap: Number.NaN,
  ratio: Number.NaN,
  level: 0,
  trend: new Float64Array(13).fill(Number.NaN),
  episode: null,
});

// ---------------------------------------------------------------- reads

/**
 * The served monitor state: every formula row and its figures, from this process's cache when
 * the database's version still matches (one small query), else read from the state tables. A
 * database whose state was never built (fresh migration, restored older backup) builds it first.
 */
export async function monitorSnapshot(db: Executor): Promise<{ asOf: number | null; rows: FormulaRow[]; figures: ReadonlyMap<string, ServedFigures> }> {
  const row = await mrepo.readMonitorRow(db);
  if (!row || !row.built) {
    return db.isTransaction ? buildOnce(db as Trx) : db.transaction().execute((trx) => buildOnce(trx));
  }
  const cached = snapshots.get(row.version);
  if (cached) return cached;
  const [rows, stored] = await Promise.all([repo.listFormulas(db), mrepo.servedFigures(db)]);
  const figures = new Map(stored.map((r) => [r.formula_id, figuresOf(r)]));
  return remember({ version: row.version, asOf: row.as_of === null ? null : isoToDay(row.as_of), rows, figures });
}

/** A formula's current level as other modules show it. */
export interface CurrentLevel {
  date: string | null;
  ratio: number | null;
  level: LevelName;
  /** Why the level differs from Y/P alone (hysteresis); null when it does not. */
  levelRule: LevelRule | null;
  episode: SignalEpisode | null;
}

/**
 * The one current level of formulas (hysteresis included) with Y/P, the as-of day, the rule that
 * explains it and the open episode, from the monitor state: for other modules (cases,
 * bulletins), which check their own policies before asking. Unknown ids are left out.
 */
export async function currentLevels(db: Executor, formulaIds: readonly string[]): Promise<Map<string, CurrentLevel>> {
  const snap = await monitorSnapshot(db);
  const rows = new Map(snap.rows.map((r) => [r.id, r]));
  const out = new Map<string, CurrentLevel>();
  for (const id of formulaIds) {
    const f = snap.figures.get(id);
    const row = rows.get(id);
    if (f === undefined || row === undefined) continue;
    out.set(id, {
      date: f.asOf === null ? null : dayToIso(f.asOf),
      ratio: Number.isNaN(f.ratio) ? null : f.ratio,
      level: levelName(f.level),
      levelRule: levelRule(f.level, f.ratio, { low: Number(row.band_low), high: Number(row.band_high) }),
      episode: f.episode,
    });
  }
  return out;
}

/** Served figures of one formula (no price yet: NaN figures, level normal). */
function figuresOf(r: mrepo.StoredFiguresRow): ServedFigures {
  return {
    asOf: r.as_of === null ? null : isoToDay(r.as_of),
    cost: r.cost ?? Number.NaN,
    priceCap: r.price_cap ?? Number.NaN,
    ratio: r.ratio ?? Number.NaN,
    level: r.level as LevelCode,
    trend: Float64Array.from(r.trend, (x) => x ?? Number.NaN),
    episode: (r.episode ?? null) as SignalEpisode | null,
  };
}

// ---------------------------------------------------------------- writes

/** Price-write transactions a process runs at once: one in the monitor row's lock, one preparing. */
const PRICE_WRITE_TURNS = 2;
let priceWritesRunning = 0;
const priceWritesWaiting: (() => void)[] = [];

/**
 * Runs this process's price writes at most PRICE_WRITE_TURNS at a time, before they open a
 * transaction: they serialise on the monitor row anyway, and fifty posts each holding a pooled
 * connection while they wait for the row (PGlite has one connection) would queue every read,
 * /api/health included, behind them.
 */
export async function inPriceWriteTurn<T>(write: () => Promise<T>): Promise<T> {
  if (priceWritesRunning >= PRICE_WRITE_TURNS) await new Promise<void>((resolve) => priceWritesWaiting.push(resolve));
  else priceWritesRunning++;
  const window = screenWindowVersion();
  try {
    return await write();
  } catch (error) {
    // Its transaction rolled back: if the screening window moved meanwhile, it may hold this
    // write's ticks, which were never stored (a refused batch, which moved nothing, keeps it).
    if (screenWindowVersion() !== window) forgetScreenWindow();
    throw error;
  } finally {
    // The turn passes straight to the next waiter (the count stays), or is given back.
    const next = priceWritesWaiting.shift();
    if (next) next();
    else priceWritesRunning--;
  }
}

/** Prices as written (the columns of an upsert batch); without prices the head is re-read. */
export interface WrittenPrices {
  specId: readonly number[];
  marketId: readonly number[];
  day: readonly string[];
  pricePerKg?: readonly string[];
  status?: readonly PriceStatus[];
  /** Specs were created for these prices (one may be a herb's new default spec): rebuild. */
  specsCreated?: boolean;
}

/** The monitor row's version as this transaction found it (locked) and as it left it. */
export interface VersionChange {
  before: string;
  after: string;
}

/**
 * Brings the monitor state up to date after prices were written in `trx` (JSON post, file
 * import, CLI, demo loader, confirmation of held ticks): call it once per batch, after the
 * upsert and in the same transaction. Ticks after the base day roll the state forward (no read
 * of the price table when this process wrote the previous version); older ones rebuild it.
 * Returns the row's version before and after (null when nothing was written).
 */
export async function afterPricesWritten(trx: Trx, written: WrittenPrices): Promise<VersionChange | null> {
  const n = written.day.length;
  if (n === 0) return null;
  const row = await mrepo.lockMonitorRow(trx);
  const changed = (after: Snapshot): VersionChange => ({ before: row.version, after: after.version });
  if (!row.built || row.base_day === null) return changed(await rebuildMonitor(trx));
  let minDay = Infinity;
  const days = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    days[i] = isoToDay(written.day[i]!);
    if (days[i]! < minDay) minDay = days[i]!;
  }
  const baseDay = isoToDay(row.base_day);
  const cached = snapshots.get(row.version);
  // A spec created with these prices may have become its herb's default spec: new models.
  if (minDay <= baseDay || written.specsCreated === true) return changed(await rebuildMonitor(trx));
  const exact = written.pricePerKg !== undefined && written.status !== undefined && !written.status.includes('held');
  let writer: WriterState;
  let asOf: number;
  let figuresBefore: ReadonlyMap<string, ServedFigures>;
  if (cached?.writer && exact) {
    // The previous version is this process's own: add the batch to the head it kept.
    const prices = Float64Array.from(written.pricePerKg!, Number);
    writer = withTicks(cached.writer, chunksByDay(written.specId, written.marketId, days, prices));
    let last = cached.asOf ?? -Infinity;
    for (const d of days) last = Math.max(last, d);
    asOf = last;
    figuresBefore = cached.figures;
  } else {
    const loaded = await loadWriterState(trx, baseDay, cached?.writer);
    if (loaded === null) return changed(await rebuildMonitor(trx));
    writer = loaded;
    const last = await mrepo.lastAcceptedDayAfter(trx, await mrepo.allSpecIds(trx), dayToIso(baseDay));
    asOf = Math.max(row.as_of === null ? -Infinity : isoToDay(row.as_of), last === null ? -Infinity : isoToDay(last));
    figuresBefore = cached?.figures ?? new Map((await mrepo.servedFigures(trx)).map((r) => [r.formula_id, figuresOf(r)]));
  }
  if (!(asOf > baseDay)) {
    // Only held ticks after the base: nothing accepted moved; keep the figures, new version.
    const version = await mrepo.writeMonitorRow(trx, row.as_of, row.base_day);
    return changed(remember({ version, asOf: row.as_of === null ? null : isoToDay(row.as_of), rows: writer.models.map((m) => m.row), figures: new Map(figuresBefore), writer }));
  }
  return changed(await roll(trx, writer, asOf, figuresBefore, false));
}

/** Builds the state unless another reader built it while this one waited for the row. */
async function buildOnce(trx: Trx): Promise<Snapshot> {
  const row = await mrepo.lockMonitorRow(trx);
  const cached = snapshots.get(row.version);
  if (row.built && cached) return cached;
  if (row.built) {
    const [rows, stored] = await Promise.all([repo.listFormulas(trx), mrepo.servedFigures(trx)]);
    return remember({ version: row.version, asOf: row.as_of === null ? null : isoToDay(row.as_of), rows, figures: new Map(stored.map((r) => [r.formula_id, figuresOf(r)])) });
  }
  return rebuildMonitor(trx);
}

/**
 * Marks the state to be built on first use (a bulk load that writes years of ticks, like the demo
 * loader: the first read then computes it once, and the load itself does not wait for it).
 */
export async function invalidateMonitor(trx: Trx): Promise<void> {
  await mrepo.lockMonitorRow(trx);
  await mrepo.markMonitorUnbuilt(trx);
}

/**
 * Rebuilds the monitor state from every stored tick and formula (formulas, caps, ingredients or
 * specs changed; a backfill before the base day; first use). Locks the monitor row.
 */
export async function rebuildMonitor(trx: Trx): Promise<Snapshot> {
  await mrepo.lockMonitorRow(trx);
  const cat = await loadCatalog(trx);
  const rows = await repo.listFormulas(trx);
  const models = await buildModels(trx, cat, rows);
  const { herbs: keys, compiled } = compileFormulas(models.map((m) => m.formula));
  const specOfKey = new Map<string, number>();
  for (const m of models) for (const [k, s] of m.specOfKey) specOfKey.set(k, s);
  const specOfSeries = keys.map((k) => specOfKey.get(k)!);
  const span = await repo.observationSpan(trx);
  if (span.last === null || span.first === null) {
    await mrepo.replaceMonitorState(trx, [], []);
    const version = await mrepo.writeMonitorRow(trx, null, null);
    return remember({ version, asOf: null, rows, figures: new Map() });
  }
  const first = isoToDay(span.first);
  const last = isoToDay(span.last);
  const baseDay = Math.max(first - 1, last - HEAD_DAYS);
  const specIds = [...new Set(specOfSeries)];
  const series = await repo.acceptedSeries(trx, specIds);
  const bySpec = new Map<number, { market: number; s: MarketSeries }[]>();
  for (const r of series) {
    const list = bySpec.get(r.spec_id) ?? [];
    list.push({ market: r.market_id, s: { days: Int32Array.from(r.days), prices: Float64Array.from(r.prices) } });
    bySpec.set(r.spec_id, list);
  }
  const observations = specOfSeries.map((s) => (bySpec.get(s) ?? []).map((x) => x.s));
  const marketsOfSeries = specOfSeries.map((s) => (bySpec.get(s) ?? []).map((x) => x.market));
  const full = recomputeAll(observations, compiled, first, baseDay - first + 1);
  // The head: every accepted tick after the base day.
  const spec: number[] = [];
  const market: number[] = [];
  const day: number[] = [];
  const price: number[] = [];
  for (const r of series) {
    for (let k = r.days.length - 1; k >= 0 && r.days[k]! > baseDay; k--) {
      spec.push(r.spec_id);
      market.push(r.market_id);
      day.push(r.days[k]!);
      price.push(r.prices[k]!);
    }
  }
  // Every market of the head is in marketsOfSeries already (they come from the same series).
  const writer: WriterState = {
    models,
    compiled,
    lines: monitorLines(compiled),
    specOfSeries,
    marketsOfSeries,
    seriesOfSpec: seriesBySpec(specOfSeries),
    base: full.state,
    windows: trendWindows(full.formulas),
    head: chunksByDay(spec, market, day, price),
    stages: [],
  };
  return roll(trx, writer, last, new Map(), true);
}

/**
 * Rolls the writer state to `asOf` (rollWriter), writes what changed (the whole state on a
 * rebuild) and the new version, and caches the result under that version.
 */
async function roll(trx: Trx, w: WriterState, asOf: number, before: ReadonlyMap<string, ServedFigures>, rebuild: boolean): Promise<Snapshot> {
  const rolled = await rollWriter(w, asOf);
  const next = rolled.writer;
  const figures = new Map<string, ServedFigures>();
  const changed: mrepo.FiguresRow[] = [];
  next.models.forEach((m, j) => {
    const f: ServedFigures = { ...rolled.figures[j]!, asOf };
    figures.set(m.row.id, f);
    if (rebuild || !sameFigures(before.get(m.row.id), f)) changed.push(figuresRow(m.row.id, f));
  });
  const seriesRows = () => seriesStateRows(next.specOfSeries, next.marketsOfSeries, next.base);
  const baseRows = () => next.models.map((m, j) => ({ formula_id: m.row.id, machine: encodeMachine(next.base.machines[j]!), ratios: nullable(next.windows[j]!) }));
  if (rebuild) {
    const b = baseRows();
    await mrepo.replaceMonitorState(trx, seriesRows(), changed.map((c, j) => ({ ...c, ...b[j]! })));
  } else {
    if (rolled.baseMoved) await mrepo.updateBaseState(trx, seriesRows(), baseRows());
    if (changed.length > 0) await mrepo.updateFigures(trx, changed);
  }
  const version = await mrepo.writeMonitorRow(trx, dayToIso(asOf), dayToIso(next.base.day));
  return remember({ version, asOf, rows: next.models.map((m) => m.row), figures, writer: next });
}

/**
 * The writer state from the database (another process wrote the last version, or held ticks
 * need the stored statuses): models, carried state and the accepted ticks after the base day.
 * Null when the stored state does not fit the formulas (then the caller rebuilds).
 */
async function loadWriterState(trx: Trx, baseDay: number, known: WriterState | undefined): Promise<WriterState | null> {
  let models = known?.models;
  if (models === undefined) {
    const cat = await loadCatalog(trx);
    models = await buildModels(trx, cat, await repo.listFormulas(trx));
  }
  const { herbs: keys, compiled } = compileFormulas(models.map((m) => m.formula));
  const specOfKey = new Map<string, number>();
  for (const m of models) for (const [k, s] of m.specOfKey) specOfKey.set(k, s);
  const specOfSeries = keys.map((k) => specOfKey.get(k)!);
  const [seriesRows, formulaRows, headRows] = await Promise.all([mrepo.seriesStates(trx), mrepo.formulaBaseStates(trx), repo.acceptedSeries(trx, [...new Set(specOfSeries)], dayToIso(baseDay + 1))]);
  const storedSeries = new Map(seriesRows.map((r) => [r.spec_id, r]));
  const formulaById = new Map(formulaRows.map((r) => [r.formula_id, r]));
  if (models.some((m) => !formulaById.has(m.row.id))) return null;
  const carries: ReferenceCarry[] = specOfSeries.map((s) => {
    const r = storedSeries.get(s);
    return r === undefined
      ? { lastDay: new Int32Array(0), lastPrice: new Float64Array(0), reference: Number.NaN }
      : { lastDay: Int32Array.from(r.last_days), lastPrice: Float64Array.from(r.last_prices), reference: r.reference ?? Number.NaN };
  });
  const marketsOfSeries = specOfSeries.map((s) => [...(storedSeries.get(s)?.market_ids ?? [])]);
  const machines = models.map((m) => decodeMachine(formulaById.get(m.row.id)!.machine));
  const windows = models.map((m) => {
    const w = Float64Array.from(formulaById.get(m.row.id)!.ratios, (x) => x ?? Number.NaN);
    return w.length === TREND_WINDOW ? w : new Float64Array(TREND_WINDOW).fill(Number.NaN);
  });
  const spec: number[] = [];
  const market: number[] = [];
  const day: number[] = [];
  const price: number[] = [];
  for (const r of headRows) {
    r.days.forEach((d, k) => {
      spec.push(r.spec_id);
      market.push(r.market_id);
      day.push(d);
      price.push(r.prices[k]!);
    });
  }
  const head = chunksByDay(spec, market, day, price);
  const writer: WriterState = {
    models,
    compiled,
    lines: monitorLines(compiled),
    specOfSeries,
    marketsOfSeries,
    seriesOfSpec: seriesBySpec(specOfSeries),
    base: { day: baseDay, carries, machines },
    windows,
    head,
    stages: [],
  };
  return withChunkMarkets(writer, head);
}

// ---------------------------------------------------------------- encoding

export { noFigures };
