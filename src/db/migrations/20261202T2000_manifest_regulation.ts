import { type Kysely, sql } from 'kysely';

/**
 * Issue 13, regulation: revision requests on closed manifests (with each party's decision and
 * every version kept), overdue deadlines per waste class with the flags the overdue job sets,
 * and the regulator's queue (items, notes, the verification cursor).
 *
 * The seeded deadlines are herbloop's operating defaults, not values copied from a published
 * rule: the hazardous one-year limit is recalled from the Solid Waste Law's storage limit
 * (art. 81, 2020 edition) and is `verified = false` until an editor checks it against the text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('manifest_deadline_rules')
    .addColumn('waste_list', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('hours', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('edition', 'text', (c) => c.notNull())
    .addColumn('verified', 'boolean', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('manifest_deadline_rules_pk', ['waste_list', 'deadline'])
    .execute();
  await db
    .insertInto('manifest_deadline_rules' as never)
    .values([
      { waste_list: 'hazardous', deadline: 'receipt', hours: 24, source: 'herbloop operating default for hazardous loads (no published hour limit recalled)', edition: 'herbloop 2026', verified: false },
      { waste_list: 'hazardous', deadline: 'processing', hours: 365 * 24, source: '固体废物污染环境防治法 第八十一条（贮存不超过一年）— recalled, to be checked', edition: '2020', verified: false },
    ] as never)
    .execute();

  await db.schema
    .createTable('manifest_overdue')
    .addColumn('manifest_id', 'uuid', (c) => c.notNull().references('manifests.id'))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('hours', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('flagged_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('manifest_overdue_pk', ['manifest_id', 'rule'])
    .execute();

  await db.schema
    .createTable('manifest_revisions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('manifest_id', 'uuid', (c) => c.notNull().references('manifests.id'))
    .addColumn('requester_organisation_id', 'uuid', (c) => c.notNull())
    .addColumn('requester_user_id', 'uuid')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('approvers', sql`text[]`, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('from_version', 'integer', (c) => c.notNull())
    .addColumn('to_version', 'integer')
    .addColumn('event_id', 'uuid')
    .addColumn('decision_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('manifest_revisions_manifest_idx').on('manifest_revisions').columns(['manifest_id', 'created_at']).execute();
  // One open request per manifest: approvals always name the version they change.
  await sql`create unique index manifest_revisions_pending_idx on manifest_revisions (manifest_id) where status = 'pending'`.execute(db);

  await db.schema
    .createTable('manifest_revision_decisions')
    .addColumn('revision_id', 'uuid', (c) => c.notNull().references('manifest_revisions.id'))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid')
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('manifest_revision_decisions_pk', ['revision_id', 'organisation_id'])
    .execute();

  await db.schema
    .createTable('manifest_versions')
    .addColumn('manifest_id', 'uuid', (c) => c.notNull().references('manifests.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('revision_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('manifest_versions_pk', ['manifest_id', 'version'])
    .execute();

  await db.schema
    .createTable('manifest_queue_items')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('manifest_id', 'uuid', (c) => c.notNull().references('manifests.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_by_user_id', 'uuid')
    .addColumn('closed_by_organisation_id', 'uuid')
    .addColumn('close_reason', 'text')
    .addUniqueConstraint('manifest_queue_items_key', ['manifest_id', 'kind', 'key'])
    .execute();
  await db.schema.createIndex('manifest_queue_items_open_idx').on('manifest_queue_items').columns(['status', 'opened_at']).execute();

  await db.schema
    .createTable('manifest_queue_notes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('item_id', 'uuid', (c) => c.notNull().references('manifest_queue_items.id'))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('manifest_queue_notes_item_idx').on('manifest_queue_notes').columns(['item_id', 'at']).execute();

  await db.schema
    .createTable('manifest_queue_cursor')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('after', 'uuid')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['manifest_queue_cursor', 'manifest_queue_notes', 'manifest_queue_items', 'manifest_versions', 'manifest_revision_decisions', 'manifest_revisions', 'manifest_overdue', 'manifest_deadline_rules']) {
    await db.schema.dropTable(table).execute();
  }
}
