import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../platform/errors';
import { authorize, clearanceFor, organisationPolicy } from '../../platform/policies';
import { requestContext, requireActor } from '../../server/context';
import { presentOrganisation, presentSite } from './organisations.presenter';
import * as repo from './organisations.repository';
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
import * as service from './organisations.service';

const tags = ['organisations'];

export const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/organisations',
    { schema: { tags, summary: 'Directory of organisations, public (fields by clearance)', querystring: listOrganisationsQuery, response: { 200: organisationList } } },
    async (request) => {
      // The firm directory is public (organisationPolicy.list): without login, only public fields.
      const actor = request.actor;
      authorize(organisationPolicy.list(actor));
      const { limit, offset, ...filter } = request.query;
      const { rows, total } = await repo.listOrganisations(app.db, filter, limit, offset);
      return {
        items: rows.map((row) => presentOrganisation(row, clearanceFor(actor, { organisationId: row.id, regionCode: row.region_code }))),
        total,
      };
    },
  );

  app.get(
    '/api/v1/organisations/:id',
    { schema: { tags, summary: 'One organisation', params: organisationIdParams, response: { 200: organisationView } } },
    async (request) => {
      const actor = request.actor;
      authorize(organisationPolicy.list(actor));
      const row = await repo.findOrganisation(app.db, request.params.id);
      if (!row) throw errors.notFound('Organisation', request.params.id);
      return presentOrganisation(row, clearanceFor(actor, { organisationId: row.id, regionCode: row.region_code }));
    },
  );

  app.post(
    '/api/v1/organisations',
    { schema: { tags, summary: 'Create an organisation (platform admins)', body: createOrganisationBody, response: { 201: organisationView } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      const row = await app.db.transaction().execute((trx) => service.createOrganisation(trx, ctx, request.body));
      return reply.code(201).send(presentOrganisation(row, 'confidential'));
    },
  );

  app.patch(
    '/api/v1/organisations/:id',
    { schema: { tags, summary: 'Update an organisation', params: organisationIdParams, body: updateOrganisationBody, response: { 200: organisationView } } },
    async (request) => {
      const ctx = requestContext(request);
      const row = await app.db.transaction().execute((trx) => service.updateOrganisation(trx, ctx, request.params.id, request.body));
      return presentOrganisation(row, 'confidential');
    },
  );

  app.get(
    '/api/v1/organisations/:id/sites',
    { schema: { tags, summary: 'Sites of an organisation', params: organisationIdParams, response: { 200: z.object({ items: z.array(siteView) }) } } },
    async (request) => {
      const actor = requireActor(request);
      const org = await repo.findOrganisation(app.db, request.params.id);
      if (!org) throw errors.notFound('Organisation', request.params.id);
      const clearance = clearanceFor(actor, { organisationId: org.id, regionCode: org.region_code });
      return { items: (await repo.listSites(app.db, org.id)).map((s) => presentSite(s, clearance)) };
    },
  );

  app.post(
    '/api/v1/organisations/:id/sites',
    { schema: { tags, summary: 'Add a site', params: organisationIdParams, body: siteBody, response: { 201: siteView } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      const row = await app.db.transaction().execute((trx) => service.createSite(trx, ctx, request.params.id, request.body));
      return reply.code(201).send(presentSite(row, 'confidential'));
    },
  );

  app.patch(
    '/api/v1/sites/:id',
    { schema: { tags, summary: 'Update a site', params: siteIdParams, body: updateSiteBody, response: { 200: siteView } } },
    async (request) => {
      const ctx = requestContext(request);
      const row = await app.db.transaction().execute((trx) => service.updateSite(trx, ctx, request.params.id, request.body));
      return presentSite(row, 'confidential');
    },
  );

  app.delete(
    '/api/v1/sites/:id',
    { schema: { tags, summary: 'Delete a site', params: siteIdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      await app.db.transaction().execute((trx) => service.deleteSite(trx, ctx, request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/parks',
    { schema: { tags, summary: 'Industrial parks (public)', response: { 200: z.object({ items: z.array(parkView) }) } } },
    async () => ({
      items: (await repo.listParks(app.db)).map((p) => ({ id: p.id, code: p.code, nameZh: p.name_zh, nameEn: p.name_en, regionCode: p.region_code })),
    }),
  );

  app.get(
    '/api/v1/regions',
    { schema: { tags, summary: 'Administrative regions, GB/T 2260 codes (public)', response: { 200: z.object({ items: z.array(regionView) }) } } },
    async () => ({
      items: (await repo.listRegions(app.db)).map((r) => ({ code: r.code, nameZh: r.name_zh, nameEn: r.name_en, level: r.level, parentCode: r.parent_code })),
    }),
  );
};
