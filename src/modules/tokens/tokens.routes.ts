import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import * as contract from './tokens.contract';
import { presentToken } from './tokens.presenter';
import * as service from './tokens.service';

export const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, contract.listTokens, async (request) => ({
    items: (await service.listTokens(app.db, serviceContext(request), request.params.id)).map(presentToken),
  }));

  mount(app, contract.createToken, async (request, reply) => {
    const ctx = serviceContext(request);
    await service.spendTokenCreation(app.db, ctx);
    const { row, token } = await app.db.transaction().execute((trx) => service.createApiToken(trx, ctx, request.params.id, request.body));
    return reply.code(201).send({ ...presentToken(row), token });
  });

  mount(app, contract.revokeToken, async (request) => {
    const ctx = serviceContext(request);
    return presentToken(await app.db.transaction().execute((trx) => service.revokeApiToken(trx, ctx, request.params.id)));
  });
};
