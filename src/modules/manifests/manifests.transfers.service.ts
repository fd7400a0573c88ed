/**
 * Cross-province transfers of hazardous waste (Solid Waste Law 2020 art. 82 and the transfer rules
 * in force since 2022): the generator applies (codes, tonnes, validity, receiver, provinces on the
 * route); the destination province's ecology department agrees or refuses, then the origin
 * province's approves or refuses; on approval the regulators of the destination and transit
 * provinces are notified (inbox and webhooks through the notification outbox, and a notice row
 * each). `checkTransfer` is what manifest creation asks: a cross-province hazardous load needs an
 * approval in force for its codes, its receiver and the tonnes still free.
 */
import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors, type FieldIssue } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { notify } from '../notifications';
import { findOrganisation, ownerOf } from '../organisations';
import { provinceOf } from './engine/duties';
import { fromMilli } from './engine/quantity';
import * as lawRepo from './manifests.law.repository';
import { lawPolicy, type TransferRoute } from './manifests.law.policy';
import type { ApplyTransferBody, ApprovalView, DecideTransferBody } from './manifests.law.schema';
import type { NoticeRole, TransferApprovalRow, TransferStatus } from './manifests.law.tables';
import * as repo from './manifests.repository';

const invalid = (message: string, field: string, code: string, params?: Record<string, string | number>): never => {
  const issue: FieldIssue = { field, message, code: `manifests.${code}`, ...(params ? { params } : {}) };
  throw errors.validation(message, [issue]);
};

const routeOf = (a: TransferApprovalRow): TransferRoute => ({ generatorId: a.generator_id, receiverId: a.receiver_id, originProvince: a.origin_province, destinationProvince: a.destination_province, transitProvinces: a.transit_provinces });
const milliOf = (numeric: string | number) => Math.round(Number(numeric) * 1000);

async function present(db: Executor, ctx: ServiceContext, rows: readonly TransferApprovalRow[]): Promise<ApprovalView[]> {
  const ids = rows.map((r) => r.id);
  const [used, notices] = [await lawRepo.usedTonnes(db, ids), await lawRepo.noticesOf(db, ids)];
  const names = await repo.organisationNames(db, [
    ...rows.flatMap((r) => [r.generator_id, r.receiver_id, r.destination_organisation_id, r.origin_organisation_id].filter((x): x is string => x !== null)),
    ...notices.map((n) => n.organisation_id),
  ]);
  const regions = await lawRepo.regionNames(db, rows.flatMap((r) => [r.origin_province, r.destination_province, ...r.transit_provinces]));
  const ref = (id: string) => {
    const n = names.get(id);
    return { id, nameZh: n?.name_zh ?? '', nameEn: n?.name_en ?? '' };
  };
  return rows.map((r) => {
    const remaining = Math.max(0, milliOf(r.quantity) - Math.round((used.get(r.id) ?? 0) * 1000));
    return {
      id: r.id,
      generator: ref(r.generator_id),
      receiver: ref(r.receiver_id),
      wasteCodes: r.waste_codes,
      quantity: fromMilli(milliOf(r.quantity)),
      remaining: fromMilli(remaining),
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      originProvince: r.origin_province,
      destinationProvince: r.destination_province,
      transitProvinces: r.transit_provinces,
      provinces: [r.origin_province, r.destination_province, ...r.transit_provinces].map((code) => {
        const n = regions.find((g) => g.code === code);
        return { code, nameZh: n?.name_zh ?? code, nameEn: n?.name_en ?? code };
      }),
      status: r.status,
      appliedAt: r.applied_at.toISOString(),
      destination: r.destination_organisation_id && r.destination_decision && r.destination_decided_at ? { organisation: ref(r.destination_organisation_id), decision: r.destination_decision, reason: r.destination_reason, at: r.destination_decided_at.toISOString() } : null,
      origin: r.origin_organisation_id && r.origin_decision && r.origin_decided_at ? { organisation: ref(r.origin_organisation_id), decision: r.origin_decision, reason: r.origin_reason, at: r.origin_decided_at.toISOString() } : null,
      notices: notices.filter((n) => n.approval_id === r.id).map((n) => ({ organisation: ref(n.organisation_id), role: n.role, province: n.province, at: n.at.toISOString() })),
      canDecide: decisionsOpen(ctx, r),
    };
  });
}

