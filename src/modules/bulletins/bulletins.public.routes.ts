import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { mount } from '../../server/route';
import * as contract from './bulletins.contract';
import { atomFeed, rssFeed } from './bulletins.feed';
import { sendPdf } from './bulletins.pdf-reply';
import * as read from './bulletins.read.service';

/** Entries of the Atom and RSS feeds. */
const FEED_SIZE = 50;

/** Published and withdrawn bulletins, their feeds and PDFs: public, no login. */
export const bulletinsPublicRoutes: FastifyPluginAsyncZod = async (app) => {
  const { publicUrl } = app.config;
  const published = async () => {
    const { items } = await read.listPublicBulletins(app.db, { limit: FEED_SIZE * 2, offset: 0 }, publicUrl);
    return items.filter((b) => b.status === 'published').slice(0, FEED_SIZE);
  };

  mount(app, contract.listPublicBulletins, async (request) => read.listPublicBulletins(app.db, request.query, publicUrl));

  mount(app, contract.atomFeed, async (_request, reply) => reply.type('application/atom+xml; charset=utf-8').send(atomFeed(await published(), publicUrl)));

  mount(app, contract.rssFeed, async (_request, reply) => reply.type('application/rss+xml; charset=utf-8').send(rssFeed(await published(), publicUrl)));

  mount(app, contract.getPublicBulletin, async (request) => read.getPublicBulletin(app.db, request.params.ref, publicUrl));

  mount(app, contract.publicBulletinPdf, async (request, reply) => sendPdf(reply, await read.getPublicBulletin(app.db, request.params.ref, publicUrl), app.config.pdfFont));
};
