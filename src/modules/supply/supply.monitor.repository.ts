/**
 * SQL of the supply monitor state (supply.monitor.service.ts): the version row every writer
 * locks, the carried engine state at the base day and the served figures at the as-of day.
 * Floats are stored finite or null (NaN and the machines' ±Infinity never reach the database),
 * so both drivers, JSON backups and restores carry them unchanged.
 */
import { sql } from 'kysely';
import type { Executor, Trx } from '../../db/database';

export interface MonitorRow {
  version: string;
  built: boolean;
  as_of: string | null;
  base_day: string | null;
}

export async function readMonitorRow(db: Executor): Promise<MonitorRow | undefined> {
  return db.selectFrom('supply_monitor').select(['version', 'built', 'as_of', 'base_day']).where('id', '=', 1).executeTakeFirst();
}

/** Locks the monitor row: price and formula writers update the state one at a time. */
export async function lockMonitorRow(trx: Trx): Promise<MonitorRow> {
  const row = await trx.selectFrom('supply_monitor').select(['version', 'built', 'as_of', 'base_day']).where('id', '=', 1).forUpdate().executeTakeFirst();
  if (row) return row;
  // A database restored from a backup without the row (or emptied by hand): recreate it.
  await sql`insert into supply_monitor (id) values (1) on conflict do nothing`.execute(trx);
  return trx.selectFrom('supply_monitor').select(['version', 'built', 'as_of', 'base_day']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
}

/** Marks the state built at these days under a new version; returns the version. */
export async function writeMonitorRow(trx: Trx, asOf: string | null, baseDay: string | null): Promise<string> {
  const r = await sql<{ version: string }>`
    update supply_monitor set version = gen_random_uuid(), built = true, as_of = ${asOf}::date, base_day = ${baseDay}::date, updated_at = now()
    where id = 1 returning version`.execute(trx);
  return r.rows[0]!.version;
}

/** The state must be built again before it is served (a new version, so no cache matches). */
export async function markMonitorUnbuilt(trx: Trx): Promise<void> {
  await sql`update supply_monitor set version = gen_random_uuid(), built = false, updated_at = now() where id = 1`.execute(trx);
}

export interface SeriesStateRow {
  spec_id: number;
  market_ids: number[];
  last_days: number[];
  last_prices: number[];
  reference: number | null;
}

export interface FormulaBaseRow {
  formula_id: string;
  /** JSON text of the machine. */
  machine: string;
  ratios: (number | null)[];
}

export interface FiguresRow {
  formula_id: string;
  as_of: string | null;
  cost: number | null;
  price_cap: number | null;
  ratio: number | null;
  level: number;
  trend: (number | null)[];
  /** JSON text of the open episode, or null. */
  episode: string | null;
}

export interface StoredFiguresRow extends Omit<FiguresRow, 'episode'> {
  episode: unknown;
}

export function servedFigures(db: Executor): Promise<StoredFiguresRow[]> {
  return db.selectFrom('supply_monitor_formulas').select(['formula_id', 'as_of', 'cost', 'price_cap', 'ratio', 'level', 'trend', 'episode']).execute();
}

export function seriesStates(db: Executor): Promise<SeriesStateRow[]> {
  return db.selectFrom('supply_monitor_series').selectAll().execute();
}

export function formulaBaseStates(db: Executor): Promise<{ formula_id: string; machine: unknown; ratios: (number | null)[] }[]> {
  return db.selectFrom('supply_monitor_formulas').select(['formula_id', 'machine', 'ratios']).execute();
}

/** Rows per insert statement (PostgreSQL binds at most 65 535 parameters). */
const ROWS_PER_STATEMENT = 2000;

/** Replaces the whole state (a rebuild). */
export async function replaceMonitorState(trx: Trx, series: readonly SeriesStateRow[], formulas: readonly (FormulaBaseRow & FiguresRow)[]): Promise<void> {
  await trx.deleteFrom('supply_monitor_series').execute();
  await trx.deleteFrom('supply_monitor_formulas').execute();
  for (let i = 0; i < series.length; i += ROWS_PER_STATEMENT) {
    await trx.insertInto('supply_monitor_series').values(series.slice(i, i + ROWS_PER_STATEMENT)).execute();
  }
  for (let i = 0; i < formulas.length; i += ROWS_PER_STATEMENT) {
    await trx
      .insertInto('supply_monitor_formulas')
      .values(formulas.slice(i, i + ROWS_PER_STATEMENT).map((f) => ({ ...f, machine: sql<string>`${f.machine}::jsonb`, episode: f.episode === null ? null : sql<string>`${f.episode}::jsonb` })))
      .execute();
  }
}

/** Writes the carried state at a new base day (series carries and formulas' machines and windows). */
export async function updateBaseState(trx: Trx, series: readonly SeriesStateRow[], formulas: readonly FormulaBaseRow[]): Promise<void> {
  for (let i = 0; i < series.length; i += ROWS_PER_STATEMENT) {
    await trx
      .insertInto('supply_monitor_series')
      .values(series.slice(i, i + ROWS_PER_STATEMENT))
      .onConflict((oc) =>
        oc.column('spec_id').doUpdateSet((eb) => ({
          market_ids: eb.ref('excluded.market_ids'),
          last_days: eb.ref('excluded.last_days'),
          last_prices: eb.ref('excluded.last_prices'),
          reference: eb.ref('excluded.reference'),
        })),
      )
      .execute();
  }
  for (let i = 0; i < formulas.length; i += ROWS_PER_STATEMENT) {
    const chunk = formulas.slice(i, i + ROWS_PER_STATEMENT);
    await sql`update supply_monitor_formulas f set machine = u.machine::jsonb, ratios = u.ratios::float8[]
      from unnest(${chunk.map((f) => f.formula_id)}::uuid[], ${chunk.map((f) => f.machine)}::text[], ${chunk.map((f) => floatArrayLiteral(f.ratios))}::text[]) as u(formula_id, machine, ratios)
      where f.formula_id = u.formula_id`.execute(trx);
  }
}

/** Writes served figures of some formulas. */
export async function updateFigures(trx: Trx, rows: readonly FiguresRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const c = rows.slice(i, i + ROWS_PER_STATEMENT);
    await sql`update supply_monitor_formulas f set as_of = u.as_of, cost = u.cost, price_cap = u.price_cap, ratio = u.ratio, level = u.level,
        trend = u.trend::float8[], episode = u.episode::jsonb
      from unnest(${c.map((r) => r.formula_id)}::uuid[], ${c.map((r) => r.as_of)}::date[], ${c.map((r) => r.cost)}::float8[], ${c.map((r) => r.price_cap)}::float8[],
        ${c.map((r) => r.ratio)}::float8[], ${c.map((r) => r.level)}::int2[], ${c.map((r) => floatArrayLiteral(r.trend))}::text[], ${c.map((r) => r.episode)}::text[])
        as u(formula_id, as_of, cost, price_cap, ratio, level, trend, episode)
      where f.formula_id = u.formula_id`.execute(trx);
  }
}

/** A float8[] literal (arrays of arrays of different lengths cannot be unnested directly). */
function floatArrayLiteral(values: readonly (number | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;
}

/** Last day with accepted ticks after `afterDay` among these specs (null when none). */
export async function lastAcceptedDayAfter(db: Executor, specIds: readonly number[], afterDay: string): Promise<string | null> {
  if (specIds.length === 0) return null;
  const r = await sql<{ last: string | null }>`
    select max(day) as last from price_observations
    where spec_id = any(${[...specIds]}::int4[]) and day > ${afterDay}::date and status <> 'held'`.execute(db);
  return r.rows[0]?.last ?? null;
}

/** Every spec id (the as-of day counts ticks of specs no formula uses too). */
export async function allSpecIds(db: Executor): Promise<number[]> {
  return (await db.selectFrom('herb_specs').select('id').execute()).map((r) => r.id);
}
