import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { DB } from '../../db/database';
import { permit, type OwnerRef } from '../../platform/policy-rules';
import { actorOf, type Rule } from '../../platform/viewer';
import { publicContext, serviceContext, viewerOf } from '../../server/context';
import { mount } from '../../server/route';
import * as contract from './ratings.contract';
import { computeRatings } from './ratings.compute.service';
import { ratingsPolicy } from './ratings.policy';
import { ratedOrganisation } from './ratings.repository';
import * as service from './ratings.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Permissions before the body is validated: the caller must be allowed to act on the firm the
 * path names (an unknown firm or a malformed id is left to the handler and the params schema).
 */
function gateOnOrganisation(db: DB, allowed: Rule<[OwnerRef]>, message: string) {
  return async (request: FastifyRequest) => {
    const id = (request.params as { organisationId?: unknown }).organisationId;
    if (typeof id !== 'string' || !UUID.test(id)) return;
    const o = await ratedOrganisation(db, id);
    if (o) permit(viewerOf(request), allowed(viewerOf(request), { organisationId: o.id, regionCode: o.region_code }), message);
  };
}

export const ratingsRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, contract.ratingMethod, async (request) => service.ratingMethod(publicContext(request).viewer));

  mount(app, contract.listRatings, async (request) => service.listRatings(app.db, serviceContext(request).viewer, request.query));

  mount(app, contract.showRating, async (request) => service.showRating(app.db, serviceContext(request).viewer, request.params.organisationId));

  mount(
    app,
    contract.appealRating,
    async (request, reply) => {
      const ctx = serviceContext(request);
      const out = await app.db.transaction().execute((trx) => service.appealRating(trx, ctx, request.params.organisationId, request.body));
      return reply.code(201).send(out);
    },
    { preValidation: gateOnOrganisation(app.db, ratingsPolicy.appeal, 'A member of the rated firm appeals its rating.') },
  );

  mount(
    app,
    contract.decideAppeal,
    async (request) => {
      const ctx = serviceContext(request);
      return app.db.transaction().execute((trx) => service.decideRatingAppeal(trx, ctx, request.params.id, request.body));
    },
    // Only regulators decide appeals: everyone else is refused before the body is looked at.
    { preValidation: async (request: FastifyRequest) => permit(viewerOf(request), actorOf(viewerOf(request))?.organisationType === 'regulator', 'A regulator of the firm’s region decides its appeal.') },
  );

  mount(
    app,
    contract.recordFinding,
    async (request, reply) => {
      const ctx = serviceContext(request);
      const out = await app.db.transaction().execute((trx) => service.recordFinding(trx, ctx, request.params.organisationId, request.body));
      return reply.code(201).send(out);
    },
    { preValidation: gateOnOrganisation(app.db, ratingsPolicy.recordFinding, 'A regulator of the firm’s region records findings.') },
  );

  mount(
    app,
    contract.recordDispute,
    async (request, reply) => {
      const ctx = serviceContext(request);
      const out = await app.db.transaction().execute((trx) => service.recordDispute(trx, ctx, request.params.organisationId, request.body));
      return reply.code(201).send(out);
    },
    { preValidation: gateOnOrganisation(app.db, ratingsPolicy.recordDispute, 'A regulator of the firm’s region or a platform administrator records dispute outcomes.') },
  );

  mount(
    app,
    contract.recomputeRatings,
    async (request) => {
      const ctx = serviceContext(request);
      return app.db.transaction().execute((trx) => computeRatings(trx, ctx));
    },
    { preValidation: async (request: FastifyRequest) => permit(viewerOf(request), ratingsPolicy.recompute(viewerOf(request)), 'Platform administrators recompute ratings.') },
  );
};
