import type { Kysely } from 'kysely';

/**
 * Resource kinds get a region (issue 10): null = national (changed by platform admins only), a
 * GB/T 2260 code = that region's own kind (changed by its statistics office, used only for the
 * accounts and reports of the regions it covers). Existing kinds, national or added since, stay
 * national: none was tied to a region before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('resource_kinds').addColumn('region_code', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('resource_kinds').dropColumn('region_code').execute();
}
