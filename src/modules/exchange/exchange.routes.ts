import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { exchangeDealsRoutes } from './exchange.deals.routes';
import { exchangeMarketRoutes } from './exchange.market.routes';

/** The exchange core's HTTP routes (contracts in exchange.contract.ts). */
export const exchangeRoutes: FastifyPluginAsyncZod = async (app) => {
  await exchangeMarketRoutes(app, {});
  await exchangeDealsRoutes(app, {});
};
