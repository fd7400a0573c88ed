import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { getDashboardSummary } from './dashboard.contract';
import { dashboardSummary } from './dashboard.service';

export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, getDashboardSummary, async (request) => dashboardSummary(app.db, serviceContext(request).viewer));
};
