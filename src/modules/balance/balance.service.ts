import type { Executor, Trx } from '../../db/database';
import { regionPrefix } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { findOrganisation } from '../organisations';
import { BalanceModelError, type ReconcileOptions, reconcileBalance, type ReconciliationResult } from './engine';
import { balancePolicy } from './balance.policy';
import * as repo from './balance.repository';
import { type BalanceModelInput, massUnits } from './balance.schema';

const WRITE_REFUSED = 'Only the firm itself maintains its balance models.';

/**
 * JSON has no NaN or Infinity: a quantity the engine leaves non-finite (a degenerate test
 * statistic) is reported as null rather than breaking the response.
 */
function finiteOrNull<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as T;
}

/** Reconciles a model; structural problems become a validation error naming each problem. */
function reconcile(model: BalanceModelInput, options: ReconcileOptions = {}): ReconciliationResult {
  try {
    return finiteOrNull(reconcileBalance(model, options));
  } catch (error) {
    if (error instanceof BalanceModelError) {
      throw errors.validation(error.message, error.details.map((p) => ({ field: 'model', message: p.message, code: `accounts.model.${p.code}`, params: p.params })));
    }
    throw error;
  }
}

/** Reconciles a model the caller sends; nothing is read or stored. */
export function reconcileModel(ctx: ServiceContext, model: BalanceModelInput, options: ReconcileOptions = {}): ReconciliationResult {
  permit(ctx.viewer, balancePolicy.reconcile(ctx.viewer));
  return reconcile(model, options);
}

async function ownerOf(db: Executor, organisationId: string) {
  const org = await findOrganisation(db, organisationId);
  if (!org) throw errors.notFound('Organisation', organisationId);
  return { organisationId: org.id, regionCode: org.region_code };
}

export async function listModels(db: Executor, ctx: ServiceContext, organisationId: string) {
  permit(ctx.viewer, balancePolicy.read(ctx.viewer, await ownerOf(db, organisationId)));
  return repo.listModelsOf(db, organisationId);
}

export async function getModel(db: Executor, ctx: ServiceContext, id: string) {
  const row = await repo.findModel(db, id);
  if (!row) throw errors.notFound('Balance model', id);
  permit(ctx.viewer, balancePolicy.read(ctx.viewer, await ownerOf(db, row.organisation_id)));
  return row;
}

/** Reconciles a saved model the viewer may read. */
export async function reconcileSavedModel(db: Executor, ctx: ServiceContext, id: string, options: ReconcileOptions): Promise<ReconciliationResult> {
  const row = await getModel(db, ctx, id);
  return reconcile(row.model as BalanceModelInput, options);
}

export async function createModel(trx: Trx, ctx: ServiceContext, organisationId: string, body: { name: string; model: BalanceModelInput }) {
  permit(ctx.viewer, balancePolicy.write(ctx.viewer, await ownerOf(trx, organisationId)), WRITE_REFUSED);
  // Store only models the engine accepts, so a saved model can always be reconciled.
  reconcileStructure(body.model);
  const row = await repo.insertModel(trx, organisationId, body);
  await recordAudit(trx, ctx, { action: 'balance_model.create', entityType: 'balance_models', entityId: row.id, organisationId, after: { name: row.name } });
  return row;
}

export async function updateModel(trx: Trx, ctx: ServiceContext, id: string, body: { name: string; model: BalanceModelInput }) {
  const before = await repo.lockModel(trx, id);
  if (!before) throw errors.notFound('Balance model', id);
  permit(ctx.viewer, balancePolicy.write(ctx.viewer, await ownerOf(trx, before.organisation_id)), WRITE_REFUSED);
  reconcileStructure(body.model);
  const after = await repo.updateModel(trx, id, body);
  await recordAudit(trx, ctx, { action: 'balance_model.update', entityType: 'balance_models', entityId: id, organisationId: before.organisation_id, before: { name: before.name }, after: { name: after.name } });
  return after;
}

export async function deleteModel(trx: Trx, ctx: ServiceContext, id: string): Promise<void> {
  const before = await repo.lockModel(trx, id);
  if (!before) throw errors.notFound('Balance model', id);
  permit(ctx.viewer, balancePolicy.write(ctx.viewer, await ownerOf(trx, before.organisation_id)), WRITE_REFUSED);
  await repo.deleteModel(trx, id);
  await recordAudit(trx, ctx, { action: 'balance_model.delete', entityType: 'balance_models', entityId: id, organisationId: before.organisation_id, before: { name: before.name } });
}

function reconcileStructure(model: BalanceModelInput): void {
  reconcile(model, { skipUncertainty: true, serialElimination: false });
}

/** The balance models of a region's firms (regulators of the region, platform admins). */
export async function listRegionModels(db: Executor, ctx: ServiceContext, regionCode: string) {
  permit(ctx.viewer, balancePolicy.listRegion(ctx.viewer, regionCode), 'Only regulators of the region and platform admins list its firms’ balance models.');
  return repo.listModelsInRegion(db, regionPrefix(regionCode));
}

/** How many balance models the region's firms keep (the same audience as listRegionModels). */
export async function countRegionModels(db: Executor, ctx: ServiceContext, regionCode: string): Promise<{ models: number; firms: number }> {
  permit(ctx.viewer, balancePolicy.listRegion(ctx.viewer, regionCode), 'Only regulators of the region and platform admins list its firms’ balance models.');
  return repo.countModelsInRegion(db, regionPrefix(regionCode));
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
 * callers are modules that apply their own and `canReadFirmBalance` (the figures of a single
 * firm are confidential).
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
