import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import { balanceModelBody, balanceModelIdParams, balanceModelView, listModelsQuery, reconcileBody, reconcileOptions, reconciliationView, regionModelView, regionModelsQuery } from './balance.schema';

const tags = ['balance'];

export const reconcileModel = defineRoute({
  method: 'POST',
  path: '/api/v1/balance/reconcile',
  summary: 'Reconcile a balance model (STAN-style weighted least squares); nothing is stored',
  tags,
  body: reconcileBody,
  responses: { 200: reconciliationView },
});

export const listBalanceModels = defineRoute({
  method: 'GET',
  path: '/api/v1/balance/models',
  summary: 'Balance models of an organisation (default: my own)',
  tags,
  query: listModelsQuery,
  responses: { 200: z.object({ items: z.array(balanceModelView) }) },
});

export const listRegionBalanceModels = defineRoute({
  method: 'GET',
  path: '/api/v1/balance/region-models',
  summary: 'Balance models of the firms in a region (regulators of the region, platform admins); default: my region',
  tags,
  query: regionModelsQuery,
  responses: { 200: z.object({ region: z.string(), items: z.array(regionModelView) }) },
});

export const createBalanceModel = defineRoute({
  method: 'POST',
  path: '/api/v1/balance/models',
  summary: 'Save a balance model for my organisation',
  tags,
  body: balanceModelBody,
  responses: { 201: balanceModelView },
});

export const getBalanceModel = defineRoute({
  method: 'GET',
  path: '/api/v1/balance/models/:id',
  summary: 'One balance model',
  tags,
  params: balanceModelIdParams,
  responses: { 200: balanceModelView },
});

export const replaceBalanceModel = defineRoute({
  method: 'PUT',
  path: '/api/v1/balance/models/:id',
  summary: 'Replace a balance model',
  tags,
  params: balanceModelIdParams,
  body: balanceModelBody,
  responses: { 200: balanceModelView },
});

export const deleteBalanceModel = defineRoute({
  method: 'DELETE',
  path: '/api/v1/balance/models/:id',
  summary: 'Delete a balance model',
  tags,
  params: balanceModelIdParams,
  responses: { 204: z.null() },
});

export const reconcileSavedModel = defineRoute({
  method: 'POST',
  path: '/api/v1/balance/models/:id/reconcile',
  summary: 'Reconcile a saved model',
  tags,
  params: balanceModelIdParams,
  body: z.object({ options: reconcileOptions }).default({ options: {} }),
  responses: { 200: reconciliationView },
});
