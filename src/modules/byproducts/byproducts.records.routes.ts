import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { readImport } from '../../platform/import/index';
import { importRoute, importUpload } from '../../server/upload';
import { importRecords, listRecords, putRecord } from './byproducts.contract';
import { presentRecord } from './byproducts.presenter';
import { mayImportByproductFiles } from './byproducts.policy';
import { importRecords as importRecordsFile, recordImport } from './byproducts.records-import';
import * as service from './byproducts.records.service';

export const byproductsRecordsRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, listRecords, async (request) => ({ items: (await service.listStreamRecords(app.db, serviceContext(request), request.params.id)).map(presentRecord) }));

  mount(app, putRecord, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => service.putRecord(trx, ctx, request.params.id, request.params.period, request.body));
  });

  mount(
    app,
    importRecords,
    async (request, reply) => {
      const ctx = serviceContext(request);
      // Read and validated outside the transaction: a slow upload never holds the database.
      const { rows } = await readImport(importUpload(request), recordImport);
      const outcome = await app.db.transaction().execute((trx) => importRecordsFile(trx, ctx, { name: request.query.fileName, rows }));
      return reply.code(201).send(outcome);
    },
    importRoute({ authorize: mayImportByproductFiles, message: 'Your role may not import by-product records.' }),
  );
};
