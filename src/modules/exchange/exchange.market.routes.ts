import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import * as attachments from './exchange.attachments.service';
import * as c from './exchange.contract';
import * as demands from './exchange.demands.service';
import * as grading from './exchange.grading.service';
import * as listings from './exchange.listings.service';
import { MAX_ATTACHMENT_BYTES } from './exchange.market.schema';

/** Routes of the stored market: grading standards, attachments, listings, demands. */
export const exchangeMarketRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, c.listStandards, async () => grading.listStandards(app.db));
  mount(app, c.listGrantors, async (request) => listings.actingOptions(app.db, serviceContext(request), request.query.scope));
  mount(app, c.standardVersions, async (request) => grading.standardHistory(app.db, request.params.class));
  mount(app, c.reviseStandard, async (request, reply) => {
    const ctx = serviceContext(request);
    const view = await app.db.transaction().execute((trx) => grading.reviseStandard(trx, ctx, request.params.class, request.body));
    return reply.code(201).send(view);
  });
  mount(app, c.previewGrade, async (request) => {
    serviceContext(request);
    const graded = await grading.gradeWithCurrent(app.db, request.body.class, request.body.assays);
    if (graded === null) return { grade: null, reason: 'missing-assays' as const, missing: [], standardVersion: 0 };
    return graded;
  });

  mount(
    app,
    c.uploadAttachment,
    async (request, reply) => {
      const ctx = serviceContext(request);
      const view = await app.db.transaction().execute((trx) => attachments.uploadAttachment(trx, ctx, request.body));
      return reply.code(201).send(view);
    },
    // base64 takes 4 bytes for every 3 of the file, plus the JSON around it.
    { bodyLimit: Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 64 * 1024 },
  );
  mount(app, c.downloadAttachment, async (request, reply) => {
    const ctx = serviceContext(request);
    const file = await attachments.downloadAttachment(app.db, ctx, request.params.id);
    return reply
      .header('content-type', file.mediaType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .send(Buffer.from(file.content));
  });

  mount(app, c.mapSettings, async (request) => {
    // Signed-in users only: a provider's browser key (天地图 tk=) is not for anonymous scrapers.
    serviceContext(request);
    const tiles = app.config.mapTiles;
    return { tiles: tiles ? { urlTemplate: tiles.urlTemplate, subdomains: tiles.subdomains, attribution: tiles.attribution } : null };
  });

  mount(app, c.listListings, async (request) => listings.listListings(app.db, serviceContext(request), request.query));
  mount(app, c.previewListing, async (request) => listings.previewListing(app.db, serviceContext(request), request.body));
  mount(app, c.createListing, async (request, reply) => {
    const ctx = serviceContext(request);
    const view = await app.db.transaction().execute((trx) => listings.createListing(trx, ctx, request.body));
    return reply.code(201).send(view);
  });
  mount(app, c.getListing, async (request) => listings.getListing(app.db, serviceContext(request), request.params.id));
  mount(app, c.updateListing, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => listings.updateListing(trx, ctx, request.params.id, request.body));
  });

  mount(app, c.listDemands, async (request) => demands.listDemands(app.db, serviceContext(request), request.query));
  mount(app, c.createDemand, async (request, reply) => {
    const ctx = serviceContext(request);
    const view = await app.db.transaction().execute((trx) => demands.createDemand(trx, ctx, request.body));
    return reply.code(201).send(view);
  });
  mount(app, c.getDemand, async (request) => demands.getDemand(app.db, serviceContext(request), request.params.id));
  mount(app, c.closeDemand, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => demands.closeDemand(trx, ctx, request.params.id));
  });
};
