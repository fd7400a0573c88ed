import { type Kysely, sql } from 'kysely';

/**
 * Issue 13, the load label: each manifest gets the token its QR code carries to the public page
 * (`/m/<token>`), so the label names neither the manifest's id nor its number in a guessable
 * form. 32 hex digits of a version 4 UUID: 122 bits from PostgreSQL's strong random source,
 * drawn for existing rows by the column's default too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('manifests')
    .addColumn('public_token', 'text', (c) => c.notNull().defaultTo(sql`replace(gen_random_uuid()::text, '-', '')`))
    .execute();
  await db.schema.createIndex('manifests_public_token_key').on('manifests').column('public_token').unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('manifests_public_token_key').execute();
  await db.schema.alterTable('manifests').dropColumn('public_token').execute();
}
