import { type Kysely, sql } from 'kysely';

/**
 * Direct reporting (数据直报): firms report their resource consumption and output for a period;
 * the statistics office of their region accepts or returns each report and aggregates the
 * accepted ones to the region.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('firm_reports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull().check(sql`period ~ '^[0-9]{4}(-(0[1-9]|1[0-2]))?$'`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft','submitted','returned','accepted')`))
    /** Output value of the period, 万元 at current prices. */
    .addColumn('output_value', 'numeric', (c) => c.check(sql`output_value >= 0`))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('submitted_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('reviewed_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('review_comment', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('firm_reports_org_period', ['organisation_id', 'period'])
    .execute();

  await db.schema
    .createTable('firm_report_lines')
    .addColumn('report_id', 'uuid', (c) => c.notNull().references('firm_reports.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().references('resource_kinds.code'))
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('consumed', 'numeric', (c) => c.notNull().check(sql`consumed >= 0`))
    /** Of the consumption, how much was recycled (secondary) material. */
    .addColumn('recycled', 'numeric', (c) => c.notNull().defaultTo(0).check(sql`recycled >= 0`))
    .addPrimaryKeyConstraint('firm_report_lines_pk', ['report_id', 'kind'])
    .addCheckConstraint('firm_report_lines_recycled_le_consumed', sql`recycled <= consumed`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('firm_report_lines').execute();
  await db.schema.dropTable('firm_reports').execute();
}
