import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import { loginBody, meResponse, switchBody } from './auth.schema';

const tags = ['auth'];

export const login = defineRoute({
  method: 'POST',
  path: '/api/v1/auth/login',
  summary: 'Log in with username and password',
  tags,
  body: loginBody,
  responses: { 200: meResponse },
});

export const logout = defineRoute({
  method: 'POST',
  path: '/api/v1/auth/logout',
  summary: 'End the current session',
  tags,
  responses: { 204: z.null() },
});

export const me = defineRoute({
  method: 'GET',
  path: '/api/v1/auth/me',
  summary: 'Who am I, acting for which organisation, and what may I do',
  tags,
  responses: { 200: meResponse },
});

export const switchOrganisation = defineRoute({
  method: 'POST',
  path: '/api/v1/auth/switch',
  summary: 'Act for another of my organisations',
  tags,
  body: switchBody,
  responses: { 200: meResponse },
});
