import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import * as s from './manifests.sensors.schema';

const tags = ['manifests'];
// Not imported from manifests.schema: that one reaches the signing engine (node:crypto), and the web bundles this contract.
const manifestIdParams = z.object({ id: z.string().uuid() });
const v1 = '/api/v1/manifests';
const batch = 'All or nothing: a reading id stored before with the same content is a duplicate (nothing stored twice), with other content a conflict naming the row.';

export const postGps = defineRoute({
  method: 'POST',
  path: `${v1}/:id/sensors/gps`,
  summary: "Post a batch of GPS positions of the load (a transporter's API token or member)",
  description: batch,
  tags,
  params: manifestIdParams,
  body: s.gpsBatchBody,
  responses: { 200: s.ingestOutcome },
});

export const postJt808 = defineRoute({
  method: 'POST',
  path: `${v1}/:id/sensors/jt808`,
  summary: 'Post JT/T 808 location reports (0x0200, 0x0704) of the vehicle terminal, base64 frames in JSON or the raw frames as application/octet-stream',
  description: batch,
  tags,
  params: manifestIdParams,
  body: s.jt808BatchBody,
  responses: { 200: s.jt808Outcome },
});

export const postWeighings = defineRoute({
  method: 'POST',
  path: `${v1}/:id/sensors/weighbridge`,
  summary: "Post weighbridge readings (origin: the generator's; destination: the receiver's)",
  description: batch,
  tags,
  params: manifestIdParams,
  body: s.weighingBatchBody,
  responses: { 200: s.ingestOutcome },
});

export const postRfid = defineRoute({
  method: 'POST',
  path: `${v1}/:id/sensors/rfid`,
  summary: "Post RFID reads of the load's tags (a party's API token or member)",
  description: batch,
  tags,
  params: manifestIdParams,
  body: s.rfidBatchBody,
  responses: { 200: s.ingestOutcome },
});

export const getSensors = defineRoute({
  method: 'GET',
  path: `${v1}/:id/sensors`,
  summary: "The load's route, long stops, deviations from the corridor, weighbridge readings and RFID reads (parties and regulators of the manifest: personal information)",
  tags,
  params: manifestIdParams,
  responses: { 200: s.sensorsView },
});
