import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import {
  createBalanceModel,
  deleteBalanceModel,
  getBalanceModel,
  listBalanceModels,
  listRegionBalanceModels,
  reconcileModel,
  reconcileSavedModel,
  replaceBalanceModel,
} from './balance.contract';
import { presentModel, presentRegionModel } from './balance.presenter';
import * as service from './balance.service';

export const balanceRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, reconcileModel, async (request) => service.reconcileModel(serviceContext(request), request.body.model, request.body.options));

  mount(app, listBalanceModels, async (request) => {
    const ctx = serviceContext(request);
    const rows = await service.listModels(app.db, ctx, request.query.organisationId ?? ctx.viewer.actor.organisationId);
    return { items: rows.map(presentModel) };
  });

  mount(app, listRegionBalanceModels, async (request) => {
    const ctx = serviceContext(request);
    const region = request.query.region ?? ctx.viewer.actor.regionCode;
    return { region, items: (await service.listRegionModels(app.db, ctx, region)).map(presentRegionModel) };
  });

  mount(app, createBalanceModel, async (request, reply) => {
    const ctx = serviceContext(request);
    const row = await app.db.transaction().execute((trx) => service.createModel(trx, ctx, ctx.viewer.actor.organisationId, request.body));
    return reply.code(201).send(presentModel(row));
  });

  mount(app, getBalanceModel, async (request) => presentModel(await service.getModel(app.db, serviceContext(request), request.params.id)));

  mount(app, replaceBalanceModel, async (request) => {
    const ctx = serviceContext(request);
    return presentModel(await app.db.transaction().execute((trx) => service.updateModel(trx, ctx, request.params.id, request.body)));
  });

  mount(app, deleteBalanceModel, async (request, reply) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => service.deleteModel(trx, ctx, request.params.id));
    return reply.code(204).send(null);
  });

  mount(app, reconcileSavedModel, async (request) => service.reconcileSavedModel(app.db, serviceContext(request), request.params.id, request.body.options));
};
