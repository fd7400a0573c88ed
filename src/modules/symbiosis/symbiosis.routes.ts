import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { IMPORT_CONTENT_TYPES } from '../../server/upload';
import { mount } from '../../server/route';
import * as c from './symbiosis.contract';
import { addCityNode, addDeclaredFlow, setFirmSettings } from './symbiosis.declarations.service';
import { enterValue, indicatorSystemHistory, listIndicatorSystems, parkEvaluation, reviseIndicatorSystem } from './symbiosis.evaluation.service';
import { exportGaps, parkGaps } from './symbiosis.gaps.service';
import { parkMap } from './symbiosis.map.service';
import { evaluationReport } from './symbiosis.report.service';
import { parkCriticality, stopFirms } from './symbiosis.risk.service';

/** Routes of the park symbiosis module (issue 14); handlers only parse, call a service and reply. */
export const symbiosisRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, c.getMap, async (request) => parkMap(app.db, serviceContext(request), request.params.park, request.query.year, request.query));
  mount(app, c.getGaps, async (request) => parkGaps(app.db, serviceContext(request), request.params.park, request.query.year));
  mount(app, c.exportGaps, async (request, reply) => {
    const { format, year } = request.query;
    const data = await exportGaps(app.db, serviceContext(request), request.params.park, year, format);
    return reply.header('content-type', IMPORT_CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="symbiosis-attraction-list.${format}"`).send(data);
  });
  mount(app, c.stopFirms, async (request) => stopFirms(app.db, serviceContext(request), request.params.park, request.body));
  mount(app, c.getCriticality, async (request) => parkCriticality(app.db, serviceContext(request), request.params.park, request.query.year));
  mount(app, c.getEvaluation, async (request) => parkEvaluation(app.db, serviceContext(request), request.params.park, request.query));
  mount(app, c.getEvaluationReport, async (request, reply) => {
    const { format, from, to } = request.query;
    const report = await evaluationReport(app.db, serviceContext(request), request.params.park, { from, to }, format, app.config.pdfFont);
    const type = format === 'pdf' ? 'application/pdf' : IMPORT_CONTENT_TYPES.xlsx;
    return reply.header('content-type', type).header('content-disposition', `attachment; filename="${report.name}"`).send(report.data);
  });
  mount(app, c.putValue, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => enterValue(trx, ctx, request.body));
  });
  mount(app, c.listSystems, async (request) => {
    serviceContext(request);
    return listIndicatorSystems(app.db);
  });
  mount(app, c.listSystemVersions, async (request) => {
    serviceContext(request);
    return indicatorSystemHistory(app.db, request.params.code);
  });
  mount(app, c.reviseSystem, async (request, reply) => {
    const ctx = serviceContext(request);
    const view = await app.db.transaction().execute((trx) => reviseIndicatorSystem(trx, ctx, request.params.code, request.body));
    return reply.code(201).send(view);
  });
  mount(app, c.addCityNode, async (request, reply) => {
    const ctx = serviceContext(request);
    const view = await app.db.transaction().execute((trx) => addCityNode(trx, ctx, request.params.park, request.body));
    return reply.code(201).send(view);
  });
  mount(app, c.addFlow, async (request, reply) => {
    const ctx = serviceContext(request);
    const view = await app.db.transaction().execute((trx) => addDeclaredFlow(trx, ctx, request.params.park, request.body));
    return reply.code(201).send(view);
  });
  mount(app, c.putFirmSettings, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => setFirmSettings(trx, ctx, request.params.organisation, request.body));
  });
};
