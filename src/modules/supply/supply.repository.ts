/**
 * All SQL of the supply module. Bulk writes go through `unnest` of whole columns (one statement
 * per batch, same SQL on PGlite and node-postgres); reads for computation aggregate in SQL and
 * return one compact row per herb/spec/market (arrays of days and prices) instead of millions
 * of rows, because pulling huge row sets into JavaScript is what PGlite is slow at.
 */
import { type Insertable, sql } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { FormulaIngredientRow, FormulaIngredientTable, FormulaRow, FormulaTable, HerbRow, MarketRow, PriceCapRow, PriceCapTable, PriceSource, PriceStatus } from './supply.tables';

export const EPOCH = '1970-01-01';

// ---------------------------------------------------------------- master data

export function listHerbs(db: Executor): Promise<HerbRow[]> {
  return db.selectFrom('herbs').selectAll().orderBy('code').execute();
}

export function listMarkets(db: Executor): Promise<MarketRow[]> {
  return db.selectFrom('markets').selectAll().orderBy('code').execute();
}

export function listAliases(db: Executor) {
  return db.selectFrom('herb_aliases').selectAll().orderBy('alias').execute();
}

export function listSpecs(db: Executor) {
  return db.selectFrom('herb_specs').selectAll().orderBy('herb_id').orderBy('id').execute();
}

export async function insertSpecs(trx: Trx, specs: { herb_id: number; name: string }[]): Promise<{ id: number; herb_id: number; name: string }[]> {
  if (specs.length === 0) return [];
  return trx
    .insertInto('herb_specs')
    .values(specs)
    .onConflict((oc) => oc.columns(['herb_id', 'name']).doUpdateSet({ name: (eb) => eb.ref('excluded.name') }))
    .returning(['id', 'herb_id', 'name'])
    .execute();
}

// ---------------------------------------------------------------- price observations

export interface ObservationColumns {
  herbId: number[];
  specId: number[];
  marketId: number[];
  day: string[];
  price: string[];
  unit: string[];
  pricePerKg: string[];
  status: PriceStatus[];
  source: PriceSource[];
}

/**
 * A column passed as one comma-separated text parameter and split in SQL: faster than array
 * parameters on PGlite and identical on node-postgres. Only for values without commas
 * (numbers, ISO dates, the fixed unit/status/source words).
 */
function col(values: readonly (string | number)[]) {
  return sql`string_to_array(${values.join(',')}, ',')`;
}

/**
 * Idempotent upsert per (herb, spec, market, day). A confirmed tick keeps its status when the
 * same price comes again; unchanged rows are not rewritten. Returns how many rows were inserted
 * and how many existing rows changed.
 */
export async function upsertObservations(trx: Trx, c: ObservationColumns): Promise<{ inserted: number; updated: number }> {
  if (c.herbId.length === 0) return { inserted: 0, updated: 0 };
  const result = await sql<{ inserted: number; changed: number }>`
    with up as (
      insert into price_observations as o (herb_id, spec_id, market_id, day, price, unit, price_per_kg, status, source)
      select * from unnest(${col(c.herbId)}::int2[], ${col(c.specId)}::int4[], ${col(c.marketId)}::int2[], ${col(c.day)}::date[],
        ${col(c.price)}::numeric[], ${col(c.unit)}::text[], ${col(c.pricePerKg)}::numeric[], ${col(c.status)}::text[], ${col(c.source)}::text[])
      on conflict (herb_id, spec_id, market_id, day) do update set
        price = excluded.price,
        unit = excluded.unit,
        price_per_kg = excluded.price_per_kg,
        status = case when o.status = 'confirmed' and o.price_per_kg = excluded.price_per_kg then 'confirmed' else excluded.status end,
        source = excluded.source
      where o.price <> excluded.price or o.unit <> excluded.unit or o.price_per_kg <> excluded.price_per_kg
        or (o.status <> 'confirmed' and o.status <> excluded.status)
      returning (xmax = 0) as inserted
    )
    select (count(*) filter (where inserted))::int8 as inserted, count(*)::int8 as changed from up`.execute(trx);
  const row = result.rows[0]!;
  return { inserted: Number(row.inserted), updated: Number(row.changed) - Number(row.inserted) };
}

