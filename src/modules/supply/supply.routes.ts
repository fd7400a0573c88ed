import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errors } from '../../platform/errors';
import { authorize, supplyPolicy } from '../../platform/policies';
import type { TableFormat } from '../../platform/tabular';
import { requestContext, requireActor } from '../../server/context';
import { readFormulaFile, readPriceFile } from './supply.formats';
import { finite, presentFormulaDetail, presentFormulaSummary, presentHerbs, presentMarket } from './supply.presenter';
import * as repo from './supply.repository';
import {
  attributionQuery,
  attributionView,
  catalogQuery,
  confirmBody,
  exposureQuery,
  exposureView,
  floorPriceQuery,
  floorPriceView,
  forecastQuery,
  forecastView,
  formulaDetailView,
  formulaImportOutcome,
  formulaParams,
  formulaSummaryView,
  herbForecastQuery,
  herbForecastView,
  herbParams,
  herbView,
  importFormulasBody,
  importOutcomeView,
  importQuery,
  indexQuery,
  indexView,
  ingredientSeriesQuery,
  ingredientSeriesView,
  marketView,
  observationsQuery,
  observationView,
  postPricesBody,
  rangeQuery,
  ratioReportView,
  whatIfBody,
  whatIfView,
} from './supply.schema';
import * as service from './supply.service';
import { supplyCatalogRoutes } from './supply.catalog.routes';

const tags = ['supply'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function reader(request: FastifyRequest) {
  const actor = requireActor(request);
  authorize(supplyPolicy.read(actor));
  return actor;
}

/** The uploaded table's format from the Content-Type (text/csv or the .xlsx type). */
function uploadFormat(request: FastifyRequest): TableFormat {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === XLSX) return 'xlsx';
  throw new AppError('unsupported_media_type', `Send the file as text/csv or ${XLSX}.`);
}

function uploadBody(request: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw errors.badRequest('The request body is empty: send the file itself as the body.');
  return request.body;
}

const rawFileBody = { description: `The file itself, as text/csv or ${XLSX}` };

