import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import * as catalog from './supply.catalog.service';
import * as contract from './supply.contract';
import { presentAlias, presentHerbs, presentMarket } from './supply.presenter';

/** The catalogue: herbs, aliases, specs, markets (read by everyone logged in, edited by supply monitors and platform admins). */
export const supplyCatalogRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, contract.searchHerbs, async (request) => ({ items: presentHerbs(await catalog.searchHerbs(app.db, serviceContext(request), request.query)) }));

  mount(app, contract.getHerb, async (request) => presentHerbs(await catalog.getHerb(app.db, serviceContext(request), request.params.herb))[0]!);

  mount(app, contract.searchMarkets, async (request) => ({ items: (await catalog.searchMarkets(app.db, serviceContext(request), request.query.q)).map(presentMarket) }));

  mount(app, contract.createHerb, async (request, reply) => {
    const ctx = serviceContext(request);
    const out = await app.db.transaction().execute((trx) => catalog.createHerbWithNames(trx, ctx, request.body));
    return reply.code(201).send(presentHerbs(out)[0]!);
  });

  mount(app, contract.updateHerb, async (request) => {
    const ctx = serviceContext(request);
    return presentHerbs(await app.db.transaction().execute((trx) => catalog.updateHerbWithNames(trx, ctx, request.params.herb, request.body)))[0]!;
  });

  mount(app, contract.addAlias, async (request, reply) => {
    const ctx = serviceContext(request);
    const out = await app.db.transaction().execute((trx) => catalog.addAliasWithHerb(trx, ctx, request.params.herb, request.body));
    return reply.code(201).send(presentAlias(out));
  });

  mount(app, contract.updateAlias, async (request) => {
    const ctx = serviceContext(request);
    return presentAlias(await app.db.transaction().execute((trx) => catalog.updateAliasWithHerb(trx, ctx, request.params.alias, request.body)));
  });

  mount(app, contract.deleteAlias, async (request, reply) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => catalog.removeAlias(trx, ctx, request.params.alias));
    return reply.code(204).send(null);
  });

  mount(app, contract.listSpecs, async (request) => ({ items: await catalog.specsOfHerb(app.db, serviceContext(request), request.params.herb) }));

  mount(app, contract.addSpec, async (request, reply) => {
    const ctx = serviceContext(request);
    const out = await app.db.transaction().execute((trx) => catalog.addSpecOfHerb(trx, ctx, request.params.herb, request.body.name, request.body.nameEn ?? null));
    return reply.code(201).send(out);
  });

  mount(app, contract.renameSpec, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => catalog.renameSpecOfHerb(trx, ctx, request.params.id, request.body.name, request.body.nameEn));
  });

  mount(app, contract.createMarket, async (request, reply) => {
    const ctx = serviceContext(request);
    const m = await app.db.transaction().execute((trx) => catalog.createMarket(trx, ctx, request.body));
    return reply.code(201).send(presentMarket(m));
  });

  mount(app, contract.updateMarket, async (request) => {
    const ctx = serviceContext(request);
    return presentMarket(await app.db.transaction().execute((trx) => catalog.updateMarket(trx, ctx, request.params.market, request.body)));
  });
};
