import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestContext, requireActor } from '../../server/context';
import { balanceModelBody, balanceModelIdParams, balanceModelView, listModelsQuery, reconcileBody, reconcileOptions, reconciliationView, regionModelView, regionModelsQuery } from './balance.schema';
import * as service from './balance.service';

const tags = ['balance'];

export const balanceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/v1/balance/reconcile',
    { schema: { tags, summary: 'Reconcile a balance model (STAN-style weighted least squares); nothing is stored', body: reconcileBody, response: { 200: reconciliationView } } },
    async (request) => {
      requireActor(request);
      return service.reconcile(request.body.model, request.body.options);
    },
  );

  app.get(
    '/api/v1/balance/models',
    { schema: { tags, summary: 'Balance models of an organisation (default: my own)', querystring: listModelsQuery, response: { 200: z.object({ items: z.array(balanceModelView) }) } } },
    async (request) => {
      const ctx = requestContext(request);
      const rows = await service.listModels(app.db, ctx, request.query.organisationId ?? ctx.actor.organisationId);
      return { items: rows.map(service.presentModel) };
    },
  );

  app.get(
    '/api/v1/balance/region-models',
    {
      schema: {
        tags,
        summary: 'Balance models of the firms in a region (regulators of the region, platform admins); default: my region',
        querystring: regionModelsQuery,
        response: { 200: z.object({ region: z.string(), items: z.array(regionModelView) }) },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      const region = request.query.region ?? ctx.actor.regionCode;
      return { region, items: await service.listRegionModels(app.db, ctx.actor, region) };
    },
  );

  app.post(
    '/api/v1/balance/models',
    { schema: { tags, summary: 'Save a balance model for my organisation', body: balanceModelBody, response: { 201: balanceModelView } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      const row = await app.db.transaction().execute((trx) => service.createModel(trx, ctx, ctx.actor.organisationId, request.body));
      return reply.code(201).send(service.presentModel(row));
    },
  );

  app.get('/api/v1/balance/models/:id', { schema: { tags, summary: 'One balance model', params: balanceModelIdParams, response: { 200: balanceModelView } } }, async (request) =>
    service.presentModel(await service.getModel(app.db, requestContext(request), request.params.id)),
  );

  app.put(
    '/api/v1/balance/models/:id',
    { schema: { tags, summary: 'Replace a balance model', params: balanceModelIdParams, body: balanceModelBody, response: { 200: balanceModelView } } },
    async (request) => {
      const ctx = requestContext(request);
      return service.presentModel(await app.db.transaction().execute((trx) => service.updateModel(trx, ctx, request.params.id, request.body)));
    },
  );

  app.delete('/api/v1/balance/models/:id', { schema: { tags, summary: 'Delete a balance model', params: balanceModelIdParams, response: { 204: z.null() } } }, async (request, reply) => {
    const ctx = requestContext(request);
    await app.db.transaction().execute((trx) => service.deleteModel(trx, ctx, request.params.id));
    return reply.code(204).send(null);
  });

  app.post(
    '/api/v1/balance/models/:id/reconcile',
    { schema: { tags, summary: 'Reconcile a saved model', params: balanceModelIdParams, body: z.object({ options: reconcileOptions }).default({ options: {} }), response: { 200: reconciliationView } } },
    async (request) => {
      const row = await service.getModel(app.db, requestContext(request), request.params.id);
      return service.reconcile(service.presentModel(row).model, request.body.options);
    },
  );
};
