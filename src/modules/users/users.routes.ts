import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import * as contract from './users.contract';
import * as invitations from './users.invitations.service';
import { presentInvitation, presentMember, presentMyInvitation } from './users.presenter';
import * as service from './users.service';

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, contract.listMembers, async (request) => ({
    items: (await service.listMembers(app.db, serviceContext(request), request.params.id)).map(presentMember),
  }));

  mount(app, contract.inviteMember, async (request, reply) => {
    const ctx = serviceContext(request);
    const invitation = await app.db.transaction().execute((trx) => invitations.invite(trx, ctx, request.params.id, request.body));
    return reply.code(202).send(presentInvitation(invitation));
  });

  mount(app, contract.listInvitations, async (request) => ({
    items: (await invitations.listInvitations(app.db, serviceContext(request), request.params.id)).map(presentInvitation),
  }));

  mount(app, contract.revokeInvitation, async (request, reply) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => invitations.revokeInvitation(trx, ctx, request.params.id, request.params.invitationId));
    return reply.code(204).send(null);
  });

  mount(app, contract.myInvitations, async (request) => ({ items: (await invitations.myInvitations(app.db, serviceContext(request))).map(presentMyInvitation) }));

  mount(app, contract.acceptInvitation, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => invitations.acceptInvitation(trx, ctx, request.params.id));
  });

  mount(app, contract.declineInvitation, async (request, reply) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => invitations.declineInvitation(trx, ctx, request.params.id));
    return reply.code(204).send(null);
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
