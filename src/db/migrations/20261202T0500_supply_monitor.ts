import { type Kysely, sql } from 'kysely';

/**
 * The supply monitor state (issue 10, served performance): the engine's carried state per
 * formula and per priced spec at a base day, and each formula's served figures at the as-of
 * day, kept current in the price writers' transactions so reads no longer recompute from the
 * stored ticks. `supply_monitor` is the one row every writer locks and every reader's cache
 * compares its version with. The (spec_id, day) index serves the recent-window reads of the
 * writers (outlier screening, the monitor's head window) without scanning the whole table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('supply_monitor')
    .addColumn('id', 'smallint', (c) => c.primaryKey().defaultTo(1).check(sql`id = 1`))
    .addColumn('version', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('built', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('as_of', 'date')
    .addColumn('base_day', 'date')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`insert into supply_monitor (id) values (1)`.execute(db);

  await db.schema
    .createTable('supply_monitor_series')
    .addColumn('spec_id', 'integer', (c) => c.primaryKey())
    .addColumn('market_ids', sql`integer[]`, (c) => c.notNull())
    .addColumn('last_days', sql`integer[]`, (c) => c.notNull())
    .addColumn('last_prices', sql`float8[]`, (c) => c.notNull())
    .addColumn('reference', 'float8')
    .execute();

  await db.schema
    .createTable('supply_monitor_formulas')
    .addColumn('formula_id', 'uuid', (c) => c.primaryKey())
    .addColumn('machine', 'jsonb', (c) => c.notNull())
    .addColumn('ratios', sql`float8[]`, (c) => c.notNull())
    .addColumn('as_of', 'date')
    .addColumn('cost', 'float8')
    .addColumn('price_cap', 'float8')
    .addColumn('ratio', 'float8')
    .addColumn('level', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('trend', sql`float8[]`, (c) => c.notNull())
    .addColumn('episode', 'jsonb')
    .execute();

  await sql`create index price_observations_spec_day_idx on price_observations (spec_id, day)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists price_observations_spec_day_idx`.execute(db);
  for (const t of ['supply_monitor_formulas', 'supply_monitor_series', 'supply_monitor']) await db.schema.dropTable(t).execute();
}
