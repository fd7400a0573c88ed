import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { readImport } from '../../platform/import/index';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { importRoute, importUpload } from '../../server/upload';
import * as contract from './supply.contract';
import { priceImport } from './supply.formats';
import { importPriceFile, importPrices, WRITE_PRICES_DENIED } from './supply.import.service';
import { mayImportPrices } from './supply.policy';
import { inPriceWriteTurn } from './supply.monitor.service';
import { presentObservation } from './supply.presenter';
import { confirmHeldTicks, listObservations, weeklyPrices } from './supply.prices.service';

/** Price observations: list, a herb's weekly history, post a batch, import a file, confirm held ticks. */
export const supplyPricesRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, contract.listPrices, async (request) => {
    const { rows, total } = await listObservations(app.db, serviceContext(request), request.query);
    return { items: rows.map(presentObservation), total };
  });

  mount(app, contract.weeklyHerbPrices, async (request) => weeklyPrices(app.db, serviceContext(request), request.params.herb, request.query.spec));

  mount(app, contract.postPrices, async (request) => {
    const ctx = serviceContext(request);
    return inPriceWriteTurn(() => app.db.transaction().execute((trx) => importPrices(trx, ctx, request.body.observations, { source: 'api', label: 'api', fieldOf: (i, key) => `body.observations.${i}.${key}` })));
  });

  mount(
    app,
    contract.importPrices,
    async (request) => {
      const ctx = serviceContext(request);
      // Read and validated outside the transaction: a slow upload never holds the database.
      const { rows } = await readImport(importUpload(request), priceImport);
      return inPriceWriteTurn(() => app.db.transaction().execute((trx) => importPriceFile(trx, ctx, rows, { label: request.query.fileName })));
    },
    // Checked before the body is read; the service checks again in its transaction.
    importRoute({ authorize: mayImportPrices, message: WRITE_PRICES_DENIED }),
  );

  mount(app, contract.confirmPrices, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => confirmHeldTicks(trx, ctx, request.body.items));
  });
};
