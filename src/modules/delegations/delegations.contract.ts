import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import { delegationIdParams, delegationView, grantBody, listDelegationsQuery, organisationIdParams, revokeBody } from './delegations.schema';

const tags = ['delegations'];

export const listDelegations = defineRoute({
  method: 'GET',
  path: '/api/v1/organisations/:id/delegations',
  summary: 'Delegations an organisation granted or received',
  tags,
  params: organisationIdParams,
  query: listDelegationsQuery,
  responses: { 200: z.object({ items: z.array(delegationView) }) },
});

export const grantDelegation = defineRoute({
  method: 'POST',
  path: '/api/v1/organisations/:id/delegations',
  summary: 'Grant another organisation the right to act for this one within scopes (its admins only)',
  tags,
  params: organisationIdParams,
  body: grantBody,
  responses: { 201: delegationView },
});

export const getDelegation = defineRoute({
  method: 'GET',
  path: '/api/v1/delegations/:id',
  summary: 'One delegation (to both organisations and platform admins)',
  tags,
  params: delegationIdParams,
  responses: { 200: delegationView },
});

export const revokeDelegation = defineRoute({
  method: 'POST',
  path: '/api/v1/delegations/:id/revoke',
  summary: "Revoke a delegation (the grantor's admins); what was done under it keeps showing it",
  tags,
  params: delegationIdParams,
  body: revokeBody,
  responses: { 200: delegationView },
});
