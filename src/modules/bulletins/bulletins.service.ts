/**
 * Bulletins (issue 3, stage 4 of seed 003: 发布预警信息). A draft is written by supply monitors,
 * published once (then immutable, numbered `YYYY-NNN` by the year of publication in Beijing
 * time) and may be withdrawn with a reason; withdrawn bulletins stay listed as withdrawn. Every
 * command writes its audit record, and publication and withdrawal write their webhook deliveries
 * to the outbox, in the caller's transaction.
 */
import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import {
  bulletinEvents,
  deleteWebhookSubscription,
  enqueueAudienceWebhooks,
  findWebhookSubscription,
  insertWebhookSubscription,
  listWebhookSubscriptions,
  newWebhookSecret,
  updateWebhookSubscription,
  webhookUrlProblem,
  type WebhookConfig,
} from '../notifications';
import * as supply from '../supply';
import { bulletinsPolicy } from './bulletins.policy';
import { bulletinPublishedHooks, type BulletinPublishedHook } from './bulletins.hooks';
import { BULLETIN_SUBJECT, publicBulletinViews, subscriptionViews } from './bulletins.read.service';
import * as repo from './bulletins.repository';
import type { BulletinInput, BulletinPatch, BulletinSnapshot } from './bulletins.schema';
import type { BulletinEvent, BulletinRow } from './bulletins.tables';
import { levelContradicts, measuredBulletinLevel } from '../../shared/bulletins';

type Ctx = ServiceContext;

/** What the commands need from the configuration. */
export interface BulletinsSettings {
  publicUrl: string;
  webhooks: WebhookConfig;
}

const SNAPSHOT_TOP_SHARES = 3;

function mayWrite(ctx: Ctx) {
  permit(ctx.viewer, bulletinsPolicy.write(ctx.viewer), 'Only supply monitors and platform administrators write bulletins.');
}

/** Formula names (code, Chinese name, English name or id) → ids; every unknown one is named. */
async function resolveProducts(db: Executor, ctx: Ctx, names: readonly string[]): Promise<string[]> {
  return supply.resolveFormulaIds(db, ctx.viewer, names, 'products');
}

async function draftOrThrow(trx: Trx, id: string): Promise<BulletinRow> {
  const row = await repo.lockBulletin(trx, id);
  if (!row) throw errors.notFound('Bulletin', id);
  if (row.status !== 'draft') throw errors.conflict(`Bulletin ${row.number ?? id} is ${row.status}: only drafts can be changed.`);
  return row;
}

const auditSummary = (r: BulletinRow) => ({
  number: r.number,
  status: r.status,
  title: r.title,
  level: r.level,
  formula_ids: r.formula_ids,
  audiences: r.audiences,
  case_ids: r.case_ids,
});

/** `organisationId`: the publisher when a system context (demo, CLI) writes; an actor is its own. */
export async function createBulletin(trx: Trx, ctx: Ctx, input: BulletinInput, opts: { organisationId?: string } = {}): Promise<BulletinRow> {
  mayWrite(ctx);
  const formulaIds = await resolveProducts(trx, ctx, input.products);
  const row = await repo.insertBulletin(trx, {
    title: input.title,
    level: input.level,
    formula_ids: formulaIds,
    analysis: input.analysis,
    recommendations: JSON.stringify(input.recommendations),
    audiences: input.audiences,
    case_ids: input.caseIds,
    include_snapshot: input.includeSnapshot,
    organisation_id: actorOf(ctx.viewer)?.organisationId ?? opts.organisationId ?? null,
    created_by: actorOf(ctx.viewer)?.userId ?? null,
  });
  await recordAudit(trx, ctx, { action: 'bulletins.create', entityType: 'bulletins', entityId: row.id, organisationId: row.organisation_id, after: auditSummary(row) });
  return row;
}

