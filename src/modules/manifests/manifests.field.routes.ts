import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../../platform/errors';
import { consumeRateLimit } from '../../platform/rate-limit';
import { publicContext, serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import * as codes from './manifests.codes.service';
import * as devices from './manifests.devices.service';
import * as contract from './manifests.field.contract';
import { openFieldManifest, syncFieldEvents } from './manifests.field.service';
import { manifestsDeps } from './manifests.keys.service';

/** Redemption attempts per client address and window: a code has 50 bits, this only keeps floods out. */
const REDEEM_MAX_PER_IP = 10;
const REDEEM_WINDOW_SECONDS = 600;

export const manifestsFieldRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = manifestsDeps(app.config.dataDir);

  mount(app, contract.registerDevice, async (request, reply) => {
    const ctx = serviceContext(request);
    const view = await app.db.transaction().execute((trx) => devices.registerDevice(trx, ctx, request.body));
    return reply.code(201).send(view);
  });

  mount(app, contract.listDevices, async (request) => ({ items: await devices.listDevices(app.db, serviceContext(request)) }));

  mount(app, contract.revokeDevice, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => devices.revokeDevice(trx, ctx, request.params.keyId));
  });

  mount(app, contract.issueDriverCode, async (request, reply) => {
    const ctx = serviceContext(request);
    const view = await app.db.transaction().execute((trx) => codes.issueDriverCode(trx, ctx, request.params.id, request.body));
    return reply.code(201).send(view);
  });

  // A driver without an account: anonymous, so counted per address before anything is looked up.
  mount(app, contract.redeemDriverCode, async (request, reply) => {
    const limit = await consumeRateLimit(app.db, `field-redeem:ip:${request.ip}`, REDEEM_MAX_PER_IP, REDEEM_WINDOW_SECONDS);
    if (!limit.allowed) throw errors.rateLimited(limit.retryAfterSeconds);
    const ctx = publicContext(request);
    const view = await app.db.transaction().execute((trx) => codes.redeemDriverCode(trx, ctx, request.body));
    return reply.code(201).send(view);
  });

  mount(app, contract.openFieldManifest, async (request) => openFieldManifest(app.db, publicContext(request), request.params.id, request.body.grant));

  mount(app, contract.syncFieldEvents, async (request) => {
    const results = await syncFieldEvents((work) => app.db.transaction().execute(work), publicContext(request), deps, request.body);
    return { results };
  });
};
