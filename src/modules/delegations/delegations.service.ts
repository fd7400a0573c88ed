/**
 * Delegations: one organisation (the grantee) acting for another (the grantor) within scopes and
 * a validity window. Granting and revoking are the grantor admin's, audited in the grantor's
 * trail; acting modules call `actingFor` / `assertDelegated` in their own transaction and store
 * the returned delegation id on what they write (see docs/architecture.md, "Delegation").
 */
import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { isWriter, permit } from '../../platform/policy-rules';
import type { ServiceContext, Viewer } from '../../platform/viewer';
import { actorOf } from '../../platform/viewer';
import { findOrganisation, ownerOf } from '../organisations';
import { delegationsPolicy } from './delegations.policy';
import { presentDelegation, presentDelegationRef } from './delegations.presenter';
import * as repo from './delegations.repository';
import type { DelegationRef, DelegationView, GrantBody } from './delegations.schema';
import type { DelegationScope } from './delegations.scopes';
import type { DelegationRow } from './delegations.tables';

async function ownerOfOrganisation(db: Executor, organisationId: string, field?: string) {
  const org = await findOrganisation(db, organisationId);
  if (!org) {
    if (field) throw errors.validation('Unknown organisation.', [{ field, message: `organisation ${organisationId} does not exist`, code: 'delegations.unknownOrganisation' }]);
    throw errors.notFound('Organisation', organisationId);
  }
  return ownerOf(org);
}

/** Who an act is done for, and under which delegation (null: the viewer's own organisation, or the system). */
export interface ActingFor {
  organisationId: string;
  delegationId: string | null;
}

/**
 * The delegation that lets the viewer's organisation act for `grantor` within `scope` now;
 * throws `forbidden` (naming the scope) when none is in force or the viewer may not write. The
 * row is share-locked in `trx`, so a revocation racing with the act commits after it.
 */
export async function assertDelegated(trx: Trx, viewer: Viewer, q: { grantor: string; scope: DelegationScope; at?: Date }): Promise<DelegationRow> {
  const actor = actorOf(viewer);
  if (!actor) throw viewer.kind === 'anonymous' ? errors.unauthenticated() : errors.forbidden('The system acts for organisations without a delegation; use actingFor.');
  if (!isWriter(actor)) throw errors.forbidden('Readers do not act for other organisations.');
  const found = await repo.findActiveDelegation(trx, { grantorId: q.grantor, granteeId: actor.organisationId, scope: q.scope, at: q.at ?? new Date() });
  if (!found) throw errors.forbidden(`Your organisation holds no delegation in force from organisation ${q.grantor} for "${q.scope}".`);
  return found;
}

/**
 * Resolves "for whom" an act is done: the viewer's own organisation (no delegation; the module's
 * policy decides as usual), the system (CLI, jobs: no delegation), or another organisation
 * through a delegation in force (`assertDelegated`).
 */
export async function actingFor(trx: Trx, viewer: Viewer, q: { organisationId: string; scope: DelegationScope; at?: Date }): Promise<ActingFor> {
  const actor = actorOf(viewer);
  if (viewer.kind === 'system' || actor?.organisationId === q.organisationId) return { organisationId: q.organisationId, delegationId: null };
  const d = await assertDelegated(trx, viewer, { grantor: q.organisationId, scope: q.scope, ...(q.at ? { at: q.at } : {}) });
  return { organisationId: q.organisationId, delegationId: d.id };
}

/** The organisations the viewer's organisation may act for within `scope` now (for pickers in forms). */
export async function grantorsFor(db: Executor, viewer: Viewer, scope: DelegationScope, at = new Date()): Promise<DelegationRef[]> {
  const actor = actorOf(viewer);
  if (!actor || !isWriter(actor)) return [];
  const rows = await repo.listDelegations(db, { organisationId: actor.organisationId, direction: 'received', includeRevoked: false });
  return rows.filter((r) => r.scopes.includes(scope) && r.valid_from <= at && (!r.valid_until || r.valid_until > at)).map(presentDelegationRef);
}

/** What records done under delegations show: one ref per id (ids not found are left out). */
export async function delegationRefs(db: Executor, ids: readonly (string | null)[]): Promise<Map<string, DelegationRef>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  const rows = await repo.delegationsByIds(db, wanted);
  return new Map(rows.map((r) => [r.id, presentDelegationRef(r)]));
}

