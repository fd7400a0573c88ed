import type { ApiTokenRow, Trx } from '../../db/database';
import type { RequestContext } from '../../platform/actor';
import { recordAudit, type SystemContext } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { apiTokenPolicy, authorize } from '../../platform/policies';
import { randomSecret, sha256 } from '../../platform/tokens';
import { API_TOKEN_PREFIX } from '../../server/context';
import { findOrganisation } from '../organisations/organisations.repository';
import * as repo from './tokens.repository';
import type { CreateTokenBody } from './tokens.schema';

export function presentToken(row: ApiTokenRow) {
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

/** Token format `hlp_<8-char prefix>_<secret>`: the prefix lets owners recognise a token in lists and logs. */
export async function createApiToken(
  trx: Trx,
  ctx: RequestContext | SystemContext,
  organisationId: string,
  body: CreateTokenBody,
): Promise<{ row: ApiTokenRow; token: string }> {
  const org = await findOrganisation(trx, organisationId);
  if (!org) throw errors.notFound('Organisation', organisationId);
  if (ctx.actor) {
    authorize(apiTokenPolicy.create(ctx.actor, { organisationId: org.id, regionCode: org.region_code }), 'Only a human administrator of the organisation creates API tokens.');
  }
  const prefix = randomSecret(6).slice(0, 8);
  const token = `${API_TOKEN_PREFIX}${prefix}_${randomSecret(32)}`;
  const row = await repo.insertToken(trx, {
    organisation_id: organisationId,
    name: body.name,
    prefix,
    token_hash: sha256(token),
    role: body.role,
    created_by: ctx.actor?.userId ?? null,
    expires_at: body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000) : null,
  });
  await recordAudit(trx, ctx, { action: 'api_token.create', entityType: 'api_tokens', entityId: row.id, organisationId, after: row });
  return { row, token };
}

export async function revokeApiToken(trx: Trx, ctx: RequestContext | SystemContext, tokenId: string): Promise<ApiTokenRow> {
  const before = await repo.lockToken(trx, tokenId);
  if (!before) throw errors.notFound('API token', tokenId);
  const org = await findOrganisation(trx, before.organisation_id);
  if (!org) throw errors.notFound('Organisation', before.organisation_id);
  if (ctx.actor) authorize(apiTokenPolicy.revoke(ctx.actor, { organisationId: org.id, regionCode: org.region_code }));
  if (before.revoked_at) return before;
  const after = await repo.revokeToken(trx, tokenId);
  await recordAudit(trx, ctx, { action: 'api_token.revoke', entityType: 'api_tokens', entityId: tokenId, organisationId: org.id, before, after });
  return after;
}
