import { type Kysely, sql } from 'kysely';

/**
 * English names in the herb catalogue (issue 11, "Language"): the English interface shows a herb
 * by its pinyin and English name (丹参 → Danshen, Salvia miltiorrhiza root) and a spec by its
 * English grade (统货 → ungraded). Both nullable: a catalogue entry without one shows the pinyin
 * or the name as written. The default spec every herb has gets its English name here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('herbs').addColumn('name_en', 'text').execute();
  await db.schema.alterTable('herb_specs').addColumn('name_en', 'text').execute();
  await sql`update herb_specs set name_en = 'ungraded' where name = '统货'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('herb_specs').dropColumn('name_en').execute();
  await db.schema.alterTable('herbs').dropColumn('name_en').execute();
}
