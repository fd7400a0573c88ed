import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sha256 } from '../../platform/tokens';
import { CSRF_COOKIE, SESSION_COOKIE, serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import * as contract from './auth.contract';
import * as service from './auth.service';

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const cookieBase = { path: '/', sameSite: 'lax' as const, secure: app.config.secureCookies };

  function clearCookies(reply: FastifyReply) {
    void reply.clearCookie(SESSION_COOKIE, cookieBase).clearCookie(CSRF_COOKIE, cookieBase);
  }

  mount(app, contract.login, async (request, reply) => {
    const session = await service.login(app.db, app.config, request.body, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
    void reply
      .setCookie(SESSION_COOKIE, session.cookieValue, { ...cookieBase, httpOnly: true, expires: session.expiresAt })
      // Readable by the page so it can echo it in X-CSRF-Token (double submit, checked against the session).
      .setCookie(CSRF_COOKIE, session.csrfToken, { ...cookieBase, httpOnly: false, expires: session.expiresAt });
    return service.describeSession(app.db, sha256(session.cookieValue));
  });

  mount(app, contract.logout, async (request, reply) => {
    if (request.sessionHash) await service.logout(app.db, request.sessionHash);
    clearCookies(reply);
    return reply.code(204).send(null);
  });

  mount(app, contract.me, async (request) => service.whoAmI(app.db, serviceContext(request), request.sessionHash));

  mount(app, contract.switchOrganisation, async (request) =>
    service.switchOrganisation(app.db, serviceContext(request), request.sessionHash, request.body.organisationId),
  );
};
