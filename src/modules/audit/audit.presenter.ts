import type { AuditRow } from './audit.repository';
import type { AuditEntryView } from './audit.schema';

function presentAuditEntry(r: AuditRow): AuditEntryView {
  return {
    id: Number(r.id),
    at: r.at.toISOString(),
    actorUserId: r.actor_user_id,
    actorUsername: r.actor_username,
    actorTokenId: r.actor_token_id,
    organisationId: r.organisation_id,
    organisationCode: r.organisation_code,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    requestId: r.request_id,
  };
}

/** Newest first; the next page starts below the last id when this page is full. */
export function presentAuditPage(rows: AuditRow[], limit: number) {
  const items = rows.map(presentAuditEntry);
  return { items, nextBeforeId: items.length === limit ? (items.at(-1)?.id ?? null) : null };
}
