import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { regionPrefix } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { accountsPolicy, authorize } from '../../platform/policies';
import { requestContext, requireActor } from '../../server/context';
import { uploadedTable } from '../../server/upload';
import * as repo from './accounts.repository';
import { accountRegionView, catalogueCreateBody, catalogueUpdateBody, changeQuery, changeView, findingView, importOutcomeView, indicatorsView, resourceKindView, findingUpdateBody, findingsQuery, importQuery, regionYearsQuery, scenarioBody, scenarioResultView } from './accounts.schema';
import * as service from './accounts.service';

const tags = ['accounts'];
const kindParams = z.object({ code: z.string().max(40) });

export const accountsRoutes: FastifyPluginAsyncZod = async (app) => {
  // Published statistics: the catalogue, indicators and changes are public (no login).
  app.get('/api/v1/accounts/catalogue', { schema: { tags, summary: 'Resource catalogue: categories, 14+ kinds, conversion factors (public)', response: { 200: z.object({ items: z.array(resourceKindView) }) } } }, async () => ({
    items: await repo.loadCatalogue(app.db),
  }));

  app.post(
    '/api/v1/accounts/catalogue',
    { schema: { tags, summary: 'Add a resource kind to the catalogue (statistics-office admins, platform admins; audited)', body: catalogueCreateBody, response: { 201: resourceKindView } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      return reply.code(201).send(await app.db.transaction().execute((trx) => service.createResourceKind(trx, ctx, request.body)));
    },
  );

  app.patch(
    '/api/v1/accounts/catalogue/:code',
    { schema: { tags, summary: 'Edit a resource kind: names, category (not of national kinds), unit, conversion factors, basis (audited)', params: kindParams, body: catalogueUpdateBody, response: { 200: resourceKindView } } },
    async (request) => {
      const ctx = requestContext(request);
      return app.db.transaction().execute((trx) => service.updateResourceKind(trx, ctx, request.params.code, request.body));
    },
  );

  app.delete(
    '/api/v1/accounts/catalogue/:code',
    { schema: { tags, summary: 'Delete an unused, non-national resource kind (audited)', params: kindParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      await app.db.transaction().execute((trx) => service.deleteResourceKind(trx, ctx, request.params.code));
      return reply.code(204).send(null);
    },
  );

  app.get('/api/v1/accounts/regions', { schema: { tags, summary: 'Regions that have accounts, with their year span (public)', response: { 200: z.object({ items: z.array(accountRegionView) }) } } }, async () => ({
    items: (await repo.regionsWithAccounts(app.db)).map((r) => ({ region: r.region_code, nameZh: r.name_zh, nameEn: r.name_en, firstYear: r.first_year, lastYear: r.last_year })),
  }));

  app.post(
    '/api/v1/accounts/import',
    {
      schema: {
        tags,
        summary: 'Import material or economy accounts (CSV or .xlsx as the body; all or nothing)',
        querystring: importQuery,
        response: { 201: importOutcomeView },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const file = uploadedTable(request);
      const outcome = await app.db.transaction().execute((trx) => service.importAccounts(trx, ctx, { name: request.query.fileName, ...file }));
      return reply.code(201).send(outcome);
    },
  );

  app.get('/api/v1/accounts/indicators', { schema: { tags, summary: 'DMI, DMC, productivity, circularity of a region by year, with year-on-year changes (public)', querystring: regionYearsQuery, response: { 200: indicatorsView } } }, async (request) => {
    const region = await service.resolveRegionOrThrow(app.db, request.query.region, 'query.region');
    return service.regionIndicators(app.db, region, { from: request.query.from, to: request.query.to }, request.query.basis);
  });

  app.get('/api/v1/accounts/change', { schema: { tags, summary: 'Productivity change between two years with its decomposition (public)', querystring: changeQuery, response: { 200: changeView } } }, async (request) => {
    const region = await service.resolveRegionOrThrow(app.db, request.query.region, 'query.region');
    return service.regionChange(app.db, region, request.query.from, request.query.to, request.query.basis);
  });

  app.post('/api/v1/accounts/scenarios', { schema: { tags, summary: 'Project named scenarios to a target year; roadmap to a productivity target', body: scenarioBody, response: { 200: scenarioResultView } } }, async (request) => {
    requireActor(request);
    const region = await service.resolveRegionOrThrow(app.db, request.body.region, 'body.region');
    if (request.body.targetProductivity !== undefined && request.body.targetChange !== undefined) {
      throw errors.validation('Give a target productivity or a target change, not both.', [{ field: 'body.targetChange', message: 'conflicts with targetProductivity' }]);
    }
    return service.regionScenarios(app.db, { ...request.body, region });
  });

  app.get('/api/v1/accounts/findings', { schema: { tags, summary: 'Data-quality findings of imports', querystring: findingsQuery, response: { 200: z.object({ items: z.array(findingView) }) } } }, async (request) => {
    const actor = requireActor(request);
    const region = request.query.region ? await service.resolveRegionOrThrow(app.db, request.query.region, 'query.region') : actor.organisationType === 'platform-admin' ? undefined : actor.regionCode;
    authorize(region === undefined ? actor.organisationType === 'platform-admin' : accountsPolicy.readFindings(actor, region));
    const rows = await repo.listFindings(app.db, { regionPrefix: region ? regionPrefix(region) : undefined, year: request.query.year, status: request.query.status, limit: request.query.limit });
    return {
      items: rows.map((f) => ({ id: f.id, region: f.region_code, year: f.year, kind: f.kind, rule: f.rule, severity: f.severity, status: f.status, code: f.message_code, params: f.message_params, message: f.message, fileRow: f.file_row, importId: f.import_id, note: f.note, updatedAt: f.updated_at.toISOString() })),
    };
  });

  app.patch(
    '/api/v1/accounts/findings/:id',
    { schema: { tags, summary: 'Accept or resolve a data-quality finding', params: z.object({ id: z.uuid() }), body: findingUpdateBody, response: { 200: z.object({ id: z.uuid(), status: z.enum(['open', 'accepted', 'resolved']), note: z.string().nullable() }) } } },
    async (request) => {
      const ctx = requestContext(request);
      return app.db.transaction().execute(async (trx) => {
        const before = await repo.lockFinding(trx, request.params.id);
        if (!before) throw errors.notFound('Finding', request.params.id);
        authorize(accountsPolicy.write(ctx.actor, before.region_code), 'Only the statistics office of the region handles its findings.');
        const after = await repo.updateFinding(trx, request.params.id, request.body);
        await recordAudit(trx, ctx, { action: 'account_finding.update', entityType: 'account_findings', entityId: after.id, organisationId: ctx.actor.organisationId, before, after });
        return { id: after.id, status: after.status, note: after.note };
      });
    },
  );
};
