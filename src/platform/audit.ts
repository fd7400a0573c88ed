import { sql } from 'kysely';
import type { Executor, Trx } from '../db/database';
import { errors } from './errors';
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

/** The audit_log row of an entry, as the caller's viewer writes it. */
export function auditRow(ctx: ServiceContext, entry: AuditEntry) {
  const actor = actorOf(ctx.viewer);
  return {
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
  };
}

const auditColumns = ['actor_user_id', 'actor_token_id', 'organisation_id', 'action', 'entity_type', 'entity_id', 'before', 'after', 'request_id'] as const;

/**
 * The insert of the audit record (not yet run), for a caller that sends it with other writes in
 * one statement (`notify` takes it as `audit`). A write by an API token is recorded only while
 * the token is valid (not revoked, not expired): requests find tokens in a per-process cache
 * (platform/token-cache.ts), and this keeps a revocation made by any process effective for every
 * audited write at once, with no lookup of its own. `returning 1`: no row means the token is no
 * longer valid (`assertAudited`).
 */
export function auditInsert(db: Executor, ctx: ServiceContext, entry: AuditEntry) {
  const row = auditRow(ctx, entry);
  const tokenId = row.actor_token_id;
  if (tokenId === null) return db.insertInto('audit_log').values(row).returning(sql<number>`1`.as('one'));
  return db
    .insertInto('audit_log')
    .columns([...auditColumns])
    .expression((eb) =>
      eb
        .selectFrom('api_tokens as t')
        .select([
          sql<string | null>`cast(${row.actor_user_id} as uuid)`.as('actor_user_id'),
          't.id as actor_token_id',
          sql<string | null>`cast(${row.organisation_id} as uuid)`.as('organisation_id'),
          sql<string>`cast(${row.action} as text)`.as('action'),
          sql<string>`cast(${row.entity_type} as text)`.as('entity_type'),
          sql<string | null>`cast(${row.entity_id} as text)`.as('entity_id'),
          sql<string | null>`cast(${row.before} as jsonb)`.as('before'),
          sql<string | null>`cast(${row.after} as jsonb)`.as('after'),
          sql<string | null>`cast(${row.request_id} as text)`.as('request_id'),
        ])
        .where('t.id', '=', tokenId)
        .where('t.revoked_at', 'is', null)
        .where((w) => w.or([w('t.expires_at', 'is', null), w('t.expires_at', '>', sql<Date>`now()`)])),
    )
    .returning(sql<number>`1`.as('one'));
}

/** Throws when an audit insert wrote nothing: the API token was revoked or expired meanwhile; the transaction rolls back. */
export function assertAudited(written: number): void {
  if (written === 0) throw errors.unauthenticated('The API token is unknown, revoked or expired.');
}

/** Writes the audit record in the caller's transaction, so it exists exactly when the write does. */
export async function recordAudit(trx: Trx, ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  const rows = await auditInsert(trx, ctx, entry).execute();
  assertAudited(rows.length);
}