export async function grantDelegation(trx: Trx, ctx: ServiceContext, grantorId: string, body: GrantBody, now = new Date()): Promise<DelegationView> {
  const grantor = await ownerOfOrganisation(trx, grantorId);
  permit(ctx.viewer, delegationsPolicy.grant(ctx.viewer, grantor), 'Only a human administrator of the granting organisation grants delegations.');
  if (body.granteeId === grantorId) throw errors.validation('An organisation does not delegate to itself.', [{ field: 'granteeId', message: 'must be another organisation', code: 'delegations.selfGrant' }]);
  await ownerOfOrganisation(trx, body.granteeId, 'granteeId');
  const validFrom = body.validFrom ? new Date(body.validFrom) : now;
  const validUntil = body.validUntil ? new Date(body.validUntil) : null;
  if (validUntil && validUntil <= validFrom) throw errors.validation('The validity ends before it starts.', [{ field: 'validUntil', message: 'must be after validFrom', code: 'delegations.windowEmpty' }]);
  if (validUntil && validUntil <= now) throw errors.validation('The validity has already ended.', [{ field: 'validUntil', message: 'must be in the future', code: 'delegations.windowPast' }]);
  const row = await repo.insertDelegation(trx, {
    grantor_id: grantorId,
    grantee_id: body.granteeId,
    scopes: [...new Set(body.scopes)],
    valid_from: validFrom,
    valid_until: validUntil,
    note: body.note ?? null,
    granted_by: actorOf(ctx.viewer)?.userId ?? null,
    granted_at: now,
  });
  await recordAudit(trx, ctx, { action: 'delegation.grant', entityType: 'delegations', entityId: row.id, organisationId: grantorId, after: row });
  // The grantee's trail shows it too: it now acts for someone else.
  await recordAudit(trx, ctx, { action: 'delegation.received', entityType: 'delegations', entityId: row.id, organisationId: body.granteeId, after: row });
  const [listed] = await repo.delegationsByIds(trx, [row.id]);
  return presentDelegation(ctx.viewer, listed!, now);
}

export async function revokeDelegation(trx: Trx, ctx: ServiceContext, id: string, reason: string | null, now = new Date()): Promise<DelegationView> {
  const before = await repo.lockDelegation(trx, id);
  if (!before) throw errors.notFound('Delegation', id);
  const grantor = await ownerOfOrganisation(trx, before.grantor_id);
  const grantee = await ownerOfOrganisation(trx, before.grantee_id);
  if (!delegationsPolicy.read(ctx.viewer, grantor, grantee)) throw errors.notFound('Delegation', id);
  permit(ctx.viewer, delegationsPolicy.revoke(ctx.viewer, grantor), 'Only an administrator of the granting organisation revokes a delegation.');
  if (before.revoked_at) throw errors.illegalTransition('The delegation is already revoked.');
  const after = await repo.revokeDelegation(trx, id, actorOf(ctx.viewer)?.userId ?? null, reason, now);
  await recordAudit(trx, ctx, { action: 'delegation.revoke', entityType: 'delegations', entityId: id, organisationId: before.grantor_id, before, after });
  await recordAudit(trx, ctx, { action: 'delegation.revoked', entityType: 'delegations', entityId: id, organisationId: before.grantee_id, before, after });
  const [listed] = await repo.delegationsByIds(trx, [id]);
  return presentDelegation(ctx.viewer, listed!, now);
}

export async function getDelegation(db: Executor, ctx: ServiceContext, id: string, now = new Date()): Promise<DelegationView> {
  const [row] = await repo.delegationsByIds(db, [id]);
  if (!row) throw errors.notFound('Delegation', id);
  const ok = delegationsPolicy.read(ctx.viewer, { organisationId: row.grantor_id, regionCode: row.grantor_region }, { organisationId: row.grantee_id, regionCode: row.grantee_region });
  if (!ok) {
    permit(ctx.viewer, ctx.viewer.kind !== 'anonymous');
    throw errors.notFound('Delegation', id);
  }
  return presentDelegation(ctx.viewer, row, now);
}

/** An organisation's delegations in both directions (or one); null lists every organisation's (platform admins, CLI). */
export async function listDelegations(db: Executor, ctx: ServiceContext, q: { organisationId: string | null; direction: 'granted' | 'received' | 'both'; includeRevoked: boolean }, now = new Date()): Promise<DelegationView[]> {
  if (q.organisationId === null) {
    permit(ctx.viewer, delegationsPolicy.listAll(ctx.viewer));
  } else {
    const owner = await ownerOfOrganisation(db, q.organisationId);
    permit(ctx.viewer, delegationsPolicy.read(ctx.viewer, owner, owner));
  }
  const rows = await repo.listDelegations(db, q);
  return rows.map((r) => presentDelegation(ctx.viewer, r, now));
}
