import { type Kysely, sql } from 'kysely';

/**
 * Supply early warning (issue 3, seed 003): herbs, their aliases and specifications, herb
 * markets, daily price observations, formulas (medicines) with ingredients and price caps.
 *
 * Price observations may reach ~15 M rows (600 herbs × 4 markets × 17 years), so they are keyed
 * by compact surrogate integers (smallint herb and market, integer spec, date): 2+4+2+4 bytes of
 * key instead of codes or UUIDs. Codes stay unique on the master tables for people and files.
 * Money and prices are numeric, never floats.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('herbs')
    .addColumn('id', 'smallint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name_zh', 'text', (c) => c.notNull().unique())
    .addColumn('pinyin', 'text', (c) => c.notNull())
    .addColumn('latin_name', 'text')
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in ('root','rhizome','fruit','seed','flower','leaf','whole-herb','bark','stem','resin','fungus','animal','mineral','other')`),
    )
    .addColumn('cultivation', 'text', (c) => c.notNull().check(sql`cultivation in ('wild','cultivated','both')`))
    .addColumn('growth_cycle_years', 'numeric', (c) => c.check(sql`growth_cycle_years > 0`))
    .addColumn('producing_areas', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('reserves_tonnes', 'numeric', (c) => c.check(sql`reserves_tonnes >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('herb_aliases')
    .addColumn('alias', 'text', (c) => c.primaryKey())
    .addColumn('herb_id', 'smallint', (c) => c.notNull().references('herbs.id').onDelete('cascade'))
    /** kg of the herb one kg of the aliased material stands for. */
    .addColumn('factor', 'numeric', (c) => c.notNull().defaultTo(1).check(sql`factor > 0`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('decoction-piece','processed','synonym')`))
    .execute();
  await db.schema.createIndex('herb_aliases_herb_idx').on('herb_aliases').column('herb_id').execute();

  await db.schema
    .createTable('markets')
    .addColumn('id', 'smallint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name_zh', 'text', (c) => c.notNull().unique())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .execute();

  await db.schema
    .createTable('herb_specs')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('herb_id', 'smallint', (c) => c.notNull().references('herbs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addUniqueConstraint('herb_specs_herb_name_key', ['herb_id', 'name'])
    .execute();

  await db.schema
    .createTable('price_observations')
    // No foreign keys here on purpose: the ids come from the catalogue the import resolved, and
    // three FK probes per row would triple the cost of bulk loads on a 15 M-row table.
    .addColumn('herb_id', 'smallint', (c) => c.notNull())
    .addColumn('spec_id', 'integer', (c) => c.notNull())
    .addColumn('market_id', 'smallint', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('price', 'numeric', (c) => c.notNull().check(sql`price > 0`))
    .addColumn('unit', 'text', (c) => c.notNull().check(sql`unit in ('元/kg','元/g','元/斤')`))
    .addColumn('price_per_kg', 'numeric', (c) => c.notNull().check(sql`price_per_kg > 0`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('ok').check(sql`status in ('ok','held','confirmed')`))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('import','api','demo')`))
    .addPrimaryKeyConstraint('price_observations_pk', ['herb_id', 'spec_id', 'market_id', 'day'])
    .execute();
  // Held ticks are few; a partial index finds them without scanning millions of rows.
  await sql`create index price_observations_held_idx on price_observations (herb_id, day) where status = 'held'`.execute(db);

  await db.schema
    .createTable('formulas')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('dosage_form', 'text', (c) => c.notNull())
    .addColumn('batch_yield', 'numeric', (c) => c.notNull().check(sql`batch_yield > 0`))
    .addColumn('batch_unit', 'text', (c) => c.notNull())
    .addColumn('pack_size', 'numeric', (c) => c.notNull().check(sql`pack_size > 0`))
    .addColumn('band_low', 'numeric', (c) => c.notNull().check(sql`band_low >= 0`))
    .addColumn('band_high', 'numeric', (c) => c.notNull())
    .addColumn('essential', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('generated', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('source', 'text')
    .addColumn('owner_organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('formulas_band', sql`band_high > band_low`)
    .execute();
  await db.schema.createIndex('formulas_name_idx').on('formulas').column('name_zh').execute();

  await db.schema
    .createTable('formula_ingredients')
    .addColumn('formula_id', 'uuid', (c) => c.notNull().references('formulas.id').onDelete('cascade'))
    .addColumn('position', 'smallint', (c) => c.notNull())
    .addColumn('herb_id', 'smallint', (c) => c.notNull().references('herbs.id'))
    /** The name as the formula writes it (e.g. 酒萸肉) when it is an alias of the herb. */
    .addColumn('written_as', 'text')
    .addColumn('factor', 'numeric', (c) => c.notNull().defaultTo(1).check(sql`factor > 0`))
    .addColumn('amount', 'numeric', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('unit', 'text', (c) => c.notNull().check(sql`unit in ('g','kg')`))
    .addColumn('spec_id', 'integer', (c) => c.references('herb_specs.id'))
    .addPrimaryKeyConstraint('formula_ingredients_pk', ['formula_id', 'position'])
    .execute();
  await db.schema.createIndex('formula_ingredients_herb_idx').on('formula_ingredients').column('herb_id').execute();

  await db.schema
    .createTable('price_caps')
    .addColumn('formula_id', 'uuid', (c) => c.notNull().references('formulas.id').onDelete('cascade'))
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('price_cap', 'numeric', (c) => c.notNull().check(sql`price_cap > 0`))
    .addColumn('other_costs', 'numeric')
    .addColumn('profit', 'numeric')
    .addColumn('generated', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('source', 'text')
    .addPrimaryKeyConstraint('price_caps_pk', ['formula_id', 'effective_from'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['price_caps', 'formula_ingredients', 'formulas', 'price_observations', 'herb_specs', 'markets', 'herb_aliases', 'herbs']) {
    await db.schema.dropTable(t).execute();
  }
}
