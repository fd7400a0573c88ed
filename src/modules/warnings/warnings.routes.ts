import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Viewer } from '../../platform/viewer';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { CLOSE_UNTOUCHED_AFTER_DAYS } from './engine/workflow';
import * as contract from './warnings.contract';
import { presentCaseDetail, presentCaseSummary } from './warnings.presenter';
import * as service from './warnings.service';

export const warningsRoutes: FastifyPluginAsyncZod = async (app) => {
  const detail = async (viewer: Viewer, id: string) => {
    const d = await service.caseDetail(app.db, viewer, id);
    return presentCaseDetail(d.case, d.notes, viewer, await service.currentOfCases(app.db, [d.case]));
  };

  mount(app, contract.scanCases, async (request) => {
    const ctx = serviceContext(request);
    const body = request.body;
    return app.db.transaction().execute((trx) =>
      service.openWarningCases(trx, ctx, {
        ...(body.preWarningWeeks ? { preWarningWeeks: body.preWarningWeeks } : {}),
        ...(body.preWarningThreshold ? { preWarningThreshold: body.preWarningThreshold } : {}),
        ...(body.closeUntouchedAfterDays ? { closeUntouchedAfterDays: body.closeUntouchedAfterDays } : {}),
      }),
    );
  });

  mount(app, contract.listCases, async (request) => {
    const { viewer } = serviceContext(request);
    const rows = await service.listCases(app.db, viewer, request.query);
    const current = await service.currentOfCases(app.db, rows);
    return { items: rows.map((r) => presentCaseSummary(r, viewer, current)), closeRule: { untouchedAfterDays: CLOSE_UNTOUCHED_AFTER_DAYS } };
  });

  mount(app, contract.getCase, async (request) => detail(serviceContext(request).viewer, request.params.id));

  mount(app, contract.addCaseNote, async (request, reply) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => service.addNote(trx, ctx, request.params.id, request.body));
    return reply.code(201).send(await detail(ctx.viewer, request.params.id));
  });

  mount(app, contract.assignCase, async (request) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => service.assignCase(trx, ctx, request.params.id, request.body.assignee));
    return detail(ctx.viewer, request.params.id);
  });

  mount(app, contract.decideCase, async (request) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => service.decideCase(trx, ctx, request.params.id, request.body));
    return detail(ctx.viewer, request.params.id);
  });

  mount(app, contract.refreshCaseAnalysis, async (request) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => service.refreshAnalysis(trx, ctx, request.params.id));
    return detail(ctx.viewer, request.params.id);
  });
};