export async function updateBulletin(trx: Trx, ctx: Ctx, id: string, patch: BulletinPatch): Promise<BulletinRow> {
  mayWrite(ctx);
  const before = await draftOrThrow(trx, id);
  const row = await repo.updateBulletin(trx, id, {
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.level !== undefined ? { level: patch.level } : {}),
    ...(patch.products !== undefined ? { formula_ids: await resolveProducts(trx, ctx, patch.products) } : {}),
    ...(patch.analysis !== undefined ? { analysis: patch.analysis } : {}),
    ...(patch.recommendations !== undefined ? { recommendations: JSON.stringify(patch.recommendations) } : {}),
    ...(patch.audiences !== undefined ? { audiences: patch.audiences } : {}),
    ...(patch.caseIds !== undefined ? { case_ids: patch.caseIds } : {}),
    ...(patch.includeSnapshot !== undefined ? { include_snapshot: patch.includeSnapshot } : {}),
  });
  await recordAudit(trx, ctx, { action: 'bulletins.update', entityType: 'bulletins', entityId: id, organisationId: row.organisation_id, before: auditSummary(before), after: auditSummary(row) });
  return row;
}

export async function deleteDraft(trx: Trx, ctx: Ctx, id: string): Promise<void> {
  mayWrite(ctx);
  const row = await draftOrThrow(trx, id);
  await repo.deleteBulletin(trx, id);
  await recordAudit(trx, ctx, { action: 'bulletins.delete', entityType: 'bulletins', entityId: id, organisationId: row.organisation_id, before: auditSummary(row) });
}

/** The year a bulletin published at `at` is numbered in: the calendar of its readers (Beijing). */
export function numberingYear(at: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(at));
}

/**
 * Each product's cost, Y/P, band and largest cost shares on `date` (latest prices when omitted),
 * from ONE supply computation of all the bulletin's products. Null when there are no prices at all
 * (a bulletin can be published without figures).
 */
export async function productSnapshot(db: Executor, ctx: Ctx, formulaIds: readonly string[], date?: string): Promise<BulletinSnapshot | null> {
  const snap = await supply.productSnapshots(db, ctx.viewer, formulaIds, date);
  if (snap === null || snap.products.length === 0) return null;
  const products: BulletinSnapshot['products'] = snap.products.map((p) => {
    const topShares = Object.entries(p.shares)
      .map(([herb, share]) => ({ herb: herb.split('|')[0]!, share }))
      .sort((a, b) => b.share - a.share)
      .slice(0, SNAPSHOT_TOP_SHARES);
    return { code: p.code, nameZh: p.nameZh, cost: p.cost, priceCap: p.priceCap, ratio: p.ratio, level: p.level, band: p.band, topShares };
  });
  return { date: snap.date, products };
}

async function webhookBody(db: Executor, row: BulletinRow, event: BulletinEvent, settings: BulletinsSettings, at: Date): Promise<string> {
  const [bulletin] = await publicBulletinViews(db, [row], settings.publicUrl);
  return JSON.stringify({ event, occurredAt: at.toISOString(), bulletin });
}

export interface PublishOptions {
  settings: BulletinsSettings;
  /**
   * Called in the publication's transaction after the bulletin is published and its deliveries
   * are queued; a hook that throws undoes the publication. Defaults to `bulletinPublishedHooks`
   * (bulletins.hooks.ts), where the warnings module's "mark these cases published" belongs.
   */
  hooks?: readonly BulletinPublishedHook[];
  /**
   * The monitor confirms a level that differs from the one its products' measured levels give
   * (e.g. yellow while the figures say blue, because the rise is expected to last); without it
   * such a publication is refused.
   */
  confirmLevel?: boolean;
  /** Demo and CLI only: the moment of publication and the date of the snapshot's prices. */
  publishedAt?: Date;
  snapshotDate?: string;
}

