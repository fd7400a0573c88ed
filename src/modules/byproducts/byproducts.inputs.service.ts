import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { canReadFirmBalance, latestReconciledOutflows } from '../balance';
import { organisationOwner } from './byproducts.mapping';
import { byproductsPolicy, type StreamOwnerRef } from './byproducts.policy';
import { type FirmInputsView, presentFirmInputs } from './byproducts.presenter';
import { manufacturerOnly, type Organisation, resolveOrganisation } from './byproducts.references';
import * as repo from './byproducts.repository';
import type { FirmInputsBody } from './byproducts.schema';
import { compareWithBalance, type FirmMciInputs, firmInputsForPeriod, firmMaterialCircularity, outflowTotal } from './engine';

/** A firm's declared inputs, its Material Circularity Indicator and its reconciled balance beside its figures. */

function engineInputs(v: FirmInputsView): FirmMciInputs {
  return {
    virginFeedstockT: v.virginFeedstockT,
    recycledFeedstockT: v.recycledFeedstockT,
    reusedFeedstockT: v.reusedFeedstockT,
    recycledFeedstockEfficiency: v.recycledFeedstockEfficiency,
    productRecycledFraction: v.productRecycledFraction,
    productReusedFraction: v.productReusedFraction,
    recyclingEfficiency: v.recyclingEfficiency,
    utility: v.utility,
  };
}

/** The MCI of a firm for a period from its declared inputs and its by-product figures; null + reason when inputs are missing. */
export async function firmMci(db: Executor, organisationId: string, period: string, figures: { generatedT: number; utilisedT: number }) {
  const rows = (await repo.firmInputsFor(db, organisationId, period)).map(presentFirmInputs);
  const declared = new Map(rows.map((r) => [r.period, engineInputs(r)]));
  const { inputs, assumptions } = firmInputsForPeriod(declared, period);
  const used = rows.find((r) => r.period === period) ?? rows.find((r) => r.period === period.slice(0, 4)) ?? null;
  const r = firmMaterialCircularity(figures, inputs, assumptions);
  return { value: r.value, reasonCode: r.reasonCode, reason: r.reason, assumptions: r.assumptions, inputs: used, terms: r.terms ? { ...r.terms } : null };
}

/**
 * The firm's reconciled balance beside its figures (issue 5). The stricter of the two policies
 * applies: whoever may see the firm's figures but not its balance (its park administration)
 * gets null with `not-permitted`, since the balance reveals process yields.
 */
export async function firmBalance(db: Executor, ctx: ServiceContext, owner: StreamOwnerRef, organisationId: string, period: string, declaredT: number) {
  if (!(canReadFirmBalance(ctx.viewer, owner) && byproductsPolicy.read(ctx.viewer, owner))) return { balance: null, balanceReasonCode: 'not-permitted' as const };
  const b = await latestReconciledOutflows(db, organisationId);
  if (!b) return { balance: null, balanceReasonCode: 'no-model' as const };
  const byproducts = outflowTotal(b.outflows, 'byproduct');
  const losses = outflowTotal(b.outflows, 'loss');
  const { comparison, reasonCode } = compareWithBalance(declaredT, b.period, period, byproducts);
  return {
    balance: {
      modelId: b.modelId,
      modelName: b.modelName,
      period: b.period,
      updatedAt: b.updatedAt,
      chiSquarePassed: b.chiSquarePassed,
      contradictions: b.contradictions,
      byproducts,
      losses,
      outflows: b.outflows,
      comparison,
      comparisonReasonCode: reasonCode,
    },
    balanceReasonCode: null,
  };
}

async function writableFirm(db: Executor, ctx: ServiceContext, ref: string): Promise<Organisation> {
  const org = await resolveOrganisation(db, ref, 'organisation');
  permit(ctx.viewer, byproductsPolicy.write(ctx.viewer, organisationOwner(org)), 'Only the firm (or its park administration) declares its inputs.');
  manufacturerOnly(org);
  return org;
}

export async function listFirmInputs(db: Executor, ctx: ServiceContext, ref: string): Promise<FirmInputsView[]> {
  const org = await resolveOrganisation(db, ref, 'organisation');
  permit(ctx.viewer, byproductsPolicy.read(ctx.viewer, organisationOwner(org)), 'A firm’s inputs are confidential to it, its park administration and its regulators.');
  return (await repo.listFirmInputs(db, org.id)).map(presentFirmInputs);
}

/** Declares (or corrects) a firm's inputs for a period (YYYY or YYYY-MM). */
export async function putFirmInputs(trx: Trx, ctx: ServiceContext, ref: string, period: string, body: FirmInputsBody): Promise<FirmInputsView> {
  const org = await writableFirm(trx, ctx, ref);
  const before = await repo.findFirmInputs(trx, org.id, period);
  await repo.upsertFirmInputs(trx, {
    organisation_id: org.id,
    period,
    virgin_feedstock_t: body.virginFeedstockT,
    recycled_feedstock_t: body.recycledFeedstockT,
    reused_feedstock_t: body.reusedFeedstockT,
    recycled_feedstock_efficiency: body.recycledFeedstockEfficiency,
    product_recycled_fraction: body.productRecycledFraction,
    product_reused_fraction: body.productReusedFraction,
    recycling_efficiency: body.recyclingEfficiency,
    utility: body.utility,
    note: body.note,
    updated_by: actorOf(ctx.viewer)?.userId ?? null,
  });
  const after = (await repo.findFirmInputs(trx, org.id, period))!;
  await recordAudit(trx, ctx, { action: 'byproduct_firm_inputs.put', entityType: 'byproduct_firm_inputs', entityId: `${org.id}:${period}`, organisationId: org.id, before: before ?? null, after });
  return presentFirmInputs(after);
}

export async function deleteFirmInputs(trx: Trx, ctx: ServiceContext, ref: string, period: string): Promise<void> {
  const org = await writableFirm(trx, ctx, ref);
  const before = await repo.findFirmInputs(trx, org.id, period);
  if (!before) throw errors.notFound('Inputs', `${org.code} ${period}`);
  await repo.deleteFirmInputs(trx, org.id, period);
  await recordAudit(trx, ctx, { action: 'byproduct_firm_inputs.delete', entityType: 'byproduct_firm_inputs', entityId: `${org.id}:${period}`, organisationId: org.id, before });
}
