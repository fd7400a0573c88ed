import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { consumeRateLimit } from '../../platform/rate-limit';
import { forgetToken } from '../../platform/token-cache';
import { API_TOKEN_PREFIX, randomSecret, sha256 } from '../../platform/tokens';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { findOrganisation, ownerOf } from '../organisations';
import { apiTokenPolicy } from './tokens.policy';
import * as repo from './tokens.repository';
import type { CreateTokenBody } from './tokens.schema';
import type { ApiTokenRow } from './tokens.tables';

const TOKEN_CREATE_LIMIT = { max: 20, windowSeconds: 3600 };
const DAY_MS = 86_400_000;

async function organisationOwner(db: Executor, organisationId: string) {
  const org = await findOrganisation(db, organisationId);
  if (!org) throw errors.notFound('Organisation', organisationId);
  return ownerOf(org);
}

export async function listTokens(db: Executor, ctx: ServiceContext, organisationId: string): Promise<ApiTokenRow[]> {
  const owner = await organisationOwner(db, organisationId);
  permit(ctx.viewer, apiTokenPolicy.list(ctx.viewer, owner));
  return repo.listTokens(db, owner.organisationId);
}

/**
 * Counts a token creation against the caller's hourly budget, outside the creating transaction
 * so that refused or failed attempts count too. The system viewer has no budget.
 */
export async function spendTokenCreation(db: Executor, ctx: ServiceContext): Promise<void> {
  const actor = actorOf(ctx.viewer);
  if (!actor) return;
  const limit = await consumeRateLimit(db, `token:create:${actor.userId ?? actor.tokenId}`, TOKEN_CREATE_LIMIT.max, TOKEN_CREATE_LIMIT.windowSeconds);
  if (!limit.allowed) throw errors.rateLimited(limit.retryAfterSeconds);
}

/** Token format `hlp_<8-char prefix>_<secret>`: the prefix lets owners recognise a token in lists and logs. */
export async function createApiToken(trx: Trx, ctx: ServiceContext, organisationId: string, body: CreateTokenBody): Promise<{ row: ApiTokenRow; token: string }> {
  const owner = await organisationOwner(trx, organisationId);
  permit(ctx.viewer, apiTokenPolicy.create(ctx.viewer, owner), 'Only a human administrator of the organisation creates API tokens.');
  const prefix = randomSecret(6).slice(0, 8);
  const token = `${API_TOKEN_PREFIX}${prefix}_${randomSecret(32)}`;
  const row = await repo.insertToken(trx, {
    organisation_id: organisationId,
    name: body.name,
    prefix,
    token_hash: sha256(token),
    role: body.role,
    created_by: actorOf(ctx.viewer)?.userId ?? null,
    expires_at: body.expiresInDays ? new Date(Date.now() + body.expiresInDays * DAY_MS) : null,
  });
  await recordAudit(trx, ctx, { action: 'api_token.create', entityType: 'api_tokens', entityId: row.id, organisationId, after: row });
  return { row, token };
}

export async function revokeApiToken(trx: Trx, ctx: ServiceContext, tokenId: string): Promise<ApiTokenRow> {
  const before = await repo.lockToken(trx, tokenId);
  if (!before) throw errors.notFound('API token', tokenId);
  const owner = await organisationOwner(trx, before.organisation_id);
  permit(ctx.viewer, apiTokenPolicy.revoke(ctx.viewer, owner));
  if (before.revoked_at) return before;
  const after = await repo.revokeToken(trx, tokenId);
  // This process's requests read the token afresh from now on (the others within a second: platform/token-cache.ts).
  forgetToken(tokenId);
  await recordAudit(trx, ctx, { action: 'api_token.revoke', entityType: 'api_tokens', entityId: tokenId, organisationId: owner.organisationId, before, after });
  return after;
}
