import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import {
  createLicenceBody,
  createManifestBody,
  keysQuery,
  licencesQuery,
  licenceView,
  listManifestsQuery,
  manifestIdParams,
  manifestSummary,
  manifestView,
  putWasteCodeBody,
  rotateKeyBody,
  signEventBody,
  signingKeyView,
  verifyAllQuery,
  verifyView,
  wasteCodeParams,
  wasteCodeView,
} from './manifests.schema';
import { signedEventView, signEventQuery } from './manifests.sign.schema';

const tags = ['manifests'];

export const listManifests = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests',
  summary: "Manifests the viewer is a party to (regulators: their region's; platform admins: all)",
  tags,
  query: listManifestsQuery,
  responses: { 200: z.object({ items: z.array(manifestSummary) }) },
});

export const createManifest = defineRoute({
  method: 'POST',
  path: '/api/v1/manifests',
  summary: 'Create a manifest (the generator signs the created event; persons re-enter their password)',
  tags,
  body: createManifestBody,
  responses: { 201: manifestView },
});

export const verifyAllManifests = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests/verify',
  summary: "Verify every manifest's hash chain and signatures (platform admins; regulators their region)",
  tags,
  query: verifyAllQuery,
  responses: { 200: verifyView },
});

export const listWasteCodes = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests/codes',
  summary: 'The waste code lists (general industrial solid waste, hazardous waste HW)',
  tags,
  responses: { 200: z.object({ items: z.array(wasteCodeView) }) },
});

export const putWasteCode = defineRoute({
  method: 'PUT',
  path: '/api/v1/manifests/codes/:code',
  summary: 'Add or edit a waste code (platform admins)',
  tags,
  params: wasteCodeParams,
  body: putWasteCodeBody,
  responses: { 200: wasteCodeView },
});

export const createLicence = defineRoute({
  method: 'POST',
  path: '/api/v1/manifests/licences',
  summary: "Record a receiver's licence (categories, annual capacity, validity)",
  tags,
  body: createLicenceBody,
  responses: { 201: licenceView },
});

export const listLicences = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests/licences',
  summary: "An organisation's licences",
  tags,
  query: licencesQuery,
  responses: { 200: z.object({ items: z.array(licenceView) }) },
});

export const listSigningKeys = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests/keys',
  summary: 'Published public keys of signing organisations (retired ones included)',
  tags,
  query: keysQuery,
  responses: { 200: z.object({ items: z.array(signingKeyView) }) },
});

export const rotateSigningKey = defineRoute({
  method: 'POST',
  path: '/api/v1/manifests/keys/rotate',
  summary: "Retire an organisation's signing key and make a new one (its admins)",
  tags,
  body: rotateKeyBody,
  responses: { 201: signingKeyView },
});

export const latestCheckpoint = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests/checkpoints/latest',
  summary: 'The head of the global chain of manifest heads (published, so a rewrite of history shows)',
  tags,
  responses: { 200: z.object({ seq: z.number().int(), at: z.string().datetime({ offset: true }), suite: z.string(), heads: z.number().int(), hash: z.string() }).nullable() },
});

export const listSigningGrantors = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests/grantors',
  summary: 'Organisations that delegated manifest signing to yours (the forms’ “on behalf of” picker)',
  tags,
  responses: { 200: z.object({ items: z.array(z.object({ delegationId: z.string().uuid(), organisation: z.object({ id: z.string().uuid(), nameZh: z.string(), nameEn: z.string() }) })) }) },
});

export const getManifest = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests/:id',
  summary: 'One manifest with its parties, lines, discrepancies and custody timeline',
  tags,
  params: manifestIdParams,
  responses: { 200: manifestView },
});

export const signEvent = defineRoute({
  method: 'POST',
  path: '/api/v1/manifests/:id/events',
  summary: 'Sign the next custody event (the party whose turn it is, or one acting for it under a delegation)',
  description: 'Answers the new status and the signed event (seq, hash); `?view=full` adds the whole manifest.',
  tags,
  params: manifestIdParams,
  query: signEventQuery,
  body: signEventBody,
  responses: { 201: signedEventView },
});

export const verifyManifest = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests/:id/verify',
  summary: "Recompute the manifest's hash chain and signatures; names the first broken event",
  tags,
  params: manifestIdParams,
  responses: { 200: verifyView },
});
