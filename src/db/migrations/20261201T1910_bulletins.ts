import { type Kysely, sql } from 'kysely';

/**
 * Supply-warning bulletins (issue 3, stage 4): the bulletins themselves (draft → published →
 * withdrawn), a per-year counter for their numbers, webhook subscriptions, and the outbox of
 * webhook deliveries that publication writes in its own transaction and a scheduled job sends.
 * Affected products and warning cases are uuid arrays without foreign keys: the formulas are
 * checked when a bulletin is written, and the cases belong to another module.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('bulletins')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    /** `2026-001`: given at publication, by the year of publication (Beijing time). */
    .addColumn('number', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft','published','withdrawn')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('blue','yellow','orange','red')`))
    .addColumn('formula_ids', sql`uuid[]`, (c) => c.notNull())
    .addColumn('analysis', 'text', (c) => c.notNull())
    /** [{code, text}] with code price-subsidy | raise-price-cap | release-reserves | other. */
    .addColumn('recommendations', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('audiences', sql`text[]`, (c) => c.notNull())
    .addColumn('case_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    .addColumn('include_snapshot', 'boolean', (c) => c.notNull().defaultTo(true))
    /** Each product's cost, Y/P, band and top shares as the supply service computed them at publication. */
    .addColumn('snapshot', 'jsonb')
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_at', 'timestamptz')
    .addColumn('published_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('withdrawn_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('withdrawal_reason', 'text')
    .addCheckConstraint('bulletins_published_numbered', sql`status = 'draft' or (number is not null and published_at is not null)`)
    .addCheckConstraint('bulletins_withdrawn_reason', sql`status <> 'withdrawn' or (withdrawn_at is not null and withdrawal_reason is not null)`)
    .execute();
  await db.schema.createIndex('bulletins_status_idx').on('bulletins').columns(['status', 'published_at']).execute();

  await db.schema
    .createTable('bulletin_counters')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bulletin_subscriptions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('audiences', sql`text[]`, (c) => c.notNull())
    /** The HMAC key: shown once at creation, needed in clear to sign, never returned again. */
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('bulletin_deliveries')
    /** Also the receiver's idempotency key (X-Herbloop-Delivery). */
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('subscription_id', 'uuid', (c) => c.notNull().references('bulletin_subscriptions.id').onDelete('cascade'))
    .addColumn('bulletin_id', 'uuid', (c) => c.notNull().references('bulletins.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull().check(sql`event in ('bulletin.published','bulletin.withdrawn')`))
    /** The exact bytes that are signed and sent, frozen when the event happened. */
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending','sending','delivered','failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    /** While a sender holds the delivery (status sending): after it, another run may take it again. */
    .addColumn('lease_until', 'timestamptz')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_attempt_at', 'timestamptz')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('bulletin_deliveries_due_idx').on('bulletin_deliveries').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('bulletin_deliveries_bulletin_idx').on('bulletin_deliveries').column('bulletin_id').execute();
  await db.schema.createIndex('bulletin_deliveries_subscription_idx').on('bulletin_deliveries').column('subscription_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('bulletin_deliveries').execute();
  await db.schema.dropTable('bulletin_subscriptions').execute();
  await db.schema.dropTable('bulletin_counters').execute();
  await db.schema.dropTable('bulletins').execute();
}
