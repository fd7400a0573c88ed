import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import {
  createOrganisationBody,
  listOrganisationsQuery,
  organisationIdParams,
  organisationList,
  organisationView,
  parkView,
  regionView,
  siteBody,
  siteIdParams,
  siteView,
  updateOrganisationBody,
  updateSiteBody,
} from './organisations.schema';

const tags = ['organisations'];

export const listOrganisations = defineRoute({
  method: 'GET',
  path: '/api/v1/organisations',
  summary: 'Directory of organisations, public (fields by clearance)',
  tags,
  query: listOrganisationsQuery,
  responses: { 200: organisationList },
});

export const getOrganisation = defineRoute({
  method: 'GET',
  path: '/api/v1/organisations/:id',
  summary: 'One organisation',
  tags,
  params: organisationIdParams,
  responses: { 200: organisationView },
});

export const createOrganisation = defineRoute({
  method: 'POST',
  path: '/api/v1/organisations',
  summary: 'Create an organisation (platform admins)',
  tags,
  body: createOrganisationBody,
  responses: { 201: organisationView },
});

export const updateOrganisation = defineRoute({
  method: 'PATCH',
  path: '/api/v1/organisations/:id',
  summary: 'Update an organisation',
  tags,
  params: organisationIdParams,
  body: updateOrganisationBody,
  responses: { 200: organisationView },
});

export const listSites = defineRoute({
  method: 'GET',
  path: '/api/v1/organisations/:id/sites',
  summary: 'Sites of an organisation',
  tags,
  params: organisationIdParams,
  responses: { 200: z.object({ items: z.array(siteView) }) },
});

export const createSite = defineRoute({
  method: 'POST',
  path: '/api/v1/organisations/:id/sites',
  summary: 'Add a site',
  tags,
  params: organisationIdParams,
  body: siteBody,
  responses: { 201: siteView },
});

export const updateSite = defineRoute({
  method: 'PATCH',
  path: '/api/v1/sites/:id',
  summary: 'Update a site',
  tags,
  params: siteIdParams,
  body: updateSiteBody,
  responses: { 200: siteView },
});

export const deleteSite = defineRoute({
  method: 'DELETE',
  path: '/api/v1/sites/:id',
  summary: 'Delete a site',
  tags,
  params: siteIdParams,
  responses: { 204: z.null() },
});

export const listParks = defineRoute({
  method: 'GET',
  path: '/api/v1/parks',
  summary: 'Industrial parks (public)',
  tags,
  responses: { 200: z.object({ items: z.array(parkView) }) },
});

export const listRegions = defineRoute({
  method: 'GET',
  path: '/api/v1/regions',
  summary: 'Administrative regions, GB/T 2260 codes (public)',
  tags,
  responses: { 200: z.object({ items: z.array(regionView) }) },
});
