import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { byproductsAdviceRoutes } from './byproducts.advice.routes';
import { byproductsFiguresRoutes } from './byproducts.figures.routes';
import { byproductsPathwaysRoutes } from './byproducts.pathways.routes';
import { byproductsRecordsRoutes } from './byproducts.records.routes';
import { byproductsStreamsRoutes } from './byproducts.streams.routes';

/** The by-product module's HTTP routes, one plugin per resource (contracts in byproducts.contract.ts). */
export const byproductsRoutes: FastifyPluginAsyncZod = async (app) => {
  await byproductsStreamsRoutes(app, {});
  await byproductsAdviceRoutes(app, {});
  await byproductsRecordsRoutes(app, {});
  await byproductsFiguresRoutes(app, {});
  await byproductsPathwaysRoutes(app, {});
};
