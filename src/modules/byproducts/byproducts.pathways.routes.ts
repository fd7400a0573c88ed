import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { publicContext, serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { addPathway, editPathway, exportPathways, getPathway, importPathways, listKbVersions, listPathways } from './byproducts.contract';
import * as service from './byproducts.pathways.service';

const noteOf = (note: string | undefined) => (note ? { note } : {});

export const byproductsPathwaysRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, listPathways, async (request) => service.pathwayList(app.db, request.query.version));

  mount(app, listKbVersions, async (request) => ({ items: await service.knowledgeBaseVersions(app.db, publicContext(request)) }));

  mount(app, exportPathways, async (request) => service.exportKnowledgeBase(app.db, request.query.version));

  mount(app, importPathways, async (request, reply) => {
    const ctx = serviceContext(request);
    const version = await app.db.transaction().execute((trx) => service.importKnowledgeBaseVersion(trx, ctx, request.body, request.query.note, new Date()));
    return reply.code(201).send(version);
  });

  mount(app, addPathway, async (request, reply) => {
    const ctx = serviceContext(request);
    const r = await app.db.transaction().execute((trx) => service.savePathway(trx, ctx, request.body, noteOf(request.query.note), new Date()));
    return reply.code(201).send({ version: r.knowledgeBase.version, revision: r.knowledgeBase.revision, pathway: r.pathway });
  });

  mount(app, getPathway, async (request) => service.currentPathway(app.db, request.params.id));

  mount(app, editPathway, async (request) => {
    const ctx = serviceContext(request);
    const r = await app.db.transaction().execute((trx) => service.savePathway(trx, ctx, request.body, { id: request.params.id, ...noteOf(request.query.note) }, new Date()));
    return { version: r.knowledgeBase.version, revision: r.knowledgeBase.revision, pathway: r.pathway };
  });
};
