import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor, serviceContext } from '../../server/context';
import { errors } from '../../platform/errors';
import { mount } from '../../server/route';
import * as c from './manifests.epcis.contract';
import { EPCIS_IMPORT_MAX_BYTES, exportEpcis, importEpcis } from './manifests.epcis.service';
import { recordGenealogy } from './manifests.genealogy.service';
import { manifestsDeps } from './manifests.keys.service';

export const EPCIS_MEDIA_TYPE = 'application/ld+json';

/** Transfer-station genealogy and EPCIS 2.0 export and import (issue 13). */
export const manifestsEpcisRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = manifestsDeps(app.config.dataDir);
  // JSON-LD is JSON: parsed like it, under the import's own cap (this plugin's routes only).
  app.addContentTypeParser(EPCIS_MEDIA_TYPE, { parseAs: 'string', bodyLimit: EPCIS_IMPORT_MAX_BYTES }, app.getDefaultJsonParser('error', 'error'));

  mount(app, c.recordGenealogy, async (request, reply) => {
    const ctx = serviceContext(request);
    const view = await app.db.transaction().execute((trx) => recordGenealogy(trx, ctx, deps, request.body));
    return reply.code(201).send(view);
  });

  mount(app, c.exportManifestEpcis, async (request, reply) => {
    const doc = await exportEpcis(app.db, serviceContext(request), app.config.publicUrl, request.params.id, { genealogy: request.query.genealogy });
    const name = `manifest-${request.params.id}${request.query.genealogy ? '-genealogy' : ''}.jsonld`;
    return reply.header('content-type', `${EPCIS_MEDIA_TYPE}; charset=utf-8`).header('content-disposition', `attachment; filename="${name}"`).send(JSON.stringify(doc));
  });

  mount(
    app,
    c.importManifestEpcis,
    async (request) => {
      const ctx = serviceContext(request);
      return app.db.transaction().execute((trx) => importEpcis(trx, ctx, deps, app.config.publicUrl, request.body));
    },
    {
      bodyLimit: EPCIS_IMPORT_MAX_BYTES,
      // Before a byte of the body is read: partner systems import with an API token (a person's
      // signature needs a password re-entry, which has no place in a partner's document).
      onRequest: async (request) => {
        const actor = requireActor(request);
        if (actor.kind !== 'token') throw errors.forbidden('EPCIS documents are imported with an API token of the signing organisation (or the CLI).');
      },
    },
  );
};
