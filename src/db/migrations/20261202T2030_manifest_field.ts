import { type Kysely, sql } from 'kysely';

/**
 * Issue 13, "In the field": phones' device keys (registered while online), drivers' one-time
 * codes (hashed, single use, short-lived) and the events that arrived from phones, kept by the
 * phone's own event id so a retried sync never appends twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('manifest_driver_codes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('manifest_id', 'uuid', (c) => c.notNull().references('manifests.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('plate', 'text', (c) => c.notNull())
    .addColumn('driver_name', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('issued_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('grant_hash', 'text', (c) => c.unique())
    .execute();
  await db.schema.createIndex('manifest_driver_codes_manifest_idx').on('manifest_driver_codes').column('manifest_id').execute();

  await db.schema
    .createTable('manifest_device_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('driver_code_id', 'uuid', (c) => c.references('manifest_driver_codes.id'))
    .addColumn('manifest_id', 'uuid', (c) => c.references('manifests.id'))
    .addColumn('position', 'integer')
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    // Exactly one holder: a person, or the driver of a redeemed code.
    .addCheckConstraint('manifest_device_keys_holder', sql`(user_id is null) <> (driver_code_id is null)`)
    .execute();
  await db.schema.createIndex('manifest_device_keys_user_idx').on('manifest_device_keys').column('user_id').execute();

  await db.schema
    .createTable('manifest_field_events')
    .addColumn('client_event_id', 'uuid', (c) => c.primaryKey())
    .addColumn('device_key_id', 'text', (c) => c.notNull().references('manifest_device_keys.id'))
    .addColumn('manifest_id', 'uuid', (c) => c.notNull().references('manifests.id'))
    .addColumn('event_id', 'uuid', (c) => c.notNull().references('manifest_events.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('device_at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('manifest_field_events_manifest_idx').on('manifest_field_events').column('manifest_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['manifest_field_events', 'manifest_device_keys', 'manifest_driver_codes']) {
    await db.schema.dropTable(t).execute();
  }
}
