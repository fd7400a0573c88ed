import { sql } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { RequestContext } from '../../platform/actor';
import { recordAudit, type SystemContext } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { regionPrefix, type Actor } from '../../platform/actor';
import { authorize, balancePolicy } from '../../platform/policies';
import { findOrganisation } from '../organisations/organisations.repository';
import { BalanceModelError, type ReconcileOptions, reconcileBalance, type ReconciliationResult } from './engine';
import * as repo from './balance.repository';
import { type BalanceModelInput, massUnits } from './balance.schema';

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
      throw errors.validation(error.message, error.details.map((p) => ({ field: 'model', message: p.message, code: `accounts.model.${p.code}`, params: p.params })));
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

/** The balance models of a region's firms (regulators of the region, platform admins). */
export async function listRegionModels(db: Executor, actor: Actor, regionCode: string) {
  authorize(balancePolicy.listRegion(actor, regionCode), 'Only regulators of the region and platform admins list its firms’ balance models.');
  const rows = await repo.listModelsInRegion(db, regionPrefix(regionCode));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    organisationId: r.organisation_id,
    organisationCode: r.organisation_code,
    organisationName: r.organisation_name,
    region: r.region_code,
    processes: r.processes,
    flows: r.flows,
    period: r.period,
    updatedAt: r.updated_at.toISOString(),
  }));
}

export interface BalanceOutflow {
  flowId: string;
  name: string | null;
  kind: 'byproduct' | 'loss';
  /** Reconciled value in tonnes per the model's period; null when the model does not determine it. */
  tonnes: number | null;
  sdTonnes: number | null;
  status: 'measured' | 'fixed' | 'computed' | 'undetermined';
}

export interface FirmBalanceOutflows {
  modelId: string;
  modelName: string;
  /** YYYY-MM or YYYY, or null for a nominal period (e.g. one batch): the reader decides how to scale. */
  period: string | null;
  updatedAt: string;
  /** False when the reconciliation's global test failed: the figures carry a gross error. */
  chiSquarePassed: boolean;
  contradictions: number;
  outflows: BalanceOutflow[];
}

/**
 * For the by-product module's circularity figures: the firm's latest balance model (latest
 * period, then latest saved), reconciled now, and its outflows to the outside that the model
 * marks as `byproduct` or `loss`, in tonnes. Null when the firm has no model. No policy check:
 * callers are modules that apply their own (the figures of a single firm are confidential).
 */
export async function latestReconciledOutflows(db: Executor, organisationId: string): Promise<FirmBalanceOutflows | null> {
  const row = await repo.latestModelOf(db, organisationId);
  if (!row) return null;
  const model = row.model as BalanceModelInput;
  const result = reconcile(model, { serialElimination: false });
  const toTonnes = massUnits[model.unit ?? 't'];
  const outflows: BalanceOutflow[] = [];
  for (const f of model.flows) {
    if (f.to !== null || (f.kind !== 'byproduct' && f.kind !== 'loss')) continue;
    const e = result.flows[f.id]!;
    outflows.push({
      flowId: f.id,
      name: f.name ?? null,
      kind: f.kind,
      tonnes: e.value === null ? null : e.value * toTonnes,
      sdTonnes: e.sd === null ? null : e.sd * toTonnes,
      status: e.status,
    });
  }
  return {
    modelId: row.id,
    modelName: row.name,
    period: model.period ?? null,
    updatedAt: row.updated_at.toISOString(),
    chiSquarePassed: result.chiSquare.passed,
    contradictions: result.contradictions.length,
    outflows,
  };
}
