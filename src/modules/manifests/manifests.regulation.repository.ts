/**
 * SQL of the manifests' regulation: revision requests, versions, deadlines and overdue flags,
 * the regulators' queue and the monthly figures. The callers own the transactions.
 */
import { type Insertable, sql, type Updateable } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { OverdueRule } from './engine/overdue';
import type { QueueItemKind, QueueStatus } from './engine/queue';
import type {
  ManifestDeadlineRuleRow,
  ManifestQueueItemRow,
  ManifestQueueItemTable,
  ManifestQueueNoteRow,
  ManifestRevisionDecisionRow,
  ManifestRevisionRow,
  ManifestRevisionTable,
  ManifestVersionRow,
} from './manifests.regulation.tables';
import type { ManifestLineTable } from './manifests.tables';

const inRegion = (prefix: string) => sql<boolean>`(m.region_code like ${`${prefix}%`} or m.receiver_region_code like ${`${prefix}%`})`;

// ---- revisions and versions

export function insertRevision(trx: Trx, values: Insertable<ManifestRevisionTable>): Promise<ManifestRevisionRow> {
  return trx.insertInto('manifest_revisions').values(values).returningAll().executeTakeFirstOrThrow();
}

export function lockRevision(trx: Trx, id: string): Promise<ManifestRevisionRow | undefined> {
  return trx.selectFrom('manifest_revisions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findRevision(db: Executor, id: string): Promise<ManifestRevisionRow | undefined> {
  return db.selectFrom('manifest_revisions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function pendingRevision(db: Executor, manifestId: string): Promise<ManifestRevisionRow | undefined> {
  return db.selectFrom('manifest_revisions').selectAll().where('manifest_id', '=', manifestId).where('status', '=', 'pending').executeTakeFirst();
}

export function revisionsOf(db: Executor, manifestId: string): Promise<ManifestRevisionRow[]> {
  return db.selectFrom('manifest_revisions').selectAll().where('manifest_id', '=', manifestId).orderBy('created_at').orderBy('id').execute();
}

export async function updateRevision(trx: Trx, id: string, set: Updateable<ManifestRevisionTable>): Promise<void> {
  await trx.updateTable('manifest_revisions').set(set).where('id', '=', id).execute();
}

export function decisionsOf(db: Executor, revisionIds: readonly string[]): Promise<ManifestRevisionDecisionRow[]> {
  if (revisionIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('manifest_revision_decisions').selectAll().where('revision_id', 'in', [...revisionIds]).orderBy('at').execute();
}

export async function insertDecision(trx: Trx, values: { revision_id: string; organisation_id: string; user_id: string | null; decision: 'approved' | 'refused'; reason: string | null; at: Date }): Promise<void> {
  await trx.insertInto('manifest_revision_decisions').values(values).execute();
}

export function versionsOf(db: Executor, manifestId: string): Promise<ManifestVersionRow[]> {
  return db.selectFrom('manifest_versions').selectAll().where('manifest_id', '=', manifestId).orderBy('version').execute();
}

export async function insertVersion(trx: Trx, values: { manifest_id: string; version: number; snapshot: string; revision_id: string | null; created_at: Date }): Promise<void> {
  await trx.insertInto('manifest_versions').values(values).execute();
}

/** Writes corrected line fields (the columns a revision may change). */
export async function updateLineFields(
  trx: Trx,
  manifestId: string,
  lineNo: number,
  set: Partial<Pick<Insertable<ManifestLineTable>, 'waste_code' | 'category' | 'description' | 'packaging' | 'package_count' | 'quantity' | 'unit' | 'measure' | 'grade' | 'picked_up' | 'received' | 'refused' | 'refusal_reason'>>,
): Promise<void> {
  if (Object.keys(set).length === 0) return;
  await trx.updateTable('manifest_lines').set(set).where('manifest_id', '=', manifestId).where('line_no', '=', lineNo).execute();
}

export async function updateTransporterFields(trx: Trx, manifestId: string, position: number, set: { plate?: string; driver_name?: string }): Promise<void> {
  if (Object.keys(set).length === 0) return;
  await trx.updateTable('manifest_transporters').set(set).where('manifest_id', '=', manifestId).where('position', '=', position).execute();
}

// ---- deadlines and overdue flags

export function deadlineRules(db: Executor): Promise<ManifestDeadlineRuleRow[]> {
  return db.selectFrom('manifest_deadline_rules').selectAll().orderBy('waste_list').orderBy('deadline').execute();
}

export interface OverdueCandidate {
  id: string;
  number: string;
  status: string;
  all_refused: boolean;
  generator_id: string;
  receiver_id: string;
  picked_up_at: Date | null;
  received_at: Date | null;
  lists: string[];
  transporters: string[];
}

/**
 * Manifests that may have passed a deadline: in transit or delivered and picked up before
 * `receiptBefore` without a `not-received` flag, or received before `processingBefore` without
 * a `not-processed` flag (the engine then applies each one's own deadline).
 */
export async function overdueCandidates(db: Executor, q: { receiptBefore: Date; processingBefore: Date; limit: number }): Promise<OverdueCandidate[]> {
  const r = await sql<OverdueCandidate>`
    select c.*,
      array(select distinct w.list from manifest_lines l join manifest_waste_codes w on w.code = l.waste_code where l.manifest_id = c.id) as lists,
      array(select t.organisation_id::text from manifest_transporters t where t.manifest_id = c.id order by t.position) as transporters
    from (
      select m.id, m.number, m.status, m.all_refused, m.generator_id, m.receiver_id,
        (select max(e.at) from manifest_events e where e.manifest_id = m.id and e.kind = 'picked-up') as picked_up_at,
        (select max(e.at) from manifest_events e where e.manifest_id = m.id and e.kind = 'received') as received_at
      from manifests m
      where (m.status in ('in-transit', 'delivered') and not exists (select 1 from manifest_overdue o where o.manifest_id = m.id and o.rule = 'not-received'))
         or (m.status = 'received' and not m.all_refused and not exists (select 1 from manifest_overdue o where o.manifest_id = m.id and o.rule = 'not-processed'))
    ) c
    where (c.status in ('in-transit', 'delivered') and c.picked_up_at < ${q.receiptBefore})
       or (c.status = 'received' and c.received_at < ${q.processingBefore})
    order by c.id
    limit ${q.limit}`.execute(db);
  return r.rows.map((row) => ({ ...row, picked_up_at: row.picked_up_at ? new Date(row.picked_up_at) : null, received_at: row.received_at ? new Date(row.received_at) : null }));
}

/** Inserts flags not set before; returns the ones inserted now (a flag is set once). */
export async function insertOverdue(trx: Trx, rows: { manifest_id: string; rule: OverdueRule; due_at: Date; hours: number; source: string; flagged_at: Date }[]): Promise<{ manifest_id: string; rule: OverdueRule }[]> {
  if (rows.length === 0) return [];
  return trx.insertInto('manifest_overdue').values(rows).onConflict((oc) => oc.columns(['manifest_id', 'rule']).doNothing()).returning(['manifest_id', 'rule']).execute();
}

export function overdueOf(db: Executor, manifestIds: readonly string[]) {
  if (manifestIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('manifest_overdue').selectAll().where('manifest_id', 'in', [...manifestIds]).execute();
}

// ---- the queue

export async function insertQueueItems(trx: Trx, rows: Insertable<ManifestQueueItemTable>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await trx.insertInto('manifest_queue_items').values(rows).onConflict((oc) => oc.columns(['manifest_id', 'kind', 'key']).doNothing()).returning('id').execute();
  return inserted.length;
}

/**
 * Opens an item for each line flag and each refusal not queued before (a closed item stays
 * closed): licence flags as `unlicensed`, weight and missing lines as `discrepancy`.
 */
export async function queueLineFindings(trx: Trx, now: Date): Promise<number> {
  const flags = await sql`
    insert into manifest_queue_items (manifest_id, kind, key, detail, status, opened_at)
    select l.manifest_id,
      case when f.flag in ('unlicensed-code', 'licence-lapsed', 'over-capacity') then 'unlicensed' else 'discrepancy' end,
      'line:' || l.line_no || ':' || f.flag,
      json_build_object('line', l.line_no, 'flag', f.flag, 'wasteCode', l.waste_code)::text,
      'open', ${now}
    from manifest_lines l cross join lateral unnest(l.discrepancies) as f(flag)
    on conflict (manifest_id, kind, key) do nothing`.execute(trx);
  const refusals = await sql`
    insert into manifest_queue_items (manifest_id, kind, key, detail, status, opened_at)
    select l.manifest_id, 'refusal', 'line:' || l.line_no,
      json_build_object('line', l.line_no, 'outcome', l.outcome, 'refused', l.refused::text, 'unit', l.unit, 'reason', l.refusal_reason)::text,
      'open', ${now}
    from manifest_lines l
    where l.outcome in ('refused', 'partially-refused')
    on conflict (manifest_id, kind, key) do nothing`.execute(trx);
  return Number(flags.numAffectedRows ?? 0n) + Number(refusals.numAffectedRows ?? 0n);
}

export async function queueCursor(trx: Trx, name: string): Promise<string | null> {
  const row = await trx.selectFrom('manifest_queue_cursor').select('after').where('name', '=', name).forUpdate().executeTakeFirst();
  return row?.after ?? null;
}

export async function setQueueCursor(trx: Trx, name: string, after: string | null): Promise<void> {
  await trx.insertInto('manifest_queue_cursor').values({ name, after }).onConflict((oc) => oc.column('name').doUpdateSet({ after })).execute();
}

export interface QueueFilter {
  regionPrefix: string | null;
  kind?: QueueItemKind | undefined;
  status?: QueueStatus | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  firm?: string | undefined;
  limit: number;
  offset: number;
}

export type QueueRow = ManifestQueueItemRow & { number: string; manifest_status: string; generator_id: string; receiver_id: string; region_code: string; receiver_region_code: string };

/** Queue items of manifests in the region, newest first, with their manifest's number and parties. */
export function listQueue(db: Executor, q: QueueFilter): Promise<QueueRow[]> {
  return db
    .selectFrom('manifest_queue_items as i')
    .innerJoin('manifests as m', 'm.id', 'i.manifest_id')
    .selectAll('i')
    .select(['m.number', 'm.status as manifest_status', 'm.generator_id', 'm.receiver_id', 'm.region_code', 'm.receiver_region_code'])
    .$if(q.regionPrefix !== null, (qb) => qb.where(inRegion(q.regionPrefix!)))
    .$if(q.kind !== undefined, (qb) => qb.where('i.kind', '=', q.kind!))
    .$if(q.status !== undefined, (qb) => qb.where('i.status', '=', q.status!))
    .$if(q.from !== undefined, (qb) => qb.where('i.opened_at', '>=', q.from!))
    .$if(q.to !== undefined, (qb) => qb.where('i.opened_at', '<', q.to!))
    .$if(q.firm !== undefined, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('m.generator_id', '=', q.firm!),
          eb('m.receiver_id', '=', q.firm!),
          eb.exists(eb.selectFrom('manifest_transporters as t').select(sql`1`.as('one')).whereRef('t.manifest_id', '=', 'm.id').where('t.organisation_id', '=', q.firm!)),
        ]),
      ),
    )
    .orderBy('i.opened_at', 'desc')
    .orderBy('i.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
}

export function lockQueueItem(trx: Trx, id: string): Promise<QueueRow | undefined> {
  return trx
    .selectFrom('manifest_queue_items as i')
    .innerJoin('manifests as m', 'm.id', 'i.manifest_id')
    .selectAll('i')
    .select(['m.number', 'm.status as manifest_status', 'm.generator_id', 'm.receiver_id', 'm.region_code', 'm.receiver_region_code'])
    .where('i.id', '=', id)
    .forUpdate('i')
    .executeTakeFirst();
}

export async function updateQueueItem(trx: Trx, id: string, set: Updateable<ManifestQueueItemTable>): Promise<void> {
  await trx.updateTable('manifest_queue_items').set(set).where('id', '=', id).execute();
}

export async function insertNote(trx: Trx, values: { item_id: string; organisation_id: string; user_id: string | null; text: string; at: Date }): Promise<void> {
  await trx.insertInto('manifest_queue_notes').values(values).execute();
}

export function notesOf(db: Executor, itemIds: readonly string[]): Promise<ManifestQueueNoteRow[]> {
  if (itemIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('manifest_queue_notes').selectAll().where('item_id', 'in', [...itemIds]).orderBy('at').orderBy('id').execute();
}

// ---- monthly figures

/** Accepted tonnes of a line (what was received less what was refused; the declared quantity before receipt). */
const lineTonnes = sql`(coalesce(l.received - coalesce(l.refused, 0), l.quantity) / case when l.unit = 'kg' then 1000 else 1 end)`;

export interface FiguresRows {
  manifests: number;
  closed: number;
  closedOnTime: number;
  byCode: { waste_code: string; manifests: number; tonnes: string }[];
  byTreatment: { treatment: string | null; manifests: number; tonnes: string }[];
}

/**
 * A period's figures over the manifests created in [from, to) in the region: their number,
 * tonnes by waste code and by treatment (the latest version's treatment when corrected, else
 * the processed event's), and how many closed, and closed without an overdue flag.
 */
export async function figures(db: Executor, q: { regionPrefix: string | null; from: Date; to: Date }): Promise<FiguresRows> {
  const region = q.regionPrefix === null ? sql`true` : inRegion(q.regionPrefix);
  const counts = await sql<{ manifests: string; closed: string; on_time: string }>`
    select count(*) as manifests,
      count(*) filter (where m.status = 'closed') as closed,
      count(*) filter (where m.status = 'closed' and not exists (select 1 from manifest_overdue o where o.manifest_id = m.id)) as on_time
    from manifests m where m.created_at >= ${q.from} and m.created_at < ${q.to} and ${region}`.execute(db);
  const byCode = await sql<{ waste_code: string; manifests: string; tonnes: string }>`
    select l.waste_code, count(distinct m.id) as manifests, round(sum(${lineTonnes}), 3)::text as tonnes
    from manifests m join manifest_lines l on l.manifest_id = m.id
    where m.created_at >= ${q.from} and m.created_at < ${q.to} and ${region} and m.status not in ('cancelled', 'rerouted')
    group by l.waste_code order by sum(${lineTonnes}) desc, l.waste_code`.execute(db);
  const byTreatment = await sql<{ treatment: string | null; manifests: string; tonnes: string }>`
    select t.treatment, count(distinct m.id) as manifests, round(sum(${lineTonnes}), 3)::text as tonnes
    from manifests m join manifest_lines l on l.manifest_id = m.id
    cross join lateral (select coalesce(
      (select v.snapshot::jsonb ->> 'treatmentCode' from manifest_versions v where v.manifest_id = m.id order by v.version desc limit 1),
      (select e.payload::jsonb -> 'data' ->> 'treatmentCode' from manifest_events e where e.manifest_id = m.id and e.kind = 'processed' order by e.seq desc limit 1)
    ) as treatment) t
    where m.created_at >= ${q.from} and m.created_at < ${q.to} and ${region} and m.status in ('processed', 'closed')
    group by t.treatment order by sum(${lineTonnes}) desc, t.treatment`.execute(db);
  const c = counts.rows[0]!;
  return {
    manifests: Number(c.manifests),
    closed: Number(c.closed),
    closedOnTime: Number(c.on_time),
    byCode: byCode.rows.map((r) => ({ ...r, manifests: Number(r.manifests) })),
    byTreatment: byTreatment.rows.map((r) => ({ ...r, manifests: Number(r.manifests) })),
  };
}
