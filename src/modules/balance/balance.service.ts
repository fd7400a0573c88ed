import { sql } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { RequestContext } from '../../platform/actor';
import { recordAudit, type SystemContext } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { authorize, balancePolicy } from '../../platform/policies';
import { findOrganisation } from '../organisations/organisations.repository';
import { BalanceModelError, type ReconcileOptions, reconcileBalance, type ReconciliationResult } from './engine';
import type { BalanceModelInput } from './balance.schema';

/**
 * JSON has no NaN or Infinity: a quantity the engine leaves non-finite (a degenerate test
 * statistic) is reported as null rather than breaking the response.
 */
function finiteOrNull<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as T;
}

/** Reconciles a model; structural problems become a validation error naming each problem. */
export function reconcile(model: BalanceModelInput, options: ReconcileOptions = {}): ReconciliationResult {
  try {
    return finiteOrNull(reconcileBalance(model, options));
  } catch (error) {
    if (error instanceof BalanceModelError) {
      throw errors.validation(error.message, error.problems.map((p) => ({ field: 'model', message: p })));
    }
    throw error;
  }
}

async function ownerOf(db: Executor, organisationId: string) {
  const org = await findOrganisation(db, organisationId);
  if (!org) throw errors.notFound('Organisation', organisationId);
  return { organisationId: org.id, regionCode: org.region_code };
}

export async function listModels(db: Executor, ctx: RequestContext, organisationId: string) {
  authorize(balancePolicy.read(ctx.actor, await ownerOf(db, organisationId)));
  return db.selectFrom('balance_models').selectAll().where('organisation_id', '=', organisationId).orderBy('name').execute();
}

export async function getModel(db: Executor, ctx: RequestContext, id: string) {
  const row = await db.selectFrom('balance_models').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound('Balance model', id);
  authorize(balancePolicy.read(ctx.actor, await ownerOf(db, row.organisation_id)));
  return row;
}

export async function createModel(trx: Trx, ctx: RequestContext | SystemContext, organisationId: string, body: { name: string; model: BalanceModelInput }) {
  if (ctx.actor) authorize(balancePolicy.write(ctx.actor, await ownerOf(trx, organisationId)), 'Only the firm itself maintains its balance models.');
  // Store only models the engine accepts, so a saved model can always be reconciled.
  reconcileStructure(body.model);
  const row = await trx
    .insertInto('balance_models')
    .values({ organisation_id: organisationId, name: body.name, model: JSON.stringify(body.model) })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, ctx, { action: 'balance_model.create', entityType: 'balance_models', entityId: row.id, organisationId, after: { name: row.name } });
  return row;
}

export async function updateModel(trx: Trx, ctx: RequestContext, id: string, body: { name: string; model: BalanceModelInput }) {
  const before = await trx.selectFrom('balance_models').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!before) throw errors.notFound('Balance model', id);
  authorize(balancePolicy.write(ctx.actor, await ownerOf(trx, before.organisation_id)), 'Only the firm itself maintains its balance models.');
  reconcileStructure(body.model);
  const after = await trx
    .updateTable('balance_models')
    .set({ name: body.name, model: JSON.stringify(body.model), updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, ctx, { action: 'balance_model.update', entityType: 'balance_models', entityId: id, organisationId: before.organisation_id, before: { name: before.name }, after: { name: after.name } });
  return after;
}

export async function deleteModel(trx: Trx, ctx: RequestContext, id: string) {
  const before = await trx.selectFrom('balance_models').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!before) throw errors.notFound('Balance model', id);
  authorize(balancePolicy.write(ctx.actor, await ownerOf(trx, before.organisation_id)), 'Only the firm itself maintains its balance models.');
  await trx.deleteFrom('balance_models').where('id', '=', id).execute();
  await recordAudit(trx, ctx, { action: 'balance_model.delete', entityType: 'balance_models', entityId: id, organisationId: before.organisation_id, before: { name: before.name } });
}

function reconcileStructure(model: BalanceModelInput): void {
  reconcile(model, { skipUncertainty: true, serialElimination: false });
}

export function presentModel(row: { id: string; organisation_id: string; name: string; model: unknown; created_at: Date; updated_at: Date }) {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    name: row.name,
    model: row.model as BalanceModelInput,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
