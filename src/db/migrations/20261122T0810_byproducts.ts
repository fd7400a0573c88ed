import { type Kysely, sql } from 'kysely';

/**
 * By-product streams (issue 4): what a manufacturer's site throws away, its monthly records
 * for the circularity figures, and the pathway knowledge base as versioned rows (the current
 * knowledge base is the latest version). Quantities and money are `numeric`, never floats.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('byproduct_streams')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('herb', 'text')
    .addColumn('part', 'text')
    .addColumn('residue', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('solid','liquid','gas')`))
    .addColumn('tonnes_per_year', 'numeric', (c) => c.notNull().check(sql`tonnes_per_year > 0`))
    /** Twelve monthly factors (Jan..Dec) as a JSON array of numbers; null = flat. */
    .addColumn('seasonality', 'jsonb')
    .addColumn('moisture', 'numeric', (c) => c.check(sql`moisture between 0 and 100`))
    .addColumn('assays', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('contamination', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('hazardous', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('hazardous_code', 'text')
    .addColumn('current_handling', 'text')
    /** 元 per wet tonne paid for the current handling; negative = revenue (sold). */
    .addColumn('handling_cost_per_tonne', 'numeric')
    .addColumn('class_override', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('byproduct_streams_part_or_residue', sql`part is not null or residue is not null`)
    .addCheckConstraint('byproduct_streams_hazardous_code', sql`not hazardous or hazardous_code is not null`)
    .execute();
  await db.schema.createIndex('byproduct_streams_org_idx').on('byproduct_streams').column('organisation_id').execute();
  await db.schema.createIndex('byproduct_streams_site_idx').on('byproduct_streams').column('site_id').execute();

  await db.schema
    .createTable('byproduct_records')
    .addColumn('stream_id', 'uuid', (c) => c.notNull().references('byproduct_streams.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull().check(sql`period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`))
    .addColumn('generated_t', 'numeric', (c) => c.notNull().check(sql`generated_t >= 0`))
    .addColumn('utilised_low_value_t', 'numeric', (c) => c.notNull().defaultTo(0).check(sql`utilised_low_value_t >= 0`))
    .addColumn('utilised_reduce_efficiency_t', 'numeric', (c) => c.notNull().defaultTo(0).check(sql`utilised_reduce_efficiency_t >= 0`))
    .addColumn('utilised_value_added_t', 'numeric', (c) => c.notNull().defaultTo(0).check(sql`utilised_value_added_t >= 0`))
    .addColumn('utilised_unspecified_t', 'numeric', (c) => c.notNull().defaultTo(0).check(sql`utilised_unspecified_t >= 0`))
    .addColumn('disposed_landfill_t', 'numeric', (c) => c.notNull().defaultTo(0).check(sql`disposed_landfill_t >= 0`))
    .addColumn('disposed_incineration_t', 'numeric', (c) => c.notNull().defaultTo(0).check(sql`disposed_incineration_t >= 0`))
    .addColumn('disposed_discharge_t', 'numeric', (c) => c.notNull().defaultTo(0).check(sql`disposed_discharge_t >= 0`))
    .addColumn('disposed_harmless_t', 'numeric', (c) => c.notNull().defaultTo(0).check(sql`disposed_harmless_t >= 0`))
    .addColumn('value_created_yuan', 'numeric', (c) => c.notNull().defaultTo(0))
    .addColumn('disposal_cost_yuan', 'numeric', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('byproduct_records_pk', ['stream_id', 'period'])
    .execute();

  await db.schema
    .createTable('pathway_kb_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('version', 'text', (c) => c.notNull().unique())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('pathway_kb_versions').execute();
  await db.schema.dropTable('byproduct_records').execute();
  await db.schema.dropTable('byproduct_streams').execute();
}
