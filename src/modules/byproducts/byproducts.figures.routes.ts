import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { publicContext, serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { deleteFirmInputs, getFigures, listFirmInputs, putFirmInputs } from './byproducts.contract';
import { figures } from './byproducts.figures.service';
import * as inputs from './byproducts.inputs.service';

export const byproductsFiguresRoutes: FastifyPluginAsyncZod = async (app) => {
  // Park and region figures are public: the service's policy decides per scope.
  mount(app, getFigures, async (request) => figures(app.db, publicContext(request), request.query, new Date()));

  // A firm's declared inputs (for its Material Circularity Indicator).
  mount(app, listFirmInputs, async (request) => ({ items: await inputs.listFirmInputs(app.db, serviceContext(request), request.params.organisation) }));

  mount(app, putFirmInputs, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => inputs.putFirmInputs(trx, ctx, request.params.organisation, request.params.period, request.body));
  });

  mount(app, deleteFirmInputs, async (request, reply) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => inputs.deleteFirmInputs(trx, ctx, request.params.organisation, request.params.period));
    return reply.code(204).send(null);
  });
};
