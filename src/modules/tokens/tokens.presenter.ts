import type { TokenView } from './tokens.schema';
import type { ApiTokenRow } from './tokens.tables';

/** Never the hash: the secret is shown once, when the token is created. */
export function presentToken(row: ApiTokenRow): TokenView {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
