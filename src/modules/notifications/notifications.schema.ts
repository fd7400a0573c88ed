import { z } from 'zod';
import { notificationEvents } from './notifications.events';

export const notificationEvent = z.enum(notificationEvents);

export const notificationView = z.object({
  id: z.string().uuid(),
  event: notificationEvent,
  subject: z.object({ type: z.string(), id: z.string() }),
  /** The values the event's text quotes (names, numbers); the web renders `notifications.event.<event>` with them. */
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** A path of the web app to open, or null. */
  link: z.string().nullable(),
  /** The organisation the event was addressed to (the user's membership), or null when addressed to the user. */
  organisationId: z.string().uuid().nullable(),
  createdAt: z.string().datetime({ offset: true }),
  readAt: z.string().datetime({ offset: true }).nullable(),
});
export type NotificationView = z.infer<typeof notificationView>;

export const inboxQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** The `nextCursor` of the previous page. */
  cursor: z
    .string()
    .max(100)
    .regex(/^\d{13}_[0-9a-f-]{36}$/, 'a cursor returned by the previous page')
    .optional(),
});
export type InboxQuery = z.infer<typeof inboxQuery>;

export const inboxPage = z.object({
  items: z.array(notificationView),
  unread: z.number().int(),
  nextCursor: z.string().nullable(),
});

export const unreadView = z.object({ unread: z.number().int() });

export const markReadBody = z.object({ ids: z.array(z.string().uuid()).min(1).max(200) }).strict();
export const markedView = z.object({ marked: z.number().int(), unread: z.number().int() });
