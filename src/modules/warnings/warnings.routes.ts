import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Viewer } from '../../platform/viewer';
import { serviceContext } from '../../server/context';
import { presentCaseDetail, presentCaseSummary } from './warnings.presenter';
import { assignBody, caseDetailView, caseParams, caseSummaryView, decideBody, listCasesQuery, noteBody, scanBody, scanView } from './warnings.schema';
import * as service from './warnings.service';

const tags = ['warnings'];

export const warningsRoutes: FastifyPluginAsyncZod = async (app) => {
  const detail = async (viewer: Viewer, id: string) => {
    const d = await service.caseDetail(app.db, viewer, id);
    return presentCaseDetail(d.case, d.notes, viewer);
  };

  app.post(
    '/api/v1/warnings/scan',
    { schema: { tags, summary: 'Open or update warning cases from every formula’s signal episodes and pre-warnings (supply monitors)', body: scanBody, response: { 200: scanView } } },
    async (request) => {
      const ctx = serviceContext(request);
      return app.db.transaction().execute((trx) => service.openWarningCases(trx, ctx, { ...(request.body.preWarningWeeks ? { preWarningWeeks: request.body.preWarningWeeks } : {}), ...(request.body.preWarningThreshold ? { preWarningThreshold: request.body.preWarningThreshold } : {}) }));
    },
  );

  app.get(
    '/api/v1/warnings/cases',
    { schema: { tags, summary: 'Warning inbox: the cases the caller may see, newest episode first', querystring: listCasesQuery, response: { 200: z.object({ items: z.array(caseSummaryView) }) } } },
    async (request) => {
      const { viewer } = serviceContext(request);
      const rows = await service.listCases(app.db, viewer, request.query);
      return { items: rows.map((r) => presentCaseSummary(r, viewer)) };
    },
  );

  app.get(
    '/api/v1/warnings/cases/:id',
    { schema: { tags, summary: 'One case with its analysis snapshot and notes', params: caseParams, response: { 200: caseDetailView } } },
    async (request) => detail(serviceContext(request).viewer, request.params.id),
  );

  app.post(
    '/api/v1/warnings/cases/:id/notes',
    { schema: { tags, summary: 'Add an expert note: coded cause, expected duration (weeks), text', params: caseParams, body: noteBody, response: { 201: caseDetailView } } },
    async (request, reply) => {
      const ctx = serviceContext(request);
      await app.db.transaction().execute((trx) => service.addNote(trx, ctx, request.params.id, request.body));
      return reply.code(201).send(await detail(ctx.viewer, request.params.id));
    },
  );

  app.post(
    '/api/v1/warnings/cases/:id/assign',
    { schema: { tags, summary: 'Claim the case (no body) or assign it to a supply-monitor member', params: caseParams, body: assignBody, response: { 200: caseDetailView } } },
    async (request) => {
      const ctx = serviceContext(request);
      await app.db.transaction().execute((trx) => service.assignCase(trx, ctx, request.params.id, request.body.assignee));
      return detail(ctx.viewer, request.params.id);
    },
  );

  app.post(
    '/api/v1/warnings/cases/:id/decision',
    { schema: { tags, summary: 'Decide: publish or dismiss, with a reason', params: caseParams, body: decideBody, response: { 200: caseDetailView } } },
    async (request) => {
      const ctx = serviceContext(request);
      await app.db.transaction().execute((trx) => service.decideCase(trx, ctx, request.params.id, request.body));
      return detail(ctx.viewer, request.params.id);
    },
  );

  app.post(
    '/api/v1/warnings/cases/:id/analysis',
    { schema: { tags, summary: 'Recompute the analysis snapshot from today’s data', params: caseParams, response: { 200: caseDetailView } } },
    async (request) => {
      const ctx = serviceContext(request);
      await app.db.transaction().execute((trx) => service.refreshAnalysis(trx, ctx, request.params.id));
      return detail(ctx.viewer, request.params.id);
    },
  );
};
