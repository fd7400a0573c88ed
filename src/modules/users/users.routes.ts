import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import * as contract from './users.contract';
import { presentAddedMember, presentMember } from './users.presenter';
import * as service from './users.service';

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, contract.listMembers, async (request) => ({
    items: (await service.listMembers(app.db, serviceContext(request), request.params.id)).map(presentMember),
  }));

  mount(app, contract.addMember, async (request, reply) => {
    const ctx = serviceContext(request);
    const { user, created, role } = await app.db.transaction().execute((trx) => service.addMember(trx, ctx, request.params.id, request.body));
    return reply.code(201).send(presentAddedMember(user, role, created));
  });

  mount(app, contract.changeMemberRole, async (request, reply) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => service.changeRole(trx, ctx, request.params.id, request.params.userId, request.body.role));
    return reply.code(204).send(null);
  });

  mount(app, contract.removeMember, async (request, reply) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => service.removeMember(trx, ctx, request.params.id, request.params.userId));
    return reply.code(204).send(null);
  });
};
