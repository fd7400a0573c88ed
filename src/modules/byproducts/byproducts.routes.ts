import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../platform/errors';
import { byproductsPolicy } from '../../platform/policies';
import { requestContext, requireActor } from '../../server/context';
import { IMPORT_CONTENT_TYPES, uploadedTable } from '../../server/upload';
import { presentStream } from './byproducts.presenter';
import * as repo from './byproducts.repository';
import {
  adviceQuery,
  adviceView,
  cascadeView,
  classificationView,
  createStreamBody,
  exportQuery,
  figuresQuery,
  figuresView,
  firmInputsBody,
  firmInputsParams,
  firmInputsView,
  firmParams,
  importOutcomeView,
  recordImportOutcomeView,
  importQuery,
  kbVersionQuery,
  kbVersionView,
  listStreamsQuery,
  looseObject,
  pathwayListView,
  pathwayParams,
  pathwayWriteQuery,
  recordBody,
  recordParams,
  recordView,
  streamList,
  streamParams,
  streamView,
  taxonomyView,
  updateStreamBody,
  whatIfBody,
} from './byproducts.schema';
import * as service from './byproducts.service';
import {
  COMPOSITION_CLASSES,
  CONTAMINATIONS,
  CRITERIA,
  HANDLINGS,
  MODES,
  PARTS,
  PHYSICAL_STATES,
  PROCESSES,
  RESIDUE_KINDS,
  SOURCE_STAGES,
  UTILISER_TYPES,
  WEIGHT_PRESETS,
} from './engine';

const taxon = (entries: readonly { id: string; zh: string; en: string }[]) => entries.map((e) => ({ id: e.id, zh: e.zh, en: e.en }));

const tags = ['byproducts'];
const pathwayTags = ['pathways'];

