import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { IMPORT_CONTENT_TYPES } from '../../server/upload';
import { manifestsDeps } from './manifests.keys.service';
import * as queue from './manifests.queue.service';
import * as c from './manifests.regulation.contract';
import * as revisions from './manifests.revisions.service';

/** Routes of revision requests, the regulators' queue and the monthly figures. */
export const manifestsRegulationRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = manifestsDeps(app.config.dataDir);

  mount(app, c.listRevisions, async (request) => revisions.listRevisions(app.db, serviceContext(request), request.params.id));
  mount(app, c.requestRevision, async (request, reply) => {
    const ctx = serviceContext(request);
    const view = await app.db.transaction().execute((trx) => revisions.requestRevision(trx, ctx, deps, request.params.id, request.body));
    return reply.code(201).send(view);
  });
  mount(app, c.decideRevision, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => revisions.decideRevision(trx, ctx, deps, request.params.id, request.params.revision, request.body));
  });
  mount(app, c.cancelRevision, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => revisions.cancelRevision(trx, ctx, request.params.id, request.params.revision, request.body.reason));
  });

  mount(app, c.listQueue, async (request) => ({ items: await queue.listQueue(app.db, serviceContext(request), request.query) }));
  mount(app, c.exportQueue, async (request, reply) => {
    const data = await queue.exportQueue(app.db, serviceContext(request), request.query);
    const format = request.query.format;
    return reply.header('content-type', IMPORT_CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="manifest-queue.${format}"`).send(data);
  });
  mount(app, c.annotateQueueItem, async (request, reply) => {
    const ctx = serviceContext(request);
    const view = await app.db.transaction().execute((trx) => queue.annotateItem(trx, ctx, request.params.item, request.body.text));
    return reply.code(201).send(view);
  });
  mount(app, c.closeQueueItem, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => queue.closeItem(trx, ctx, request.params.item, request.body.reason));
  });
  mount(app, c.monthlyFigures, async (request) => queue.monthlyFigures(app.db, serviceContext(request), request.query.month));
};
