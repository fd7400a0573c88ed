import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import * as catalog from './manifests.catalog.service';
import * as contract from './manifests.contract';
import { listPublicKeys, manifestsDeps, rotateSigningKey } from './manifests.keys.service';
import * as service from './manifests.service';
import { signingGrantors } from './manifests.signable';
import { signTransition } from './manifests.sign.service';
import * as verify from './manifests.verify.service';

export const manifestsRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = manifestsDeps(app.config.dataDir);

  mount(app, contract.listManifests, async (request) => ({ items: await service.listManifests(app.db, serviceContext(request), request.query) }));

  mount(app, contract.createManifest, async (request, reply) => {
    const ctx = serviceContext(request);
    const view = await app.db.transaction().execute((trx) => service.createManifest(trx, ctx, deps, request.body));
    return reply.code(201).send(view);
  });

  mount(app, contract.verifyAllManifests, async (request) => verify.verifyAll(app.db, serviceContext(request), { signatures: request.query.signatures }));

  mount(app, contract.listWasteCodes, async () => ({ items: await catalog.listCodes(app.db) }));

  mount(app, contract.putWasteCode, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => catalog.putCode(trx, ctx, request.params.code, request.body));
  });

  mount(app, contract.createLicence, async (request, reply) => {
    const ctx = serviceContext(request);
    const view = await app.db.transaction().execute((trx) => catalog.createLicence(trx, ctx, request.body));
    return reply.code(201).send(view);
  });

  mount(app, contract.listLicences, async (request) => ({ items: await catalog.listLicences(app.db, serviceContext(request), request.query.organisationId) }));

  mount(app, contract.listSigningKeys, async (request) => ({ items: (await listPublicKeys(app.db, request.query.organisationId ?? null)).map(catalog.presentKey) }));

  mount(app, contract.rotateSigningKey, async (request, reply) => {
    const ctx = serviceContext(request);
    const row = await app.db.transaction().execute((trx) => rotateSigningKey(trx, ctx, deps, request.body.organisationId));
    return reply.code(201).send(catalog.presentKey(row));
  });

  // Public, like the code lists and the keys: anyone may compare the published head with what they saw.
  mount(app, contract.latestCheckpoint, async () => {
    const last = await verify.latestCheckpoint(app.db);
    return last ? { seq: last.seq, at: last.at.toISOString(), suite: last.suite, heads: last.heads, hash: last.hash } : null;
  });

  mount(app, contract.listSigningGrantors, async (request) => ({ items: await signingGrantors(app.db, serviceContext(request)) }));

  mount(app, contract.getManifest, async (request) => service.getManifest(app.db, serviceContext(request), request.params.id));

  mount(app, contract.signEvent, async (request, reply) => {
    const ctx = serviceContext(request);
    const view = await app.db.transaction().execute(async (trx) => {
      const signed = await signTransition(trx, ctx, deps, request.params.id, request.body);
      return request.query.view === 'full' ? { ...signed, manifest: await service.getManifest(trx, ctx, request.params.id) } : signed;
    });
    return reply.code(201).send(view);
  });

  mount(app, contract.verifyManifest, async (request) => verify.verifyManifest(app.db, serviceContext(request), request.params.id));
};
