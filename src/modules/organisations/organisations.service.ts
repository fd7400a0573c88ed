import type { OrganisationRow, SiteRow, Trx } from '../../db/database';
import type { RequestContext } from '../../platform/actor';
import { recordAudit, type SystemContext } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { authorize, organisationPolicy, sitePolicy } from '../../platform/policies';
import * as repo from './organisations.repository';
import type { CreateOrganisationBody, SiteBody, UpdateOrganisationBody } from './organisations.schema';

const ownerOf = (org: OrganisationRow) => ({ organisationId: org.id, regionCode: org.region_code });

async function checkReferences(trx: Trx, regionCode: string | undefined, parkId: string | null | undefined) {
  if (regionCode !== undefined && !(await repo.findRegion(trx, regionCode))) {
    throw errors.validation(`Unknown region ${regionCode}.`, [{ field: 'regionCode', message: `unknown region ${regionCode}` }]);
  }
  if (parkId && !(await repo.findPark(trx, parkId))) {
    throw errors.validation(`Unknown park ${parkId}.`, [{ field: 'parkId', message: `unknown park ${parkId}` }]);
  }
}

/** The credit code is unique (a unique index): answer a clear conflict instead of a database error. */
async function checkCreditCodeFree(trx: Trx, creditCode: string | null | undefined, exceptId?: string) {
  if (!creditCode) return;
  const holder = await repo.findOrganisationByCreditCode(trx, creditCode);
  if (holder && holder.id !== exceptId) {
    throw errors.conflict(`Organisation ${holder.code} already has credit code ${creditCode}.`, [{ field: 'creditCode', message: 'already taken' }]);
  }
}

/** Creates an organisation. The CLI and the demo loader call it with a system context. */
export async function createOrganisation(
  trx: Trx,
  ctx: RequestContext | SystemContext,
  body: CreateOrganisationBody,
): Promise<OrganisationRow> {
  if (ctx.actor) authorize(organisationPolicy.create(ctx.actor), 'Only platform administrators create organisations.');
  await checkReferences(trx, body.regionCode, body.parkId);
  if (await repo.findOrganisationByCode(trx, body.code)) {
    throw errors.conflict(`An organisation with code ${body.code} exists already.`, [{ field: 'code', message: 'already taken' }]);
  }
  await checkCreditCodeFree(trx, body.creditCode);
  const row = await repo.insertOrganisation(trx, {
    code: body.code,
    name_zh: body.nameZh,
    name_en: body.nameEn,
    type: body.type,
    region_code: body.regionCode,
    park_id: body.parkId ?? null,
    credit_code: body.creditCode ?? null,
    contact_phone: body.contactPhone ?? null,
  });
  await recordAudit(trx, ctx, { action: 'organisation.create', entityType: 'organisations', entityId: row.id, organisationId: row.id, after: row });
  return row;
}

export async function updateOrganisation(trx: Trx, ctx: RequestContext, id: string, body: UpdateOrganisationBody): Promise<OrganisationRow> {
  const before = await repo.lockOrganisation(trx, id);
  if (!before) throw errors.notFound('Organisation', id);
  authorize(organisationPolicy.update(ctx.actor, ownerOf(before)), 'Only the organisation’s administrators may change it.');
  const relocates =
    (body.regionCode !== undefined && body.regionCode !== before.region_code) || (body.parkId !== undefined && body.parkId !== before.park_id);
  if (relocates) authorize(organisationPolicy.relocate(ctx.actor), 'Only platform administrators move an organisation to another region or park.');
  await checkReferences(trx, body.regionCode, body.parkId);
  await checkCreditCodeFree(trx, body.creditCode, id);
  const after = await repo.updateOrganisation(trx, id, {
    ...(body.nameZh !== undefined ? { name_zh: body.nameZh } : {}),
    ...(body.nameEn !== undefined ? { name_en: body.nameEn } : {}),
    ...(body.regionCode !== undefined ? { region_code: body.regionCode } : {}),
    ...(body.parkId !== undefined ? { park_id: body.parkId } : {}),
    ...(body.creditCode !== undefined ? { credit_code: body.creditCode } : {}),
    ...(body.contactPhone !== undefined ? { contact_phone: body.contactPhone } : {}),
  });
  await recordAudit(trx, ctx, { action: 'organisation.update', entityType: 'organisations', entityId: id, organisationId: id, before, after });
  return after;
}

export async function createSite(trx: Trx, ctx: RequestContext | SystemContext, organisationId: string, body: SiteBody): Promise<SiteRow> {
  const org = await repo.findOrganisation(trx, organisationId);
  if (!org) throw errors.notFound('Organisation', organisationId);
  if (ctx.actor) authorize(sitePolicy.create(ctx.actor, ownerOf(org)), 'Only the organisation’s administrators manage its sites.');
  const row = await repo.insertSite(trx, { organisation_id: organisationId, ...body });
  await recordAudit(trx, ctx, { action: 'site.create', entityType: 'sites', entityId: row.id, organisationId, after: row });
  return row;
}

async function lockSiteWithOwner(trx: Trx, id: string) {
  const site = await repo.lockSite(trx, id);
  if (!site) throw errors.notFound('Site', id);
  const org = await repo.findOrganisation(trx, site.organisation_id);
  if (!org) throw errors.notFound('Organisation', site.organisation_id);
  return { site, owner: ownerOf(org) };
}

export async function updateSite(trx: Trx, ctx: RequestContext, id: string, body: Partial<SiteBody>): Promise<SiteRow> {
  const { site, owner } = await lockSiteWithOwner(trx, id);
  authorize(sitePolicy.update(ctx.actor, owner), 'Only the organisation’s administrators manage its sites.');
  const after = await repo.updateSite(trx, id, body);
  await recordAudit(trx, ctx, { action: 'site.update', entityType: 'sites', entityId: id, organisationId: site.organisation_id, before: site, after });
  return after;
}

export async function deleteSite(trx: Trx, ctx: RequestContext, id: string): Promise<void> {
  const { site, owner } = await lockSiteWithOwner(trx, id);
  authorize(sitePolicy.delete(ctx.actor, owner), 'Only the organisation’s administrators manage its sites.');
  await repo.deleteSite(trx, id);
  await recordAudit(trx, ctx, { action: 'site.delete', entityType: 'sites', entityId: id, organisationId: site.organisation_id, before: site });
}
