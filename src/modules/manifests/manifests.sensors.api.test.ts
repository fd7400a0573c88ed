import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/platform.dataset';
import { runJobSlot, slotStart } from '../../platform/jobs';
import { systemServiceContext } from '../../platform/viewer';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { expectProblem, makeToken, orgId } from '../../../test/helpers/fixtures';
import { buildFrame } from './engine/jt808';
import { scanQueue, sensorFindings, trackRetentionJob } from './index';
import type { QueueItemView } from './manifests.regulation.schema';
import type { ManifestView } from './manifests.schema';
import type { SensorsView } from './manifests.sensors.schema';

/** Huatuo's extraction workshop and Lvyuan's fertiliser plant (demo sites), about 2.3 km apart. */
const A = { lat: 33.8412, lon: 115.7921 };
const B = { lat: 33.8298, lon: 115.8134 };
const T0 = Date.parse('2026-11-02T01:00:00.000Z');
const minute = 60_000;
const lerp = (f: number) => ({ lat: A.lat + (B.lat - A.lat) * f, lon: A.lon + (B.lon - A.lon) * f });

/**
 * A trip with one detour (15 minutes some 7 km north, outside the corridor) and one long stop
 * (40 minutes half-way, inside it), one fix a minute while moving.
 */
function trip(): { readingId: string; at: string; lat: number; lon: number; speedKmh: number }[] {
  const out: { readingId: string; at: string; lat: number; lon: number; speedKmh: number }[] = [];
  const add = (m: number, p: { lat: number; lon: number }, speedKmh = 40) => out.push({ readingId: `gps-${m}`, at: new Date(T0 + m * minute).toISOString(), lat: p.lat, lon: p.lon, speedKmh });
  for (let m = 0; m <= 5; m++) add(m, lerp(m / 20));
  for (let m = 6; m <= 21; m++) add(m, { lat: 33.9 + (m - 6) * 0.0005, lon: 115.8 }); // the detour
  for (let m = 22; m <= 62; m += 5) add(m, { lat: lerp(0.5).lat + ((m % 2) * 0.0002), lon: lerp(0.5).lon }, 0); // the stop
  for (let m = 63; m <= 72; m++) add(m, lerp(0.5 + (m - 62) / 20));
  return out;
}

/** A JT/T 808 0x0200 location report (2013 edition) as the terminal sends it. */
function locationFrame(terminal: string, serial: number, p: { lat: number; lon: number; at: number }): Uint8Array {
  const body = Buffer.alloc(28);
  body.writeUInt32BE(0, 0);
  body.writeUInt32BE(3, 4); // ACC on, positioned
  body.writeUInt32BE(Math.round(p.lat * 1e6), 8);
  body.writeUInt32BE(Math.round(p.lon * 1e6), 12);
  body.writeInt16BE(40, 16);
  body.writeUInt16BE(450, 18);
  body.writeUInt16BE(120, 20);
  const local = new Date(p.at + 8 * 3_600_000).toISOString();
  Buffer.from(local.slice(2, 4) + local.slice(5, 7) + local.slice(8, 10) + local.slice(11, 13) + local.slice(14, 16) + local.slice(17, 19), 'hex').copy(body, 22);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(0x0200, 0);
  header.writeUInt16BE(body.length, 2);
  Buffer.from(terminal, 'hex').copy(header, 4);
  header.writeUInt16BE(serial, 10);
  return buildFrame(Uint8Array.from([...header, ...body]));
}

/**
 * Sensor readings through HTTP on both databases: GPS batches by a transporter's API token
 * (idempotent by reading id, a conflicting re-post refused naming the row, checked before the
 * body is read), JT/T 808 frames as base64 JSON and as raw bytes, weighbridge readings at both
 * ends with the mismatch flagged, RFID reads; the route view for parties and regulators only;
 * the findings in the regulators' queue; the retention job.
 */
