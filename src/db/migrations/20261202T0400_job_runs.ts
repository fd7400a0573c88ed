import { type Kysely, sql } from 'kysely';

/**
 * One row per scheduled job and time slot that ran (src/platform/jobs.ts): the primary key is
 * the cluster-wide claim, inserted in the transaction that runs the job, so a slot runs once
 * however many server processes tick, and a run that fails or dies leaves its slot unclaimed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_runs')
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('slot_start', 'timestamptz', (c) => c.notNull())
    .addColumn('runner', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn('finished_at', 'timestamptz')
    .addPrimaryKeyConstraint('job_runs_pk', ['job', 'slot_start'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_runs').execute();
}
