/**
 * An organisation's own webhook subscriptions: the events addressed to it (proposals, bids,
 * contracts, delegations…), signed with a secret shown once. Bulletin subscribers are managed by
 * the bulletins module (supply monitors) over the same tables.
 */
import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { findOrganisation, ownerOf } from '../organisations';
import { organisationEvents } from './notifications.events';
import { webhooksPolicy } from './notifications.policy';
import type { WebhookInput, WebhookView } from './notifications.schema';
import type { WebhookSubscriptionRow } from './notifications.tables';
import { newWebhookSecret, webhookUrlProblem, type WebhookConfig } from './notifications.webhooks';
import * as repo from './notifications.webhooks.repository';

async function ownerOfOrganisation(db: Executor, organisationId: string) {
  const org = await findOrganisation(db, organisationId);
  if (!org) throw errors.notFound('Organisation', organisationId);
  return ownerOf(org);
}

async function views(db: Executor, rows: readonly WebhookSubscriptionRow[]): Promise<WebhookView[]> {
  const counts = await repo.deliveryCounts(db, 'subscription_id', rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    url: r.url,
    events: r.events,
    active: r.active,
    createdAt: r.created_at.toISOString(),
    deliveries: counts.get(r.id) ?? { pending: 0, delivered: 0, failed: 0 },
  }));
}

/** The organisation's subscription `id`, after the policy: someone else's is "not found". */
async function ownSubscription(db: Executor, ctx: ServiceContext, id: string, manage: boolean): Promise<WebhookSubscriptionRow> {
  const row = await repo.findSubscription(db, id);
  if (!row || row.organisation_id === null || !row.events.some((e) => (organisationEvents as readonly string[]).includes(e))) throw errors.notFound('Webhook', id);
  const owner = await ownerOfOrganisation(db, row.organisation_id);
  if (!webhooksPolicy.read(ctx.viewer, owner)) throw errors.notFound('Webhook', id);
  if (manage) permit(ctx.viewer, webhooksPolicy.manage(ctx.viewer, owner), "Only a human administrator of the organisation manages its webhooks.");
  return row;
}

export async function listOrganisationWebhooks(db: Executor, ctx: ServiceContext, organisationId: string): Promise<WebhookView[]> {
  const owner = await ownerOfOrganisation(db, organisationId);
  permit(ctx.viewer, webhooksPolicy.read(ctx.viewer, owner));
  return views(db, await repo.listSubscriptions(db, { events: organisationEvents, organisationId }));
}

export async function createOrganisationWebhook(trx: Trx, ctx: ServiceContext, organisationId: string, input: WebhookInput, config: WebhookConfig): Promise<WebhookView & { secret: string }> {
  const owner = await ownerOfOrganisation(trx, organisationId);
  permit(ctx.viewer, webhooksPolicy.manage(ctx.viewer, owner), 'Only a human administrator of the organisation manages its webhooks.');
  const problem = webhookUrlProblem(input.url, config.allowHttpLoopback);
  if (problem) throw errors.validation(`The webhook URL is refused: ${problem}.`, [{ field: 'url', message: problem }]);
  const secret = newWebhookSecret();
  const row = await repo.insertSubscription(trx, {
    name: input.name,
    url: input.url,
    events: [...new Set(input.events)],
    audiences: [],
    active: input.active,
    secret,
    organisation_id: organisationId,
    created_by: actorOf(ctx.viewer)?.userId ?? null,
  });
  await recordAudit(trx, ctx, { action: 'notifications.webhook.create', entityType: 'webhook_subscriptions', entityId: row.id, organisationId, after: { name: row.name, url: row.url, events: row.events, active: row.active } });
  return { ...(await views(trx, [row]))[0]!, secret };
}

export async function updateOrganisationWebhook(trx: Trx, ctx: ServiceContext, id: string, patch: { name?: string | undefined; events?: WebhookInput['events'] | undefined; active?: boolean | undefined }): Promise<WebhookView> {
  const before = await ownSubscription(trx, ctx, id, true);
  const row = await repo.updateSubscription(trx, id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.events !== undefined ? { events: [...new Set(patch.events)] } : {}),
    ...(patch.active !== undefined ? { active: patch.active } : {}),
  });
  await recordAudit(trx, ctx, {
    action: 'notifications.webhook.update',
    entityType: 'webhook_subscriptions',
    entityId: id,
    organisationId: row.organisation_id,
    before: { name: before.name, events: before.events, active: before.active },
    after: { name: row.name, events: row.events, active: row.active },
  });
  return (await views(trx, [row]))[0]!;
}

export async function deleteOrganisationWebhook(trx: Trx, ctx: ServiceContext, id: string): Promise<void> {
  const before = await ownSubscription(trx, ctx, id, true);
  await repo.deleteSubscription(trx, id);
  await recordAudit(trx, ctx, { action: 'notifications.webhook.delete', entityType: 'webhook_subscriptions', entityId: id, organisationId: before.organisation_id, before: { name: before.name, url: before.url, events: before.events } });
}

export async function listOrganisationDeliveries(db: Executor, ctx: ServiceContext, organisationId: string) {
  const owner = await ownerOfOrganisation(db, organisationId);
  permit(ctx.viewer, webhooksPolicy.read(ctx.viewer, owner));
  const rows = await repo.listDeliveries(db, { organisationId });
  return rows.map((r) => ({
    id: r.id,
    subscriptionId: r.subscription_id,
    subscription: r.subscription,
    event: r.event,
    subject: { type: r.subject_type, id: r.subject_id },
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
    lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  }));
}
