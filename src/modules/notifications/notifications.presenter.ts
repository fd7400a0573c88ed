import type { NotificationView } from './notifications.schema';
import type { NotificationRow } from './notifications.tables';

/** Only ever shown to the row's own user (notificationsPolicy.readInbox). */
export function presentNotification(r: NotificationRow): NotificationView {
  return {
    id: r.id,
    event: r.event,
    subject: { type: r.subject_type, id: r.subject_id },
    params: r.params,
    link: r.link,
    organisationId: r.organisation_id,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at?.toISOString() ?? null,
  };
}
