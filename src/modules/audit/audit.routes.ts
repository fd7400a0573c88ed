import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { listAudit } from './audit.contract';
import { presentAuditPage } from './audit.presenter';
import { readAuditLog } from './audit.service';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, listAudit, async (request) => presentAuditPage(await readAuditLog(app.db, serviceContext(request), request.query), request.query.limit));
};
