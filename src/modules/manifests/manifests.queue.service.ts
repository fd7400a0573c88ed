/**
 * The regulators' queue: findings on the manifests of a regulator's region (overdue, weight and
 * missing-line discrepancies, refusals, unlicensed or over-capacity receivers, route deviations,
 * broken verification), each annotated and closed with a reason by a regulator (audited), and
 * the monthly figures. The scan that opens items runs as a job; route deviations come from a
 * pluggable source (sensor data lives elsewhere), none by default.
 */
import type { Executor, Trx } from '../../db/database';
import { regionPrefix } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { writeTable } from '../../platform/table-writer';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { fromMilli } from './engine/quantity';
import { onTimeShare } from './engine/queue';
import { regulationPolicy } from './manifests.regulation.policy';
import * as rrepo from './manifests.regulation.repository';
import type { FiguresView, QueueExportQuery, QueueItemView, QueueQuery } from './manifests.regulation.schema';
import * as repo from './manifests.repository';
import { verifyHeads } from './manifests.verify.service';

/** Where route deviations come from: a sensor pipeline reports them per manifest. */
export interface RouteDeviationSource {
  /** `kind` defaults to `route-deviation`; a weighbridge mismatch comes as a `discrepancy`. */
  deviations(db: Executor, now: Date): Promise<{ manifestId: string; kind?: 'route-deviation' | 'discrepancy'; key: string; detail: Record<string, string | number | null> }[]>;
}

/** No sensor data: no deviations. */
export const noRouteData: RouteDeviationSource = { deviations: () => Promise.resolve([]) };

const VERIFY_CURSOR = 'verify';

/** Opens the items found since the last scan; verifies the next `verifyBatch` manifests' trails (round robin). */
export async function scanQueue(trx: Trx, ctx: ServiceContext, options: { routes?: RouteDeviationSource; verifyBatch?: number } = {}, now = new Date()): Promise<{ opened: number; verified: number }> {
  permit(ctx.viewer, ctx.viewer.kind === 'system', 'The queue is scanned by the system.');
  let opened = await rrepo.queueLineFindings(trx, now);
  const deviations = await (options.routes ?? noRouteData).deviations(trx, now);
  opened += await rrepo.insertQueueItems(
    trx,
    deviations.map((d) => ({ manifest_id: d.manifestId, kind: d.kind ?? ('route-deviation' as const), key: d.key, detail: JSON.stringify(d.detail), status: 'open' as const, opened_at: now })),
  );
  const after = await rrepo.queueCursor(trx, VERIFY_CURSOR);
  const heads = await repo.manifestHeads(trx, { after, limit: options.verifyBatch ?? 500, regionPrefix: null });
  const result = await verifyHeads(trx, heads, true);
  opened += await rrepo.insertQueueItems(
    trx,
    result.broken.map((b) => ({ manifest_id: b.manifest, kind: 'broken-verification' as const, key: `${b.reason}:${b.seq}`, detail: JSON.stringify({ reason: b.reason, seq: b.seq, event: b.event }), status: 'open' as const, opened_at: now })),
  );
  // At the end of the list the next scan starts again from the first manifest.
  await rrepo.setQueueCursor(trx, VERIFY_CURSOR, heads.length === (options.verifyBatch ?? 500) ? heads.at(-1)!.id : null);
  if (opened > 0) await recordAudit(trx, ctx, { action: 'manifest.queue.scan', entityType: 'manifest_queue_items', entityId: null, organisationId: null, after: { opened, verified: result.checked } });
  return { opened, verified: result.checked };
}

/** A regulator's region; the system (CLI) may name one, platform admins see every region. */
function viewerRegion(ctx: ServiceContext, systemRegion?: string): string | null {
  permit(ctx.viewer, regulationPolicy.readQueue(ctx.viewer), 'The queue is for regulators and platform administrators.');
  const actor = actorOf(ctx.viewer);
  if (ctx.viewer.kind === 'system') return systemRegion ? regionPrefix(systemRegion) : null;
  return actor?.organisationType === 'regulator' ? regionPrefix(actor.regionCode) : null;
}

function dayStart(day: string): Date {
  // Days and months are China Standard Time (UTC+8), as firms and regulators count them.
  return new Date(`${day}T00:00:00+08:00`);
}

async function present(db: Executor, rows: rrepo.QueueRow[]): Promise<QueueItemView[]> {
  const notes = await rrepo.notesOf(db, rows.map((r) => r.id));
  const names = await repo.organisationNames(db, [...rows.flatMap((r) => [r.generator_id, r.receiver_id]), ...notes.map((n) => n.organisation_id)]);
  const ref = (o: string) => ({ id: o, nameZh: names.get(o)?.name_zh ?? '', nameEn: names.get(o)?.name_en ?? '' });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    manifest: { id: r.manifest_id, number: r.number, status: r.manifest_status },
    generator: ref(r.generator_id),
    receiver: ref(r.receiver_id),
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    openedAt: r.opened_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
    closeReason: r.close_reason,
    notes: notes.filter((n) => n.item_id === r.id).map((n) => ({ text: n.text, organisation: ref(n.organisation_id), at: n.at.toISOString() })),
  }));
}

function filterOf(q: Omit<QueueQuery, 'limit' | 'offset'>, region: string | null, limit: number, offset: number): rrepo.QueueFilter {
  return {
    regionPrefix: region,
    kind: q.kind,
    status: q.status,
    from: q.from ? dayStart(q.from) : undefined,
    to: q.to ? new Date(dayStart(q.to).getTime() + 86_400_000) : undefined,
    firm: q.firm,
    limit,
    offset,
  };
}