export async function publishBulletin(trx: Trx, ctx: Ctx, id: string, opts: PublishOptions): Promise<BulletinRow> {
  permit(ctx.viewer, bulletinsPolicy.publish(ctx.viewer), 'Only people of supply-monitor organisations (members, admins) and platform administrators publish bulletins.');
  const draft = await draftOrThrow(trx, id);
  const at = opts.publishedAt ?? new Date();
  const year = numberingYear(at);
  const number = `${year}-${String(await repo.nextBulletinNumber(trx, year)).padStart(3, '0')}`;
  const snapshot = draft.include_snapshot ? await productSnapshot(trx, ctx, draft.formula_ids, opts.snapshotDate) : null;
  if (opts.confirmLevel !== true) await refuseContradictingLevel(trx, draft, snapshot);
  const row = await repo.updateBulletin(trx, id, {
    status: 'published',
    number,
    published_at: at,
    published_by: actorOf(ctx.viewer)?.userId ?? null,
    snapshot: snapshot === null ? null : JSON.stringify(snapshot),
  });
  const queued = await enqueueAudienceWebhooks(trx, { event: 'bulletin.published', subject: { type: BULLETIN_SUBJECT, id }, audiences: row.audiences, body: await webhookBody(trx, row, 'bulletin.published', opts.settings, at), at });
  await recordAudit(trx, ctx, {
    action: 'bulletins.publish',
    entityType: 'bulletins',
    entityId: id,
    organisationId: row.organisation_id,
    before: { status: draft.status },
    after: { ...auditSummary(row), published_at: at, webhook_deliveries: queued },
  });
  // The one call site for what other modules do when a bulletin goes out (see bulletins.hooks.ts).
  for (const hook of opts.hooks ?? bulletinPublishedHooks) {
    await hook(trx, ctx, { bulletinId: id, number, caseIds: row.case_ids, publishedAt: at });
  }
  return row;
}

/**
 * Refuses a level that contradicts the products' measured levels: the snapshot's when one is
 * taken, else the monitor state's current levels (the one definition the product list shows).
 */
async function refuseContradictingLevel(trx: Trx, draft: BulletinRow, snapshot: BulletinSnapshot | null): Promise<void> {
  const levels = snapshot !== null ? snapshot.products.map((p) => p.level) : [...(await supply.currentLevels(trx, draft.formula_ids)).values()].map((c) => c.level);
  if (!levelContradicts(draft.level, levels)) return;
  const measured = measuredBulletinLevel(levels);
  throw errors.conflict(
    measured === null
      ? `Every product of this bulletin is inside its band: a ${draft.level} level needs the monitor's confirmation (confirmLevel).`
      : `The products' measured level is ${measured}, the bulletin says ${draft.level}: confirm the level (confirmLevel) or change it.`,
    [{ field: 'level', message: measured === null ? 'every product is inside its band' : `measured level ${measured}`, code: 'bulletins.levelContradicts', params: { level: draft.level, measured: measured ?? 'normal' } }],
  );
}

export async function withdrawBulletin(trx: Trx, ctx: Ctx, id: string, reason: string, opts: { settings: BulletinsSettings }): Promise<BulletinRow> {
  permit(ctx.viewer, bulletinsPolicy.publish(ctx.viewer), 'Only people of supply-monitor organisations (members, admins) and platform administrators withdraw bulletins.');
  const before = await repo.lockBulletin(trx, id);
  if (!before) throw errors.notFound('Bulletin', id);
  if (before.status !== 'published') throw errors.conflict(`Bulletin ${before.number ?? id} is ${before.status}: only a published bulletin can be withdrawn.`);
  const at = new Date();
  const row = await repo.updateBulletin(trx, id, { status: 'withdrawn', withdrawn_at: at, withdrawn_by: actorOf(ctx.viewer)?.userId ?? null, withdrawal_reason: reason });
  const queued = await enqueueAudienceWebhooks(trx, { event: 'bulletin.withdrawn', subject: { type: BULLETIN_SUBJECT, id }, audiences: row.audiences, body: await webhookBody(trx, row, 'bulletin.withdrawn', opts.settings, at), at });
  await recordAudit(trx, ctx, {
    action: 'bulletins.withdraw',
    entityType: 'bulletins',
    entityId: id,
    organisationId: row.organisation_id,
    before: { status: before.status },
    after: { status: row.status, number: row.number, withdrawal_reason: reason, webhook_deliveries: queued },
  });
  return row;
}