/** Plain bulk insert into empty key space (the demo loader): no conflict handling, no counts. */
export async function insertObservations(trx: Trx, c: ObservationColumns): Promise<void> {
  if (c.herbId.length === 0) return;
  await sql`insert into price_observations (herb_id, spec_id, market_id, day, price, unit, price_per_kg, status, source)
    select * from unnest(${col(c.herbId)}::int2[], ${col(c.specId)}::int4[], ${col(c.marketId)}::int2[], ${col(c.day)}::date[],
      ${col(c.price)}::numeric[], ${col(c.unit)}::text[], ${col(c.pricePerKg)}::numeric[], ${col(c.status)}::text[], ${col(c.source)}::text[])`.execute(trx);
}

/** Stored ticks (all statuses, 元/kg) from a day on, of some specs (null: every spec), for outlier screening. */
export async function ticksForScreening(db: Executor, specIds: number[] | null, fromDay: string): Promise<{ spec_id: number; market_id: number; days: number[]; prices: number[] }[]> {
  if (specIds !== null && specIds.length === 0) return [];
  // Tens of thousands of values: comma-joined text splits far faster in JS than the drivers'
  // generic array parsing, and numeric prints faster than float8 (JS reads the decimal text to
  // the same double as a float8 cast).
  const result = await sql<{ spec_id: number; market_id: number; days: string; prices: string }>`
    select spec_id, market_id,
      string_agg((day - date '1970-01-01')::text, ',' order by day) as days,
      string_agg(price_per_kg::text, ',' order by day) as prices
    from price_observations
    where day >= ${fromDay}::date ${specIds === null ? sql`` : sql`and spec_id = any(${specIds}::int4[])`}
    group by spec_id, market_id`.execute(db);
  return result.rows.map((r) => ({ spec_id: r.spec_id, market_id: r.market_id, days: r.days.split(',').map(Number), prices: r.prices.split(',').map(Number) }));
}

/**
 * Accepted ticks (status ok or confirmed) per spec and market as compact arrays: day numbers
 * (days since 1970-01-01) and prices in 元/kg.
 */
export async function acceptedSeries(
  db: Executor,
  specIds: number[],
  fromDay?: string,
  toDay?: string,
): Promise<{ spec_id: number; market_id: number; days: number[]; prices: number[] }[]> {
  if (specIds.length === 0) return [];
  const result = await sql<{ spec_id: number; market_id: number; days: number[]; prices: number[] }>`
    select spec_id, market_id,
      array_agg((day - date '1970-01-01') order by day) as days,
      array_agg(price_per_kg::float8 order by day) as prices
    from price_observations
    where spec_id = any(${specIds}::int4[]) and status <> 'held'
      ${fromDay === undefined ? sql`` : sql`and day >= ${fromDay}::date`}
      ${toDay === undefined ? sql`` : sql`and day <= ${toDay}::date`}
    group by spec_id, market_id
    order by spec_id, market_id`.execute(db);
  return result.rows;
}

/**
 * A herb's whole accepted price history as weekly means per market and spec (weeks start on
 * Monday), aggregated in SQL: 17 years of daily ticks become ~900 points per series.
 */
export async function weeklyHerbPrices(db: Executor, herbId: number, specId?: number): Promise<{ market_code: string; market_zh: string; market_en: string; spec: string; weeks: string[]; prices: number[] }[]> {
  const result = await sql<{ market_code: string; market_zh: string; market_en: string; spec: string; weeks: string[]; prices: number[] }>`
    select m.code as market_code, m.name_zh as market_zh, m.name_en as market_en, s.name as spec,
      array_agg(to_char(w.week, 'YYYY-MM-DD') order by w.week) as weeks,
      array_agg(w.mean order by w.week) as prices
    from (
      select spec_id, market_id, date_trunc('week', day::timestamp)::date as week, avg(price_per_kg)::float8 as mean
      from price_observations
      where herb_id = ${herbId} and status <> 'held' ${specId === undefined ? sql`` : sql`and spec_id = ${specId}`}
      group by spec_id, market_id, week
    ) w
    join markets m on m.id = w.market_id
    join herb_specs s on s.id = w.spec_id
    group by m.code, m.name_zh, m.name_en, s.name
    order by m.code, s.name`.execute(db);
  return result.rows;
}

/** First and last day with accepted prices (null when there are none). */
export async function observationSpan(db: Executor): Promise<{ first: string | null; last: string | null }> {
  const r = await sql<{ first: string | null; last: string | null }>`
    select min(day) as first, max(day) as last from price_observations where status <> 'held'`.execute(db);
  return r.rows[0] ?? { first: null, last: null };
}

