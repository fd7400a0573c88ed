import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestContext } from '../../server/context';
import { readImport } from '../../platform/import/index';
import { reportingPolicy } from '../../platform/policies';
import { importRoute, importUpload } from '../../server/upload';
import * as repo from './reporting.repository';
import { aggregateQuery, aggregateView, boardQuery, boardView, listReportsQuery, reportBody, reportIdParams, reportImport, reportView, returnBody } from './reporting.schema';
import * as service from './reporting.service';

const tags = ['reporting'];

export const reportingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/reports',
    { schema: { tags, summary: 'Reports: a firm sees its own, a statistics office those of its region', querystring: listReportsQuery, response: { 200: z.object({ items: z.array(reportView) }) } } },
    async (request) => {
      const ctx = requestContext(request);
      const a = ctx.actor;
      const scope =
        a.organisationType === 'platform-admin' ? {} : a.organisationType === 'statistics-office' ? { regionCode: a.regionCode } : { organisationId: a.organisationId };
      const rows = await repo.listReports(app.db, { ...scope, period: request.query.period, status: request.query.status });
      return { items: await service.presentReports(app.db, rows) };
    },
  );

  app.post(
    '/api/v1/reports',
    { schema: { tags, summary: 'Save my organisation’s report for a period as a draft', body: reportBody, response: { 201: reportView } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      const id = await app.db.transaction().execute((trx) => service.saveReport(trx, ctx, request.body));
      return reply.code(201).send(await service.getReport(app.db, ctx, id));
    },
  );

  app.post(
    '/api/v1/reports/import',
    {
      // Only a firm reporting for itself may send a file; checked before the body is read.
      ...importRoute({ authorize: (a) => reportingPolicy.write(a, { organisationId: a.organisationId, regionCode: a.regionCode }), message: 'Only the firm itself reports its figures.' }),
      schema: { tags, summary: 'Import report drafts from CSV/.xlsx (period, kind, unit, consumed, recycled, outputValue); all or nothing', response: { 201: z.object({ items: z.array(reportView) }) } },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const { rows } = await readImport(importUpload(request), reportImport);
      const ids = await app.db.transaction().execute((trx) => service.importReports(trx, ctx, rows));
      return reply.code(201).send({ items: await Promise.all(ids.map((id) => service.getReport(app.db, ctx, id))) });
    },
  );

  app.get('/api/v1/reports/:id', { schema: { tags, summary: 'One report', params: reportIdParams, response: { 200: reportView } } }, async (request) =>
    service.getReport(app.db, requestContext(request), request.params.id),
  );

  for (const transition of ['submit', 'accept'] as const) {
    app.post(
      `/api/v1/reports/:id/${transition}`,
      { schema: { tags, summary: transition === 'submit' ? 'Submit a draft to the statistics office' : 'Accept a submitted report (statistics office)', params: reportIdParams, response: { 200: reportView } } },
      async (request) => {
        const ctx = requestContext(request);
        await app.db.transaction().execute((trx) => service.transitionReport(trx, ctx, request.params.id, transition));
        return service.getReport(app.db, ctx, request.params.id);
      },
    );
  }

  app.post(
    '/api/v1/reports/:id/return',
    { schema: { tags, summary: 'Return a submitted report to the firm with comments (statistics office)', params: reportIdParams, body: returnBody, response: { 200: reportView } } },
    async (request) => {
      const ctx = requestContext(request);
      await app.db.transaction().execute((trx) => service.transitionReport(trx, ctx, request.params.id, 'return', request.body.comment));
      return service.getReport(app.db, ctx, request.params.id);
    },
  );

  app.get(
    '/api/v1/reports/board',
    {
      schema: {
        tags,
        summary: 'Submission status of every reporting firm of the region for a period',
        querystring: boardQuery,
        response: { 200: boardView },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      return service.submissionBoard(app.db, ctx, request.query.region ?? ctx.actor.regionCode, request.query.period);
    },
  );

  app.get(
    '/api/v1/reports/aggregate',
    {
      schema: {
        tags,
        summary: 'Accepted reports summed to the region (cells of fewer than 3 firms suppressed for the public)',
        querystring: aggregateQuery,
        response: { 200: aggregateView },
      },
    },
    async (request) => service.regionAggregate(app.db, request.actor, request.query.region, request.query.period),
  );
};
