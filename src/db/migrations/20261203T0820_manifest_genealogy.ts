import { type Kysely, sql } from 'kysely';

/**
 * Issue 13, grouping and splitting at a transfer station: each operation (group, split, blend)
 * with the loads that went in and came out, per line in tonnes. A load leaves through at most one
 * operation (the partial unique index backs the service's check). Operations imported from a
 * partner's EPCIS document keep the partner's eventID, so the same document imported twice
 * records each operation once. Events imported onto a manifest's trail keep theirs likewise.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('manifest_genealogy_operations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('group', 'split', 'blend')`))
    .addColumn('operator_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('sites.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('source_event_id', 'text')
    .addUniqueConstraint('manifest_genealogy_operations_source', ['operator_id', 'source_event_id'])
    .execute();

  await db.schema
    .createTable('manifest_genealogy_lines')
    .addColumn('operation_id', 'uuid', (c) => c.notNull().references('manifest_genealogy_operations.id'))
    .addColumn('side', 'text', (c) => c.notNull().check(sql`side in ('input', 'output')`))
    .addColumn('manifest_id', 'uuid', (c) => c.notNull().references('manifests.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('quantity', 'numeric(16, 6)', (c) => c.notNull())
    .addPrimaryKeyConstraint('manifest_genealogy_lines_pk', ['operation_id', 'side', 'manifest_id', 'line_no'])
    .execute();
  await db.schema.createIndex('manifest_genealogy_lines_manifest_idx').on('manifest_genealogy_lines').column('manifest_id').execute();
  await db.schema.createIndex('manifest_genealogy_lines_once').on('manifest_genealogy_lines').columns(['manifest_id', 'line_no']).unique().where(sql.ref('side'), '=', 'input').execute();

  await db.schema
    .createTable('manifest_imported_events')
    .addColumn('partner_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('source_event_id', 'text', (c) => c.notNull())
    .addColumn('manifest_id', 'uuid', (c) => c.notNull().references('manifests.id'))
    .addColumn('event_id', 'uuid', (c) => c.notNull().references('manifest_events.id'))
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('manifest_imported_events_pk', ['partner_id', 'source_event_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['manifest_imported_events', 'manifest_genealogy_lines', 'manifest_genealogy_operations']) {
    await db.schema.dropTable(t).execute();
  }
}
