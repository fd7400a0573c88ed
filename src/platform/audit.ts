import type { Trx } from '../db/database';
import { columnLevel } from './classification';
import { actorOf, type ServiceContext } from './viewer';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  /** Organisation the record belongs to (whose audit trail shows it). */
  organisationId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * Summaries never contain restricted columns (password or token hashes), whatever the caller
 * passes: the audit log is readable by admins and regulators.
 */
function summary(table: string, value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (columnLevel(table, key) === 'restricted') continue;
    out[key] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

function jsonOrNull(value: Record<string, unknown> | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** Writes the audit record in the caller's transaction, so it exists exactly when the write does. */
export async function recordAudit(trx: Trx, ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  const actor = actorOf(ctx.viewer);
  await trx
    .insertInto('audit_log')
    .values({
      actor_user_id: actor?.userId ?? null,
      actor_token_id: actor?.tokenId ?? null,
      organisation_id: entry.organisationId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      // SQL NULL when there is nothing, not the JSON value null: the two would be told apart by
      // `where before is null` but not by a backup (row_to_json writes both as null).
      before: jsonOrNull(summary(entry.entityType, entry.before)),
      after: jsonOrNull(summary(entry.entityType, entry.after)),
      request_id: ctx.requestId,
    })
    .execute();
}
