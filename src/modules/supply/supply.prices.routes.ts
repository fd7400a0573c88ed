import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../server/context';
import { readPriceFile } from './supply.formats';
import { importPrices } from './supply.import.service';
import { inPriceWriteTurn } from './supply.monitor.service';
import { presentObservation } from './supply.presenter';
import { confirmHeldTicks, listObservations, permitPriceWrite } from './supply.prices.service';
import { confirmBody, importOutcomeView, importQuery, observationsQuery, observationView, postPricesBody } from './supply.schema';
import { rawFileBody, uploadBody, uploadFormat } from './supply.upload';

const tags = ['supply'];

/** Price observations: list, post a batch, import a file, confirm held ticks. */
export const supplyPricesRoutes: FastifyPluginAsyncZod = async (app) => {
  // Uploads arrive as raw bodies: the server registers the text/csv and .xlsx parsers once for
  // every module (src/server/app.ts, limits in src/server/upload.ts; uploadedTable() reads them).

  app.get(
    '/api/v1/supply/prices',
    { schema: { tags, summary: 'Price observations (newest first)', querystring: observationsQuery, response: { 200: z.object({ items: z.array(observationView), total: z.number().int() }) } } },
    async (request) => {
      const { rows, total } = await listObservations(app.db, serviceContext(request), request.query);
      return { items: rows.map(presentObservation), total };
    },
  );

  app.post(
    '/api/v1/supply/prices',
    {
      schema: {
        tags,
        summary: 'Post a batch of prices (monitoring stations, API token of a supply-monitor organisation); all-or-nothing',
        body: postPricesBody,
        response: { 200: importOutcomeView },
      },
    },
    async (request) => {
      const ctx = serviceContext(request);
      return inPriceWriteTurn(() => app.db.transaction().execute((trx) => importPrices(trx, ctx, request.body.observations, { source: 'api', label: 'api', fieldOf: (i, key) => `body.observations.${i}.${key}` })));
    },
  );

  app.post(
    '/api/v1/supply/prices/import',
    {
      schema: {
        tags,
        summary: 'Import a price file (CSV or .xlsx as the raw body); all-or-nothing with row-numbered errors',
        querystring: importQuery,
        body: z.any().describe(rawFileBody.description),
        response: { 200: importOutcomeView },
      },
    },
    async (request) => {
      const ctx = serviceContext(request);
      permitPriceWrite(ctx);
      const { rows, items } = await readPriceFile(uploadBody(request), uploadFormat(request));
      return inPriceWriteTurn(() => app.db.transaction().execute((trx) => importPrices(trx, ctx, items, { source: 'import', label: request.query.fileName, fieldOf: (i, key) => `row ${rows[i]}: ${key}` })));
    },
  );

  app.post(
    '/api/v1/supply/prices/confirm',
    { schema: { tags, summary: 'Confirm held ticks (supply-monitor admins)', body: confirmBody, response: { 200: z.object({ confirmed: z.number().int(), notHeld: z.number().int() }) } } },
    async (request) => {
      const ctx = serviceContext(request);
      return app.db.transaction().execute((trx) => confirmHeldTicks(trx, ctx, request.body.items));
    },
  );
};
