import { type Kysely, sql } from 'kysely';

/**
 * Warning cases (issue 3, seed 003 stages 3–4): one case per signal episode of a formula, or per
 * forecast pre-warning, keyed by (formula, kind, episode start) so a repeated scan updates rather
 * than duplicates. The automatic analysis is a JSON snapshot (taken at opening, refreshable);
 * expert notes carry a coded cause and an expected duration. `bulletin_id` names the bulletin
 * that published the case; it has no foreign key because bulletins live in their own module.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('warning_cases')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('formula_id', 'uuid', (c) => c.notNull().references('formulas.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('signal','pre-warning')`))
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('above','below')`))
    .addColumn('episode_start', 'date', (c) => c.notNull())
    .addColumn('episode_end', 'date')
    /** Highest severity reached (signals); null for pre-warnings. */
    .addColumn('level', 'text', (c) => c.check(sql`level in ('blue','yellow','orange','red')`))
    .addColumn('peak_date', 'date', (c) => c.notNull())
    .addColumn('peak_ratio', 'numeric', (c) => c.notNull())
    .addColumn('latest_date', 'date', (c) => c.notNull())
    .addColumn('latest_ratio', 'numeric', (c) => c.notNull())
    .addColumn('latest_level', 'text', (c) => c.notNull())
    /** Pre-warnings: P(Y/P leaves the band within the horizon) at the latest scan. */
    .addColumn('probability', 'numeric', (c) => c.check(sql`probability between 0 and 1`))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('open').check(sql`status in ('open','analysing','decided-publish','dismissed','published','closed')`),
    )
    .addColumn('assignee_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decision', 'text', (c) => c.check(sql`decision in ('publish','dismiss')`))
    .addColumn('decision_reason', 'text')
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('bulletin_id', 'uuid')
    .addColumn('published_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('analysis', 'jsonb', (c) => c.notNull())
    .addColumn('analysed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('warning_cases_episode_key', ['formula_id', 'kind', 'episode_start'])
    .addCheckConstraint('warning_cases_decision_reason', sql`(decision is null) = (decision_reason is null)`)
    .execute();
  await db.schema.createIndex('warning_cases_status_idx').on('warning_cases').columns(['status', 'episode_start']).execute();

  await db.schema
    .createTable('warning_case_notes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('warning_cases.id').onDelete('cascade'))
    .addColumn('author_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('cause', 'text', (c) => c.notNull().check(sql`cause in ('natural-disaster','demand','speculation','policy','other')`))
    .addColumn('expected_weeks', 'integer', (c) => c.check(sql`expected_weeks between 0 and 520`))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('warning_case_notes_case_idx').on('warning_case_notes').columns(['case_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('warning_case_notes').execute();
  await db.schema.dropTable('warning_cases').execute();
}
