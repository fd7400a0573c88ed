import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../../platform/errors';
import { consumeRateLimit } from '../../platform/rate-limit';
import { publicContext, serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import * as contract from './manifests.public.contract';
import { publicManifest, renderLabel } from './manifests.public.service';

/**
 * Public page requests per client address and window. The token has 122 bits, so this does not
 * guard it; it keeps a flood from making the server recompute signatures all day.
 */
const PUBLIC_MAX_PER_IP = 60;
const PUBLIC_WINDOW_SECONDS = 60;

function send(reply: FastifyReply, label: { body: Buffer | string; type: string; fileName: string }) {
  // The label names the parties: kept out of shared caches.
  return reply.type(label.type).header('cache-control', 'private, no-cache').header('content-disposition', `inline; filename="${label.fileName}"`).send(label.body);
}

export const manifestsPublicRoutes: FastifyPluginAsyncZod = async (app) => {
  const settings = { baseUrl: app.config.labelBaseUrl, pdfFont: app.config.pdfFont };

  mount(app, contract.labelSvg, async (request, reply) => send(reply, await renderLabel(app.db, serviceContext(request), request.params.id, settings, 'svg')));
  mount(app, contract.labelPng, async (request, reply) => send(reply, await renderLabel(app.db, serviceContext(request), request.params.id, settings, 'png')));
  mount(app, contract.labelPdf, async (request, reply) => send(reply, await renderLabel(app.db, serviceContext(request), request.params.id, settings, 'pdf', request.query.lang)));

  // Anonymous: counted per address before anything is looked up.
  mount(app, contract.publicManifest, async (request, reply) => {
    const limit = await consumeRateLimit(app.db, `public-manifest:ip:${request.ip}`, PUBLIC_MAX_PER_IP, PUBLIC_WINDOW_SECONDS);
    if (!limit.allowed) throw errors.rateLimited(limit.retryAfterSeconds);
    const view = await publicManifest(app.db, publicContext(request), request.params.token);
    // The status and verification change as the load moves: always asked again.
    void reply.header('cache-control', 'no-store');
    return view;
  });
};
