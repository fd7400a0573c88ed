/** Client of the inbox (notifications module), through the routes' contracts. */
import type { QueryIn, ResponseOf } from '../../../../src/shared/contract';
import * as notifications from '../../../../src/modules/notifications/notifications.contract';
import { call } from '../../api/call';

export type Notification = ResponseOf<typeof notifications.listInbox>['items'][number];
export type InboxPage = ResponseOf<typeof notifications.listInbox>;

export const notificationsApi = {
  list: (query: NonNullable<QueryIn<typeof notifications.listInbox>>) => call(notifications.listInbox, { query }),
  unread: () => call(notifications.unreadCount),
  markRead: (ids: string[]) => call(notifications.markRead, { body: { ids } }),
  markAllRead: () => call(notifications.markAllRead, { body: {} }),
};

/** Query keys: the header's count and the inbox share the prefix, so marking read refreshes both. */
export const inboxKeys = { all: ['notifications'] as const, unread: ['notifications', 'unread'] as const, list: (unreadOnly: boolean) => ['notifications', 'list', unreadOnly] as const };

/**
 * The values an event's text quotes as the reader reads them: names in the reader's language (below)
 * and numbers in its notation, rounded to what a person reads (a sum of tonnes arrives as 414.92999999999995).
 */
export function displayParams(params: Record<string, string | number>, language: string): Record<string, string> {
  const numbers = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  return Object.fromEntries(Object.entries(localisedParams(params, language)).map(([key, value]) => [key, typeof value === 'number' ? numbers.format(value) : value]));
}

/**
 * The values an event's text quotes, in the reader's language: a name sent as `<name>Zh` and
 * `<name>En` becomes `<name>` (see docs/architecture.md, "Notifications").
 */
export function localisedParams(params: Record<string, string | number>, language: string): Record<string, string | number> {
  const out: Record<string, string | number> = { ...params };
  for (const [key, value] of Object.entries(params)) {
    const m = /^(.*)(Zh|En)$/.exec(key);
    if (!m) continue;
    const base = m[1]!;
    const wanted = language.startsWith('zh') ? 'Zh' : 'En';
    if (m[2] === wanted || !(`${base}${wanted}` in params)) out[base] = value;
  }
  return out;
}