/** Monthly mean price (元/kg) per spec over accepted ticks of all markets, computed in SQL. */
export async function monthlyMeans(db: Executor, specIds: number[], fromDay: string): Promise<{ spec_id: number; month: string; price: number }[]> {
  if (specIds.length === 0) return [];
  const r = await sql<{ spec_id: number; month: string; price: number }>`
    select spec_id, to_char(date_trunc('month', day), 'YYYY-MM') as month, avg(price_per_kg)::float8 as price
    from price_observations
    where spec_id = any(${specIds}::int4[]) and status <> 'held' and day >= ${fromDay}::date
    group by spec_id, 2 order by 2`.execute(db);
  return r.rows;
}

export interface ObservationQuery {
  herbId?: number | undefined;
  marketId?: number | undefined;
  specId?: number | undefined;
  status?: PriceStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}

export async function queryObservations(db: Executor, q: ObservationQuery) {
  const base = db
    .selectFrom('price_observations as o')
    .innerJoin('herbs as h', 'h.id', 'o.herb_id')
    .innerJoin('herb_specs as s', 's.id', 'o.spec_id')
    .innerJoin('markets as m', 'm.id', 'o.market_id')
    .$if(q.herbId !== undefined, (qb) => qb.where('o.herb_id', '=', q.herbId!))
    .$if(q.marketId !== undefined, (qb) => qb.where('o.market_id', '=', q.marketId!))
    .$if(q.specId !== undefined, (qb) => qb.where('o.spec_id', '=', q.specId!))
    .$if(q.status !== undefined, (qb) => qb.where('o.status', '=', q.status!))
    .$if(q.from !== undefined, (qb) => qb.where('o.day', '>=', q.from!))
    .$if(q.to !== undefined, (qb) => qb.where('o.day', '<=', q.to!));
  const [rows, total] = await Promise.all([
    base
      .select(['h.code as herb_code', 'h.name_zh as herb', 's.name as spec', 'm.code as market_code', 'm.name_zh as market', 'o.day', 'o.price', 'o.unit', 'o.price_per_kg', 'o.status', 'o.source'])
      .orderBy('o.day', 'desc')
      .orderBy('h.code')
      .orderBy('m.code')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
    base.select(sql<number>`count(*)::int8`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

/** Marks held ticks confirmed; returns how many were held and are now confirmed. */
export async function confirmTicks(trx: Trx, keys: { herbId: number; specId: number; marketId: number; day: string }[]): Promise<number> {
  if (keys.length === 0) return 0;
  const r = await sql<{ n: number }>`
    with k as (select * from unnest(${keys.map((k) => k.herbId)}::int2[], ${keys.map((k) => k.specId)}::int4[],
      ${keys.map((k) => k.marketId)}::int2[], ${keys.map((k) => k.day)}::date[]) as k(herb_id, spec_id, market_id, day)),
    up as (update price_observations o set status = 'confirmed' from k
      where o.herb_id = k.herb_id and o.spec_id = k.spec_id and o.market_id = k.market_id and o.day = k.day and o.status = 'held'
      returning 1)
    select count(*)::int8 as n from up`.execute(trx);
  return Number(r.rows[0]!.n);
}

// ---------------------------------------------------------------- formulas

export function listFormulas(db: Executor): Promise<FormulaRow[]> {
  return db.selectFrom('formulas').selectAll().orderBy('code').execute();
}

export function formulaIngredients(db: Executor, formulaIds: string[]): Promise<FormulaIngredientRow[]> {
  if (formulaIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('formula_ingredients').selectAll().where('formula_id', 'in', formulaIds).orderBy('formula_id').orderBy('position').execute();
}

export function priceCaps(db: Executor, formulaIds: string[]): Promise<PriceCapRow[]> {
  if (formulaIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('price_caps').selectAll().where('formula_id', 'in', formulaIds).orderBy('formula_id').orderBy('effective_from').execute();
}

export function findFormulaByCode(db: Executor, code: string): Promise<FormulaRow | undefined> {
  return db.selectFrom('formulas').selectAll().where('code', '=', code).executeTakeFirst();
}

/** The region of each organisation owning a formula (for the formula read policy). */
export async function ownerRegions(db: Executor, organisationIds: readonly string[]): Promise<Map<string, string>> {
  if (organisationIds.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'region_code']).where('id', 'in', [...organisationIds]).execute();
  return new Map(rows.map((o) => [o.id, o.region_code]));
}

export async function formulaIdsUsingHerb(db: Executor, herbId: number): Promise<Set<string>> {
  return new Set((await db.selectFrom('formula_ingredients').select('formula_id').where('herb_id', '=', herbId).execute()).map((r) => r.formula_id));
}

/** Code and names of formulas by id (for other modules' views: bulletins name their products). */
export function formulaNamesByIds(db: Executor, ids: readonly string[]): Promise<Pick<FormulaRow, 'id' | 'code' | 'name_zh' | 'name_en'>[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('formulas').select(['id', 'code', 'name_zh', 'name_en']).where('id', 'in', [...new Set(ids)]).execute();
}

export type FormulaValues = Omit<Insertable<FormulaTable>, 'id' | 'owner_organisation_id' | 'created_at' | 'updated_at'>;

/**
 * Rows passed as one JSON parameter and expanded with `json_to_recordset`: one parameter per
 * statement instead of one per value, which PGlite binds far faster (a formula file of 40 000
 * ingredient rows took seconds in bound parameters alone), identical on node-postgres, and safe
 * for any text (unlike the comma-joined columns of `col`).
 */
function jsonRows(rows: readonly object[]) {
  return sql`${JSON.stringify(rows)}::json`;
}

const formulaColumns = sql`code text, name_zh text, name_en text, dosage_form text, batch_yield numeric, batch_unit text, pack_size numeric,
  band_low numeric, band_high numeric, essential boolean, generated boolean, source text`;

/** Many new formulas in one statement; their ids by code. */
export async function insertFormulas(trx: Trx, values: readonly FormulaValues[], ownerOrganisationId: string | null): Promise<{ id: string; code: string }[]> {
  if (values.length === 0) return [];
  const result = await sql<{ id: string; code: string }>`
    insert into formulas (code, name_zh, name_en, dosage_form, batch_yield, batch_unit, pack_size, band_low, band_high, essential, generated, source, owner_organisation_id)
    select code, name_zh, name_en, dosage_form, batch_yield, batch_unit, pack_size, band_low, band_high, coalesce(essential, false), coalesce(generated, false), source,
      ${ownerOrganisationId}::uuid
    from json_to_recordset(${jsonRows(values)}) as v(${formulaColumns})
    returning id, code`.execute(trx);
  return result.rows;
}

/** Updates formulas' own columns and drops their ingredients and caps (re-inserted by the caller): one update and two deletes per batch. */
export async function replaceFormulas(trx: Trx, rows: readonly { id: string; values: FormulaValues }[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`update formulas as f set code = v.code, name_zh = v.name_zh, name_en = v.name_en, dosage_form = v.dosage_form, batch_yield = v.batch_yield,
      batch_unit = v.batch_unit, pack_size = v.pack_size, band_low = v.band_low, band_high = v.band_high, essential = coalesce(v.essential, false),
      generated = coalesce(v.generated, false), source = v.source, updated_at = now()
    from json_to_recordset(${jsonRows(rows.map((r) => ({ id: r.id, ...r.values })))}) as v(id uuid, ${formulaColumns})
    where f.id = v.id`.execute(trx);
  const ids = rows.map((r) => r.id);
  await trx.deleteFrom('formula_ingredients').where('formula_id', 'in', ids).execute();
  await trx.deleteFrom('price_caps').where('formula_id', 'in', ids).execute();
}

export async function insertFormulaIngredients(trx: Trx, rows: readonly Insertable<FormulaIngredientTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`insert into formula_ingredients (formula_id, position, herb_id, written_as, factor, amount, unit, spec_id)
    select formula_id, position, herb_id, written_as, coalesce(factor, 1), amount, unit, spec_id
    from json_to_recordset(${jsonRows(rows)}) as x(formula_id uuid, position int2, herb_id int2, written_as text, factor numeric, amount numeric, unit text, spec_id int4)`.execute(trx);
}

export async function insertPriceCaps(trx: Trx, rows: readonly Insertable<PriceCapTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`insert into price_caps (formula_id, effective_from, price_cap, other_costs, profit, generated, source)
    select formula_id, effective_from, price_cap, other_costs, profit, coalesce(generated, false), source
    from json_to_recordset(${jsonRows(rows)}) as x(formula_id uuid, effective_from date, price_cap numeric, other_costs numeric, profit numeric, generated boolean, source text)`.execute(trx);
}

// ---------------------------------------------------------------- catalogue administration

export interface HerbValues {
  code: string;
  name_zh: string;
  name_en: string | null;
  pinyin: string;
  latin_name: string | null;
  category: HerbRow['category'];
  cultivation: HerbRow['cultivation'];
  growth_cycle_years: number | null;
  producing_areas: string[];
  reserves_tonnes: number | null;
}

export function insertHerb(trx: Trx, values: HerbValues): Promise<HerbRow> {
  return trx.insertInto('herbs').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateHerb(trx: Trx, id: number, values: Partial<HerbValues>): Promise<HerbRow> {
  return trx
    .updateTable('herbs')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Locks the herb row so concurrent edits of one herb serialise. */
export function lockHerb(trx: Trx, id: number): Promise<HerbRow | undefined> {
  return trx.selectFrom('herbs').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findAlias(db: Executor, alias: string) {
  return db.selectFrom('herb_aliases').selectAll().where('alias', '=', alias).executeTakeFirst();
}

export function insertAlias(trx: Trx, values: { alias: string; herb_id: number; factor: number; kind: 'decoction-piece' | 'processed' | 'synonym' }) {
  return trx.insertInto('herb_aliases').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateAlias(trx: Trx, alias: string, values: { herb_id?: number; factor?: number; kind?: 'decoction-piece' | 'processed' | 'synonym' }) {
  return trx.updateTable('herb_aliases').set(values).where('alias', '=', alias).returningAll().executeTakeFirstOrThrow();
}

export async function deleteAlias(trx: Trx, alias: string): Promise<void> {
  await trx.deleteFrom('herb_aliases').where('alias', '=', alias).execute();
}

export function specsOfHerb(db: Executor, herbId: number) {
  return db.selectFrom('herb_specs').selectAll().where('herb_id', '=', herbId).orderBy('id').execute();
}

export function findSpec(db: Executor, id: number) {
  return db.selectFrom('herb_specs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function renameSpec(trx: Trx, id: number, name: string, nameEn: string | null | undefined) {
  return trx.updateTable('herb_specs').set(nameEn === undefined ? { name } : { name, name_en: nameEn }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function insertSpec(trx: Trx, herbId: number, name: string, nameEn: string | null = null) {
  return trx.insertInto('herb_specs').values({ herb_id: herbId, name, name_en: nameEn }).returningAll().executeTakeFirstOrThrow();
}

export function insertMarket(trx: Trx, values: Omit<MarketRow, 'id'>): Promise<MarketRow> {
  return trx.insertInto('markets').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateMarket(trx: Trx, id: number, values: Partial<Omit<MarketRow, 'id'>>): Promise<MarketRow> {
  return trx.updateTable('markets').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function regionExists(db: Executor, code: string): Promise<boolean> {
  return (await db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
}

/** Herbs whose code, names, pinyin, Latin name or an alias contain `q` (case-insensitive). */
export function searchHerbs(db: Executor, q: { text?: string | undefined; category?: HerbRow['category'] | undefined }): Promise<HerbRow[]> {
  const like = q.text === undefined || q.text === '' ? undefined : `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom('herbs as h')
    .selectAll('h')
    .$if(like !== undefined, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('h.code', 'ilike', like!),
          eb('h.name_zh', 'ilike', like!),
          eb('h.pinyin', 'ilike', like!),
          eb('h.latin_name', 'ilike', like!),
          eb.exists(eb.selectFrom('herb_aliases as a').select('a.alias').whereRef('a.herb_id', '=', 'h.id').where('a.alias', 'ilike', like!)),
        ]),
      ),
    )
    .$if(q.category !== undefined, (qb) => qb.where('h.category', '=', q.category!))
    .orderBy('h.code')
    .execute();
}

export function searchMarkets(db: Executor, text: string | undefined): Promise<MarketRow[]> {
  const like = text === undefined || text === '' ? undefined : `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom('markets')
    .selectAll()
    .$if(like !== undefined, (qb) => qb.where((eb) => eb.or([eb('code', 'ilike', like!), eb('name_zh', 'ilike', like!), eb('name_en', 'ilike', like!)])))
    .orderBy('code')
    .execute();
}
