import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { mount } from '../../server/route';
import { getHealth } from './health.contract';
import { healthProbe } from './health.service';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const probe = healthProbe(app.db, app.dbKind, (error) => app.log.error({ err: error }, 'health check failed'));
  mount(app, getHealth, async (_request, reply) => {
    const body = await probe();
    return reply.code(body.status === 'ok' ? 200 : 503).send(body);
  });
};
