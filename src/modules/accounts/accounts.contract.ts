import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import {
  accountRegionView,
  catalogueCreateBody,
  catalogueUpdateBody,
  changeQuery,
  changeView,
  findingUpdateBody,
  findingView,
  findingsQuery,
  importOutcomeView,
  importQuery,
  indicatorsView,
  regionYearsQuery,
  resourceKindView,
  scenarioBody,
  scenarioResultView,
} from './accounts.schema';

const tags = ['accounts'];
const kindParams = z.object({ code: z.string().max(40) });

// Published statistics: the catalogue, regions, indicators and changes are public (no login).

export const getCatalogue = defineRoute({
  method: 'GET',
  path: '/api/v1/accounts/catalogue',
  summary: 'Resource catalogue: categories, 14+ kinds, conversion factors (public)',
  tags,
  responses: { 200: z.object({ items: z.array(resourceKindView) }) },
});

export const createResourceKind = defineRoute({
  method: 'POST',
  path: '/api/v1/accounts/catalogue',
  summary: 'Add a resource kind to the catalogue (statistics-office admins, platform admins; audited)',
  tags,
  body: catalogueCreateBody,
  responses: { 201: resourceKindView },
});

export const updateResourceKind = defineRoute({
  method: 'PATCH',
  path: '/api/v1/accounts/catalogue/:code',
  summary: 'Edit a resource kind: names, category (not of national kinds), unit, conversion factors, basis (audited)',
  tags,
  params: kindParams,
  body: catalogueUpdateBody,
  responses: { 200: resourceKindView },
});

export const deleteResourceKind = defineRoute({
  method: 'DELETE',
  path: '/api/v1/accounts/catalogue/:code',
  summary: 'Delete an unused, non-national resource kind (audited)',
  tags,
  params: kindParams,
  responses: { 204: z.null() },
});

export const listAccountRegions = defineRoute({
  method: 'GET',
  path: '/api/v1/accounts/regions',
  summary: 'Regions that have accounts, with their year span (public)',
  tags,
  responses: { 200: z.object({ items: z.array(accountRegionView) }) },
});

/** The body is the file itself (CSV or .xlsx, by Content-Type), not JSON. */
export const importAccounts = defineRoute({
  method: 'POST',
  path: '/api/v1/accounts/import',
  summary: 'Import material or economy accounts (CSV or .xlsx as the body; all or nothing)',
  tags,
  query: importQuery,
  responses: { 201: importOutcomeView },
});

export const getIndicators = defineRoute({
  method: 'GET',
  path: '/api/v1/accounts/indicators',
  summary: 'DMI, DMC, productivity, circularity of a region by year, with year-on-year changes (public)',
  tags,
  query: regionYearsQuery,
  responses: { 200: indicatorsView },
});

export const getChange = defineRoute({
  method: 'GET',
  path: '/api/v1/accounts/change',
  summary: 'Productivity change between two years with its decomposition (public)',
  tags,
  query: changeQuery,
  responses: { 200: changeView },
});

export const projectScenarios = defineRoute({
  method: 'POST',
  path: '/api/v1/accounts/scenarios',
  summary: 'Project named scenarios to a target year; roadmap to a productivity target',
  tags,
  body: scenarioBody,
  responses: { 200: scenarioResultView },
});

export const listFindings = defineRoute({
  method: 'GET',
  path: '/api/v1/accounts/findings',
  summary: 'Data-quality findings of imports',
  tags,
  query: findingsQuery,
  responses: { 200: z.object({ items: z.array(findingView) }) },
});

export const updateFinding = defineRoute({
  method: 'PATCH',
  path: '/api/v1/accounts/findings/:id',
  summary: 'Accept or resolve a data-quality finding',
  tags,
  params: z.object({ id: z.uuid() }),
  body: findingUpdateBody,
  responses: { 200: z.object({ id: z.uuid(), status: z.enum(['open', 'accepted', 'resolved']), note: z.string().nullable() }) },
});
