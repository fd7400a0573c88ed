import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../platform/errors';
import { apiTokenPolicy, authorize } from '../../platform/policies';
import { consumeRateLimit } from '../../platform/rate-limit';
import { requestContext, requireActor } from '../../server/context';
import { findOrganisation } from '../organisations/organisations.repository';
import { organisationIdParams } from '../organisations/organisations.schema';
import * as repo from './tokens.repository';
import { createTokenBody, createdTokenView, tokenIdParams, tokenView } from './tokens.schema';
import * as service from './tokens.service';

const tags = ['tokens'];
const TOKEN_CREATE_LIMIT = { max: 20, windowSeconds: 3600 };

export const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/organisations/:id/tokens',
    { schema: { tags, summary: 'API tokens of an organisation (never the secrets)', params: organisationIdParams, response: { 200: z.object({ items: z.array(tokenView) }) } } },
    async (request) => {
      const actor = requireActor(request);
      const org = await findOrganisation(app.db, request.params.id);
      if (!org) throw errors.notFound('Organisation', request.params.id);
      authorize(apiTokenPolicy.list(actor, { organisationId: org.id, regionCode: org.region_code }));
      return { items: (await repo.listTokens(app.db, org.id)).map(service.presentToken) };
    },
  );

  app.post(
    '/api/v1/organisations/:id/tokens',
    { schema: { tags, summary: 'Create an API token; the secret is returned once', params: organisationIdParams, body: createTokenBody, response: { 201: createdTokenView } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      const limit = await consumeRateLimit(app.db, `token:create:${ctx.actor.userId ?? ctx.actor.tokenId}`, TOKEN_CREATE_LIMIT.max, TOKEN_CREATE_LIMIT.windowSeconds);
      if (!limit.allowed) throw errors.rateLimited(limit.retryAfterSeconds);
      const { row, token } = await app.db.transaction().execute((trx) => service.createApiToken(trx, ctx, request.params.id, request.body));
      return reply.code(201).send({ ...service.presentToken(row), token });
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    { schema: { tags, summary: 'Revoke an API token', params: tokenIdParams, response: { 200: tokenView } } },
    async (request) => {
      const ctx = requestContext(request);
      const row = await app.db.transaction().execute((trx) => service.revokeApiToken(trx, ctx, request.params.id));
      return service.presentToken(row);
    },
  );
};
