import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { exposure, floorPrice, severityLevels } from './supply.analysis.service';
import { supplyCatalogRoutes } from './supply.catalog.routes';
import * as contract from './supply.contract';
import { herbForecast } from './supply.forecast.service';
import { supplyFormulasRoutes } from './supply.formulas.routes';
import { presentPriceIndex } from './supply.presenter';
import { priceIndex } from './supply.price-index.service';
import { supplyPricesRoutes } from './supply.prices.routes';

/** The supply module's routes: catalogue, prices and formulas in their own plugins, herb analyses here. */
export const supplyRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(supplyCatalogRoutes);
  await app.register(supplyPricesRoutes);
  await app.register(supplyFormulasRoutes);

  mount(app, contract.getSeverityLevels, async (request) => severityLevels(serviceContext(request)));

  mount(app, contract.floorPrice, async (request) => floorPrice(app.db, serviceContext(request), request.query));

  mount(app, contract.herbExposure, async (request) => exposure(app.db, serviceContext(request), request.params.herb, request.query.shock));

  mount(app, contract.herbForecast, async (request) => herbForecast(app.db, serviceContext(request), request.params.herb, request.query.weeks, request.query.spec));

  mount(app, contract.priceIndex, async (request) => presentPriceIndex(await priceIndex(app.db, serviceContext(request), request.query.from)));
};