/** The decisions the viewer may take on the approval now. */
function decisionsOpen(ctx: ServiceContext, r: TransferApprovalRow): ('agree' | 'refuse' | 'approve')[] {
  if (ctx.viewer.kind !== 'actor') return [];
  switch (r.status) {
    case 'applied':
      return lawPolicy.decideAs(ctx.viewer, r.destination_province) ? ['agree', 'refuse'] : [];
    case 'destination-agreed':
      return lawPolicy.decideAs(ctx.viewer, r.origin_province) ? ['approve', 'refuse'] : [];
    case 'approved':
    case 'refused':
      return [];
  }
}

/** Notifies the regulators of the provinces and records a notice for each. */
async function noticeTo(trx: Trx, ctx: ServiceContext, a: TransferApprovalRow, targets: { role: NoticeRole; provinces: readonly string[] }[], now: Date): Promise<void> {
  const rows: { approval_id: string; organisation_id: string; role: NoticeRole; province: string; at: Date }[] = [];
  for (const t of targets) {
    for (const r of await lawRepo.regulatorsIn(trx, t.provinces)) rows.push({ approval_id: a.id, organisation_id: r.id, role: t.role, province: provinceOf(r.region_code), at: now });
  }
  if (rows.length === 0) return;
  await lawRepo.insertNotices(trx, rows);
  await notify(trx, ctx, {
    event: 'manifest.transfer-notice',
    subject: { type: 'manifest_transfer_approvals', id: a.id },
    recipients: { organisationIds: [...new Set(rows.map((r) => r.organisation_id))] },
    params: { outcome: a.status },
    link: '/manifests/approvals',
    data: { approvalId: a.id, status: a.status, originProvince: a.origin_province, destinationProvince: a.destination_province, transitProvinces: a.transit_provinces, wasteCodes: a.waste_codes, quantity: fromMilli(milliOf(a.quantity)), validFrom: a.valid_from, validUntil: a.valid_until },
    at: now,
  });
}

export async function applyTransfer(trx: Trx, ctx: ServiceContext, body: ApplyTransferBody, now = new Date()): Promise<ApprovalView> {
  const generator = await findOrganisation(trx, body.generatorId);
  if (!generator) return invalid('Unknown organisation.', 'generatorId', 'unknownOrganisation');
  permit(ctx.viewer, lawPolicy.applyTransfer(ctx.viewer, ownerOf(generator)), "Only the generator's members apply for its transfers.");
  const receiver = await findOrganisation(trx, body.receiverId);
  if (!receiver) return invalid('Unknown organisation.', 'receiverId', 'unknownOrganisation');
  const origin = provinceOf(generator.region_code);
  const destination = provinceOf(receiver.region_code);
  if (origin === destination) invalid('The receiver is in the same province: no cross-province approval is needed.', 'receiverId', 'transfer.sameProvince');
  if (body.validUntil < body.validFrom) invalid('The approval ends before it starts.', 'validUntil', 'transfer.window');
  const codes = await repo.codesByCode(trx, body.wasteCodes);
  body.wasteCodes.forEach((c, i) => {
    const row = codes.get(c);
    if (!row || !row.active) invalid(`Unknown waste code ${c}.`, `wasteCodes.${i}`, 'unknownCode', { code: c });
    if (row!.list !== 'hazardous') invalid(`${c} is not on the hazardous-waste list.`, `wasteCodes.${i}`, 'transfer.notHazardous', { code: c });
  });
  const transit = [...new Set(body.transitProvinces)].filter((p) => p !== origin && p !== destination);
  const actor = actorOf(ctx.viewer);
  const row = await lawRepo.insertApproval(trx, {
    generator_id: generator.id,
    receiver_id: receiver.id,
    waste_codes: [...new Set(body.wasteCodes)],
    quantity: body.quantity,
    valid_from: body.validFrom,
    valid_until: body.validUntil,
    origin_province: origin,
    destination_province: destination,
    transit_provinces: transit,
    status: 'applied',
    applied_by: actor?.userId ?? null,
    applied_at: now,
  });
  await recordAudit(trx, ctx, { action: 'manifest.transfer.apply', entityType: 'manifest_transfer_approvals', entityId: row.id, organisationId: generator.id, after: row });
  // The destination province is asked first.
  await noticeTo(trx, ctx, row, [{ role: 'destination', provinces: [destination] }], now);
  return (await present(trx, ctx, [row]))[0]!;
}

