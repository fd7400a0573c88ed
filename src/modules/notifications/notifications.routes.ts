import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import * as contract from './notifications.contract';
import * as service from './notifications.service';
import * as webhooks from './notifications.subscriptions.service';

export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, contract.listInbox, async (request) => service.listInbox(app.db, serviceContext(request), request.query));

  mount(app, contract.unreadCount, async (request) => ({ unread: await service.unreadCount(app.db, serviceContext(request)) }));

  mount(app, contract.markRead, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => service.markRead(trx, ctx, request.body.ids));
  });

  mount(app, contract.markAllRead, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => service.markRead(trx, ctx, 'all'));
  });

  mount(app, contract.listWebhooks, async (request) => ({ items: await webhooks.listOrganisationWebhooks(app.db, serviceContext(request), request.params.id) }));

  mount(app, contract.createWebhook, async (request, reply) => {
    const ctx = serviceContext(request);
    const view = await app.db.transaction().execute((trx) => webhooks.createOrganisationWebhook(trx, ctx, request.params.id, request.body, app.config.webhooks));
    return reply.code(201).send(view);
  });

  mount(app, contract.updateWebhook, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => webhooks.updateOrganisationWebhook(trx, ctx, request.params.id, request.body));
  });

  mount(app, contract.deleteWebhook, async (request, reply) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => webhooks.deleteOrganisationWebhook(trx, ctx, request.params.id));
    return reply.code(204).send(null);
  });

  mount(app, contract.listWebhookDeliveries, async (request) => ({ items: await webhooks.listOrganisationDeliveries(app.db, serviceContext(request), request.params.id) }));
};
