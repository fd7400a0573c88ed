import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../server/context';
import * as catalog from './supply.catalog.service';
import { presentAlias, presentHerbs, presentMarket } from './supply.presenter';
import {
  aliasBody,
  aliasParams,
  aliasPatchBody,
  aliasView,
  catalogQuery,
  herbCreateBody,
  herbParams,
  herbPatchBody,
  herbView,
  marketCreateBody,
  marketParams,
  marketPatchBody,
  marketView,
  specBody,
  specParams,
  specView,
} from './supply.schema';

const tags = ['supply'];

/** The catalogue: herbs, aliases, specs, markets (read by everyone logged in, edited by supply monitors and platform admins). */
export const supplyCatalogRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/supply/herbs',
    { schema: { tags, summary: 'Herbs with aliases and specifications; q searches code, names, pinyin, Latin name and aliases', querystring: catalogQuery, response: { 200: z.object({ items: z.array(herbView) }) } } },
    async (request) => ({ items: presentHerbs(await catalog.searchHerbs(app.db, serviceContext(request), request.query)) }),
  );

  app.get('/api/v1/supply/herbs/:herb', { schema: { tags, summary: 'One herb (by code, Chinese name or alias)', params: herbParams, response: { 200: herbView } } }, async (request) =>
    presentHerbs(await catalog.getHerb(app.db, serviceContext(request), request.params.herb))[0]!,
  );

  app.get(
    '/api/v1/supply/markets',
    { schema: { tags, summary: 'Herb markets; q searches code and names', querystring: catalogQuery.pick({ q: true }), response: { 200: z.object({ items: z.array(marketView) }) } } },
    async (request) => ({ items: (await catalog.searchMarkets(app.db, serviceContext(request), request.query.q)).map(presentMarket) }),
  );

  app.post('/api/v1/supply/herbs', { schema: { tags, summary: 'Create a herb (a 统货 spec comes with it)', body: herbCreateBody, response: { 201: herbView } } }, async (request, reply) => {
    const ctx = serviceContext(request);
    const out = await app.db.transaction().execute((trx) => catalog.createHerbWithNames(trx, ctx, request.body));
    return reply.code(201).send(presentHerbs(out)[0]!);
  });

  app.patch('/api/v1/supply/herbs/:herb', { schema: { tags, summary: 'Edit a herb (by code, name or alias)', params: herbParams, body: herbPatchBody, response: { 200: herbView } } }, async (request) => {
    const ctx = serviceContext(request);
    return presentHerbs(await app.db.transaction().execute((trx) => catalog.updateHerbWithNames(trx, ctx, request.params.herb, request.body)))[0]!;
  });

  app.post(
    '/api/v1/supply/herbs/:herb/aliases',
    { schema: { tags, summary: 'Add an alias (processed or decoction-piece name) with its conversion factor', params: herbParams, body: aliasBody, response: { 201: aliasView } } },
    async (request, reply) => {
      const ctx = serviceContext(request);
      const out = await app.db.transaction().execute((trx) => catalog.addAliasWithHerb(trx, ctx, request.params.herb, request.body));
      return reply.code(201).send(presentAlias(out));
    },
  );

  app.patch('/api/v1/supply/aliases/:alias', { schema: { tags, summary: 'Edit an alias: factor, kind, or the herb it stands for', params: aliasParams, body: aliasPatchBody, response: { 200: aliasView } } }, async (request) => {
    const ctx = serviceContext(request);
    return presentAlias(await app.db.transaction().execute((trx) => catalog.updateAliasWithHerb(trx, ctx, request.params.alias, request.body)));
  });

  app.delete('/api/v1/supply/aliases/:alias', { schema: { tags, summary: 'Remove an alias (formulas keep the herb and factor they were imported with)', params: aliasParams, response: { 204: z.null() } } }, async (request, reply) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => catalog.removeAlias(trx, ctx, request.params.alias));
    return reply.code(204).send(null);
  });

  app.get('/api/v1/supply/herbs/:herb/specs', { schema: { tags, summary: 'Specifications (规格等级) of a herb with their ids', params: herbParams, response: { 200: z.object({ items: z.array(specView) }) } } }, async (request) => ({
    items: await catalog.specsOfHerb(app.db, serviceContext(request), request.params.herb),
  }));

  app.post('/api/v1/supply/herbs/:herb/specs', { schema: { tags, summary: 'Add a specification to a herb', params: herbParams, body: specBody, response: { 201: specView } } }, async (request, reply) => {
    const ctx = serviceContext(request);
    const out = await app.db.transaction().execute((trx) => catalog.addSpecOfHerb(trx, ctx, request.params.herb, request.body.name));
    return reply.code(201).send(out);
  });

  app.patch('/api/v1/supply/specs/:id', { schema: { tags, summary: 'Rename a specification', params: specParams, body: specBody, response: { 200: specView } } }, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => catalog.renameSpecOfHerb(trx, ctx, request.params.id, request.body.name));
  });

  app.post('/api/v1/supply/markets', { schema: { tags, summary: 'Create a herb market', body: marketCreateBody, response: { 201: marketView } } }, async (request, reply) => {
    const ctx = serviceContext(request);
    const m = await app.db.transaction().execute((trx) => catalog.createMarket(trx, ctx, request.body));
    return reply.code(201).send(presentMarket(m));
  });

  app.patch('/api/v1/supply/markets/:market', { schema: { tags, summary: 'Edit a herb market', params: marketParams, body: marketPatchBody, response: { 200: marketView } } }, async (request) => {
    const ctx = serviceContext(request);
    return presentMarket(await app.db.transaction().execute((trx) => catalog.updateMarket(trx, ctx, request.params.market, request.body)));
  });
};
