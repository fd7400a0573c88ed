import { type Kysely, sql } from 'kysely';

/**
 * What a firm declares about its inputs per period (issue 4, the firm's Material Circularity
 * Indicator): virgin and recycled/reused feedstock, the share of its product collected for
 * recycling or reuse, the recycling efficiencies and the product's utility when known. A period
 * is a year (YYYY) or a month (YYYY-MM). Nullable columns are "not known", never a default.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const fraction = (c: string) => sql.raw(`${c} is null or (${c} >= 0 and ${c} <= 1)`);
  await db.schema
    .createTable('byproduct_firm_inputs')
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull().check(sql`period ~ '^[0-9]{4}(-(0[1-9]|1[0-2]))?$'`))
    .addColumn('virgin_feedstock_t', 'numeric', (c) => c.notNull().check(sql`virgin_feedstock_t >= 0`))
    .addColumn('recycled_feedstock_t', 'numeric', (c) => c.notNull().defaultTo(0).check(sql`recycled_feedstock_t >= 0`))
    .addColumn('reused_feedstock_t', 'numeric', (c) => c.notNull().defaultTo(0).check(sql`reused_feedstock_t >= 0`))
    .addColumn('recycled_feedstock_efficiency', 'numeric', (c) => c.check(sql`recycled_feedstock_efficiency is null or (recycled_feedstock_efficiency > 0 and recycled_feedstock_efficiency <= 1)`))
    .addColumn('product_recycled_fraction', 'numeric', (c) => c.notNull().defaultTo(0).check(fraction('product_recycled_fraction')))
    .addColumn('product_reused_fraction', 'numeric', (c) => c.notNull().defaultTo(0).check(fraction('product_reused_fraction')))
    .addColumn('recycling_efficiency', 'numeric', (c) => c.check(fraction('recycling_efficiency')))
    .addColumn('utility', 'numeric', (c) => c.check(sql`utility is null or utility > 0`))
    .addColumn('note', 'text')
    .addColumn('updated_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('byproduct_firm_inputs_pk', ['organisation_id', 'period'])
    .addCheckConstraint('byproduct_firm_inputs_product_shares', sql`product_recycled_fraction + product_reused_fraction <= 1`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('byproduct_firm_inputs').execute();
}
