import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { organisationPolicy, sitePolicy } from './organisations.policy';
import { ownerOf } from './organisations.presenter';
import * as repo from './organisations.repository';
import type { CreateOrganisationBody, SiteBody, UpdateOrganisationBody } from './organisations.schema';
import type { OrganisationRow, ParkRow, RegionRow, SiteRow } from './organisations.tables';

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

/** The public directory: presenters cut the fields to the viewer's clearance. */
export async function listOrganisations(db: Executor, ctx: ServiceContext, filter: repo.OrganisationFilter, limit: number, offset: number) {
  permit(ctx.viewer, organisationPolicy.list(ctx.viewer));
  return repo.listOrganisations(db, filter, limit, offset);
}

export async function getOrganisation(db: Executor, ctx: ServiceContext, id: string): Promise<OrganisationRow> {
  permit(ctx.viewer, organisationPolicy.list(ctx.viewer));
  const row = await repo.findOrganisation(db, id);
  if (!row) throw errors.notFound('Organisation', id);
  return row;
}

/** Creates an organisation. The CLI and the demo loader call it with a system context. */
export async function createOrganisation(trx: Trx, ctx: ServiceContext, body: CreateOrganisationBody): Promise<OrganisationRow> {
  permit(ctx.viewer, organisationPolicy.create(ctx.viewer), 'Only platform administrators create organisations.');
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

export async function updateOrganisation(trx: Trx, ctx: ServiceContext, id: string, body: UpdateOrganisationBody): Promise<OrganisationRow> {
  const before = await repo.lockOrganisation(trx, id);
  if (!before) throw errors.notFound('Organisation', id);
  permit(ctx.viewer, organisationPolicy.update(ctx.viewer, ownerOf(before)), 'Only the organisation’s administrators may change it.');
  const relocates =
    (body.regionCode !== undefined && body.regionCode !== before.region_code) || (body.parkId !== undefined && body.parkId !== before.park_id);
  if (relocates) permit(ctx.viewer, organisationPolicy.relocate(ctx.viewer), 'Only platform administrators move an organisation to another region or park.');
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

/** An organisation's sites, with the organisation (the presenter's clearance depends on it). */
export async function listSites(db: Executor, ctx: ServiceContext, organisationId: string): Promise<{ organisation: OrganisationRow; sites: SiteRow[] }> {
  const organisation = await repo.findOrganisation(db, organisationId);
  if (!organisation) throw errors.notFound('Organisation', organisationId);
  permit(ctx.viewer, sitePolicy.list(ctx.viewer, ownerOf(organisation)));
  return { organisation, sites: await repo.listSites(db, organisation.id) };
}

export async function createSite(trx: Trx, ctx: ServiceContext, organisationId: string, body: SiteBody): Promise<{ organisation: OrganisationRow; site: SiteRow }> {
  const organisation = await repo.findOrganisation(trx, organisationId);
  if (!organisation) throw errors.notFound('Organisation', organisationId);
  permit(ctx.viewer, sitePolicy.create(ctx.viewer, ownerOf(organisation)), 'Only the organisation’s administrators manage its sites.');
  const site = await repo.insertSite(trx, { organisation_id: organisationId, ...body });
  await recordAudit(trx, ctx, { action: 'site.create', entityType: 'sites', entityId: site.id, organisationId, after: site });
  return { organisation, site };
}

async function lockSiteWithOwner(trx: Trx, id: string) {
  const site = await repo.lockSite(trx, id);
  if (!site) throw errors.notFound('Site', id);
  const organisation = await repo.findOrganisation(trx, site.organisation_id);
  if (!organisation) throw errors.notFound('Organisation', site.organisation_id);
  return { site, organisation };
}

export async function updateSite(trx: Trx, ctx: ServiceContext, id: string, body: Partial<SiteBody>): Promise<{ organisation: OrganisationRow; site: SiteRow }> {
  const { site, organisation } = await lockSiteWithOwner(trx, id);
  permit(ctx.viewer, sitePolicy.update(ctx.viewer, ownerOf(organisation)), 'Only the organisation’s administrators manage its sites.');
  const after = await repo.updateSite(trx, id, body);
  await recordAudit(trx, ctx, { action: 'site.update', entityType: 'sites', entityId: id, organisationId: site.organisation_id, before: site, after });
  return { organisation, site: after };
}

export async function deleteSite(trx: Trx, ctx: ServiceContext, id: string): Promise<void> {
  const { site, organisation } = await lockSiteWithOwner(trx, id);
  permit(ctx.viewer, sitePolicy.delete(ctx.viewer, ownerOf(organisation)), 'Only the organisation’s administrators manage its sites.');
  await repo.deleteSite(trx, id);
  await recordAudit(trx, ctx, { action: 'site.delete', entityType: 'sites', entityId: id, organisationId: site.organisation_id, before: site });
}

export async function listParks(db: Executor, ctx: ServiceContext): Promise<ParkRow[]> {
  permit(ctx.viewer, organisationPolicy.readReference(ctx.viewer));
  return repo.listParks(db);
}

export async function listRegions(db: Executor, ctx: ServiceContext): Promise<RegionRow[]> {
  permit(ctx.viewer, organisationPolicy.readReference(ctx.viewer));
  return repo.listRegions(db);
}

/** Adds a city or county (`herbloop region add`); provinces are built in. */
export async function addRegion(trx: Trx, ctx: ServiceContext, region: RegionRow): Promise<void> {
  permit(ctx.viewer, organisationPolicy.addRegion(ctx.viewer));
  await repo.insertRegions(trx, [region]);
  await recordAudit(trx, ctx, { action: 'region.create', entityType: 'regions', entityId: region.code, organisationId: null, after: { ...region } });
}
