import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import {
  applyTransferBody,
  approvalParams,
  approvalsQuery,
  approvalView,
  decideTransferBody,
  deletedView,
  deleteManifestQuery,
  dutiesQuery,
  dutyBody,
  dutyParams,
  dutyView,
  permitBody,
  permitsQuery,
  permitView,
} from './manifests.law.schema';
import { manifestIdParams } from './manifests.schema';

const tags = ['manifests'];

export const listDuties = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests/duties',
  summary: 'Duties per waste class, every edition with the rule it comes from and the one in force (public)',
  tags,
  query: dutiesQuery,
  responses: { 200: z.object({ items: z.array(dutyView) }) },
});

export const addDuty = defineRoute({
  method: 'POST',
  path: '/api/v1/manifests/duties',
  summary: 'Add an edition of a waste class’s duties (platform admins; earlier editions stay)',
  tags,
  body: dutyBody,
  responses: { 201: dutyView },
});

export const updateDuty = defineRoute({
  method: 'PUT',
  path: '/api/v1/manifests/duties/:duty',
  summary: 'Correct an edition of the duties (platform admins; audited)',
  tags,
  params: dutyParams,
  body: dutyBody,
  responses: { 200: dutyView },
});

export const listTransfers = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests/transfers',
  summary: 'Cross-province hazardous transfer applications: the firms’ own, the provinces’ on the route for regulators',
  tags,
  query: approvalsQuery,
  responses: { 200: z.object({ items: z.array(approvalView) }) },
});

export const applyTransfer = defineRoute({
  method: 'POST',
  path: '/api/v1/manifests/transfers',
  summary: 'Apply to move hazardous waste to another province (the generator)',
  tags,
  body: applyTransferBody,
  responses: { 201: approvalView },
});

export const getTransfer = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests/transfers/:approval',
  summary: 'One transfer application with both decisions and the notices sent',
  tags,
  params: approvalParams,
  responses: { 200: approvalView },
});

export const decideTransfer = defineRoute({
  method: 'POST',
  path: '/api/v1/manifests/transfers/:approval/decision',
  summary: 'The destination province agrees or refuses, then the origin province approves or refuses',
  tags,
  params: approvalParams,
  body: decideTransferBody,
  responses: { 200: approvalView },
});

export const listPermits = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests/permits',
  summary: 'A carrier’s permits for hazardous loads (licence, vehicles, drivers)',
  tags,
  query: permitsQuery,
  responses: { 200: z.object({ items: z.array(permitView) }) },
});

export const recordPermit = defineRoute({
  method: 'POST',
  path: '/api/v1/manifests/permits',
  summary: 'Record a carrier’s road dangerous-goods licence, a vehicle’s permit or a driver’s qualification',
  tags,
  body: permitBody,
  responses: { 201: permitView },
});

export const deleteManifest = defineRoute({
  method: 'DELETE',
  path: '/api/v1/manifests/:id',
  summary: 'Delete a manifest record after its retention period (platform admins); refused inside it',
  tags,
  params: manifestIdParams,
  query: deleteManifestQuery,
  responses: { 200: deletedView },
});
