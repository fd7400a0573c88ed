import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { getHome } from './home.contract';
import { homeFor } from './home.service';

export const homeRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, getHome, async (request) => homeFor(app.db, serviceContext(request), new Date()));
};
