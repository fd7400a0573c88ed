/**
 * Carriers' permits for hazardous loads (the road dangerous-goods licence, a vehicle's permit, a
 * driver's qualification) and the check before a carrier takes a load: the duties in force for
 * the manifest's lines name the permits; each must be valid that day for the carrier, its plate
 * and its driver, or the pickup (or the handover to that carrier) is refused with 409 and
 * `manifests.permitMissing` naming the transporter's field.
 */
import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors, type FieldIssue } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { findOrganisation, ownerOf } from '../organisations';
import type { TransporterPermit } from './engine/duties';
import { dutiesFor } from './manifests.duties.service';
import * as lawRepo from './manifests.law.repository';
import { lawPolicy } from './manifests.law.policy';
import type { PermitBody, PermitView } from './manifests.law.schema';
import type { CarrierPermitRow } from './manifests.law.tables';
import * as repo from './manifests.repository';

/** Plates are written with and without the middle dot, spaces and dashes: `皖S·D1234` = `皖SD1234`. */
export const normalisePlate = (plate: string) => plate.toUpperCase().replace(/[\s·.-]/g, '');
const subjectKey = (kind: TransporterPermit, subject: string) => (kind === 'dg-vehicle' ? normalisePlate(subject) : subject.trim());

function presentPermit(r: CarrierPermitRow): PermitView {
  return { id: r.id, organisationId: r.organisation_id, kind: r.kind, number: r.number, subject: r.subject, validFrom: r.valid_from, validUntil: r.valid_until };
}

export async function recordPermit(trx: Trx, ctx: ServiceContext, body: PermitBody, now = new Date()): Promise<PermitView> {
  const org = await findOrganisation(trx, body.organisationId);
  if (!org) throw errors.validation('Unknown organisation.', [{ field: 'organisationId', message: `organisation ${body.organisationId} does not exist`, code: 'manifests.unknownOrganisation' }]);
  permit(ctx.viewer, lawPolicy.managePermits(ctx.viewer, ownerOf(org)), "Only the carrier's members and platform administrators record its permits.");
  if (body.kind !== 'road-dg-licence' && !body.subject) {
    throw errors.validation('Name the vehicle plate or the driver.', [{ field: 'subject', message: 'required for a vehicle or a driver', code: 'manifests.permitSubject' }]);
  }
  if (body.validUntil < body.validFrom) throw errors.validation('The permit ends before it starts.', [{ field: 'validUntil', message: 'must not be before validFrom', code: 'manifests.permitWindow' }]);
  const row = await lawRepo.insertPermit(trx, {
    organisation_id: org.id,
    kind: body.kind,
    number: body.number,
    subject: body.kind === 'road-dg-licence' ? '' : subjectKey(body.kind, body.subject!),
    valid_from: body.validFrom,
    valid_until: body.validUntil,
    created_at: now,
  });
  await recordAudit(trx, ctx, { action: 'manifest.permit.create', entityType: 'manifest_carrier_permits', entityId: row.id, organisationId: org.id, after: row });
  return presentPermit(row);
}

export async function listPermits(db: Executor, ctx: ServiceContext, organisationId: string): Promise<PermitView[]> {
  const org = await findOrganisation(db, organisationId);
  if (!org) throw errors.notFound('Organisation', organisationId);
  permit(ctx.viewer, lawPolicy.readPermits(ctx.viewer, ownerOf(org)), "Only the carrier, its regulators and platform administrators read its permits.");
  return (await lawRepo.listPermits(db, organisationId)).map(presentPermit);
}

/**
 * Before transporter `position` takes the load of manifest `manifestId` on `day`: every permit the
 * duties in force name, valid that day. Throws 409 listing each missing permit.
 */
export async function checkCarrier(trx: Trx, manifestId: string, position: number, day: string): Promise<void> {
  const lines = await lawRepo.lineClasses(trx, manifestId);
  const duties = await dutiesFor(trx, lines.map((l) => ({ wasteList: l.list, category: l.category })), day);
  if (duties.permits.length === 0) return;
  const carrier = (await repo.transportersOf(trx, [manifestId])).find((t) => t.position === position);
  if (!carrier) return;
  const held = await lawRepo.permitsValidOn(trx, carrier.organisation_id, day);
  const has = (kind: TransporterPermit, subject: string) => held.some((p) => p.kind === kind && (kind === 'road-dg-licence' || p.subject === subjectKey(kind, subject)));
  const edition = duties.editions.filter((e) => e.permits.length > 0).map((e) => e.edition).join('; ');
  const issues: FieldIssue[] = [];
  for (const kind of duties.permits) {
    switch (kind) {
      case 'road-dg-licence':
        if (!has(kind, '')) issues.push({ field: `transporters.${position}.organisationId`, message: 'no road dangerous-goods transport licence valid today', code: 'manifests.permitMissing', params: { permit: kind, position } });
        break;
      case 'dg-vehicle':
        if (!has(kind, carrier.plate)) issues.push({ field: `transporters.${position}.plate`, message: `vehicle ${carrier.plate} has no dangerous-goods permit valid today`, code: 'manifests.permitMissing', params: { permit: kind, position } });
        break;
      case 'dg-driver':
        if (!has(kind, carrier.driver_name)) issues.push({ field: `transporters.${position}.driverName`, message: 'the driver has no dangerous-goods qualification valid today', code: 'manifests.permitMissing', params: { permit: kind, position } });
        break;
    }
  }
  if (issues.length) throw errors.conflict(`Transporter ${position} lacks what a hazardous load requires (${edition}).`, issues);
}
