import type { Executor, MembershipRole, Trx } from '../../db/database';
import type { ApiTokenRow } from './tokens.tables';

export function listTokens(db: Executor, organisationId: string): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().where('organisation_id', '=', organisationId).orderBy('created_at', 'desc').execute();
}

export function insertToken(
  trx: Trx,
  values: { organisation_id: string; name: string; prefix: string; token_hash: string; role: MembershipRole; created_by: string | null; expires_at: Date | null },
): Promise<ApiTokenRow> {
  return trx.insertInto('api_tokens').values(values).returningAll().executeTakeFirstOrThrow();
}

export function lockToken(trx: Trx, id: string): Promise<ApiTokenRow | undefined> {
  return trx.selectFrom('api_tokens').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findTokenByPrefix(db: Executor, prefix: string): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().where('prefix', '=', prefix).execute();
}

export function revokeToken(trx: Trx, id: string): Promise<ApiTokenRow> {
  return trx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
