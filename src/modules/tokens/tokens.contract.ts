import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import { createTokenBody, createdTokenView, tokenIdParams, tokenOrganisationParams, tokenView } from './tokens.schema';

const tags = ['tokens'];

export const listTokens = defineRoute({
  method: 'GET',
  path: '/api/v1/organisations/:id/tokens',
  summary: 'API tokens of an organisation (never the secrets)',
  tags,
  params: tokenOrganisationParams,
  responses: { 200: z.object({ items: z.array(tokenView) }) },
});

export const createToken = defineRoute({
  method: 'POST',
  path: '/api/v1/organisations/:id/tokens',
  summary: 'Create an API token; the secret is returned once',
  tags,
  params: tokenOrganisationParams,
  body: createTokenBody,
  responses: { 201: createdTokenView },
});

export const revokeToken = defineRoute({
  method: 'DELETE',
  path: '/api/v1/tokens/:id',
  summary: 'Revoke an API token',
  tags,
  params: tokenIdParams,
  responses: { 200: tokenView },
});
