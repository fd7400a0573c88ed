import { visible } from '../../platform/classification';
import { clearanceFor } from '../../platform/policies';
import type { Viewer } from '../../platform/viewer';
import type { OrganisationRow, ParkRow, RegionRow, SiteRow } from './organisations.tables';
import type { OrganisationView, SiteView } from './organisations.schema';

export const ownerOf = (org: OrganisationRow) => ({ organisationId: org.id, regionCode: org.region_code });

/** Fields by the viewer's clearance on this organisation (the directory is public). */
export function presentOrganisation(row: OrganisationRow, viewer: Viewer): OrganisationView {
  const clearance = clearanceFor(viewer, ownerOf(row));
  const view: OrganisationView = {
    id: row.id,
    code: row.code,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    type: row.type,
    regionCode: row.region_code,
    parkId: row.park_id,
  };
  if (visible('organisations', 'credit_code', clearance)) view.creditCode = row.credit_code;
  if (visible('organisations', 'contact_phone', clearance)) view.contactPhone = row.contact_phone;
  if (visible('organisations', 'created_at', clearance)) view.createdAt = row.created_at.toISOString();
  if (visible('organisations', 'updated_at', clearance)) view.updatedAt = row.updated_at.toISOString();
  return view;
}

/** Fields by the viewer's clearance on the organisation owning the site. */
export function presentSite(row: SiteRow, viewer: Viewer, owner: OrganisationRow): SiteView {
  const clearance = clearanceFor(viewer, ownerOf(owner));
  const view: SiteView = { id: row.id, organisationId: row.organisation_id, name: row.name };
  if (visible('sites', 'address', clearance)) view.address = row.address;
  if (visible('sites', 'latitude', clearance)) view.latitude = Number(row.latitude);
  if (visible('sites', 'longitude', clearance)) view.longitude = Number(row.longitude);
  return view;
}

export function presentPark(p: ParkRow) {
  return { id: p.id, code: p.code, nameZh: p.name_zh, nameEn: p.name_en, regionCode: p.region_code };
}

export function presentRegion(r: RegionRow) {
  return { code: r.code, nameZh: r.name_zh, nameEn: r.name_en, level: r.level, parentCode: r.parent_code };
}
