import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { publicContext, serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { closeAuctionNow, createAuction, getAuction, getPriceIndex, getPriceIndexCsv, listAuctions, placeBid, recordDeposit } from './exchange.auctions.contract';
import { closeAuction } from './exchange.auctions.close.service';
import { sealingKey } from './exchange.auctions.sealing';
import * as service from './exchange.auctions.service';
import { priceIndexCsv, priceIndexView } from './exchange.index.service';

export const exchangeAuctionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const key = () => sealingKey(app.config);

  mount(app, listAuctions, async (request) => service.listAuctionViews(app.db, serviceContext(request), request.query));

  mount(app, createAuction, async (request, reply) => {
    const ctx = serviceContext(request);
    const row = await app.db.transaction().execute((trx) => service.createAuction(trx, ctx, request.body, { key: key() }));
    return reply.code(201).send(await service.auctionView(app.db, ctx, row.id));
  });

  mount(app, getAuction, async (request) => service.auctionView(app.db, serviceContext(request), request.params.id));

  mount(app, placeBid, async (request, reply) => {
    const ctx = serviceContext(request);
    const receipt = await app.db.transaction().execute((trx) => service.placeBid(trx, ctx, request.params.id, request.body.amount, { key: key() }));
    const { outbid: _outbid, sellerOrganisationId: _seller, bidId: _bid, ...view } = receipt;
    return reply.code(201).send(view);
  });

  mount(app, recordDeposit, async (request, reply) => {
    const ctx = serviceContext(request);
    return reply.code(201).send(await app.db.transaction().execute((trx) => service.recordDeposit(trx, ctx, request.params.id, request.body)));
  });

  mount(app, closeAuctionNow, async (request) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => closeAuction(trx, ctx, request.params.id, { key: key() }));
    return service.auctionView(app.db, ctx, request.params.id);
  });

  mount(app, getPriceIndex, async (request) => priceIndexView(app.db, publicContext(request), request.query));

  mount(app, getPriceIndexCsv, async (request, reply) => {
    const csv = await priceIndexCsv(app.db, publicContext(request), request.query);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="byproduct-price-index.csv"').send(csv);
  });
};
