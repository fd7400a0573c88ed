/**
 * What manifests refer to: the editable waste-code lists (platform admins edit; a code recalled
 * rather than copied from the published list stays `verified: false`), receivers' licences, and
 * the published signing keys.
 */
import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { findOrganisation, findSite, ownerOf } from '../organisations';
import { normaliseQuantity } from './engine/quantity';
import { manifestsPolicy } from './manifests.policy';
import * as repo from './manifests.repository';
import type { CreateLicenceBody } from './manifests.schema';
import type { ManifestLicenceRow, ManifestSigningKeyRow, ManifestWasteCodeRow } from './manifests.tables';
import type { z } from 'zod';
import type { licenceView, putWasteCodeBody, signingKeyView, wasteCodeView } from './manifests.schema';

export function presentCode(r: ManifestWasteCodeRow): z.infer<typeof wasteCodeView> {
  return { code: r.code, list: r.list, category: r.category, nameZh: r.name_zh, nameEn: r.name_en, verified: r.verified, source: r.source, active: r.active };
}

export function presentLicence(r: ManifestLicenceRow): z.infer<typeof licenceView> {
  return { id: r.id, organisationId: r.organisation_id, siteId: r.site_id, number: r.number, categories: r.categories, annualCapacity: r.annual_capacity === null ? null : normaliseQuantity(String(Number(r.annual_capacity))), validFrom: r.valid_from, validUntil: r.valid_until };
}

export function presentKey(r: ManifestSigningKeyRow): z.infer<typeof signingKeyView> {
  return { id: r.id, organisationId: r.organisation_id, suite: r.suite, publicKey: r.public_key, createdAt: r.created_at.toISOString(), retiredAt: r.retired_at?.toISOString() ?? null };
}

/** The code lists are public reference data. */
export async function listCodes(db: Executor): Promise<z.infer<typeof wasteCodeView>[]> {
  return (await repo.listCodes(db)).map(presentCode);
}

export async function putCode(trx: Trx, ctx: ServiceContext, code: string, body: z.infer<typeof putWasteCodeBody>): Promise<z.infer<typeof wasteCodeView>> {
  permit(ctx.viewer, manifestsPolicy.manageCodes(ctx.viewer), 'Only platform administrators edit the code lists.');
  const before = await repo.findCode(trx, code);
  const row = await repo.upsertCode(trx, { code, list: body.list, category: body.category, name_zh: body.nameZh, name_en: body.nameEn, verified: body.verified, source: body.source, active: body.active });
  await recordAudit(trx, ctx, { action: before ? 'manifest.code.update' : 'manifest.code.create', entityType: 'manifest_waste_codes', entityId: code, organisationId: null, before: before ?? null, after: row });
  return presentCode(row);
}

export async function createLicence(trx: Trx, ctx: ServiceContext, body: CreateLicenceBody): Promise<z.infer<typeof licenceView>> {
  const org = await findOrganisation(trx, body.organisationId);
  if (!org) throw errors.validation('Unknown organisation.', [{ field: 'organisationId', message: `organisation ${body.organisationId} does not exist`, code: 'manifests.unknownOrganisation' }]);
  permit(ctx.viewer, manifestsPolicy.manageLicence(ctx.viewer, ownerOf(org)), "Only the receiver's members, its regulators and platform administrators record its licence.");
  if (body.siteId) {
    const site = await findSite(trx, body.siteId);
    if (!site || site.organisation_id !== body.organisationId) throw errors.validation("The site is not one of the organisation's.", [{ field: 'siteId', message: 'must be a site of the organisation', code: 'manifests.siteNotReceivers' }]);
  }
  if (body.validUntil < body.validFrom) throw errors.validation('The licence ends before it starts.', [{ field: 'validUntil', message: 'must not be before validFrom', code: 'manifests.licenceWindow' }]);
  const row = await repo.insertLicence(trx, {
    organisation_id: body.organisationId,
    site_id: body.siteId ?? null,
    number: body.number,
    categories: [...new Set(body.categories)],
    annual_capacity: body.annualCapacity ?? null,
    valid_from: body.validFrom,
    valid_until: body.validUntil,
  });
  await recordAudit(trx, ctx, { action: 'manifest.licence.create', entityType: 'manifest_licences', entityId: row.id, organisationId: body.organisationId, after: row });
  return presentLicence(row);
}

/** Licences are shown to anyone signed in: a generator picks its receiver's licence when it writes a manifest. */
export async function listLicences(db: Executor, ctx: ServiceContext, organisationId: string): Promise<z.infer<typeof licenceView>[]> {
  const org = await findOrganisation(db, organisationId);
  if (!org) throw errors.notFound('Organisation', organisationId);
  permit(ctx.viewer, manifestsPolicy.readLicences(ctx.viewer, ownerOf(org)));
  return (await repo.listLicences(db, organisationId)).map(presentLicence);
}
