import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import * as c from './exchange.contract';
import * as contracts from './exchange.contracts.service';
import * as match from './exchange.match.service';
import * as proposals from './exchange.proposals.service';

/** Routes of matching, proposals and contracts. */
export const exchangeDealsRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, c.runMatch, async (request, reply) => {
    const ctx = serviceContext(request);
    const run = await app.db.transaction().execute((trx) => match.runMatch(trx, ctx, request.body));
    return reply.code(201).send(run);
  });
  mount(app, c.listProposals, async (request) => proposals.listProposals(app.db, serviceContext(request), request.query));
  mount(app, c.getProposal, async (request) => proposals.getProposal(app.db, serviceContext(request), request.params.id));
  mount(app, c.acceptProposal, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => proposals.decide(trx, ctx, request.params.id, 'accepted', request.body));
  });
  mount(app, c.declineProposal, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => proposals.decide(trx, ctx, request.params.id, 'declined', request.body));
  });

  mount(app, c.listContracts, async (request) => contracts.listContracts(app.db, serviceContext(request), request.query));
  mount(app, c.getContract, async (request) => contracts.getContract(app.db, serviceContext(request), request.params.id));
  mount(app, c.createServiceContract, async (request, reply) => {
    const ctx = serviceContext(request);
    const view = await app.db.transaction().execute((trx) => contracts.createServiceContract(trx, ctx, request.body));
    return reply.code(201).send(view);
  });
  mount(app, c.recordDelivery, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => contracts.recordDelivery(trx, ctx, request.params.id, request.params.seq, request.body));
  });
};
