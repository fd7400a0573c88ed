/**
 * Signing a custody event on a manifest: under the manifest's row lock, the custody engine says
 * whether the event may follow and which party signs it; the viewer must be that party (or act
 * for it under a `manifests.sign` delegation) and, as a person, re-enter the password. The event
 * goes into the hash chain signed with the party's key; lines, status and discrepancies move in
 * the same transaction with the audit record and the notifications. A refused event writes
 * nothing.
 */
import type { Trx } from '../../db/database';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { actingFor } from '../delegations';
import { notify } from '../notifications';
import { applyCustodyEvent, type CustodyRefusal, type ManifestStatus, organisationOf } from './engine/custody';
import { normaliseQuantity } from './engine/quantity';
import type { JsonValue, SigningMethod } from './engine/trail';
import type { ManifestsDeps } from './manifests.keys.service';
import { manifestsPolicy } from './manifests.policy';
import * as repo from './manifests.repository';
import type { ManifestView, SignEventBody } from './manifests.schema';
import type { SignedEventView } from './manifests.sign.schema';
import { getManifest, insertNewManifest, mayRead, signingMethod } from './manifests.service';
import { appendEvent } from './manifests.trail.service';
import { checkCarrier } from './manifests.permits.service';
import { custodyStep } from './manifests.sign.changes';

function refusalMessage(r: CustodyRefusal): string {
  switch (r.code) {
    case 'illegal-transition':
      return `A manifest that is ${r.from} cannot be ${r.kind}.`;
    case 'wrong-handover':
      return `The load passes to transporter ${r.expected} next, not ${r.to}.`;
    case 'no-next-transporter':
      return `Transporter ${r.holder} is the last one: it delivers the load.`;
    case 'not-last-transporter':
      return `Transporter ${r.holder} holds the load; transporter ${r.last} delivers it.`;
    case 'nothing-accepted':
      return 'Every line was refused: nothing is processed; the load is returned or rerouted.';
  }
}

/** Status names quoted by the status-change notification (`{{status}}` in both languages). */
const statusNames: Record<ManifestStatus, [zh: string, en: string]> = {
  draft: ['草稿', 'draft'],
  sealed: ['已封装', 'sealed'],
  'in-transit': ['运输中', 'in transit'],
  delivered: ['已送达', 'delivered'],
  received: ['已接收', 'received'],
  processed: ['已处置', 'processed'],
  closed: ['已办结', 'closed'],
  cancelled: ['已作废', 'cancelled'],
  returned: ['已退回', 'returned'],
  rerouted: ['已改运', 'rerouted'],
};

/** An event signed on a phone (manifests.field.service.ts): the device's signature stands for the password and goes into the payload. */
export interface FieldSigning {
  method: 'device' | 'code';
  device: { [key: string]: JsonValue };
}

/**
 * Who signs for `owner` (a party of the manifest, read under its lock): the viewer's own
 * organisation or one that delegated `manifests.sign` to it. The same decision as
 * resolveSigner, without reading the organisation again.
 */
async function partySigner(trx: Trx, ctx: ServiceContext, owner: { organisationId: string; regionCode: string }, method: Exclude<SigningMethod, 'delegated'>) {
  const acting = await actingFor(trx, ctx.viewer, { organisationId: owner.organisationId, scope: 'manifests.sign' });
  if (acting.delegationId === null) permit(ctx.viewer, manifestsPolicy.sign(ctx.viewer, owner), 'Your role does not sign manifests.');
  else permit(ctx.viewer, manifestsPolicy.signDelegated(ctx.viewer), 'Your role does not sign manifests.');
  const actor = actorOf(ctx.viewer);
  return {
    organisation: owner.organisationId,
    user: actor?.userId ?? null,
    token: actor?.tokenId ?? null,
    delegation: acting.delegationId,
    method: acting.delegationId ? ('delegated' as const) : method,
  };
}

/** Kinds whose checks or changes read the manifest's lines (the others never do). */
const readsLines = (kind: SignEventBody['kind']) => kind === 'picked-up' || kind === 'received' || kind === 'rerouted';

/**
 * Signs the next custody event and answers compactly (status, the event's seq and hash): the
 * transition path of the API. Reads under the lock in one statement (lines only when the event
 * needs them), writes the event with the moved head and the line changes in another, and the
 * notifications with the audit record in a third.
 */
