import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { publicContext, serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { readImport } from '../../platform/import/index';
import { importRoute, importUpload } from '../../server/upload';
import { acceptReport, getReport, importReports, listReports, reportAggregate, reportBoard, returnReport, saveReport, submitReport } from './reporting.contract';
import { importReports as importReportFile, reportImport } from './reporting.import.service';
import { presentReports } from './reporting.presenter';
import { mayImportReports } from './reporting.policy';
import * as service from './reporting.service';

export const reportingRoutes: FastifyPluginAsyncZod = async (app) => {
  const present = (records: service.ReportRecords) => presentReports(records.rows, records.lines);
  const one = (records: service.ReportRecords) => present(records)[0]!;

  mount(app, listReports, async (request) => ({ items: present(await service.listReports(app.db, serviceContext(request), request.query)) }));

  mount(app, saveReport, async (request, reply) => {
    const ctx = serviceContext(request);
    const id = await app.db.transaction().execute((trx) => service.saveReport(trx, ctx, request.body));
    return reply.code(201).send(one(await service.getReport(app.db, ctx, id)));
  });

  mount(
    app,
    importReports,
    async (request, reply) => {
      const ctx = serviceContext(request);
      // Read and validated outside the transaction: a slow upload never holds the database.
      const { rows } = await readImport(importUpload(request), reportImport);
      const ids = await app.db.transaction().execute((trx) => importReportFile(trx, ctx, rows));
      return reply.code(201).send({ items: present(await service.getReports(app.db, ctx, ids)) });
    },
    // Only a firm reporting for itself may send a file; checked before the body is read.
    importRoute({ authorize: (a) => mayImportReports(a), message: 'Only the firm itself reports its figures.' }),
  );

  mount(app, getReport, async (request) => one(await service.getReport(app.db, serviceContext(request), request.params.id)));

  for (const [contract, transition] of [
    [submitReport, 'submit'],
    [acceptReport, 'accept'],
  ] as const) {
    mount(app, contract, async (request) => {
      const ctx = serviceContext(request);
      await app.db.transaction().execute((trx) => service.transitionReport(trx, ctx, request.params.id, transition));
      return one(await service.getReport(app.db, ctx, request.params.id));
    });
  }

  mount(app, returnReport, async (request) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => service.transitionReport(trx, ctx, request.params.id, 'return', request.body.comment));
    return one(await service.getReport(app.db, ctx, request.params.id));
  });

  mount(app, reportBoard, async (request) => {
    const ctx = serviceContext(request);
    return service.submissionBoard(app.db, ctx, request.query.region ?? ctx.viewer.actor.regionCode, request.query.period);
  });

  mount(app, reportAggregate, async (request) => service.regionAggregate(app.db, publicContext(request), request.query.region, request.query.period));
};
