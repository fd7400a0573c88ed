/**
 * The DuckDB yardstick of issue 3 (c): the same full recompute as the engine's recomputeAll, in
 * SQL, on the very same generated observations, in the same process and run.
 *
 *  1. reference price per herb and day: each market's last price carried for at most
 *     maxFillDays (window over a herb × day grid), the median over the fresh markets,
 *     and when none is fresh the previous reference carried on and flagged stale;
 *  2. Y per pack per formula and day: Σ price × kg per batch × pack / batch;
 *  3. P from the cap history (ASOF join on the effective dates) and Y/P;
 *  4. the level against the band lines — WITHOUT hysteresis (a stateful machine with pending
 *     runs and backdated episode starts is a recursive scan in SQL, impractical at this size),
 *     and the episodes of those raw levels (gaps and islands).
 *
 * Loading (appender, data chunks of 2 048 rows) is timed apart from the query. `checkAgainst`
 * compares DuckDB's reference prices, Y/P and raw levels with the engine's on a sample and
 * throws when they differ.
 */
import { DOUBLE, DuckDBDataChunk, DuckDBInstance, INTEGER, SMALLINT, UTINYINT, type DuckDBConnection } from '@duckdb/node-api';
import {
  classifyRatioSeries,
  levelLines,
  rawLevel,
  DEFAULT_SEVERITY_THRESHOLDS,
  NO_HYSTERESIS,
  type CompiledFormula,
  type MarketSeries,
  type MonitorRecompute,
} from '../src/modules/supply/engine/index';

const CHUNK = 2048;
/** Same tolerance as the engine's targetLevel: a ratio within 1e-9 (relative) of a line is on it. */
const LINE_TOLERANCE = 1e-9;

export interface DuckdbYardstick {
  con: DuckDBConnection;
  threads: number;
  loadMs: number;
  rows: number;
  /** Runs the full recompute; returns the number of raw-level episodes found. */
  recompute(): Promise<number>;
  close(): void;
}

export async function loadDuckdb(
  observations: readonly (readonly MarketSeries[])[],
  formulas: readonly CompiledFormula[],
  maxFillDays: number,
  threads?: number,
): Promise<DuckdbYardstick & { startDay: number; dayCount: number }> {
  const instance = await DuckDBInstance.create(':memory:', threads === undefined ? {} : { threads: String(threads) });
  const con = await instance.connect();
  const th = Number((await con.runAndReadAll(`select current_setting('threads')::int as t`)).getRowObjectsJS()[0]!.t);
  await con.run('create table obs (herb smallint, market utinyint, day integer, price double)');
  await con.run('create table ing (formula smallint, herb smallint, amount_kg double)');
  await con.run('create table fm (formula smallint, pack_size double, batch_yield double, a1 double, a2 double, a3 double, a4 double, b1 double, b2 double, b3 double, b4 double)');
  await con.run('create table caps (formula smallint, from_day integer, cap double)');

  const t0 = performance.now();
  const app = await con.createAppender('obs');
  const chunk = DuckDBDataChunk.create([SMALLINT, UTINYINT, INTEGER, DOUBLE], CHUNK);
  const herb = new Array<number>(CHUNK);
  const market = new Array<number>(CHUNK);
  const day = new Array<number>(CHUNK);
  const price = new Array<number>(CHUNK);
  let n = 0;
  let rows = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const flush = () => {
    if (n === 0) return;
    if (n < CHUNK) {
      herb.length = market.length = day.length = price.length = n;
      chunk.rowCount = n;
    }
    chunk.setColumnValues(0, herb);
    chunk.setColumnValues(1, market);
    chunk.setColumnValues(2, day);
    chunk.setColumnValues(3, price);
    app.appendDataChunk(chunk);
    rows += n;
    n = 0;
  };
  observations.forEach((markets, h) =>
    markets.forEach((s, m) => {
      if (s.days.length > 0) {
        first = Math.min(first, s.days[0]!);
        last = Math.max(last, s.days[s.days.length - 1]!);
      }
      for (let i = 0; i < s.days.length; i++) {
        herb[n] = h;
        market[n] = m;
        day[n] = s.days[i]!;
        price[n] = s.prices[i]!;
        if (++n === CHUNK) flush();
      }
    }),
  );
  flush();
  app.closeSync();
  const small = async (table: string, values: (string | number)[][]) => {
    if (values.length > 0) await con.run(`insert into ${table} values ${values.map((v) => `(${v.join(',')})`).join(',')}`);
  };
  await small('ing', formulas.flatMap((f, j) => Array.from(f.seriesIndex, (s, k) => [j, s, f.amountKg[k]!])));
  await small(
    'fm',
    formulas.map((f, j) => {
      const l = levelLines(f.band, DEFAULT_SEVERITY_THRESHOLDS);
      return [j, f.packSize, f.batchYield, l.above[1]!, l.above[2]!, l.above[3]!, l.above[4]!, l.below[1]!, l.below[2]!, l.below[3]!, l.below[4]!];
    }),
  );
  await small('caps', formulas.flatMap((f, j) => Array.from(f.capDays, (d, k) => [j, d, f.caps[k]!])));
  const loadMs = performance.now() - t0;

  const herbs = observations.length;
  const marketsPerHerb = Math.max(...observations.map((m) => m.length));
  const up = 1 + LINE_TOLERANCE;
  const dn = 1 - LINE_TOLERANCE;
  const fill = (k: number) =>
    `last_value(w.p${k} ignore nulls) over win as f${k}, last_value(case when w.p${k} is not null then g.day end ignore nulls) over win as d${k}`;
  const fresh = (k: number) => `case when day - d${k} <= ${maxFillDays} then f${k} end`;
  const ks = Array.from({ length: marketsPerHerb }, (_, k) => k);
  // Markets pivoted to columns (a handful per herb), carried forward over a herb × day grid
  // with their last tick's day, then the median of the fresh ones. (An ASOF join of a
  // herb × market × day grid is the textbook form; it was 5× slower here.)
  const refSql = `
    create or replace temp table ref as
    with wide as (
      select herb, day, ${ks.map((k) => `max(price) filter (where market = ${k}) as p${k}`).join(', ')}
      from obs group by herb, day
    ),
    g as (select h.range::smallint as herb, d.range::integer as day from range(0, ${herbs}) h, range(${first}, ${last + 1}) d),
    f as (
      select g.herb, g.day, ${ks.map(fill).join(', ')}
      from g left join wide w on w.herb = g.herb and w.day = g.day
      window win as (partition by g.herb order by g.day rows between unbounded preceding and current row)
    ),
    m as (
      select herb, day, list_median(list_filter([${ks.map(fresh).join(', ')}], x -> x is not null)) as fresh from f
    )
    select herb, day,
      coalesce(fresh, last_value(fresh ignore nulls) over (partition by herb order by day rows between unbounded preceding and current row)) as price,
      fresh is null as stale
    from m`;
  const ypSql = `
    create or replace temp table yp as
    with c as (
      select i.formula, r.day, sum(r.price * i.amount_kg) as batch, bool_or(r.stale) as stale
      from ing i join ref r on r.herb = i.herb
      group by i.formula, r.day
    ),
    y as (
      select c.formula, c.day, c.batch * f.pack_size / f.batch_yield as cost, c.stale, f.a1, f.a2, f.a3, f.a4, f.b1, f.b2, f.b3, f.b4
      from c join fm f on f.formula = c.formula
    )
    select y.formula, y.day, y.cost, p.cap as price_cap, y.cost / p.cap as ratio, y.stale,
      case
        when ratio is null then 0
        when ratio > y.a4 * ${up} then 4 when ratio > y.a3 * ${up} then 3 when ratio > y.a2 * ${up} then 2 when ratio > y.a1 * ${up} then 1
        when ratio < y.b4 * ${dn} then -4 when ratio < y.b3 * ${dn} then -3 when ratio < y.b2 * ${dn} then -2 when ratio < y.b1 * ${dn} then -1
        else 0
      end::tinyint as level
    from y asof left join caps p on y.formula = p.formula and y.day >= p.from_day`;
  const episodesSql = `
    select count(*)::int as n from (
      select sign(level) as s, lag(sign(level)) over (partition by formula order by day) as prev from yp
    ) where s <> 0 and (prev is null or prev <> s)`;
  return {
    con,
    threads: th,
    loadMs,
    rows,
    startDay: first,
    dayCount: last - first + 1,
    async recompute() {
      await con.run(refSql);
      await con.run(ypSql);
      return Number((await con.runAndReadAll(episodesSql)).getRowObjectsJS()[0]!.n);
    },
    close() {
      con.closeSync();
      instance.closeSync();
    },
  };
}