export async function signTransition(
  trx: Trx,
  ctx: ServiceContext,
  deps: ManifestsDeps,
  id: string,
  body: SignEventBody,
  now = new Date(),
  field?: FieldSigning,
  /** An event from a partner's EPCIS document (manifests.epcis.service.ts): its origin goes into the signed data. */
  imported?: { [key: string]: JsonValue },
): Promise<SignedEventView> {
  // The password first: scrypt's tens of milliseconds must not be spent holding the manifest's lock.
  const method = field ? field.method : await signingMethod(trx, ctx, body.password);
  const m = await repo.lockForTransition(trx, id, readsLines(body.kind));
  if (!m) throw errors.notFound('Manifest', id);
  const transporterIds = m.transporters.map((t) => t.id);
  const parties = { generator: { organisationId: m.generator_id, regionCode: m.region_code }, receiver: { organisationId: m.receiver_id, regionCode: m.receiver_region_code }, transporters: transporterIds };
  if (!(await mayRead(trx, ctx, parties))) throw errors.notFound('Manifest', id);
  const lines = m.lines;

  const custody = custodyStep(body, m.holder, lines, deps.config.weightTolerance);
  const { event, changes } = custody;
  let data = custody.data;
  if (body.note) data = { ...data, note: body.note };
  if (field) data = { ...data, device: field.device };
  if (imported) data = { ...data, epcis: imported };

  const step = applyCustodyEvent({ status: m.status, holder: m.holder, allRefused: m.all_refused }, event, transporterIds.length);
  if (!step.ok) throw errors.illegalTransition(refusalMessage(step.refusal));
  const signerOrganisation = organisationOf({ generator: m.generator_id, transporters: transporterIds, receiver: m.receiver_id }, step.signer)!;
  // The policy's owner with the organisation's current region, as resolveSigner reads it.
  const signer = await partySigner(trx, ctx, { organisationId: signerOrganisation, regionCode: m.regions[signerOrganisation] ?? m.transporters.find((t) => t.id === signerOrganisation)?.region ?? m.region_code }, method);

  // A carrier takes the load only with the permits the duties in force name (hazardous loads).
  if (body.kind === 'picked-up') await checkCarrier(trx, id, 1, now.toISOString().slice(0, 10));
  if (body.kind === 'handed-over') await checkCarrier(trx, id, body.to, now.toISOString().slice(0, 10));

  let reroutedTo: string | null = null;
  if (body.kind === 'rerouted') {
    // The load goes on under a new manifest to the new receiver, with what was not refused (or all of it before receipt).
    const { inserted: next } = await insertNewManifest(
      trx,
      deps,
      {
        generatorId: m.generator_id,
        generatorSiteId: m.generator_site_id,
        receiverId: body.receiverId,
        receiverSiteId: body.receiverSiteId,
        licenceId: body.licenceId,
        transporters: body.transporters,
        lines: lines.map((l) => ({ wasteCode: l.waste_code, description: l.description, quantity: normaliseQuantity(l.received ?? l.picked_up ?? l.quantity), unit: l.unit, measure: l.received || l.picked_up ? 'weighed' : l.measure, ...(l.packaging ? { packaging: l.packaging } : {}), ...(l.package_count !== null ? { packageCount: l.package_count } : {}), ...(l.grade ? { grade: l.grade } : {}) })),
        contractId: m.contract_id ?? undefined,
        deliveryId: m.delivery_id ?? undefined,
        reroutedFrom: m.id,
        transferApprovalId: body.transferApprovalId,
      },
      signer,
      body.location ?? null,
      now,
    );
    reroutedTo = next.id;
    data = { ...data, toManifest: next.id, toNumber: next.number };
  }

  const status = step.state.status;
  const appended = await appendEvent(trx, deps, { manifest: m, kind: body.kind, signer, at: now, location: body.location ?? null, data }, { status, holder: step.state.holder, all_refused: step.state.allRefused, ...(reroutedTo ? { rerouted_to: reroutedTo } : {}) }, changes);
  const [zh, en] = statusNames[status];
  await notify(trx, ctx, {
    audit: {
      action: `manifest.${body.kind}`,
      entityType: 'manifests',
      entityId: id,
      organisationId: signerOrganisation,
      before: { status: m.status, holder: m.holder, event_count: m.event_count },
      after: { status, holder: step.state.holder, event_count: appended.seq, event_id: appended.id, delegation_id: signer.delegation },
    },
    event: 'manifest.status-changed',
    subject: { type: 'manifests', id },
    recipients: { organisationIds: [...new Set([m.generator_id, m.receiver_id, ...transporterIds])] },
    params: { number: m.number, statusZh: zh, statusEn: en },
    link: `/manifests/${id}`,
    data: { manifestId: id, number: m.number, event: body.kind, status, seq: appended.seq },
    at: now,
  });
  return {
    manifestId: id,
    number: m.number,
    status,
    holder: step.state.holder,
    reroutedTo: reroutedTo ?? m.rerouted_to,
    event: { id: appended.id, seq: appended.seq, kind: body.kind, at: appended.at.toISOString(), hash: appended.hash, keyId: appended.key_id },
  };
}

/** Signs the next custody event and answers with the whole manifest as the signer now sees it. */
export async function signEvent(trx: Trx, ctx: ServiceContext, deps: ManifestsDeps, id: string, body: SignEventBody, now = new Date(), field?: FieldSigning): Promise<ManifestView> {
  await signTransition(trx, ctx, deps, id, body, now, field);
  return getManifest(trx, ctx, id, now);
}