describe.each(backends)('manifest sensors API (%s)', (kind) => {
  let t: TestApp;
  let huatuo: TestClient;
  let regulator: TestClient;
  let park: TestClient;
  let admin: TestClient;
  let tongdaApi: TestClient;
  let tongdaReader: TestClient;
  let huatuoApi: TestClient;
  let lvyuanApi: TestClient;
  let parkApi: TestClient;
  let parkToken: string;
  let tongdaToken: string;
  let manifest: ManifestView;
  let url: string;

  const ok = <T>(res: LightMyRequestResponse, status = 200): T => {
    if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json<T>();
  };
  const bearer = (token: string) => t.anonymous({ authorization: `Bearer ${token}` });
  const count = async (table: 'manifest_gps_points' | 'manifest_weighings' | 'manifest_rfid_reads') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('manifest_id', '=', manifest.id).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp({ kind });
    [huatuo, regulator, park, admin] = (await Promise.all(['huatuo', 'bz-eeb', 'park', 'admin'].map((u) => t.login(u)))) as [TestClient, TestClient, TestClient, TestClient];
    const [h, td, lv, pk] = await Promise.all(['BZ-MFR-HUATUO', 'BZ-TRN-TONGDA', 'BZ-UTL-LVYUAN', 'BZ-PARK-ADMIN'].map((c) => orgId(t.db, c)));
    tongdaToken = (await makeToken(t.db, td!)).token;
    tongdaApi = bearer(tongdaToken);
    tongdaReader = bearer((await makeToken(t.db, td!, 'reader')).token);
    huatuoApi = bearer((await makeToken(t.db, h!)).token);
    lvyuanApi = bearer((await makeToken(t.db, lv!)).token);
    parkToken = (await makeToken(t.db, pk!)).token;
    parkApi = bearer(parkToken);
    const site = async (o: string) => (await t.db.selectFrom('sites').select('id').where('organisation_id', '=', o).orderBy('name').executeTakeFirstOrThrow()).id;
    manifest = ok<ManifestView>(
      await huatuo.post('/api/v1/manifests', {
        generatorId: h,
        generatorSiteId: await t.db.selectFrom('sites').select('id').where('organisation_id', '=', h!).where('name', '=', '提取车间').executeTakeFirstOrThrow().then((s) => s.id),
        transporters: [{ organisationId: td, plate: '皖S·D1234', driverName: '马强', driverPhone: '13800000001' }],
        receiverId: lv,
        receiverSiteId: await site(lv!),
        lines: [{ wasteCode: 'SW13', description: '白芍药渣（湿）', quantity: '10', unit: 't', measure: 'estimated' }],
        password: DEMO_PASSWORD,
      }),
      201,
    );
    url = `/api/v1/manifests/${manifest.id}/sensors`;
  }, 180_000);
  afterAll(() => t.close());

  it('stores a GPS batch once: a re-post is all duplicates, a changed reading is a conflict naming its row', async () => {
    const readings = trip();
    const first = ok<{ accepted: number; duplicates: number; flags: number }>(await tongdaApi.post(`${url}/gps`, { readings }));
    expect(first).toEqual({ accepted: readings.length, duplicates: 0, flags: 2 });
    expect(await count('manifest_gps_points')).toBe(readings.length);

    expect(ok(await tongdaApi.post(`${url}/gps`, { readings }))).toEqual({ accepted: 0, duplicates: readings.length, flags: 0 });
    expect(await count('manifest_gps_points')).toBe(readings.length);

    const changed = readings.map((r, i) => (i === 3 ? { ...r, lat: r.lat + 0.01 } : r));
    const p = expectProblem(await tongdaApi.post(`${url}/gps`, { readings: [...changed, { readingId: 'gps-new', at: new Date(T0 + 80 * minute).toISOString(), lat: B.lat, lon: B.lon }] }), 400, 'validation');
    expect(p.errors).toEqual([expect.objectContaining({ field: 'readings.3.readingId', code: 'manifests.reading-conflict' })]);
    // All or nothing: the new reading of the refused batch is not stored either.
    expect(await count('manifest_gps_points')).toBe(readings.length);

    const future = expectProblem(await tongdaApi.post(`${url}/gps`, { readings: [{ readingId: 'gps-future', at: new Date(Date.now() + 3_600_000).toISOString(), lat: B.lat, lon: B.lon }] }), 400, 'validation');
    expect(future.errors).toEqual([expect.objectContaining({ field: 'readings.0.at', code: 'manifests.reading-time' })]);
    expect((expectProblem(await tongdaApi.post(`${url}/gps`, { readings: [{ readingId: 'x', at: 'soon', lat: 95, lon: B.lon }] }), 400, 'validation').errors ?? []).map((f) => f.field).sort()).toEqual(
      ['body.readings.0.at', 'body.readings.0.lat'].sort(),
    );
  });

  it('checks who posts before the body is read', async () => {
    const one = { readings: [{ readingId: 'gps-x', at: new Date(T0).toISOString(), lat: A.lat, lon: A.lon }] };
    // The generator reads the manifest but posts no positions; a reader token writes nothing.
    expectProblem(await huatuoApi.post(`${url}/gps`, one), 403, 'forbidden');
    expectProblem(await tongdaReader.post(`${url}/gps`, one), 403, 'forbidden');
    // Not a party: the manifest does not exist for it.
    expectProblem(await parkApi.post(`${url}/gps`, one), 404, 'not_found');
    expectProblem(await t.anonymous().post(`${url}/gps`, one), 401, 'unauthenticated');
    // A body far over the cap from a stranger is refused by who it is, not by its size.
    const huge = JSON.stringify({ readings: Array.from({ length: 6_000 }, (_, i) => ({ readingId: `r${i}`, at: new Date(T0).toISOString(), lat: A.lat, lon: A.lon, pad: 'x'.repeat(400) })) });
    expect(huge.length).toBeGreaterThan(2_000_000);
    const post = (token: string) => t.app.inject({ method: 'POST', url: `${url}/gps`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: huge });
    expectProblem(await post(parkToken), 404, 'not_found');
    // The transporter passes the gate and meets the body cap.
    expect((await post(tongdaToken)).statusCode).toBe(413);
    expect(await count('manifest_gps_points')).toBe(trip().length);
  });

  it('reads JT/T 808 frames as base64 JSON and as raw bytes, and names a damaged frame', async () => {
    const fixes = [0, 1, 2].map((k) => ({ ...lerp(0.9 + k * 0.03), at: T0 + (90 + k) * minute }));
    const frames = fixes.map((f, k) => locationFrame('013912345678', k + 1, f));
    const b64 = frames.map((f) => Buffer.from(f).toString('base64'));
    const damaged = Uint8Array.from(frames[1]!);
    damaged[20] = damaged[20]! ^ 0x01;
    const bad = expectProblem(await tongdaApi.post(`${url}/jt808`, { frames: [b64[0], Buffer.from(damaged).toString('base64')] }), 400, 'validation');
    expect(bad.errors).toEqual([expect.objectContaining({ field: 'frames.1', code: 'jt808.checksum' })]);

    expect(ok(await tongdaApi.post(`${url}/jt808`, { frames: b64 }))).toEqual({ accepted: 3, duplicates: 0, flags: 0, frames: 3, skipped: 0 });
    const raw = await t.app.inject({ method: 'POST', url: `${url}/jt808`, headers: { authorization: `Bearer ${tongdaToken}`, 'content-type': 'application/octet-stream' }, payload: Buffer.concat(frames.map((f) => Buffer.from(f))) });
    expect(ok(raw)).toEqual({ accepted: 0, duplicates: 3, flags: 0, frames: 3, skipped: 0 });
    const stored = await t.db.selectFrom('manifest_gps_points').select(['reading_id', 'source', 'terminal', 'lat']).where('manifest_id', '=', manifest.id).where('source', '=', 'jt808').orderBy('at').execute();
    expect(stored.map((s) => s.terminal)).toEqual(['013912345678', '013912345678', '013912345678']);
    expect(stored[0]!.lat).toBeCloseTo(fixes[0]!.lat, 6);
  });

  it('compares weighbridge readings at both ends and flags the mismatch; each end is its own party’s', async () => {
    const origin = { readingId: 'wb-o-1', at: new Date(T0 - 10 * minute).toISOString(), end: 'origin', grossKg: 25_000, tareKg: 15_000, ticket: 'HT-0001' };
    const destination = { readingId: 'wb-d-1', at: new Date(T0 + 80 * minute).toISOString(), end: 'destination', grossKg: 24_480, tareKg: 15_000 };
    const wrongEnd = expectProblem(await huatuoApi.post(`${url}/weighbridge`, { readings: [origin, destination] }), 400, 'validation');
    expect(wrongEnd.errors).toEqual([expect.objectContaining({ field: 'readings.1.end', code: 'manifests.reading-end' })]);
    expectProblem(await tongdaApi.post(`${url}/weighbridge`, { readings: [origin] }), 403, 'forbidden');
    expect(ok(await huatuoApi.post(`${url}/weighbridge`, { readings: [origin] }))).toEqual({ accepted: 1, duplicates: 0, flags: 0 });
    const heavyTare = expectProblem(await lvyuanApi.post(`${url}/weighbridge`, { readings: [{ ...destination, tareKg: 30_000 }] }), 400, 'validation');
    expect(heavyTare.errors).toEqual([expect.objectContaining({ field: 'readings.0.tareKg', code: 'manifests.reading-weight' })]);
    expect(ok(await lvyuanApi.post(`${url}/weighbridge`, { readings: [destination] }))).toEqual({ accepted: 1, duplicates: 0, flags: 1 });
    expect(ok(await lvyuanApi.post(`${url}/weighbridge`, { readings: [destination] }))).toEqual({ accepted: 0, duplicates: 1, flags: 0 });
    expect(await count('manifest_weighings')).toBe(2);

    expect(ok(await lvyuanApi.post(`${url}/rfid`, { readings: [{ readingId: 'rf-1', at: new Date(T0 + 75 * minute).toISOString(), tag: 'E28011606000020A1B2C3D4E', reader: 'gate-1' }] }))).toEqual({ accepted: 1, duplicates: 0, flags: 0 });
    expect(ok(await lvyuanApi.post(`${url}/rfid`, { readings: [{ readingId: 'rf-1', at: new Date(T0 + 75 * minute).toISOString(), tag: 'E28011606000020A1B2C3D4E', reader: 'gate-1' }] }))).toEqual({ accepted: 0, duplicates: 1, flags: 0 });
    expect(await count('manifest_rfid_reads')).toBe(1);
  });

  it('shows the route, the findings and the weighings to the parties and regulators only', async () => {
    const view = ok<SensorsView>(await regulator.get(url));
    expect(view.track).toHaveLength(trip().length + 3);
    expect(view.origin).toMatchObject({ name: '提取车间', lat: A.lat, lon: A.lon });
    expect(view.deviations).toHaveLength(1);
    expect(view.deviations[0]).toMatchObject({ from: new Date(T0 + 6 * minute).toISOString(), to: new Date(T0 + 21 * minute).toISOString(), points: 16 });
    // The first fix after the stop is still within 200 m of where it began (115 m a minute): the stop lasts until it.
    expect(view.stops).toEqual([expect.objectContaining({ from: new Date(T0 + 22 * minute).toISOString(), to: new Date(T0 + 63 * minute).toISOString(), minutes: 41 })]);
    expect(view.weight).toMatchObject({ status: 'mismatch', originNetKg: 10_000, destinationNetKg: 9_480, differenceKg: -520, toleranceKg: 100 });
    expect(view.weighings.map((w) => [w.end, w.netKg])).toEqual([['origin', 10_000], ['destination', 9_480]]);
    expect(view.rfid).toHaveLength(1);
    expect(view.flags.map((f) => f.kind).sort()).toEqual(['long-stop', 'route-deviation', 'weight-mismatch']);
    expect(view.retentionDays).toBe(180);
    expect(ok<SensorsView>(await huatuo.get(url)).track).toHaveLength(trip().length + 3);

    // The platform admin sees the manifest but not the track (no purpose of its own needs it).
    expectProblem(await admin.get(url), 403, 'forbidden');
    const asAdmin = ok<ManifestView>(await admin.get(`/api/v1/manifests/${manifest.id}`));
    expect(asAdmin).toMatchObject({ id: manifest.id, sensors: false });
    expect(asAdmin.transporterDetails[0]!.driverPhone).toBeNull();
    const asRegulator = ok<ManifestView>(await regulator.get(`/api/v1/manifests/${manifest.id}`));
    expect(asRegulator).toMatchObject({ sensors: true });
    expect(asRegulator.transporterDetails[0]!.driverPhone).toBe('13800000001');
    // The park administration is no party: the manifest does not exist for it.
    expectProblem(await park.get(url), 404, 'not_found');
    expectProblem(await t.anonymous().get(url), 401, 'unauthenticated');
  });

  it('puts deviations, long stops and the weight mismatch into the regulators’ queue once', async () => {
    const first = await t.db.transaction().execute((trx) => scanQueue(trx, systemServiceContext('test'), { routes: sensorFindings, verifyBatch: 1 }));
    expect(first.opened).toBeGreaterThanOrEqual(3);
    const items = ok<{ items: QueueItemView[] }>(await regulator.get('/api/v1/manifests/queue?status=open&limit=200')).items.filter((i) => i.manifest.id === manifest.id);
    const sensorItems = (list: QueueItemView[]) => list.filter((i) => i.detail.reason !== undefined);
    expect(sensorItems(items).map((i) => `${i.kind}:${String(i.detail.reason)}`).sort()).toEqual(['discrepancy:weight-mismatch', 'route-deviation:long-stop', 'route-deviation:route-deviation']);
    const again = await t.db.transaction().execute((trx) => scanQueue(trx, systemServiceContext('test'), { routes: sensorFindings, verifyBatch: 1 }));
    const after = ok<{ items: QueueItemView[] }>(await regulator.get('/api/v1/manifests/queue?status=open&limit=200')).items.filter((i) => i.manifest.id === manifest.id);
    expect(after).toHaveLength(items.length);
    expect(again.opened).toBeLessThanOrEqual(first.opened);
  });

  it('deletes tracks past the retention period in its job slot, once, and keeps the findings', async () => {
    const job = trackRetentionJob(30);
    // 31 days after the trip: the trip's positions are older than 30 days.
    const slot = slotStart(job.everyMs, T0 + 31 * 86_400_000);
    expect(await Promise.all([runJobSlot(t.db, job, slot, 'test/1'), runJobSlot(t.db, job, slot, 'test/2')])).toEqual(expect.arrayContaining(['taken']));
    expect(await count('manifest_gps_points')).toBe(0);
    const view = ok<SensorsView>(await regulator.get(url));
    expect(view.track).toEqual([]);
    expect(view.flags.length).toBe(3);
    const audit = await t.db.selectFrom('audit_log').select('after').where('action', '=', 'manifest.sensors.retention').execute();
    expect(audit).toHaveLength(1);
  });
});
