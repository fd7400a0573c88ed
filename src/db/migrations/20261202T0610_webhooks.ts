import { type Kysely, sql } from 'kysely';

/**
 * The bulletins module's webhook outbox becomes the platform's (notifications module): the same
 * rows, secrets and ids, renamed. A subscription now names the events it receives (existing
 * bulletin subscribers: both bulletin events, as before) and may belong to an organisation that
 * receives the events addressed to it; a delivery refers to any subject, not only a bulletin.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table bulletin_subscriptions rename to webhook_subscriptions`.execute(db);
  await sql`alter table webhook_subscriptions add column events text[] not null default '{bulletin.published,bulletin.withdrawn}'`.execute(db);
  await sql`alter table webhook_subscriptions alter column events drop default`.execute(db);
  await sql`alter table webhook_subscriptions add constraint webhook_subscriptions_events_nonempty check (cardinality(events) > 0)`.execute(db);
  await sql`alter table webhook_subscriptions rename constraint bulletin_subscriptions_pkey to webhook_subscriptions_pkey`.execute(db);
  await db.schema.createIndex('webhook_subscriptions_org_idx').on('webhook_subscriptions').column('organisation_id').execute();

  await sql`alter table bulletin_deliveries rename to webhook_deliveries`.execute(db);
  await sql`alter table webhook_deliveries rename constraint bulletin_deliveries_pkey to webhook_deliveries_pkey`.execute(db);
  // Bulletins are deleted only as drafts, which have no deliveries: the foreign key goes with the generalisation.
  await sql`alter table webhook_deliveries drop constraint bulletin_deliveries_bulletin_id_fkey`.execute(db);
  await sql`alter table webhook_deliveries drop constraint bulletin_deliveries_event_check`.execute(db);
  await sql`alter table webhook_deliveries rename column bulletin_id to subject_id`.execute(db);
  await sql`alter table webhook_deliveries add column subject_type text not null default 'bulletins'`.execute(db);
  await sql`alter table webhook_deliveries alter column subject_type drop default`.execute(db);
  await sql`alter index bulletin_deliveries_due_idx rename to webhook_deliveries_due_idx`.execute(db);
  await sql`drop index bulletin_deliveries_bulletin_idx`.execute(db);
  await db.schema.createIndex('webhook_deliveries_subject_idx').on('webhook_deliveries').columns(['subject_type', 'subject_id']).execute();
  await sql`alter index bulletin_deliveries_subscription_idx rename to webhook_deliveries_subscription_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from webhook_deliveries where subject_type <> 'bulletins'`.execute(db);
  await sql`delete from webhook_subscriptions where not (events && '{bulletin.published,bulletin.withdrawn}')`.execute(db);
  await sql`alter index webhook_deliveries_subscription_idx rename to bulletin_deliveries_subscription_idx`.execute(db);
  await sql`drop index webhook_deliveries_subject_idx`.execute(db);
  await sql`alter index webhook_deliveries_due_idx rename to bulletin_deliveries_due_idx`.execute(db);
  await sql`alter table webhook_deliveries drop column subject_type`.execute(db);
  await sql`alter table webhook_deliveries rename column subject_id to bulletin_id`.execute(db);
  await sql`alter table webhook_deliveries add constraint bulletin_deliveries_event_check check (event in ('bulletin.published','bulletin.withdrawn'))`.execute(db);
  await sql`alter table webhook_deliveries add constraint bulletin_deliveries_bulletin_id_fkey foreign key (bulletin_id) references bulletins(id) on delete cascade`.execute(db);
  await sql`create index bulletin_deliveries_bulletin_idx on webhook_deliveries (bulletin_id)`.execute(db);
  await sql`alter table webhook_deliveries rename constraint webhook_deliveries_pkey to bulletin_deliveries_pkey`.execute(db);
  await sql`alter table webhook_deliveries rename to bulletin_deliveries`.execute(db);
  await sql`drop index webhook_subscriptions_org_idx`.execute(db);
  await sql`alter table webhook_subscriptions rename constraint webhook_subscriptions_pkey to bulletin_subscriptions_pkey`.execute(db);
  await sql`alter table webhook_subscriptions drop constraint webhook_subscriptions_events_nonempty`.execute(db);
  await sql`alter table webhook_subscriptions drop column events`.execute(db);
  await sql`alter table webhook_subscriptions rename to bulletin_subscriptions`.execute(db);
}
