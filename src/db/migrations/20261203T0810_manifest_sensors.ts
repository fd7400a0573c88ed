import { type Kysely, sql } from 'kysely';

/**
 * Issue 13, "Sensors": GPS positions (JSON or through the JT/T 808 adapter), weighbridge
 * readings and RFID reads of a manifest's load, each kept once by the sender's reading id
 * (a re-posted batch stores nothing twice), and the findings on them (corridor deviations,
 * long stops, weighbridge mismatches) that the regulators' queue picks up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('manifest_gps_points')
    .addColumn('manifest_id', 'uuid', (c) => c.notNull().references('manifests.id'))
    .addColumn('reading_id', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('lat', 'float8', (c) => c.notNull())
    .addColumn('lon', 'float8', (c) => c.notNull())
    .addColumn('speed_kmh', 'float8')
    .addColumn('heading_deg', 'float8')
    .addColumn('altitude_m', 'float8')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('terminal', 'text')
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('manifest_gps_points_pk', ['manifest_id', 'reading_id'])
    .execute();
  await db.schema.createIndex('manifest_gps_points_track_idx').on('manifest_gps_points').columns(['manifest_id', 'at']).execute();
  // The retention job deletes by time across all manifests.
  await db.schema.createIndex('manifest_gps_points_at_idx').on('manifest_gps_points').column('at').execute();

  await db.schema
    .createTable('manifest_weighings')
    .addColumn('manifest_id', 'uuid', (c) => c.notNull().references('manifests.id'))
    .addColumn('reading_id', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('end', 'text', (c) => c.notNull().check(sql`"end" in ('origin', 'destination')`))
    .addColumn('gross_kg', 'numeric', (c) => c.notNull())
    .addColumn('tare_kg', 'numeric', (c) => c.notNull())
    .addColumn('ticket', 'text')
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('manifest_weighings_pk', ['manifest_id', 'reading_id'])
    .execute();

  await db.schema
    .createTable('manifest_rfid_reads')
    .addColumn('manifest_id', 'uuid', (c) => c.notNull().references('manifests.id'))
    .addColumn('reading_id', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('reader', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('manifest_rfid_reads_pk', ['manifest_id', 'reading_id'])
    .execute();

  await db.schema
    .createTable('manifest_sensor_flags')
    .addColumn('manifest_id', 'uuid', (c) => c.notNull().references('manifests.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('route-deviation', 'long-stop', 'weight-mismatch')`))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('detail', 'jsonb', (c) => c.notNull())
    .addColumn('found_at', 'timestamptz', (c) => c.notNull())
    .addColumn('queued_at', 'timestamptz')
    .addPrimaryKeyConstraint('manifest_sensor_flags_pk', ['manifest_id', 'kind', 'key'])
    .execute();
  await db.schema.createIndex('manifest_sensor_flags_unqueued_idx').on('manifest_sensor_flags').column('found_at').where(sql.ref('queued_at'), 'is', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['manifest_sensor_flags', 'manifest_rfid_reads', 'manifest_weighings', 'manifest_gps_points']) {
    await db.schema.dropTable(t).execute();
  }
}