export async function decideTransfer(trx: Trx, ctx: ServiceContext, id: string, body: DecideTransferBody, now = new Date()): Promise<ApprovalView> {
  const a = await lawRepo.lockApproval(trx, id);
  if (!a || !lawPolicy.readTransfer(ctx.viewer, routeOf(a))) {
    permit(ctx.viewer, ctx.viewer.kind !== 'anonymous');
    throw errors.notFound('Transfer approval', id);
  }
  if (body.decision === 'refuse' && !body.reason) invalid('Give the reason for the refusal.', 'reason', 'transfer.reasonRequired');
  const actor = actorOf(ctx.viewer);
  const who = actor?.organisationId ?? null;
  let status: TransferStatus;
  let updated: TransferApprovalRow;
  switch (a.status) {
    case 'applied':
      permit(ctx.viewer, lawPolicy.decideAs(ctx.viewer, a.destination_province), "The destination province's ecology department decides first.");
      if (body.decision === 'approve') throw errors.illegalTransition('The destination province agrees or refuses; the origin province approves afterwards.');
      status = body.decision === 'agree' ? 'destination-agreed' : 'refused';
      updated = await lawRepo.updateApproval(trx, id, { status, destination_organisation_id: who, destination_decision: body.decision, destination_reason: body.reason ?? null, destination_decided_at: now });
      break;
    case 'destination-agreed':
      permit(ctx.viewer, lawPolicy.decideAs(ctx.viewer, a.origin_province), "The origin province's ecology department decides after the destination agreed.");
      if (body.decision === 'agree') throw errors.illegalTransition('The origin province approves or refuses.');
      status = body.decision === 'approve' ? 'approved' : 'refused';
      updated = await lawRepo.updateApproval(trx, id, { status, origin_organisation_id: who, origin_decision: body.decision, origin_reason: body.reason ?? null, origin_decided_at: now });
      break;
    case 'approved':
    case 'refused':
      throw errors.illegalTransition(`The application was ${a.status} already.`);
  }
  await recordAudit(trx, ctx, { action: `manifest.transfer.${body.decision}`, entityType: 'manifest_transfer_approvals', entityId: id, organisationId: a.generator_id, before: a, after: updated });
  if (status === 'destination-agreed') await noticeTo(trx, ctx, updated, [{ role: 'origin', provinces: [a.origin_province] }], now);
  // The approval goes to the transport route's authorities: the destination and every transit province.
  if (status === 'approved') await noticeTo(trx, ctx, updated, [{ role: 'destination', provinces: [a.destination_province] }, { role: 'transit', provinces: a.transit_provinces }], now);
  await notify(trx, ctx, {
    event: 'manifest.transfer-decided',
    subject: { type: 'manifest_transfer_approvals', id },
    recipients: { organisationIds: [a.generator_id, a.receiver_id] },
    params: { outcome: status },
    link: '/manifests/approvals',
    data: { approvalId: id, status, decision: body.decision },
    at: now,
  });
  return (await present(trx, ctx, [updated]))[0]!;
}