export const byproductsRoutes: FastifyPluginAsyncZod = async (app) => {
  // ---- streams -------------------------------------------------------------------------------
  app.get(
    '/api/v1/byproducts/taxonomy',
    { schema: { tags, summary: 'Ids and labels of parts, residue kinds, stages, states, contamination, handling, classes, modes, processes, utilisers, criteria and weight presets (public)', response: { 200: taxonomyView } } },
    async () => ({
      parts: taxon(PARTS),
      residues: taxon(RESIDUE_KINDS),
      stages: taxon(SOURCE_STAGES),
      states: taxon(PHYSICAL_STATES),
      contamination: taxon(CONTAMINATIONS),
      handlings: taxon(HANDLINGS),
      classes: taxon(COMPOSITION_CLASSES),
      modes: taxon(MODES),
      processes: taxon(PROCESSES),
      utilisers: taxon(UTILISER_TYPES),
      criteria: Object.entries(CRITERIA).map(([id, c]) => ({ id, zh: c.zh, en: c.en, direction: c.direction, unit: c.unit })),
      weightPresets: WEIGHT_PRESETS,
    }),
  );

  app.get(
    '/api/v1/byproducts/streams',
    { schema: { tags, summary: 'By-product streams (default: your own, your park’s or your region’s); confidential fields by clearance', querystring: listStreamsQuery, response: { 200: streamList } } },
    async (request) => {
      const actor = requireActor(request);
      const { rows, total } = await service.listStreams(app.db, actor, request.query);
      return { items: rows.map((r) => presentStream(r, service.streamClearance(actor, r))), total };
    },
  );

  app.post(
    '/api/v1/byproducts/streams',
    { schema: { tags, summary: 'Declare a by-product stream (the firm, or its park administration on its behalf)', body: createStreamBody, response: { 201: streamView } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      const row = await app.db.transaction().execute((trx) => service.createStream(trx, ctx, request.body));
      return reply.code(201).send(presentStream(row, 'confidential'));
    },
  );

  app.post(
    '/api/v1/byproducts/streams/import',
    { schema: { tags, summary: 'Import streams from CSV or .xlsx (the body); all or nothing, errors name row and column', querystring: importQuery, response: { 201: importOutcomeView } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      const file = uploadedTable(request);
      const outcome = await app.db.transaction().execute((trx) => service.importStreams(trx, ctx, { name: request.query.fileName, ...file }));
      return reply.code(201).send(outcome);
    },
  );

  app.get(
    '/api/v1/byproducts/streams/export',
    { schema: { tags, summary: 'Export streams as CSV or .xlsx in the import format; cells you are not cleared for are empty', querystring: exportQuery } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { format, ...query } = request.query;
      const data = await service.exportStreams(app.db, actor, query, format);
      return reply
        .header('content-type', IMPORT_CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="byproduct-streams.${format}"`)
        .send(data);
    },
  );

  app.get(
    '/api/v1/byproducts/streams/:id',
    { schema: { tags, summary: 'One stream (by id or code)', params: streamParams, response: { 200: streamView } } },
    async (request) => {
      const actor = requireActor(request);
      const row = await service.getStream(app.db, actor, request.params.id, 'internal');
      return presentStream(row, service.streamClearance(actor, row));
    },
  );

  app.patch(
    '/api/v1/byproducts/streams/:id',
    { schema: { tags, summary: 'Change a stream (classOverride: [...] sets the override, null clears it)', params: streamParams, body: updateStreamBody, response: { 200: streamView } } },
    async (request) => {
      const ctx = requestContext(request);
      const row = await app.db.transaction().execute((trx) => service.updateStream(trx, ctx, request.params.id, request.body));
      return presentStream(row, 'confidential');
    },
  );

  app.delete(
    '/api/v1/byproducts/streams/:id',
    { schema: { tags, summary: 'Remove a stream and its records', params: streamParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      await app.db.transaction().execute((trx) => service.deleteStream(trx, ctx, request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/byproducts/streams/:id/classification',
    { schema: { tags, summary: 'Composition classes with the rule that fired (override kept next to the derived classes)', params: streamParams, response: { 200: classificationView } } },
    async (request) => {
      const row = await service.getStream(app.db, requireActor(request), request.params.id);
      return service.classify(service.toEngineStream(row));
    },
  );

  app.get(
    '/api/v1/byproducts/streams/:id/advice',
    { schema: { tags, summary: 'Ranked utilisation options (TOPSIS over the seven criteria) with reasons, excluded pathways and sensitivity', params: streamParams, querystring: adviceQuery, response: { 200: adviceView } } },
    async (request) => {
      const row = await service.getStream(app.db, requireActor(request), request.params.id);
      const weights = service.weightsOrThrow(request.query.weights, 'query.weights');
      return service.advise(service.toEngineStream(row), await service.currentPathways(app.db), weights);
    },
  );

  app.get(
    '/api/v1/byproducts/streams/:id/cascade',
    { schema: { tags, summary: 'Cascade plan (梯度化综合利用) with a closing mass balance {in, out, residue, losses} and a Sankey diagram', params: streamParams, querystring: adviceQuery, response: { 200: cascadeView } } },
    async (request) => {
      const row = await service.getStream(app.db, requireActor(request), request.params.id);
      const weights = service.weightsOrThrow(request.query.weights, 'query.weights');
      return service.cascade(service.toEngineStream(row), await service.currentPathways(app.db), weights);
    },
  );

  app.get(
    '/api/v1/byproducts/streams/:id/records',
    { schema: { tags, summary: 'Monthly records of a stream', params: streamParams, response: { 200: z.object({ items: z.array(recordView) }) } } },
    async (request) => {
      const row = await service.getStream(app.db, requireActor(request), request.params.id);
      return { items: (await repo.listRecords(app.db, row.id)).map(service.presentRecord) };
    },
  );

  app.put(
    '/api/v1/byproducts/streams/:id/records/:period',
    { schema: { tags, summary: 'Report one month of a stream: generated, utilised by mode, disposed by route, value created', params: recordParams, body: recordBody, response: { 200: recordView } } },
    async (request) => {
      const ctx = requestContext(request);
      return app.db.transaction().execute((trx) => service.putRecord(trx, ctx, request.params.id, request.params.period, request.body));
    },
  );

  app.post(
    '/api/v1/byproducts/records/import',
    { schema: { tags, summary: 'Import monthly records from CSV or .xlsx (the body); all or nothing, errors name row and column; a month already reported is replaced', querystring: importQuery, response: { 201: recordImportOutcomeView } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      const file = uploadedTable(request);
      const outcome = await app.db.transaction().execute((trx) => service.importRecords(trx, ctx, { name: request.query.fileName, ...file }));
      return reply.code(201).send(outcome);
    },
  );

  // ---- what if: a stream described in JSON, not stored -----------------------------------------
  const whatIf = async (body: unknown) => service.parseStreamOrThrow(body, 'body.');
  app.post(
    '/api/v1/byproducts/what-if/classification',
    { schema: { tags, summary: 'Classify a stream described in JSON without storing it', body: whatIfBody, response: { 200: classificationView } } },
    async (request) => {
      requireActor(request);
      return service.classify(await whatIf(request.body));
    },
  );
  app.post(
    '/api/v1/byproducts/what-if/advice',
    { schema: { tags, summary: 'Advise a stream described in JSON without storing it ("what if")', body: whatIfBody, querystring: adviceQuery, response: { 200: adviceView } } },
    async (request) => {
      requireActor(request);
      const weights = service.weightsOrThrow(request.query.weights, 'query.weights');
      return service.advise(await whatIf(request.body), await service.currentPathways(app.db), weights);
    },
  );
  app.post(
    '/api/v1/byproducts/what-if/cascade',
    { schema: { tags, summary: 'Cascade plan for a stream described in JSON without storing it', body: whatIfBody, querystring: adviceQuery, response: { 200: cascadeView } } },
    async (request) => {
      requireActor(request);
      const weights = service.weightsOrThrow(request.query.weights, 'query.weights');
      return service.cascade(await whatIf(request.body), await service.currentPathways(app.db), weights);
    },
  );

  // ---- circularity figures ---------------------------------------------------------------------
  app.get(
    '/api/v1/byproducts/figures',
    { schema: { tags, summary: 'Circularity figures per stream, site, firm, park or region and period (park and region: public aggregates)', querystring: figuresQuery, response: { 200: figuresView } } },
    async (request) => {
      const actor = request.actor;
      if (!actor && (request.query.scope === 'stream' || request.query.scope === 'site' || request.query.scope === 'firm')) requireActor(request);
      return service.figures(app.db, actor, request.query);
    },
  );

  // ---- a firm's declared inputs (for its Material Circularity Indicator) ------------------------
  app.get(
    '/api/v1/byproducts/firms/:organisation/inputs',
    { schema: { tags, summary: 'A firm’s declared inputs per period (virgin and recycled feedstock, product recycling shares, efficiencies, utility) for its MCI', params: firmParams, response: { 200: z.object({ items: z.array(firmInputsView) }) } } },
    async (request) => ({ items: await service.listFirmInputs(app.db, requireActor(request), request.params.organisation) }),
  );

  app.put(
    '/api/v1/byproducts/firms/:organisation/inputs/:period',
    { schema: { tags, summary: 'Declare (or correct) a firm’s inputs for a year or month; the firm figures then carry its MCI', params: firmInputsParams, body: firmInputsBody, response: { 200: firmInputsView } } },
    async (request) => {
      const ctx = requestContext(request);
      return app.db.transaction().execute((trx) => service.putFirmInputs(trx, ctx, request.params.organisation, request.params.period, request.body));
    },
  );

  app.delete(
    '/api/v1/byproducts/firms/:organisation/inputs/:period',
    { schema: { tags, summary: 'Withdraw a firm’s declared inputs for a period', params: firmInputsParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      await app.db.transaction().execute((trx) => service.deleteFirmInputs(trx, ctx, request.params.organisation, request.params.period));
      return reply.code(204).send(null);
    },
  );

  // ---- pathway knowledge base ------------------------------------------------------------------
  app.get(
    '/api/v1/pathways',
    { schema: { tags: pathwayTags, summary: 'The current pathway knowledge base (public)', querystring: kbVersionQuery, response: { 200: pathwayListView } } },
    async (request) => {
      const kb = await service.currentKnowledgeBase(app.db, request.query.version);
      return { version: kb.version, updated: kb.updated, revision: kb.revision, items: kb.pathways };
    },
  );

  app.get(
    '/api/v1/pathways/versions',
    { schema: { tags: pathwayTags, summary: 'Versions of the knowledge base, newest first (public; who made each version only for platform admins)', response: { 200: z.object({ items: z.array(kbVersionView) }) } } },
    async (request) => {
      // Who edited is confidential (pathway_kb_versions.created_by): the editors see it, the public does not.
      const editor = request.actor ? byproductsPolicy.editPathways(request.actor) : false;
      return {
        items: (await repo.listKbVersions(app.db)).map((v) => ({
          revision: v.id,
          version: v.version,
          note: v.note,
          createdAt: v.created_at.toISOString(),
          pathways: Number(v.pathways),
          createdBy: editor ? (v.created_by_name ?? (v.created_by === null ? 'herbloop' : null)) : null,
        })),
      };
    },
  );

  app.get(
    '/api/v1/pathways/export',
    { schema: { tags: pathwayTags, summary: 'The knowledge base as a JSON document {version, updated, pathways} (public)', querystring: kbVersionQuery, response: { 200: looseObject } } },
    async (request) => {
      const { revision: _revision, ...kb } = await service.currentKnowledgeBase(app.db, request.query.version);
      return kb;
    },
  );

  app.post(
    '/api/v1/pathways/import',
    { schema: { tags: pathwayTags, summary: 'Store a whole knowledge base as a new version (platform admins); errors name the field', body: looseObject, querystring: pathwayWriteQuery, response: { 201: kbVersionView } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      const kb = await app.db.transaction().execute((trx) => service.importKnowledgeBase(trx, ctx, request.body, request.query.note));
      return reply.code(201).send({ revision: kb.revision, version: kb.version, note: request.query.note ?? null, createdAt: new Date().toISOString(), pathways: kb.pathways.length, createdBy: null });
    },
  );

  app.post(
    '/api/v1/pathways',
    { schema: { tags: pathwayTags, summary: 'Add a pathway: a new version of the knowledge base (platform admins)', body: looseObject, querystring: pathwayWriteQuery, response: { 201: z.object({ version: z.string(), revision: z.number(), pathway: looseObject }) } } },
    async (request, reply) => {
      const ctx = requestContext(request);
      const r = await app.db.transaction().execute((trx) => service.savePathway(trx, ctx, request.body, { ...(request.query.note ? { note: request.query.note } : {}) }));
      return reply.code(201).send({ version: r.knowledgeBase.version, revision: r.knowledgeBase.revision, pathway: r.pathway });
    },
  );

  app.get(
    '/api/v1/pathways/:id',
    { schema: { tags: pathwayTags, summary: 'One pathway of the current knowledge base (public)', params: pathwayParams, response: { 200: looseObject } } },
    async (request) => {
      const kb = await service.currentKnowledgeBase(app.db);
      const p = kb.pathways.find((x) => x.id === request.params.id);
      if (!p) throw errors.notFound('Pathway', request.params.id);
      return p;
    },
  );

  app.put(
    '/api/v1/pathways/:id',
    { schema: { tags: pathwayTags, summary: 'Edit a pathway: a new version of the knowledge base (platform admins)', params: pathwayParams, body: looseObject, querystring: pathwayWriteQuery, response: { 200: z.object({ version: z.string(), revision: z.number(), pathway: looseObject }) } } },
    async (request) => {
      const ctx = requestContext(request);
      const r = await app.db.transaction().execute((trx) => service.savePathway(trx, ctx, request.body, { id: request.params.id, ...(request.query.note ? { note: request.query.note } : {}) }));
      return { version: r.knowledgeBase.version, revision: r.knowledgeBase.revision, pathway: r.pathway as unknown as Record<string, unknown> };
    },
  );
};
