import { type Kysely, sql } from 'kysely';

/**
 * Issue 12, platform part: delegations (one organisation acting for another within scopes and a
 * validity window) and the in-app notification inbox (one row per recipient user and event).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('delegations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('grantor_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('grantee_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('scopes', sql`text[]`, (c) => c.notNull())
    .addColumn('valid_from', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('valid_until', 'timestamptz')
    .addColumn('note', 'text')
    .addColumn('granted_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('granted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('revocation_reason', 'text')
    .addCheckConstraint('delegations_distinct_orgs', sql`grantor_id <> grantee_id`)
    .addCheckConstraint('delegations_scopes_nonempty', sql`cardinality(scopes) > 0`)
    .addCheckConstraint('delegations_window', sql`valid_until is null or valid_until > valid_from`)
    .execute();
  await db.schema.createIndex('delegations_grantee_idx').on('delegations').columns(['grantee_id', 'grantor_id']).execute();
  await db.schema.createIndex('delegations_grantor_idx').on('delegations').column('grantor_id').execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('params', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('link', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'created_at desc', 'id desc']).execute();
  // The unread count in every page's header reads this one.
  await db.schema.createIndex('notifications_unread_idx').on('notifications').column('user_id').where(sql.ref('read_at'), 'is', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('delegations').execute();
}
