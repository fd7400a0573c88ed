import { z } from 'zod';
import { limits, organisationTypes } from '../../shared/limits';

export const organisationIdParams = z.object({ id: z.uuid() });
export const siteIdParams = z.object({ id: z.uuid() });

export const listOrganisationsQuery = z.object({
  type: z.enum(organisationTypes).optional(),
  regionCode: z.string().regex(limits.regionCode.pattern, 'a 6-digit region code').optional(),
  parkId: z.uuid().optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(limits.pageSize.max).default(limits.pageSize.default),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Fields appear only when the viewer's clearance allows them (see the classification registry). */
export const organisationView = z.object({
  id: z.uuid(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  type: z.enum(organisationTypes),
  regionCode: z.string(),
  parkId: z.uuid().nullable(),
  creditCode: z.string().nullable().optional(),
  contactPhone: z.string().nullable().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type OrganisationView = z.infer<typeof organisationView>;

export const organisationList = z.object({ items: z.array(organisationView), total: z.number().int() });

export const createOrganisationBody = z.object({
  code: z.string().trim().toUpperCase().max(limits.orgCode.max).regex(limits.orgCode.pattern, 'upper-case letters, digits and dashes'),
  nameZh: z.string().trim().min(1).max(limits.orgName.max),
  nameEn: z.string().trim().min(1).max(limits.orgName.max),
  type: z.enum(organisationTypes),
  regionCode: z.string().regex(limits.regionCode.pattern, 'a 6-digit region code (GB/T 2260)'),
  parkId: z.uuid().nullable().optional(),
  creditCode: z.string().trim().toUpperCase().regex(limits.creditCode.pattern, 'an 18-character unified social credit code').nullable().optional(),
  contactPhone: z.string().trim().max(limits.contactPhone.max).nullable().optional(),
});
export type CreateOrganisationBody = z.infer<typeof createOrganisationBody>;

export const updateOrganisationBody = createOrganisationBody.omit({ code: true, type: true }).partial();
export type UpdateOrganisationBody = z.infer<typeof updateOrganisationBody>;

export const siteView = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  name: z.string(),
  address: z.string().optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
});
export type SiteView = z.infer<typeof siteView>;

export const siteBody = z.object({
  name: z.string().trim().min(1).max(limits.siteName.max),
  address: z.string().trim().min(1).max(limits.address.max),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});
export type SiteBody = z.infer<typeof siteBody>;
export const updateSiteBody = siteBody.partial();

export const parkView = z.object({ id: z.uuid(), code: z.string(), nameZh: z.string(), nameEn: z.string(), regionCode: z.string() });
export const regionView = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  level: z.enum(['province', 'city', 'county']),
  parentCode: z.string().nullable(),
});
