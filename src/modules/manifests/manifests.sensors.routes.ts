import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SENSOR_LIMITS } from './engine/sensors';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import * as contract from './manifests.sensors.contract';
import type { SensorPostKind } from './manifests.sensors.policy';
import { JT808_MAX_FRAME_BYTES, JT808_MAX_FRAMES } from './manifests.sensors.schema';
import { gatePost, postGps, postJt808, postRfid, postWeighings, splitFrames } from './manifests.sensors.service';
import { getSensors } from './manifests.sensors.view.service';

/**
 * Bodies are capped before parsing: a full batch of JSON readings is about 200 bytes a reading;
 * JT/T 808 frames are at most 2 200 bytes each, a third more in base64.
 */
const JSON_BATCH_BYTES = SENSOR_LIMITS.batch * 300 + 16 * 1024;
const JT808_JSON_BYTES = Math.ceil((JT808_MAX_FRAMES * JT808_MAX_FRAME_BYTES * 4) / 3) + JT808_MAX_FRAMES * 8 + 1024;
const JT808_RAW_BYTES = JT808_MAX_FRAMES * JT808_MAX_FRAME_BYTES;

/** Checked when the request arrives, before a byte of the body is read. */
const gate = (app: Parameters<FastifyPluginAsyncZod>[0], kind: SensorPostKind) => ({
  onRequest: async (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    await gatePost(app.db, serviceContext(request), id, kind);
  },
});

/** Sensor readings of a load (issue 13 "Sensors"): posted by API token, read by the parties and regulators. */
export const manifestsSensorsRoutes: FastifyPluginAsyncZod = async (app) => {
  // Terminal platforms forward frames as they came off the wire: raw bytes, read here only
  // (this plugin's scope) and turned into the JSON body the contract validates.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: JT808_RAW_BYTES }, (_request, body, done) => {
    done(null, { frames: splitFrames(body as Buffer).map((f) => Buffer.from(f).toString('base64')) });
  });

  mount(app, contract.postGps, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => postGps(trx, ctx, request.params.id, request.body));
  }, { ...gate(app, 'gps'), bodyLimit: JSON_BATCH_BYTES });

  mount(app, contract.postJt808, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => postJt808(trx, ctx, request.params.id, request.body));
  }, { ...gate(app, 'gps'), bodyLimit: JT808_JSON_BYTES });

  mount(app, contract.postWeighings, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => postWeighings(trx, ctx, request.params.id, request.body));
  }, { ...gate(app, 'weighing'), bodyLimit: JSON_BATCH_BYTES });

  mount(app, contract.postRfid, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => postRfid(trx, ctx, request.params.id, request.body));
  }, { ...gate(app, 'rfid'), bodyLimit: JSON_BATCH_BYTES });

  mount(app, contract.getSensors, async (request) => getSensors(app.db, serviceContext(request), request.params.id, { retentionDays: app.config.trackRetentionDays }));
};
