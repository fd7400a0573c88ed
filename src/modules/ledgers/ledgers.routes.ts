import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { IMPORT_CONTENT_TYPES } from '../../server/upload';
import * as c from './ledgers.contract';
import * as service from './ledgers.service';

/** Statutory ledgers (.xlsx) and the national-system export (JSON or .xlsx); paths under /api/v1/manifests. */
export const ledgersRoutes: FastifyPluginAsyncZod = async (app) => {
  const xlsx = IMPORT_CONTENT_TYPES.xlsx;
  // ASCII file names: every browser takes them in content-disposition without RFC 5987 encoding.
  const attachment = (name: string) => `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`;

  mount(app, c.generalLedger, async (request, reply) => {
    const out = await service.generalLedger(app.db, serviceContext(request), request.query);
    return reply.header('content-type', xlsx).header('content-disposition', attachment(out.filename)).send(out.file);
  });
  mount(app, c.hazardousPlan, async (request, reply) => {
    const out = await service.hazardousPlan(app.db, serviceContext(request), request.query);
    return reply.header('content-type', xlsx).header('content-disposition', attachment(out.filename)).send(out.file);
  });
  mount(app, c.hazardousDeclaration, async (request, reply) => {
    const out = await service.hazardousDeclaration(app.db, serviceContext(request), request.query);
    return reply.header('content-type', xlsx).header('content-disposition', attachment(out.filename)).send(out.file);
  });
  mount(app, c.ledgerFirms, async (request) => ({ items: await service.ledgerFirms(app.db, serviceContext(request)) }));

  mount(app, c.nationalManifest, async (request, reply) => {
    const view = await service.nationalManifest(app.db, serviceContext(request), request.params.id);
    if (request.query.format === 'json') return view;
    const number = typeof view.rows[0]?.manifestNumber === 'string' ? view.rows[0].manifestNumber : request.params.id;
    return reply.header('content-type', xlsx).header('content-disposition', attachment(`national-manifest-${number}.xlsx`)).send(await service.nationalWorkbook(view, request.query.lang));
  });
  mount(app, c.nationalPeriod, async (request, reply) => {
    const view = await service.nationalPeriod(app.db, serviceContext(request), request.query);
    if (request.query.format === 'json') return view;
    const p = service.periodOf(request.query);
    return reply.header('content-type', xlsx).header('content-disposition', attachment(`national-manifests-${p.from}_${p.to}.xlsx`)).send(await service.nationalWorkbook(view, request.query.lang));
  });
};
