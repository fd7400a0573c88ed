import { type Kysely, sql } from 'kysely';

/**
 * Memberships become invitations the invited person accepts (issue 10): an organisation's admin
 * invites a username; nothing in the answer says whether that username exists. `username` is as
 * the admin typed it, matched against users when the person reads their invitations.
 * `with_account`: the admin created the account with the invitation; the person's first login
 * accepts it (the account exists for that organisation only).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('membership_invitations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'accepted', 'declined', 'revoked', 'expired')`))
    .addColumn('with_account', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('invited_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('responded_at', 'timestamptz')
    .execute();
  // One open invitation per organisation and username.
  await sql`create unique index membership_invitations_open on membership_invitations (organisation_id, username) where status in ('pending', 'declined')`.execute(db);
  await db.schema.createIndex('membership_invitations_username').on('membership_invitations').column('username').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('membership_invitations').execute();
}