// ---------------------------------------------------------------- subscriptions

function mayManageSubscriptions(ctx: Ctx) {
  permit(ctx.viewer, bulletinsPolicy.manageSubscriptions(ctx.viewer), 'Only people of supply-monitor organisations and platform administrators manage bulletin subscribers.');
}

function checkUrl(url: string, webhooks: WebhookConfig) {
  const problem = webhookUrlProblem(url, webhooks.allowHttpLoopback);
  if (problem) throw errors.validation(`The webhook URL is refused: ${problem}.`, [{ field: 'url', message: problem }]);
}

/** A subscription to bulletin events: organisations' own webhooks (other events) are not managed here. */
async function bulletinSubscription(trx: Trx, id: string) {
  const row = await findWebhookSubscription(trx, id);
  if (!row || !row.events.some((e) => (bulletinEvents as readonly string[]).includes(e))) throw errors.notFound('Subscription', id);
  return row;
}

export async function createSubscription(
  trx: Trx,
  ctx: Ctx,
  input: { name: string; url: string; audiences: string[]; active: boolean },
  settings: BulletinsSettings,
) {
  mayManageSubscriptions(ctx);
  checkUrl(input.url, settings.webhooks);
  const secret = newWebhookSecret();
  const row = await insertWebhookSubscription(trx, {
    name: input.name,
    url: input.url,
    events: [...bulletinEvents],
    audiences: input.audiences,
    active: input.active,
    secret,
    organisation_id: actorOf(ctx.viewer)?.organisationId ?? null,
    created_by: actorOf(ctx.viewer)?.userId ?? null,
  });
  await recordAudit(trx, ctx, {
    action: 'bulletins.subscription.create',
    entityType: 'webhook_subscriptions',
    entityId: row.id,
    organisationId: row.organisation_id,
    // The secret column is restricted: recordAudit drops it even if it were passed.
    after: { name: row.name, url: row.url, audiences: row.audiences, active: row.active },
  });
  return { ...(await subscriptionViews(trx, [row]))[0]!, secret };
}

export async function updateSubscription(trx: Trx, ctx: Ctx, id: string, patch: { name?: string | undefined; audiences?: string[] | undefined; active?: boolean | undefined }) {
  mayManageSubscriptions(ctx);
  const before = await bulletinSubscription(trx, id);
  const row = await updateWebhookSubscription(trx, id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.audiences !== undefined ? { audiences: patch.audiences } : {}),
    ...(patch.active !== undefined ? { active: patch.active } : {}),
  });
  await recordAudit(trx, ctx, {
    action: 'bulletins.subscription.update',
    entityType: 'webhook_subscriptions',
    entityId: id,
    organisationId: row.organisation_id,
    before: { name: before.name, audiences: before.audiences, active: before.active },
    after: { name: row.name, audiences: row.audiences, active: row.active },
  });
  return (await subscriptionViews(trx, [row]))[0]!;
}

export async function deleteSubscription(trx: Trx, ctx: Ctx, id: string): Promise<void> {
  mayManageSubscriptions(ctx);
  const before = await bulletinSubscription(trx, id);
  await deleteWebhookSubscription(trx, id);
  await recordAudit(trx, ctx, { action: 'bulletins.subscription.delete', entityType: 'webhook_subscriptions', entityId: id, organisationId: before.organisation_id, before: { name: before.name, url: before.url } });
}

export async function listSubscriptions(db: Executor, ctx: Ctx) {
  mayManageSubscriptions(ctx);
  return subscriptionViews(db, await listWebhookSubscriptions(db, { events: bulletinEvents }));
}
