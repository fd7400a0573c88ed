import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { permit } from '../../platform/policy-rules';
import { isHumanPlatformAdmin, isWriter } from '../../platform/policy-rules';
import { publicContext, serviceContext, viewerOf } from '../../server/context';
import { mount } from '../../server/route';
import * as duties from './manifests.duties.service';
import * as c from './manifests.law.contract';
import { lawPolicy } from './manifests.law.policy';
import * as permits from './manifests.permits.service';
import * as transfers from './manifests.transfers.service';

/** Permission before the body is read: the rule that needs nothing from the body. */
const gate = (allowed: (request: FastifyRequest) => boolean, message: string) => async (request: FastifyRequest) => permit(viewerOf(request), allowed(request), message);
const actorIs = (request: FastifyRequest, test: (a: NonNullable<FastifyRequest['actor']>) => boolean) => (request.actor ? test(request.actor) : false);

/** Routes of the law manifests follow: duties, cross-province transfer approvals, carriers' permits, deletion. */
export const manifestsLawRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, c.listDuties, async (request) => ({ items: await duties.listDuties(app.db, request.query.on) }));
  const manageDuties = gate((r) => lawPolicy.manageDuties(viewerOf(r)), 'Only platform administrators edit the duties.');
  mount(
    app,
    c.addDuty,
    async (request, reply) => {
      const ctx = serviceContext(request);
      return reply.code(201).send(await app.db.transaction().execute((trx) => duties.addDuty(trx, ctx, request.body)));
    },
    { preValidation: manageDuties },
  );
  mount(
    app,
    c.updateDuty,
    async (request) => {
      const ctx = serviceContext(request);
      return app.db.transaction().execute((trx) => duties.updateDuty(trx, ctx, request.params.duty, request.body));
    },
    { preValidation: manageDuties },
  );

  mount(app, c.listTransfers, async (request) => ({ items: await transfers.listTransfers(app.db, publicContext(request), request.query.status) }));
  mount(
    app,
    c.applyTransfer,
    async (request, reply) => {
      const ctx = serviceContext(request);
      return reply.code(201).send(await app.db.transaction().execute((trx) => transfers.applyTransfer(trx, ctx, request.body)));
    },
    { preValidation: gate((r) => lawPolicy.mayApplyAtAll(viewerOf(r)), "Only a generator's members apply for transfers.") },
  );
  mount(app, c.getTransfer, async (request) => transfers.getTransfer(app.db, publicContext(request), request.params.approval));
  mount(
    app,
    c.decideTransfer,
    async (request) => {
      const ctx = serviceContext(request);
      return app.db.transaction().execute((trx) => transfers.decideTransfer(trx, ctx, request.params.approval, request.body));
    },
    { preValidation: gate((r) => actorIs(r, (a) => a.organisationType === 'regulator' && isWriter(a)), "Only the provinces' ecology departments decide transfers.") },
  );

  mount(app, c.listPermits, async (request) => ({ items: await permits.listPermits(app.db, serviceContext(request), request.query.organisationId) }));
  mount(
    app,
    c.recordPermit,
    async (request, reply) => {
      const ctx = serviceContext(request);
      return reply.code(201).send(await app.db.transaction().execute((trx) => permits.recordPermit(trx, ctx, request.body)));
    },
    { preValidation: gate((r) => actorIs(r, (a) => isWriter(a) || isHumanPlatformAdmin(a)), "Only a carrier's members and platform administrators record permits.") },
  );

  mount(
    app,
    c.deleteManifest,
    async (request) => {
      const ctx = serviceContext(request);
      return app.db.transaction().execute((trx) => duties.deleteManifest(trx, ctx, request.params.id, request.query.reason));
    },
    { preValidation: gate((r) => lawPolicy.deleteManifest(viewerOf(r)), 'Only platform administrators delete manifest records.') },
  );
};
