import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { readImport } from '../../platform/import/index';
import { IMPORT_CONTENT_TYPES, importRoute, importUpload } from '../../server/upload';
import { taxonomy } from './byproducts.advice.service';
import { createStream, deleteStream, exportStreams, getStream, getTaxonomy, importStreams, listStreams, updateStream } from './byproducts.contract';
import { mayImportByproductFiles } from './byproducts.policy';
import { presentStream, presentStreamFor, presentStreamList } from './byproducts.presenter';
import * as service from './byproducts.streams.service';
import { exportStreams as exportStreamsFile } from './byproducts.streams-export';
import { importStreams as importStreamsFile, streamImport } from './byproducts.streams-import';

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

  mount(
    app,
    importStreams,
    async (request, reply) => {
      const ctx = serviceContext(request);
      // Read and validated outside the transaction: a slow upload never holds the database.
      const { rows } = await readImport(importUpload(request), streamImport);
      const outcome = await app.db.transaction().execute((trx) => importStreamsFile(trx, ctx, { name: request.query.fileName, rows }));
      return reply.code(201).send(outcome);
    },
    importRoute({ authorize: mayImportByproductFiles, message: 'Only writers of a manufacturer or a park administration import by-product streams.' }),
  );

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
