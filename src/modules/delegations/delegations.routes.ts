import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import * as contract from './delegations.contract';
import * as service from './delegations.service';

export const delegationsRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, contract.listDelegations, async (request) => ({
    items: await service.listDelegations(app.db, serviceContext(request), { organisationId: request.params.id, direction: request.query.direction, includeRevoked: request.query.includeRevoked }),
  }));

  mount(app, contract.grantDelegation, async (request, reply) => {
    const ctx = serviceContext(request);
    const view = await app.db.transaction().execute((trx) => service.grantDelegation(trx, ctx, request.params.id, request.body));
    return reply.code(201).send(view);
  });

  mount(app, contract.getDelegation, async (request) => service.getDelegation(app.db, serviceContext(request), request.params.id));

  mount(app, contract.revokeDelegation, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => service.revokeDelegation(trx, ctx, request.params.id, request.body.reason ?? null));
  });
};
