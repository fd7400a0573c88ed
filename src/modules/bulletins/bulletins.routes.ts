import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../server/context';
import { sendPdf } from './bulletins.pdf-reply';
import { presentBulletins, presentDeliveries } from './bulletins.presenter';
import { bulletinsPublicRoutes } from './bulletins.public.routes';
import {
  bulletinInput,
  bulletinList,
  bulletinPatch,
  bulletinView,
  createdSubscriptionView,
  deliveryList,
  deliveryQuery,
  idParams,
  listQuery,
  subscriptionInput,
  subscriptionPatch,
  subscriptionView,
  withdrawBody,
} from './bulletins.schema';
import * as service from './bulletins.service';

const tags = ['bulletins'];

export const bulletinsRoutes: FastifyPluginAsyncZod = async (app) => {
  const settings: service.BulletinsSettings = { publicUrl: app.config.publicUrl, webhooks: app.config.webhooks };
  const present = async (row: Parameters<typeof presentBulletins>[1][number]) => (await presentBulletins(app.db, [row], settings.publicUrl))[0]!;

  await app.register(bulletinsPublicRoutes);

  // ------------------------------------------------------------ supply monitors

  app.get('/api/v1/bulletins', { schema: { tags, summary: 'All bulletins including drafts (supply monitors, admins)', querystring: listQuery, response: { 200: bulletinList } } }, async (request) =>
    service.listBulletins(app.db, serviceContext(request), request.query, settings.publicUrl),
  );

  app.post('/api/v1/bulletins', { schema: { tags, summary: 'Create a draft bulletin', body: bulletinInput, response: { 201: bulletinView } } }, async (request, reply) => {
    const ctx = serviceContext(request);
    const row = await app.db.transaction().execute((trx) => service.createBulletin(trx, ctx, request.body));
    return reply.code(201).send(await present(row));
  });

  // Static paths before `/:id`: find-my-way prefers them anyway; the order documents it.
  app.get('/api/v1/bulletins/subscriptions', { schema: { tags, summary: 'Webhook subscribers (without their secrets)', response: { 200: z.object({ items: z.array(subscriptionView) }) } } }, async (request) => ({
    items: await service.listSubscriptions(app.db, serviceContext(request)),
  }));

  app.post(
    '/api/v1/bulletins/subscriptions',
    { schema: { tags, summary: 'Add a webhook subscriber; the answer shows its signing secret once', body: subscriptionInput, response: { 201: createdSubscriptionView } } },
    async (request, reply) => {
      const ctx = serviceContext(request);
      return reply.code(201).send(await app.db.transaction().execute((trx) => service.createSubscription(trx, ctx, request.body, settings)));
    },
  );

  app.patch(
    '/api/v1/bulletins/subscriptions/:id',
    { schema: { tags, summary: 'Rename, change audiences, pause or resume a subscriber', params: idParams, body: subscriptionPatch, response: { 200: subscriptionView } } },
    async (request) => {
      const ctx = serviceContext(request);
      return app.db.transaction().execute((trx) => service.updateSubscription(trx, ctx, request.params.id, request.body));
    },
  );

  app.delete('/api/v1/bulletins/subscriptions/:id', { schema: { tags, summary: 'Remove a subscriber and its deliveries', params: idParams } }, async (request, reply) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => service.deleteSubscription(trx, ctx, request.params.id));
    return reply.code(204).send();
  });

  app.get(
    '/api/v1/bulletins/deliveries',
    { schema: { tags, summary: 'Webhook deliveries with their status, attempts and last error (newest first, at most 500)', querystring: deliveryQuery, response: { 200: deliveryList } } },
    async (request) => {
      const q = request.query;
      return { items: presentDeliveries(await service.listDeliveries(app.db, serviceContext(request), { bulletinId: q.bulletin, subscriptionId: q.subscription, status: q.status })) };
    },
  );

  app.get('/api/v1/bulletins/:id', { schema: { tags, summary: 'One bulletin (drafts too)', params: idParams, response: { 200: bulletinView } } }, async (request) =>
    service.getBulletin(app.db, serviceContext(request), request.params.id, settings.publicUrl),
  );

  app.patch('/api/v1/bulletins/:id', { schema: { tags, summary: 'Change a draft', params: idParams, body: bulletinPatch, response: { 200: bulletinView } } }, async (request) => {
    const ctx = serviceContext(request);
    return present(await app.db.transaction().execute((trx) => service.updateBulletin(trx, ctx, request.params.id, request.body)));
  });

  app.delete('/api/v1/bulletins/:id', { schema: { tags, summary: 'Delete a draft', params: idParams } }, async (request, reply) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => service.deleteDraft(trx, ctx, request.params.id));
    return reply.code(204).send();
  });

  app.post(
    '/api/v1/bulletins/:id/publish',
    { schema: { tags, summary: 'Publish a draft: numbered, immutable, public; webhook deliveries queued in the same transaction', params: idParams, response: { 200: bulletinView } } },
    async (request) => {
      const ctx = serviceContext(request);
      return present(await app.db.transaction().execute((trx) => service.publishBulletin(trx, ctx, request.params.id, { settings })));
    },
  );

  app.post(
    '/api/v1/bulletins/:id/withdraw',
    { schema: { tags, summary: 'Withdraw a published bulletin (stays listed as withdrawn)', params: idParams, body: withdrawBody, response: { 200: bulletinView } } },
    async (request) => {
      const ctx = serviceContext(request);
      return present(await app.db.transaction().execute((trx) => service.withdrawBulletin(trx, ctx, request.params.id, request.body.reason, { settings })));
    },
  );

  app.get('/api/v1/bulletins/:id/pdf', { schema: { tags, summary: 'The PDF of any bulletin, drafts too (supply monitors, admins)', params: idParams } }, async (request, reply) => {
    const view = await service.getBulletin(app.db, serviceContext(request), request.params.id, settings.publicUrl);
    return sendPdf(reply, view, app.config.pdfFont);
  });
};