/** A SQL NULL (no price yet) is the engine's NaN. */
const value = (v: unknown) => (v === null ? Number.NaN : Number(v));
const close = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));

/**
 * DuckDB against the engine on every 101st day of every formula and every 211th day of every
 * herb: reference price and stale flag, Y/P, and the raw level (rawLevel of the engine's Y/P);
 * and the count of raw-level episodes over everything. Throws on the first difference.
 */
export async function checkAgainst(duck: DuckdbYardstick & { startDay: number }, engine: MonitorRecompute, formulas: readonly CompiledFormula[], duckEpisodes: number): Promise<{ compared: number; engineRawEpisodes: number }> {
  const start = duck.startDay;
  const refs = (await duck.con.runAndReadAll(`select herb, day, price, stale from ref where day % 211 = 0 order by herb, day`)).getRowObjectsJS();
  for (const r of refs) {
    const e = engine.references[Number(r.herb)]!;
    const d = Number(r.day) - start;
    const ep = e.prices[d]!;
    if (!close(ep, value(r.price)) || (e.stale[d] === 1) !== Boolean(r.stale)) {
      throw new Error(`DuckDB and the engine differ: reference price of series ${Number(r.herb)} on day ${Number(r.day)}: engine ${ep} stale ${e.stale[d]}, DuckDB ${Number(r.price)} stale ${Boolean(r.stale)}`);
    }
  }
  const yp = (await duck.con.runAndReadAll(`select formula, day, ratio, level from yp where day % 101 = 0 order by formula, day`)).getRowObjectsJS();
  for (const r of yp) {
    const j = Number(r.formula);
    const d = Number(r.day) - start;
    const er = engine.formulas[j]!.series.ratio[d]!;
    if (!close(er, value(r.ratio))) throw new Error(`DuckDB and the engine differ: Y/P of formula ${formulas[j]!.code} on day ${Number(r.day)}: engine ${er}, DuckDB ${Number(r.ratio)}`);
    const el = rawLevel(er, formulas[j]!.band);
    if (el !== Number(r.level)) throw new Error(`DuckDB and the engine differ: raw level of formula ${formulas[j]!.code} on day ${Number(r.day)}: engine ${el}, DuckDB ${Number(r.level)}`);
  }
  let engineRawEpisodes = 0;
  engine.formulas.forEach((f, j) => {
    engineRawEpisodes += classifyRatioSeries(f.series.ratio, start, formulas[j]!.band, NO_HYSTERESIS).episodes.length;
  });
  if (engineRawEpisodes !== duckEpisodes) throw new Error(`DuckDB and the engine differ: ${duckEpisodes} raw-level episodes in DuckDB, ${engineRawEpisodes} in the engine without hysteresis`);
  return { compared: refs.length + yp.length, engineRawEpisodes };
}
