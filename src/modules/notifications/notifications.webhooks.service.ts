import type { Trx } from '../../db/database';
import type { NotificationEvent } from './notifications.events';

export interface EventWebhookInput {
  event: NotificationEvent;
  subject: { type: string; id: string };
  organisationIds: readonly string[];
  link: string | null;
  data: Record<string, unknown>;
  at: Date;
}

/** Queues one signed delivery per subscription of a recipient organisation to this event. */
export async function enqueueEventWebhooks(_trx: Trx, _e: EventWebhookInput): Promise<number> {
  // The generalised outbox (moved from the bulletins module) lands in the next commit.
  return 0;
}
