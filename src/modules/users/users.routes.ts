import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../platform/errors';
import { authorize, memberPolicy } from '../../platform/policies';
import { requestContext, requireActor } from '../../server/context';
import { findOrganisation } from '../organisations/organisations.repository';
import { organisationIdParams } from '../organisations/organisations.schema';
import * as repo from './users.repository';
import { addMemberBody, changeRoleBody, memberParams, memberView } from './users.schema';
import * as service from './users.service';

const tags = ['users'];

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/organisations/:id/members',
    { schema: { tags, summary: 'Members of an organisation', params: organisationIdParams, response: { 200: z.object({ items: z.array(memberView) }) } } },
    async (request) => {
      const actor = requireActor(request);
      const org = await findOrganisation(app.db, request.params.id);
      if (!org) throw errors.notFound('Organisation', request.params.id);
      authorize(memberPolicy.list(actor, { organisationId: org.id, regionCode: org.region_code }));
      const rows = await repo.listMembers(app.db, org.id);
      return {
        items: rows.map((r) => ({
          userId: r.id,
          username: r.username,
          displayName: r.display_name,
          email: r.email,
          disabled: r.disabled,
          role: r.role,
          createdAt: r.created_at.toISOString(),
        })),
      };
    },
  );

  app.post(
    '/api/v1/organisations/:id/members',
    {
      schema: {
        tags,
        summary: 'Create a user in the organisation, or add an existing user',
        params: organisationIdParams,
        body: addMemberBody,
        response: { 201: memberView.extend({ created: z.boolean() }) },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const { user, created, role } = await app.db.transaction().execute((trx) => service.addMember(trx, ctx, request.params.id, request.body));
      return reply.code(201).send({
        userId: user.id,
        username: user.username,
        displayName: user.display_name,
        email: user.email,
        disabled: user.disabled,
        role,
        createdAt: user.created_at.toISOString(),
        created,
      });
    },
  );

  app.patch(
    '/api/v1/organisations/:id/members/:userId',
    { schema: { tags, summary: 'Change a member’s role', params: memberParams, body: changeRoleBody, response: { 204: z.null() } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      await app.db.transaction().execute((trx) => service.changeRole(trx, ctx, request.params.id, request.params.userId, request.body.role));
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/v1/organisations/:id/members/:userId',
    { schema: { tags, summary: 'Remove a member', params: memberParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      await app.db.transaction().execute((trx) => service.removeMember(trx, ctx, request.params.id, request.params.userId));
      return reply.code(204).send(null);
    },
  );
};
