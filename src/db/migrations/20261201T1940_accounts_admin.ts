import { type Kysely, sql } from 'kysely';

/**
 * Accounts administration: findings keep a stable message code and its parameters (the web
 * renders them in the reader's language; `message` stays as the English text), and the resource
 * catalogue marks the 14 national kinds of seed 004, which an office may edit but not delete.
 */
const NATIONAL_KINDS = ['coal', 'oil', 'naturalGas', 'ironOre', 'copper', 'bauxite', 'lead', 'zinc', 'nickel', 'limestone', 'phosphateRock', 'pyrite', 'timber', 'industrialGrain'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('account_findings')
    .addColumn('message_code', 'text')
    .addColumn('message_params', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.alterTable('resource_kinds').addColumn('national', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  await sql`update resource_kinds set national = true where code in (${sql.join(NATIONAL_KINDS)})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('resource_kinds').dropColumn('national').execute();
  await db.schema.alterTable('account_findings').dropColumn('message_params').dropColumn('message_code').execute();
}
