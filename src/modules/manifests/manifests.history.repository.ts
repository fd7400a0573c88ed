/** The bulk writes of the demo's manifest history (manifests.history.ts). */
import { type Insertable, sql } from 'kysely';
import type { Trx } from '../../db/database';
import type { ManifestEventTable, ManifestTable } from './manifests.tables';

/** Reserves `count` serials of a region's year at once; returns the last one reserved. */
export async function reserveSerials(trx: Trx, regionCode: string, year: number, count: number): Promise<number> {
  const row = await trx
    .insertInto('manifest_counters')
    .values({ region_code: regionCode, year, last: count })
    .onConflict((oc) => oc.columns(['region_code', 'year']).doUpdateSet({ last: sql`manifest_counters.last + ${count}` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

export async function insertManifests(trx: Trx, rows: Insertable<ManifestTable>[]): Promise<void> {
  if (rows.length > 0) await trx.insertInto('manifests').values(rows).execute();
}

export async function insertEvents(trx: Trx, rows: Insertable<ManifestEventTable>[]): Promise<void> {
  if (rows.length > 0) await trx.insertInto('manifest_events').values(rows).execute();
}
