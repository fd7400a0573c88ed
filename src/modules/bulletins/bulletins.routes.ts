import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import * as contract from './bulletins.contract';
import { sendPdf } from './bulletins.pdf-reply';
import { presentDeliveries } from './bulletins.presenter';
import { bulletinsPublicRoutes } from './bulletins.public.routes';
import * as read from './bulletins.read.service';
import * as service from './bulletins.service';

export const bulletinsRoutes: FastifyPluginAsyncZod = async (app) => {
  const settings: service.BulletinsSettings = { publicUrl: app.config.publicUrl, webhooks: app.config.webhooks };

  await app.register(bulletinsPublicRoutes);

  mount(app, contract.listBulletins, async (request) => read.listBulletins(app.db, serviceContext(request), request.query, settings.publicUrl));

  mount(app, contract.createBulletin, async (request, reply) => {
    const ctx = serviceContext(request);
    const row = await app.db.transaction().execute((trx) => service.createBulletin(trx, ctx, request.body));
    return reply.code(201).send(await read.bulletinView(app.db, row, settings.publicUrl));
  });

  // Static paths before `/:id`: find-my-way prefers them anyway; the order documents it.
  mount(app, contract.listSubscriptions, async (request) => ({ items: await service.listSubscriptions(app.db, serviceContext(request)) }));

  mount(app, contract.createSubscription, async (request, reply) => {
    const ctx = serviceContext(request);
    return reply.code(201).send(await app.db.transaction().execute((trx) => service.createSubscription(trx, ctx, request.body, settings)));
  });

  mount(app, contract.updateSubscription, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => service.updateSubscription(trx, ctx, request.params.id, request.body));
  });

  mount(app, contract.deleteSubscription, async (request, reply) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => service.deleteSubscription(trx, ctx, request.params.id));
    return reply.code(204).send(null);
  });

  mount(app, contract.listDeliveries, async (request) => {
    const q = request.query;
    return { items: presentDeliveries(await read.listDeliveries(app.db, serviceContext(request), { bulletinId: q.bulletin, subscriptionId: q.subscription, status: q.status })) };
  });

  mount(app, contract.getBulletin, async (request) => read.getBulletin(app.db, serviceContext(request), request.params.id, settings.publicUrl));

  mount(app, contract.updateBulletin, async (request) => {
    const ctx = serviceContext(request);
    return read.bulletinView(app.db, await app.db.transaction().execute((trx) => service.updateBulletin(trx, ctx, request.params.id, request.body)), settings.publicUrl);
  });

  mount(app, contract.deleteBulletin, async (request, reply) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => service.deleteDraft(trx, ctx, request.params.id));
    return reply.code(204).send(null);
  });

  mount(app, contract.publishBulletin, async (request) => {
    const ctx = serviceContext(request);
    return read.bulletinView(app.db, await app.db.transaction().execute((trx) => service.publishBulletin(trx, ctx, request.params.id, { settings, confirmLevel: request.body.confirmLevel })), settings.publicUrl);
  });

  mount(app, contract.withdrawBulletin, async (request) => {
    const ctx = serviceContext(request);
    return read.bulletinView(app.db, await app.db.transaction().execute((trx) => service.withdrawBulletin(trx, ctx, request.params.id, request.body.reason, { settings })), settings.publicUrl);
  });

  mount(app, contract.bulletinPdf, async (request, reply) => {
    const view = await read.getBulletin(app.db, serviceContext(request), request.params.id, settings.publicUrl);
    return sendPdf(reply, view, app.config.pdfFont);
  });
};
