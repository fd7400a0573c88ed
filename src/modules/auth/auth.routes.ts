import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../platform/errors';
import { CSRF_COOKIE, SESSION_COOKIE, requireActor } from '../../server/context';
import { sha256 } from '../../platform/tokens';
import { findSession, rowToActor } from './auth.repository';
import { loginBody, meResponse, switchBody } from './auth.schema';
import { describeActor, login, logout, switchOrganisation } from './auth.service';

const tags = ['auth'];

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const cookieBase = { path: '/', sameSite: 'lax' as const, secure: app.config.secureCookies };

  function clearCookies(reply: FastifyReply) {
    void reply.clearCookie(SESSION_COOKIE, cookieBase).clearCookie(CSRF_COOKIE, cookieBase);
  }

  app.post(
    '/api/v1/auth/login',
    { schema: { tags, summary: 'Log in with username and password', body: loginBody, response: { 200: meResponse } } },
    async (request, reply) => {
      const session = await login(app.db, app.config, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      void reply
        .setCookie(SESSION_COOKIE, session.cookieValue, { ...cookieBase, httpOnly: true, expires: session.expiresAt })
        // Readable by the page so it can echo it in X-CSRF-Token (double submit, checked against the session).
        .setCookie(CSRF_COOKIE, session.csrfToken, { ...cookieBase, httpOnly: false, expires: session.expiresAt });
      const row = await findSession(app.db, sha256(session.cookieValue));
      if (!row) throw new Error('session vanished right after login');
      return describeActor(app.db, rowToActor(row, 'user'), session.csrfToken);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { schema: { tags, summary: 'End the current session', response: { 204: z.null() } } },
    async (request, reply) => {
      if (request.sessionHash) await logout(app.db, request.sessionHash);
      clearCookies(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    { schema: { tags, summary: 'Who am I, acting for which organisation', response: { 200: meResponse } } },
    async (request) => {
      const actor = requireActor(request);
      const csrf = request.sessionHash ? ((await findSession(app.db, request.sessionHash))?.csrf_token ?? null) : null;
      return describeActor(app.db, actor, csrf);
    },
  );

  app.post(
    '/api/v1/auth/switch',
    {
      schema: { tags, summary: 'Act for another of my organisations', body: switchBody, response: { 200: meResponse } },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!request.sessionHash) throw errors.forbidden('API tokens are bound to one organisation.');
      await switchOrganisation(app.db, actor, request.sessionHash, request.body.organisationId);
      const row = await findSession(app.db, request.sessionHash);
      if (!row) throw new Error('session vanished');
      return describeActor(app.db, rowToActor(row, 'user'), row.csrf_token);
    },
  );
};
