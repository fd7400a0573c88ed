import type { OrganisationRow, SiteRow } from '../../db/database';
import type { ClassificationLevel } from '../../platform/classification';
import { visible } from '../../platform/classification';
import type { OrganisationView, SiteView } from './organisations.schema';

export function presentOrganisation(row: OrganisationRow, clearance: ClassificationLevel): OrganisationView {
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

export function presentSite(row: SiteRow, clearance: ClassificationLevel): SiteView {
  const view: SiteView = { id: row.id, organisationId: row.organisation_id, name: row.name };
  if (visible('sites', 'address', clearance)) view.address = row.address;
  if (visible('sites', 'latitude', clearance)) view.latitude = Number(row.latitude);
  if (visible('sites', 'longitude', clearance)) view.longitude = Number(row.longitude);
  return view;
}
