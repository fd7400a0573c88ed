/**
 * The outbox side of events: what `notify` queues for organisations' subscriptions, and what the
 * bulletins module uses for its audience subscriptions. Storage only: the calling module has
 * checked its policy (who may manage which subscriptions) before calling.
 */
import type { RawBuilder } from 'kysely';
import type { Trx } from '../../db/database';
import type { NotificationEvent } from './notifications.events';
import * as repo from './notifications.webhooks.repository';

export interface EventWebhookInput {
  event: NotificationEvent;
  subject: { type: string; id: string };
  organisationIds: readonly string[];
  link: string | null;
  data: Record<string, unknown>;
  at: Date;
}

/**
 * Queues one signed delivery per active subscription of a recipient organisation to this event.
 * The body (frozen now, signed as stored): `{event, occurredAt, subject: {type, id}, link, data}`.
 */
export async function enqueueEventWebhooks(trx: Trx, e: EventWebhookInput): Promise<number> {
  if (e.organisationIds.length === 0) return 0;
  return (await eventWebhooksInsert(e).execute(trx)).rows.length;
}

/** The insert of enqueueEventWebhooks, not yet run: `notify` sends it with the event's other writes in one statement. */
export function eventWebhooksInsert(e: EventWebhookInput): RawBuilder<{ one: number }> {
  const body = JSON.stringify({ event: e.event, occurredAt: e.at.toISOString(), subject: e.subject, link: e.link, data: e.data });
  return repo.organisationDeliveriesInsert({ event: e.event, subjectType: e.subject.type, subjectId: e.subject.id, body, at: e.at, organisationIds: e.organisationIds });
}

/** Queues the stored `body` for every active subscription to the event whose audiences meet these (bulletins). */
export async function enqueueAudienceWebhooks(trx: Trx, e: { event: NotificationEvent; subject: { type: string; id: string }; audiences: readonly string[]; body: string; at: Date }): Promise<number> {
  return repo.enqueueForAudiences(trx, { event: e.event, subjectType: e.subject.type, subjectId: e.subject.id, body: e.body, at: e.at, audiences: e.audiences });
}
