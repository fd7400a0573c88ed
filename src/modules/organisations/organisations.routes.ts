import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { publicContext, serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import * as contract from './organisations.contract';
import { presentOrganisation, presentPark, presentRegion, presentSite } from './organisations.presenter';
import * as service from './organisations.service';

export const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  // The firm directory and the reference data are public: without login, only public fields.
  mount(app, contract.listOrganisations, async (request) => {
    const ctx = publicContext(request);
    const { limit, offset, ...filter } = request.query;
    const { rows, total } = await service.listOrganisations(app.db, ctx, filter, limit, offset);
    return { items: rows.map((row) => presentOrganisation(row, ctx.viewer)), total };
  });

  mount(app, contract.getOrganisation, async (request) => {
    const ctx = publicContext(request);
    return presentOrganisation(await service.getOrganisation(app.db, ctx, request.params.id), ctx.viewer);
  });

  mount(app, contract.createOrganisation, async (request, reply) => {
    const ctx = serviceContext(request);
    const row = await app.db.transaction().execute((trx) => service.createOrganisation(trx, ctx, request.body));
    return reply.code(201).send(presentOrganisation(row, ctx.viewer));
  });

  mount(app, contract.updateOrganisation, async (request) => {
    const ctx = serviceContext(request);
    const row = await app.db.transaction().execute((trx) => service.updateOrganisation(trx, ctx, request.params.id, request.body));
    return presentOrganisation(row, ctx.viewer);
  });

  mount(app, contract.listSites, async (request) => {
    const ctx = serviceContext(request);
    const { organisation, sites } = await service.listSites(app.db, ctx, request.params.id);
    return { items: sites.map((s) => presentSite(s, ctx.viewer, organisation)) };
  });

  mount(app, contract.createSite, async (request, reply) => {
    const ctx = serviceContext(request);
    const { organisation, site } = await app.db.transaction().execute((trx) => service.createSite(trx, ctx, request.params.id, request.body));
    return reply.code(201).send(presentSite(site, ctx.viewer, organisation));
  });

  mount(app, contract.updateSite, async (request) => {
    const ctx = serviceContext(request);
    const { organisation, site } = await app.db.transaction().execute((trx) => service.updateSite(trx, ctx, request.params.id, request.body));
    return presentSite(site, ctx.viewer, organisation);
  });

  mount(app, contract.deleteSite, async (request, reply) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => service.deleteSite(trx, ctx, request.params.id));
    return reply.code(204).send(null);
  });

  mount(app, contract.listParks, async (request) => ({ items: (await service.listParks(app.db, publicContext(request))).map(presentPark) }));

  mount(app, contract.listRegions, async (request) => ({ items: (await service.listRegions(app.db, publicContext(request))).map(presentRegion) }));
};