export async function listTransfers(db: Executor, ctx: ServiceContext, status: TransferStatus | undefined): Promise<ApprovalView[]> {
  if (ctx.viewer.kind === 'anonymous') throw errors.unauthenticated();
  const actor = actorOf(ctx.viewer);
  const all = ctx.viewer.kind === 'system' || actor?.organisationType === 'platform-admin';
  const regulator = actor?.organisationType === 'regulator';
  const rows = await lawRepo.listApprovals(db, { organisationId: all || regulator ? null : actor!.organisationId, provincePrefix: regulator ? actor.regionCode.slice(0, 2) : null, status });
  return present(db, ctx, rows);
}

export async function getTransfer(db: Executor, ctx: ServiceContext, id: string): Promise<ApprovalView> {
  const a = await lawRepo.findApproval(db, id);
  if (!a || !lawPolicy.readTransfer(ctx.viewer, routeOf(a))) {
    permit(ctx.viewer, ctx.viewer.kind !== 'anonymous');
    throw errors.notFound('Transfer approval', id);
  }
  return (await present(db, ctx, [a]))[0]!;
}

export interface TransferLoad {
  generatorId: string;
  generatorRegion: string;
  receiverId: string;
  receiverRegion: string;
  transferApprovalId: string | undefined;
  /** Each line with its list and tonnes in thousandths. */
  lines: readonly { wasteCode: string; list: 'general' | 'hazardous'; milliTonnes: number }[];
  day: string;
}

/**
 * The approval a new manifest runs under, or null when it needs none (no hazardous line, or the
 * receiver in the generator's province). Every refusal is a 400 naming the field at fault.
 */
export async function checkTransfer(trx: Trx, load: TransferLoad): Promise<string | null> {
  const hazardous = load.lines.map((l, i) => ({ ...l, index: i })).filter((l) => l.list === 'hazardous');
  const cross = provinceOf(load.generatorRegion) !== provinceOf(load.receiverRegion);
  if (hazardous.length === 0 || !cross) return null;
  if (!load.transferApprovalId) {
    return invalid('Hazardous waste leaving the province needs an approved transfer application.', 'transferApprovalId', 'approvalRequired', { origin: provinceOf(load.generatorRegion), destination: provinceOf(load.receiverRegion) });
  }
  const a = await lawRepo.lockApproval(trx, load.transferApprovalId);
  if (!a || a.generator_id !== load.generatorId) return invalid("The transfer approval is not one of the generator's.", 'transferApprovalId', 'approvalUnknown');
  if (a.status !== 'approved') invalid(`The transfer application is ${a.status}, not approved.`, 'transferApprovalId', 'approvalNotApproved', { status: a.status });
  if (load.day < a.valid_from || load.day > a.valid_until) invalid(`The transfer approval is valid from ${a.valid_from} to ${a.valid_until}.`, 'transferApprovalId', 'approvalExpired', { validFrom: a.valid_from, validUntil: a.valid_until });
  if (a.receiver_id !== load.receiverId || a.destination_province !== provinceOf(load.receiverRegion)) invalid('The transfer approval names another receiver.', 'receiverId', 'approvalReceiver');
  for (const l of hazardous) {
    if (!a.waste_codes.includes(l.wasteCode)) invalid(`The transfer approval does not cover ${l.wasteCode}.`, `lines.${l.index}.wasteCode`, 'approvalCode', { code: l.wasteCode });
  }
  const used = Math.round(((await lawRepo.usedTonnes(trx, [a.id])).get(a.id) ?? 0) * 1000);
  const remaining = Math.max(0, milliOf(a.quantity) - used);
  const load_ = hazardous.reduce((s, l) => s + l.milliTonnes, 0);
  if (load_ > remaining) {
    const last = hazardous[hazardous.length - 1]!;
    invalid(`The transfer approval has ${fromMilli(remaining)} t left; the load carries ${fromMilli(load_)} t.`, `lines.${last.index}.quantity`, 'approvalQuantity', { remaining: fromMilli(remaining), load: fromMilli(load_) });
  }
  return a.id;
}
