import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { atomFeed, rssFeed } from './bulletins.feed';
import { sendPdf } from './bulletins.pdf-reply';
import { listQuery, publicBulletinList, publicBulletinView, publicRefParams } from './bulletins.schema';
import * as service from './bulletins.service';

const tags = ['bulletins'];
/** Entries of the Atom and RSS feeds. */
const FEED_SIZE = 50;

/** Published and withdrawn bulletins, their feeds and PDFs: public, no login. */
export const bulletinsPublicRoutes: FastifyPluginAsyncZod = async (app) => {
  const settings = { publicUrl: app.config.publicUrl };

  app.get(
    '/api/v1/public/bulletins',
    { schema: { tags, summary: 'Published and withdrawn bulletins, newest first (no login)', querystring: listQuery.omit({ status: true }), response: { 200: publicBulletinList } } },
    async (request) => service.listPublicBulletins(app.db, request.query, settings.publicUrl),
  );

  app.get('/api/v1/public/bulletins/feed.atom', { schema: { tags, summary: 'Atom feed of published bulletins (no login)' } }, async (_request, reply) => {
    const { items } = await service.listPublicBulletins(app.db, { limit: FEED_SIZE * 2, offset: 0 }, settings.publicUrl);
    return reply.type('application/atom+xml; charset=utf-8').send(atomFeed(items.filter((b) => b.status === 'published').slice(0, FEED_SIZE), settings.publicUrl));
  });

  app.get('/api/v1/public/bulletins/feed.rss', { schema: { tags, summary: 'RSS 2.0 feed of published bulletins (no login)' } }, async (_request, reply) => {
    const { items } = await service.listPublicBulletins(app.db, { limit: FEED_SIZE * 2, offset: 0 }, settings.publicUrl);
    return reply.type('application/rss+xml; charset=utf-8').send(rssFeed(items.filter((b) => b.status === 'published').slice(0, FEED_SIZE), settings.publicUrl));
  });

  app.get(
    '/api/v1/public/bulletins/:ref',
    { schema: { tags, summary: 'One published or withdrawn bulletin by id or number (no login)', params: publicRefParams, response: { 200: publicBulletinView } } },
    async (request) => service.getPublicBulletin(app.db, request.params.ref, settings.publicUrl),
  );

  app.get(
    '/api/v1/public/bulletins/:ref/pdf',
    { schema: { tags, summary: 'The PDF of a published or withdrawn bulletin (no login)', params: publicRefParams } },
    async (request, reply) => sendPdf(reply, await service.getPublicBulletin(app.db, request.params.ref, settings.publicUrl), app.config.pdfFont),
  );
};
