import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../server/context';
import { attribution, ingredientSeries, ratio, whatIfFormula } from './supply.analysis.service';
import { readFormulaFile } from './supply.formats';
import { forecast } from './supply.forecast.service';
import { formulaDetail, formulaSummaries } from './supply.formulas.service';
import { importFormulas } from './supply.import.service';
import { finite, presentFormulaDetail, presentFormulaSummary } from './supply.presenter';
import {
  attributionQuery,
  attributionView,
  forecastQuery,
  forecastView,
  formulaDetailView,
  formulaImportOutcome,
  formulaParams,
  formulaSummaryView,
  importFormulasBody,
  importQuery,
  ingredientSeriesQuery,
  ingredientSeriesView,
  rangeQuery,
  ratioReportView,
  whatIfBody,
  whatIfView,
} from './supply.schema';
import { rawFileBody, uploadBody, uploadFormat } from './supply.upload';

const tags = ['supply'];

/** Formulas: lists, imports, and each formula's Y/P analyses. */
export const supplyFormulasRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/v1/supply/formulas', { schema: { tags, summary: 'Formulas with current Y/P, level and a 12-week trend', response: { 200: z.object({ items: z.array(formulaSummaryView) }) } } }, async (request) => ({
    items: (await formulaSummaries(app.db, serviceContext(request))).map(presentFormulaSummary),
  }));

  app.post(
    '/api/v1/supply/formulas',
    { schema: { tags, summary: 'Create or replace formulas by code (JSON); a manufacturer’s formulas are its own', body: importFormulasBody, response: { 200: formulaImportOutcome } } },
    async (request) => {
      const ctx = serviceContext(request);
      return app.db.transaction().execute((trx) => importFormulas(trx, ctx, request.body.formulas, { label: 'api', fieldOf: (i, key) => `body.formulas.${i}.${key}` }));
    },
  );

  app.post(
    '/api/v1/supply/formulas/import',
    { schema: { tags, summary: 'Import formulas from a CSV or .xlsx file (one row per ingredient)', querystring: importQuery, body: z.any().describe(rawFileBody.description), response: { 200: formulaImportOutcome } } },
    async (request) => {
      const ctx = serviceContext(request);
      const inputs = await readFormulaFile(uploadBody(request), uploadFormat(request));
      return app.db.transaction().execute((trx) => importFormulas(trx, ctx, inputs, { label: request.query.fileName, fieldOf: (i, key) => `formula ${inputs[i]!.code}: ${key}` }));
    },
  );

  app.get('/api/v1/supply/formulas/:formula', { schema: { tags, summary: 'One formula with ingredients, caps and current Y/P', params: formulaParams, response: { 200: formulaDetailView } } }, async (request) =>
    presentFormulaDetail(await formulaDetail(app.db, serviceContext(request), request.params.formula)),
  );

  app.get(
    '/api/v1/supply/formulas/:formula/ratio',
    { schema: { tags, summary: 'Daily cost Y, price cap P, Y/P, level and signal episodes', params: formulaParams, querystring: rangeQuery, response: { 200: ratioReportView } } },
    async (request) => {
      const r = await ratio(app.db, serviceContext(request), request.params.formula, request.query.from, request.query.to);
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
    async (request) => ingredientSeries(app.db, serviceContext(request), request.params.formula, request.query),
  );

  app.get(
    '/api/v1/supply/formulas/:formula/attribution',
    { schema: { tags, summary: 'Each herb’s contribution (元) to the change of Y between two dates', params: formulaParams, querystring: attributionQuery, response: { 200: attributionView } } },
    async (request) => attribution(app.db, serviceContext(request), request.params.formula, request.query.from, request.query.to),
  );

  app.post(
    '/api/v1/supply/formulas/:formula/whatif',
    { schema: { tags, summary: 'What-if: override herb prices (元/kg) and/or the cap → Y, Y/P, level, shares', params: formulaParams, body: whatIfBody, response: { 200: whatIfView } } },
    async (request) => whatIfFormula(app.db, serviceContext(request), request.params.formula, request.body),
  );

  app.get(
    '/api/v1/supply/formulas/:formula/forecast',
    { schema: { tags, summary: 'Y/P forecast (ETS per herb by AICc, Monte-Carlo) and pre-warning', params: formulaParams, querystring: forecastQuery, response: { 200: forecastView } } },
    async (request) => forecast(app.db, serviceContext(request), request.params.formula, request.query.weeks),
  );
};
