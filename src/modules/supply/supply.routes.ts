import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { exposure, floorPrice, severityLevels } from './supply.analysis.service';
import { supplyCatalogRoutes } from './supply.catalog.routes';
import { getSeverityLevels } from './supply.contract';
import { herbForecast } from './supply.forecast.service';
import { supplyFormulasRoutes } from './supply.formulas.routes';
import { finite } from './supply.presenter';
import { priceIndex } from './supply.price-index.service';
import { supplyPricesRoutes } from './supply.prices.routes';
import { exposureQuery, exposureView, floorPriceQuery, floorPriceView, herbForecastQuery, herbForecastView, herbParams, indexQuery, indexView } from './supply.schema';

const tags = ['supply'];

/** The supply module's routes: catalogue, prices and formulas in their own plugins, herb analyses here. */
export const supplyRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(supplyCatalogRoutes);
  await app.register(supplyPricesRoutes);
  await app.register(supplyFormulasRoutes);

  mount(app, getSeverityLevels, async (request) => severityLevels(serviceContext(request)));

  app.get(
    '/api/v1/supply/floor-price',
    { schema: { tags, summary: 'Cost-floor price of a cultivated herb (元/kg), and a formula’s Y/P at it', querystring: floorPriceQuery, response: { 200: floorPriceView } } },
    async (request) => floorPrice(app.db, serviceContext(request), request.query),
  );

  app.get(
    '/api/v1/supply/herbs/:herb/exposure',
    { schema: { tags, summary: 'Formulas using a herb and how +1 % of its price moves their Y/P', params: herbParams, querystring: exposureQuery, response: { 200: exposureView } } },
    async (request) => exposure(app.db, serviceContext(request), request.params.herb, request.query.shock),
  );

  app.get(
    '/api/v1/supply/herbs/:herb/forecast',
    { schema: { tags, summary: 'Price forecast of a herb (ETS on weekly log prices chosen by AICc) with 80 % and 95 % intervals', params: herbParams, querystring: herbForecastQuery, response: { 200: herbForecastView } } },
    async (request) => herbForecast(app.db, serviceContext(request), request.params.herb, request.query.weeks, request.query.spec),
  );

  app.get(
    '/api/v1/supply/index',
    { schema: { tags, summary: 'Herb composite price index and category sub-indices (monthly, base = 100)', querystring: indexQuery, response: { 200: indexView } } },
    async (request) => {
      const r = await priceIndex(app.db, serviceContext(request), request.query.from);
      return { ...r, composite: r.composite.map(finite), categories: Object.fromEntries(Object.entries(r.categories).map(([k, v]) => [k, v.map(finite)])) };
    },
  );
};
