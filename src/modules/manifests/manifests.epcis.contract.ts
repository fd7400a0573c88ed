import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import { epcisImportView, epcisQuery, genealogyOperationView, recordGenealogyBody } from './manifests.genealogy.schema';
import { manifestIdParams } from './manifests.schema';

const tags = ['manifests'];

export const recordGenealogy = defineRoute({
  method: 'POST',
  path: '/api/v1/manifests/genealogy',
  summary: 'Group, split or blend loads at a transfer station (its operator signs; quantities must balance)',
  description:
    "Inputs are loads the station received, outputs loads it generates from the same site. Quantities are tonnes per line (default: an input's accepted tonnes, an output's declared tonnes); the outputs must weigh what the inputs weighed within 0.5 %. Each manifest's trail gets a signed `genealogy` record.",
  tags,
  body: recordGenealogyBody,
  responses: { 201: genealogyOperationView },
});

export const exportManifestEpcis = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests/:id/epcis',
  summary: "The manifest's custody events as an EPCIS 2.0 JSON-LD document (`?genealogy=true`: the whole batch through transfer stations)",
  description: 'Answers `application/ld+json`. Identifiers are HTTP URIs under the deployment’s public URL (see the manifests engine README).',
  tags,
  params: manifestIdParams,
  query: epcisQuery,
  responses: {},
});

export const importManifestEpcis = defineRoute({
  method: 'POST',
  path: '/api/v1/manifests/epcis',
  summary: "Import a partner system's EPCIS 2.0 events (API tokens; all or nothing)",
  description:
    'Body: an EPCISDocument (`application/ld+json` or `application/json`, at most 4 MiB). Each event enters through the same signing command as a signature on the platform; a refusal names the event (`epcisBody.eventList.N…`) and nothing is written. Events already imported are reported as duplicates.',
  tags,
  body: z.record(z.string(), z.unknown()),
  responses: { 200: epcisImportView },
});
