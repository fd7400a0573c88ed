import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { IMPORT_CONTENT_TYPES, uploadedTable } from '../../server/upload';
import { taxonomy } from './byproducts.advice.service';
import { createStream, deleteStream, exportStreams, getStream, getTaxonomy, importStreams, listStreams, updateStream } from './byproducts.contract';
import { presentStream, presentStreamFor, presentStreamList } from './byproducts.presenter';
import * as service from './byproducts.streams.service';
import { exportStreams as exportStreamsFile } from './byproducts.streams-export';
import { importStreams as importStreamsFile } from './byproducts.streams-import';

export const byproductsStreamsRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, getTaxonomy, async () => taxonomy());

  mount(app, listStreams, async (request) => {
    const ctx = serviceContext(request);
    return presentStreamList(ctx.viewer, await service.listStreams(app.db, ctx, request.query));
  });

  mount(app, createStream, async (request, reply) => {
    const ctx = serviceContext(request);
    const row = await app.db.transaction().execute((trx) => service.createStream(trx, ctx, request.body));
    return reply.code(201).send(presentStream(row, 'confidential'));
  });

  mount(app, importStreams, async (request, reply) => {
    const ctx = serviceContext(request);
    const file = uploadedTable(request);
    const outcome = await app.db.transaction().execute((trx) => importStreamsFile(trx, ctx, { name: request.query.fileName, ...file }));
    return reply.code(201).send(outcome);
  });

  mount(app, exportStreams, async (request, reply) => {
    const ctx = serviceContext(request);
    const { format, ...query } = request.query;
    const data = await exportStreamsFile(app.db, ctx, query, format);
    return reply.header('content-type', IMPORT_CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="byproduct-streams.${format}"`).send(data);
  });

  mount(app, getStream, async (request) => {
    const ctx = serviceContext(request);
    return presentStreamFor(ctx.viewer, await service.getStream(app.db, ctx, request.params.id, 'internal'));
  });

  mount(app, updateStream, async (request) => {
    const ctx = serviceContext(request);
    const row = await app.db.transaction().execute((trx) => service.updateStream(trx, ctx, request.params.id, request.body));
    return presentStream(row, 'confidential');
  });

  mount(app, deleteStream, async (request, reply) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => service.deleteStream(trx, ctx, request.params.id));
    return reply.code(204).send(null);
  });
};