export const supplyRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(supplyCatalogRoutes);

  // Uploads arrive as raw bodies: the server registers the text/csv and .xlsx parsers once for
  // every module (src/server/app.ts, limits in src/server/upload.ts; uploadedTable() reads them).

  app.get(
    '/api/v1/supply/herbs',
    { schema: { tags, summary: 'Herbs with aliases and specifications; q searches code, names, pinyin, Latin name and aliases', querystring: catalogQuery, response: { 200: z.object({ items: z.array(herbView) }) } } },
    async (request) => {
      reader(request);
      return { items: await presentHerbs(app.db, await repo.searchHerbs(app.db, { text: request.query.q, category: request.query.category })) };
    },
  );

  app.get('/api/v1/supply/herbs/:herb', { schema: { tags, summary: 'One herb (by code, Chinese name or alias)', params: herbParams, response: { 200: herbView } } }, async (request) => {
    reader(request);
    const cat = await service.loadCatalog(app.db);
    const h = service.resolveHerb(cat, request.params.herb);
    if (!h) throw errors.notFound('Herb', request.params.herb);
    const row = (await repo.listHerbs(app.db)).find((x) => x.id === h.herbId)!;
    return (await presentHerbs(app.db, [row]))[0]!;
  });

  app.get(
    '/api/v1/supply/markets',
    { schema: { tags, summary: 'Herb markets; q searches code and names', querystring: catalogQuery.pick({ q: true }), response: { 200: z.object({ items: z.array(marketView) }) } } },
    async (request) => {
      reader(request);
      return { items: (await repo.searchMarkets(app.db, request.query.q)).map(presentMarket) };
    },
  );

  app.get(
    '/api/v1/supply/prices',
    { schema: { tags, summary: 'Price observations (newest first)', querystring: observationsQuery, response: { 200: z.object({ items: z.array(observationView), total: z.number().int() }) } } },
    async (request) => {
      reader(request);
      const q = request.query;
      const cat = await service.loadCatalog(app.db);
      const herb = q.herb === undefined ? undefined : service.resolveHerb(cat, q.herb);
      if (q.herb !== undefined && !herb) throw errors.notFound('Herb', q.herb);
      const market = q.market === undefined ? undefined : service.resolveMarket(cat, q.market);
      if (q.market !== undefined && !market) throw errors.notFound('Market', q.market);
      const specId = q.spec === undefined || !herb ? undefined : cat.specs.get(`${herb.herbId}|${q.spec}`);
      if (q.spec !== undefined && specId === undefined) throw errors.notFound('Spec', q.spec);
      const { rows, total } = await repo.queryObservations(app.db, { herbId: herb?.herbId, marketId: market?.id, specId, status: q.status, from: q.from, to: q.to, limit: q.limit, offset: q.offset });
      return {
        items: rows.map((r) => ({
          herb: r.herb,
          herbCode: r.herb_code,
          spec: r.spec,
          market: r.market,
          marketCode: r.market_code,
          date: r.day,
          price: Number(r.price),
          unit: r.unit,
          pricePerKg: Number(r.price_per_kg),
          status: r.status,
          source: r.source,
        })),
        total,
      };
    },
  );

  app.post(
    '/api/v1/supply/prices',
    {
      schema: {
        tags,
        summary: 'Post a batch of prices (monitoring stations, API token of a supply-monitor organisation); all-or-nothing',
        body: postPricesBody,
        response: { 200: importOutcomeView },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      return app.db.transaction().execute((trx) =>
        service.importPrices(trx, ctx, request.body.observations, { source: 'api', label: 'api', fieldOf: (i, key) => `body.observations.${i}.${key}` }),
      );
    },
  );

  app.post(
    '/api/v1/supply/prices/import',
    {
      schema: {
        tags,
        summary: 'Import a price file (CSV or .xlsx as the raw body); all-or-nothing with row-numbered errors',
        querystring: importQuery,
        body: z.any().describe(rawFileBody.description),
        response: { 200: importOutcomeView },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      authorize(supplyPolicy.writePrices(ctx.actor), 'Only supply-monitor organisations and platform administrators write herb prices.');
      const { rows, items } = await readPriceFile(uploadBody(request), uploadFormat(request));
      return app.db.transaction().execute((trx) =>
        service.importPrices(trx, ctx, items, { source: 'import', label: request.query.fileName, fieldOf: (i, key) => `row ${rows[i]}: ${key}` }),
      );
    },
  );

  app.post(
    '/api/v1/supply/prices/confirm',
    { schema: { tags, summary: 'Confirm held ticks (supply-monitor admins)', body: confirmBody, response: { 200: z.object({ confirmed: z.number().int(), notHeld: z.number().int() }) } } },
    async (request) => {
      const ctx = requestContext(request);
      return app.db.transaction().execute((trx) => service.confirmHeldTicks(trx, ctx, request.body.items));
    },
  );

  app.get('/api/v1/supply/formulas', { schema: { tags, summary: 'Formulas with current Y/P, level and a 12-week trend', response: { 200: z.object({ items: z.array(formulaSummaryView) }) } } }, async (request) => {
    const actor = reader(request);
    return { items: (await service.formulaSummaries(app.db, actor)).map(presentFormulaSummary) };
  });

  app.post(
    '/api/v1/supply/formulas',
    { schema: { tags, summary: 'Create or replace formulas by code (JSON); a manufacturer’s formulas are its own', body: importFormulasBody, response: { 200: formulaImportOutcome } } },
    async (request) => {
      const ctx = requestContext(request);
      return app.db.transaction().execute((trx) => service.importFormulas(trx, ctx, request.body.formulas, { label: 'api', fieldOf: (i, key) => `body.formulas.${i}.${key}` }));
    },
  );

  app.post(
    '/api/v1/supply/formulas/import',
    { schema: { tags, summary: 'Import formulas from a CSV or .xlsx file (one row per ingredient)', querystring: importQuery, body: z.any().describe(rawFileBody.description), response: { 200: formulaImportOutcome } } },
    async (request) => {
      const ctx = requestContext(request);
      const inputs = await readFormulaFile(uploadBody(request), uploadFormat(request));
      return app.db.transaction().execute((trx) => service.importFormulas(trx, ctx, inputs, { label: request.query.fileName, fieldOf: (i, key) => `formula ${inputs[i]!.code}: ${key}` }));
    },
  );

  app.get('/api/v1/supply/formulas/:formula', { schema: { tags, summary: 'One formula with ingredients, caps and current Y/P', params: formulaParams, response: { 200: formulaDetailView } } }, async (request) => {
    const actor = reader(request);
    const row = await service.findFormula(app.db, actor, request.params.formula);
    const s = (await service.formulaSummaries(app.db, actor)).find((x) => x.row.id === row.id)!;
    return presentFormulaDetail(app.db, s, s.model);
  });

  app.get(
    '/api/v1/supply/formulas/:formula/ratio',
    { schema: { tags, summary: 'Daily cost Y, price cap P, Y/P, level and signal episodes', params: formulaParams, querystring: rangeQuery, response: { 200: ratioReportView } } },
    async (request) => {
      const actor = reader(request);
      const r = await service.ratio(app.db, actor, request.params.formula, request.query.from, request.query.to);
      return { ...r, series: r.series.map((s) => ({ ...s, cost: finite(s.cost), priceCap: finite(s.priceCap), ratio: finite(s.ratio) })) };
    },
  );

  app.get(
    '/api/v1/supply/formulas/:formula/ingredients',
    {
      schema: {
        tags,
        summary: 'Each ingredient’s reference price series (stale flags, spec used) and its cost per pack, as parallel arrays',
        params: formulaParams,
        querystring: ingredientSeriesQuery,
        response: { 200: ingredientSeriesView },
      },
    },
    async (request) => service.ingredientSeries(app.db, reader(request), request.params.formula, request.query),
  );

  app.get(
    '/api/v1/supply/formulas/:formula/attribution',
    { schema: { tags, summary: 'Each herb’s contribution (元) to the change of Y between two dates', params: formulaParams, querystring: attributionQuery, response: { 200: attributionView } } },
    async (request) => service.attribution(app.db, reader(request), request.params.formula, request.query.from, request.query.to),
  );

  app.post(
    '/api/v1/supply/formulas/:formula/whatif',
    { schema: { tags, summary: 'What-if: override herb prices (元/kg) and/or the cap → Y, Y/P, level, shares', params: formulaParams, body: whatIfBody, response: { 200: whatIfView } } },
    async (request) => service.whatIfFormula(app.db, reader(request), request.params.formula, request.body),
  );

  app.get(
    '/api/v1/supply/formulas/:formula/forecast',
    { schema: { tags, summary: 'Y/P forecast (ETS per herb by AICc, Monte-Carlo) and pre-warning', params: formulaParams, querystring: forecastQuery, response: { 200: forecastView } } },
    async (request) => service.forecast(app.db, reader(request), request.params.formula, request.query.weeks),
  );

  app.get(
    '/api/v1/supply/floor-price',
    { schema: { tags, summary: 'Cost-floor price of a cultivated herb (元/kg), and a formula’s Y/P at it', querystring: floorPriceQuery, response: { 200: floorPriceView } } },
    async (request) => service.floorPrice(app.db, reader(request), request.query),
  );

  app.get(
    '/api/v1/supply/herbs/:herb/exposure',
    { schema: { tags, summary: 'Formulas using a herb and how +1 % of its price moves their Y/P', params: herbParams, querystring: exposureQuery, response: { 200: exposureView } } },
    async (request) => service.exposure(app.db, reader(request), request.params.herb, request.query.shock),
  );

  app.get(
    '/api/v1/supply/herbs/:herb/forecast',
    { schema: { tags, summary: 'Price forecast of a herb (ETS on weekly log prices chosen by AICc) with 80 % and 95 % intervals', params: herbParams, querystring: herbForecastQuery, response: { 200: herbForecastView } } },
    async (request) => {
      reader(request);
      return service.herbForecast(app.db, request.params.herb, request.query.weeks, request.query.spec);
    },
  );

  app.get(
    '/api/v1/supply/index',
    { schema: { tags, summary: 'Herb composite price index and category sub-indices (monthly, base = 100)', querystring: indexQuery, response: { 200: indexView } } },
    async (request) => {
      reader(request);
      const r = await service.priceIndex(app.db, request.query.from);
      return { ...r, composite: r.composite.map(finite), categories: Object.fromEntries(Object.entries(r.categories).map(([k, v]) => [k, v.map(finite)])) };
    },
  );
};
