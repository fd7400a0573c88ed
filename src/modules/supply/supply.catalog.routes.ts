import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestContext } from '../../server/context';
import * as catalog from './supply.catalog';
import { presentHerbs, presentMarket } from './supply.presenter';
import {
  aliasBody,
  aliasParams,
  aliasPatchBody,
  aliasView,
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
import type { Executor, HerbAliasRow } from '../../db/database';
import * as repo from './supply.repository';

const tags = ['supply'];

/** Catalogue administration: herbs, aliases, specs, markets (supply monitors, platform admins). */
export const supplyCatalogRoutes: FastifyPluginAsyncZod = async (app) => {
  const herbOut = async (db: Executor, id: number) => (await presentHerbs(db, (await repo.listHerbs(db)).filter((h) => h.id === id)))[0]!;
  const aliasOut = async (db: Executor, a: HerbAliasRow) => {
    const h = (await repo.listHerbs(db)).find((x) => x.id === a.herb_id)!;
    return { alias: a.alias, herb: h.name_zh, herbCode: h.code, factor: Number(a.factor), kind: a.kind };
  };

  app.post('/api/v1/supply/herbs', { schema: { tags, summary: 'Create a herb (a 统货 spec comes with it)', body: herbCreateBody, response: { 201: herbView } } }, async (request, reply) => {
    const ctx = requestContext(request);
    const out = await app.db.transaction().execute(async (trx) => herbOut(trx, (await catalog.createHerb(trx, ctx, request.body)).id));
    return reply.code(201).send(out);
  });

  app.patch('/api/v1/supply/herbs/:herb', { schema: { tags, summary: 'Edit a herb (by code, name or alias)', params: herbParams, body: herbPatchBody, response: { 200: herbView } } }, async (request) => {
    const ctx = requestContext(request);
    return app.db.transaction().execute(async (trx) => herbOut(trx, (await catalog.updateHerb(trx, ctx, request.params.herb, request.body)).id));
  });

  app.post(
    '/api/v1/supply/herbs/:herb/aliases',
    { schema: { tags, summary: 'Add an alias (processed or decoction-piece name) with its conversion factor', params: herbParams, body: aliasBody, response: { 201: aliasView } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      const out = await app.db.transaction().execute(async (trx) => aliasOut(trx, await catalog.addAlias(trx, ctx, request.params.herb, request.body)));
      return reply.code(201).send(out);
    },
  );

  app.patch('/api/v1/supply/aliases/:alias', { schema: { tags, summary: 'Edit an alias: factor, kind, or the herb it stands for', params: aliasParams, body: aliasPatchBody, response: { 200: aliasView } } }, async (request) => {
    const ctx = requestContext(request);
    return app.db.transaction().execute(async (trx) => aliasOut(trx, await catalog.updateAlias(trx, ctx, request.params.alias, request.body)));
  });

  app.delete('/api/v1/supply/aliases/:alias', { schema: { tags, summary: 'Remove an alias (formulas keep the herb and factor they were imported with)', params: aliasParams, response: { 204: z.null() } } }, async (request, reply) => {
    const ctx = requestContext(request);
    await app.db.transaction().execute((trx) => catalog.removeAlias(trx, ctx, request.params.alias));
    return reply.code(204).send(null);
  });

  app.get('/api/v1/supply/herbs/:herb/specs', { schema: { tags, summary: 'Specifications (规格等级) of a herb with their ids', params: herbParams, response: { 200: z.object({ items: z.array(specView) }) } } }, async (request) => {
    requestContext(request);
    return { items: await catalog.specsOfHerb(app.db, request.params.herb) };
  });

  app.post('/api/v1/supply/herbs/:herb/specs', { schema: { tags, summary: 'Add a specification to a herb', params: herbParams, body: specBody, response: { 201: specView } } }, async (request, reply) => {
    const ctx = requestContext(request);
    const out = await app.db.transaction().execute(async (trx) => {
      const s = await catalog.addSpec(trx, ctx, request.params.herb, request.body.name);
      return (await catalog.specsOfHerb(trx, request.params.herb)).find((x) => x.id === s.id)!;
    });
    return reply.code(201).send(out);
  });

  app.patch('/api/v1/supply/specs/:id', { schema: { tags, summary: 'Rename a specification', params: specParams, body: specBody, response: { 200: specView } } }, async (request) => {
    const ctx = requestContext(request);
    return app.db.transaction().execute(async (trx) => {
      const s = await catalog.renameSpec(trx, ctx, request.params.id, request.body.name);
      const h = (await repo.listHerbs(trx)).find((x) => x.id === s.herb_id)!;
      return { id: s.id, herb: h.name_zh, herbCode: h.code, name: s.name };
    });
  });

  app.post('/api/v1/supply/markets', { schema: { tags, summary: 'Create a herb market', body: marketCreateBody, response: { 201: marketView } } }, async (request, reply) => {
    const ctx = requestContext(request);
    const m = await app.db.transaction().execute((trx) => catalog.createMarket(trx, ctx, request.body));
    return reply.code(201).send(presentMarket(m));
  });

  app.patch('/api/v1/supply/markets/:market', { schema: { tags, summary: 'Edit a herb market', params: marketParams, body: marketPatchBody, response: { 200: marketView } } }, async (request) => {
    const ctx = requestContext(request);
    return presentMarket(await app.db.transaction().execute((trx) => catalog.updateMarket(trx, ctx, request.params.market, request.body)));
  });
};