export async function listQueue(db: Executor, ctx: ServiceContext, q: QueueQuery, systemRegion?: string): Promise<QueueItemView[]> {
  const region = viewerRegion(ctx, systemRegion);
  return present(db, await rrepo.listQueue(db, filterOf(q, region, q.limit, q.offset)));
}

const EXPORT_LIMIT = 10_000;

export async function exportQueue(db: Executor, ctx: ServiceContext, q: QueueExportQuery, systemRegion?: string): Promise<Buffer> {
  const region = viewerRegion(ctx, systemRegion);
  const items = await present(db, await rrepo.listQueue(db, filterOf(q, region, EXPORT_LIMIT, 0)));
  const rows = items.map((i) => ({
    opened: i.openedAt.slice(0, 10),
    kind: i.kind,
    status: i.status,
    manifest: i.manifest.number,
    generator: i.generator.nameZh,
    receiver: i.receiver.nameZh,
    detail: Object.entries(i.detail).map(([k, v]) => `${k}: ${typeof v === 'string' || typeof v === 'number' ? v : ''}`).join('; '),
    notes: i.notes.map((n) => `${n.at.slice(0, 10)} ${n.text}`).join(' | '),
    closed: i.closedAt?.slice(0, 10) ?? '',
    reason: i.closeReason ?? '',
  }));
  return writeTable(
    [
      { key: 'opened', header: '发现日期 opened' },
      { key: 'kind', header: '类别 kind' },
      { key: 'status', header: '状态 status' },
      { key: 'manifest', header: '联单编号 manifest' },
      { key: 'generator', header: '产生单位 generator' },
      { key: 'receiver', header: '接收单位 receiver' },
      { key: 'detail', header: '详情 detail' },
      { key: 'notes', header: '批注 notes' },
      { key: 'closed', header: '办结日期 closed' },
      { key: 'reason', header: '办结理由 reason' },
    ],
    rows,
    q.format,
  );
}

async function lockHandled(trx: Trx, ctx: ServiceContext, itemId: string) {
  const item = await rrepo.lockQueueItem(trx, itemId);
  const parties = item
    ? { generator: { organisationId: item.generator_id, regionCode: item.region_code }, receiver: { organisationId: item.receiver_id, regionCode: item.receiver_region_code }, transporters: [] }
    : null;
  if (!item || !parties || !regulationPolicy.handleItem(ctx.viewer, parties)) {
    permit(ctx.viewer, regulationPolicy.readQueue(ctx.viewer), 'The queue is for regulators.');
    throw errors.notFound('Queue item', itemId);
  }
  return item;
}

export async function annotateItem(trx: Trx, ctx: ServiceContext, itemId: string, text: string, now = new Date()): Promise<QueueItemView> {
  const item = await lockHandled(trx, ctx, itemId);
  const actor = actorOf(ctx.viewer)!;
  await rrepo.insertNote(trx, { item_id: item.id, organisation_id: actor.organisationId, user_id: actor.userId, text, at: now });
  await recordAudit(trx, ctx, { action: 'manifest.queue.annotate', entityType: 'manifest_queue_items', entityId: item.id, organisationId: actor.organisationId, after: { manifest_id: item.manifest_id, kind: item.kind, note: text } });
  return (await present(trx, [(await rrepo.lockQueueItem(trx, item.id))!]))[0]!;
}

export async function closeItem(trx: Trx, ctx: ServiceContext, itemId: string, reason: string, now = new Date()): Promise<QueueItemView> {
  const item = await lockHandled(trx, ctx, itemId);
  if (item.status === 'closed') throw errors.illegalTransition('The item is closed already.');
  const actor = actorOf(ctx.viewer)!;
  await rrepo.updateQueueItem(trx, item.id, { status: 'closed', closed_at: now, closed_by_user_id: actor.userId, closed_by_organisation_id: actor.organisationId, close_reason: reason });
  await recordAudit(trx, ctx, {
    action: 'manifest.queue.close',
    entityType: 'manifest_queue_items',
    entityId: item.id,
    organisationId: actor.organisationId,
    before: { status: item.status },
    after: { status: 'closed', close_reason: reason, manifest_id: item.manifest_id, kind: item.kind },
  });
  return (await present(trx, [(await rrepo.lockQueueItem(trx, item.id))!]))[0]!;
}

const tonnes = (t: string) => fromMilli(Math.round(Number(t) * 1000));

/** A month's figures (China Standard Time) over the manifests created in it in the viewer's region. */
export async function monthlyFigures(db: Executor, ctx: ServiceContext, month: string, systemRegion?: string): Promise<FiguresView> {
  const region = viewerRegion(ctx, systemRegion);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = dayStart(`${month}-01`);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const to = dayStart(`${next}-01`);
  const f = await rrepo.figures(db, { regionPrefix: region, from, to });
  return {
    month,
    manifests: f.manifests,
    closed: f.closed,
    closedOnTime: f.closedOnTime,
    onTimeShare: onTimeShare(f.closed, f.closedOnTime),
    byCode: f.byCode.map((r) => ({ wasteCode: r.waste_code, manifests: r.manifests, tonnes: tonnes(r.tonnes) })),
    byTreatment: f.byTreatment.map((r) => ({ treatment: r.treatment, manifests: r.manifests, tonnes: tonnes(r.tonnes) })),
  };
}
