import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { systemServiceContext } from '../../platform/viewer';
import { DEMO_PASSWORD } from '../../demo/platform.dataset';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { countRows, expectProblem, makeToken, orgId } from '../../../test/helpers/fixtures';
import { generateSigningKey, loadPrivateKey, signMessage } from './engine/signing';
import { checkpointHeads, manifestsDeps } from './index';
import type { ManifestView, VerifyView } from './manifests.schema';
import type { SignedEventView } from './manifests.sign.schema';

/**
 * Manifests through HTTP on both databases: a full manifest with two transporters and a partial
 * refusal; then, inside the database, an edited field, a deleted event, a reordered event, a
 * deleted last event (against the checkpoint chain) and a forged signature, each caught by verify
 * with the event named; and bad input refused with nothing written.
 */
describe.each(backends)('manifests API (%s)', (kind) => {
  let t: TestApp;
  let huatuo: TestClient;
  let driver: TestClient;
  let shunan: TestClient;
  let lvyuan: TestClient;
  let admin: TestClient;
  let regulator: TestClient;
  let park: TestClient;
  let ids: { huatuo: string; tongda: string; shunan: string; lvyuan: string; park: string; huatuoSite: string; lvyuanSite: string };
  let licenceId: string;
  let manifest: ManifestView;
  const deps = manifestsDeps('memory://');

  const created = (res: LightMyRequestResponse) => {
    if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json<ManifestView>();
  };
  const signed = (res: LightMyRequestResponse) => {
    if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json<SignedEventView>();
  };
  const sign = (client: TestClient, id: string, body: Record<string, unknown>) => client.post(`/api/v1/manifests/${id}/events`, { password: DEMO_PASSWORD, ...body });
  /** Signs and answers the whole manifest (`?view=full`). */
  const signFull = async (client: TestClient, id: string, body: Record<string, unknown>) => {
    const answer = signed(await client.post(`/api/v1/manifests/${id}/events?view=full`, { password: DEMO_PASSWORD, ...body }));
    if (!answer.manifest) throw new Error('no manifest in a view=full answer');
    return answer.manifest;
  };
  const verify = async (client: TestClient, id: string) => {
    const res = await client.get(`/api/v1/manifests/${id}/verify`);
    expect(res.statusCode).toBe(200);
    return res.json<VerifyView>();
  };
  const siteOf = async (organisationId: string) => (await t.db.selectFrom('sites').select('id').where('organisation_id', '=', organisationId).executeTakeFirstOrThrow()).id;

  const newManifest = (over: Record<string, unknown> = {}) => ({
    generatorId: ids.huatuo,
    generatorSiteId: ids.huatuoSite,
    transporters: [
      { organisationId: ids.tongda, plate: '皖S·D1234', driverName: '马强', driverPhone: '13800000001' },
      { organisationId: ids.shunan, plate: '皖S·E5678', driverName: '罗斌' },
    ],
    receiverId: ids.lvyuan,
    receiverSiteId: ids.lvyuanSite,
    licenceId,
    lines: [
      { wasteCode: 'SW13', description: '白芍药渣（湿）', packaging: '吨袋', packageCount: 10, quantity: '10', unit: 't', measure: 'estimated', grade: 'B' },
      { wasteCode: 'SW59', description: '废包装物', quantity: 2, unit: 't', measure: 'estimated' },
    ],
    location: { lat: 33.8521, lon: 115.7793 },
    password: DEMO_PASSWORD,
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp({ kind });
    [huatuo, driver, shunan, lvyuan, admin, regulator, park] = (await Promise.all(['huatuo', 'tongda-driver', 'shunan', 'lvyuan', 'admin', 'bz-eeb', 'park'].map((u) => t.login(u)))) as [TestClient, TestClient, TestClient, TestClient, TestClient, TestClient, TestClient];
    const [h, td, sh, lv, pk] = await Promise.all(['BZ-MFR-HUATUO', 'BZ-TRN-TONGDA', 'BZ-TRN-SHUNAN', 'BZ-UTL-LVYUAN', 'BZ-PARK-ADMIN'].map((c) => orgId(t.db, c)));
    ids = { huatuo: h!, tongda: td!, shunan: sh!, lvyuan: lv!, park: pk!, huatuoSite: await siteOf(h!), lvyuanSite: await siteOf(lv!) };
    const licence = await lvyuan.post('/api/v1/manifests/licences', { organisationId: ids.lvyuan, siteId: ids.lvyuanSite, number: '皖亳固利字〔2026〕001号', categories: ['SW13', 'SW59'], annualCapacity: '50000', validFrom: '2026-01-01', validUntil: '2030-12-31' });
    expect(licence.statusCode).toBe(201);
    licenceId = licence.json<{ id: string }>().id;
  }, 120_000);
  afterAll(() => t.close());

  it('runs a manifest with two transporters and a partial refusal, every party signing its own event', async () => {
    manifest = created(await huatuo.post('/api/v1/manifests', newManifest()));
    expect(manifest.number).toMatch(/^HL\d{4}341602\d{7}$/);
    expect(manifest).toMatchObject({ status: 'draft', tonnes: '12', canSign: ['sealed', 'cancelled'], discrepancies: 0 });
    const id = manifest.id;
    // The compact answer: where the manifest stands and the signed event's place in the chain.
    const sealed = signed(await sign(huatuo, id, { kind: 'sealed' }));
    const stored = await t.db.selectFrom('manifest_events').selectAll().where('manifest_id', '=', id).where('seq', '=', 2).executeTakeFirstOrThrow();
    expect(sealed).toEqual({ manifestId: id, number: manifest.number, status: 'sealed', holder: null, reroutedTo: null, event: { id: stored.id, seq: 2, kind: 'sealed', at: stored.at.toISOString(), hash: stored.hash, keyId: stored.key_id } });
    expect(stored.prev_hash).toBe(manifest.events[0]!.hash);
    // A driver (role `driver`) signs the pickup for the first transporter and weighs the residue.
    const picked = await signFull(driver, id, { kind: 'picked-up', weights: [{ line: 1, quantity: '10.2' }], location: { lat: 33.8365, lon: 115.7862 } });
    expect(picked).toMatchObject({ status: 'in-transit', holder: 1 });
    signed(await sign(shunan, id, { kind: 'handed-over', to: 2 }));
    signed(await sign(shunan, id, { kind: 'delivered' }));
    const received = await signFull(lvyuan, id, {
      kind: 'received',
      lines: [
        { line: 1, outcome: 'partially-refused', received: '10.1', refused: '0.6', reason: '含水率超过 70%' },
        { line: 2, outcome: 'accepted', received: '2.5' },
      ],
    });
    expect(received.status).toBe('received');
    expect(received.lines.map((l) => [l.pickedUp, l.received, l.refused, l.outcome, l.discrepancies])).toEqual([
      ['10.2', '10.1', '0.6', 'partially-refused', []],
      [null, '2.5', '0', 'accepted', ['weight-mismatch']],
    ]);
    signed(await sign(lvyuan, id, { kind: 'processed', treatmentCode: 'R3-compost', product: '生物有机肥' }));
    const closed = await signFull(lvyuan, id, { kind: 'closed' });
    expect(closed.status).toBe('closed');
    expect(closed.events.map((e) => [e.seq, e.kind, e.signer.id, e.method])).toEqual([
      [1, 'created', ids.huatuo, 'password'],
      [2, 'sealed', ids.huatuo, 'password'],
      [3, 'picked-up', ids.tongda, 'password'],
      [4, 'handed-over', ids.shunan, 'password'],
      [5, 'delivered', ids.shunan, 'password'],
      [6, 'received', ids.lvyuan, 'password'],
      [7, 'processed', ids.lvyuan, 'password'],
      [8, 'closed', ids.lvyuan, 'password'],
    ]);
    expect(closed.events[2]!.location).toEqual({ lat: '33.836500', lon: '115.786200' });
    expect(await verify(huatuo, id)).toEqual({ checked: 1, events: 8, broken: [] });
    // Parties and regulators read it; the audit and the notifications were written with it.
    expect((await regulator.get(`/api/v1/manifests/${id}`)).statusCode).toBe(200);
    expect((await park.get(`/api/v1/manifests/${id}`)).statusCode).toBe(404);
    expect(await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('id').execute()).toHaveLength(8);
    const notes = await t.db.selectFrom('notifications').select('event').where('subject_id', '=', id).execute();
    expect(notes.some((n) => n.event === 'manifest.status-changed')).toBe(true);
    // The public keys are published; the private ones are not in the database.
    const keys = (await t.anonymous().get(`/api/v1/manifests/keys?organisationId=${ids.lvyuan}`)).json<{ items: { id: string; publicKey: string }[] }>().items;
    expect(keys).toHaveLength(1);
    expect(keys[0]!.publicKey).toContain('BEGIN PUBLIC KEY');
  });

  it('catches an edited field, a deleted event and a reordered event, naming the event', async () => {
    const id = manifest.id;
    const events = await t.db.selectFrom('manifest_events').selectAll().where('manifest_id', '=', id).orderBy('seq').execute();
    const at = (seq: number) => events[seq - 1]!;

    // Edited: the refused quantity of the receipt.
    await t.db.updateTable('manifest_events').set({ payload: at(6).payload.replace('"refused":"0.6"', '"refused":"0.1"') }).where('id', '=', at(6).id).execute();
    expect(await verify(admin, id)).toEqual({ checked: 1, events: 8, broken: [{ manifest: id, event: at(6).id, seq: 6, reason: 'hash-mismatch' }] });
    await t.db.updateTable('manifest_events').set({ payload: at(6).payload }).where('id', '=', at(6).id).execute();

    // Deleted: the handover.
    await t.db.deleteFrom('manifest_events').where('id', '=', at(4).id).execute();
    expect((await verify(admin, id)).broken).toEqual([{ manifest: id, event: at(5).id, seq: 5, reason: 'seq-gap' }]);
    await t.db.insertInto('manifest_events').values(at(4)).execute();

    // Reordered: the handover and the delivery swap places.
    await t.db.updateTable('manifest_events').set({ seq: 5 }).where('id', '=', at(4).id).execute();
    await t.db.updateTable('manifest_events').set({ seq: 4 }).where('id', '=', at(5).id).execute();
    expect((await verify(admin, id)).broken).toEqual([{ manifest: id, event: at(5).id, seq: 4, reason: 'prev-mismatch' }]);
    await t.db.updateTable('manifest_events').set({ seq: 4 }).where('id', '=', at(4).id).execute();
    await t.db.updateTable('manifest_events').set({ seq: 5 }).where('id', '=', at(5).id).execute();
    expect(await verify(admin, id)).toEqual({ checked: 1, events: 8, broken: [] });
  });

  it('catches a deleted last event against the head, and against the checkpoint chain when the head was rewritten too', async () => {
    const id = manifest.id;
    const checkpoint = await t.db.transaction().execute((trx) => checkpointHeads(trx, systemServiceContext('test'), deps));
    expect(checkpoint?.heads).toBeGreaterThanOrEqual(1);
    const published = (await t.anonymous().get('/api/v1/manifests/checkpoints/latest')).json<{ hash: string }>();
    expect(published.hash).toBe(checkpoint!.hash);

    const events = await t.db.selectFrom('manifest_events').selectAll().where('manifest_id', '=', id).orderBy('seq').execute();
    const last = events[7]!;
    await t.db.deleteFrom('manifest_events').where('id', '=', last.id).execute();
    expect((await verify(admin, id)).broken).toEqual([{ manifest: id, event: null, seq: 8, reason: 'head-mismatch' }]);
    // Rewriting the manifest's own head hides it from the row, not from the global chain.
    await t.db.updateTable('manifests').set({ event_count: 7, head_hash: events[6]!.hash, status: 'processed' }).where('id', '=', id).execute();
    expect((await verify(admin, id)).broken).toEqual([{ manifest: id, event: last.id, seq: 8, reason: 'head-mismatch' }]);
    await t.db.insertInto('manifest_events').values(last).execute();
    await t.db.updateTable('manifests').set({ event_count: 8, head_hash: last.hash, status: 'closed' }).where('id', '=', id).execute();
    expect((await verify(admin, id)).broken).toEqual([]);
  });

  it('catches a forged signature, and verify-all reports it to admins and the region regulator', async () => {
    const id = manifest.id;
    const e2 = await t.db.selectFrom('manifest_events').selectAll().where('manifest_id', '=', id).where('seq', '=', 2).executeTakeFirstOrThrow();
    const forger = loadPrivateKey(generateSigningKey('sm3-sm2').privatePem);
    await t.db.updateTable('manifest_events').set({ signature: signMessage(forger, Buffer.from(e2.hash, 'hex')).toString('base64') }).where('id', '=', e2.id).execute();
    const expected = { manifest: id, event: e2.id, seq: 2, reason: 'signature-invalid' };
    expect((await verify(huatuo, id)).broken).toEqual([expected]);
    const all = (await admin.get('/api/v1/manifests/verify')).json<VerifyView>();
    expect(all.broken).toContainEqual(expected);
    expect(all.events).toBeGreaterThanOrEqual(8);
    expect((await regulator.get('/api/v1/manifests/verify')).json<VerifyView>().broken).toContainEqual(expected);
    expectProblem(await huatuo.get('/api/v1/manifests/verify'), 403, 'forbidden');
    await t.db.updateTable('manifest_events').set({ signature: e2.signature }).where('id', '=', e2.id).execute();
    expect((await verify(huatuo, id)).broken).toEqual([]);
  });

  it('refuses the wrong party, a second signature, an unknown code, a wrong password and a refusal without reason, writing nothing', async () => {
    const before = await countRows(t.db, 'manifests');
    const unknown = expectProblem(await huatuo.post('/api/v1/manifests', newManifest({ lines: [{ wasteCode: 'XX99', description: 'x', quantity: '1', unit: 't', measure: 'estimated' }] })), 400, 'validation');
    expect(unknown.errors?.map((f) => f.field)).toEqual(['lines.0.wasteCode']);
    const badQuantity = expectProblem(await huatuo.post('/api/v1/manifests', newManifest({ lines: [{ wasteCode: 'SW13', description: 'x', quantity: '1.2345', unit: 't', measure: 'estimated' }] })), 400, 'validation');
    expect(badQuantity.errors?.[0]?.field).toBe('body.lines.0.quantity');
    const wrongPassword = expectProblem(await huatuo.post('/api/v1/manifests', newManifest({ password: 'not-it' })), 400, 'validation');
    expect(wrongPassword.errors?.map((f) => f.field)).toEqual(['password']);
    expectProblem(await lvyuan.post('/api/v1/manifests', newManifest()), 403, 'forbidden');
    expect(await countRows(t.db, 'manifests')).toBe(before);

    const m = created(await huatuo.post('/api/v1/manifests', newManifest()));
    const events = () => t.db.selectFrom('manifest_events').select('id').where('manifest_id', '=', m.id).execute();
    expectProblem(await sign(lvyuan, m.id, { kind: 'sealed' }), 403, 'forbidden');
    signed(await sign(huatuo, m.id, { kind: 'sealed' }));
    expectProblem(await sign(huatuo, m.id, { kind: 'sealed' }), 409, 'illegal_transition');
    expectProblem(await sign(shunan, m.id, { kind: 'picked-up' }), 403, 'forbidden');
    signed(await sign(driver, m.id, { kind: 'picked-up' }));
    expectProblem(await sign(driver, m.id, { kind: 'delivered' }), 409, 'illegal_transition');
    signed(await sign(shunan, m.id, { kind: 'handed-over', to: 2 }));
    signed(await sign(shunan, m.id, { kind: 'delivered' }));
    const noReason = expectProblem(await sign(lvyuan, m.id, { kind: 'received', lines: [{ line: 1, outcome: 'partially-refused', received: '10', refused: '1' }] }), 400, 'validation');
    expect(noReason.errors?.map((f) => f.field)).toEqual(['lines.0.reason']);
    expect(await events()).toHaveLength(5);
    expect((await verify(huatuo, m.id)).broken).toEqual([]);
  });

  it('signs for another organisation only under a manifests.sign delegation, and with an API token', async () => {
    const m = created(await huatuo.post('/api/v1/manifests', newManifest()));
    // Not a party: the manifest does not exist for the park administration until a party delegates signing to it.
    expectProblem(await sign(park, m.id, { kind: 'sealed' }), 404, 'not_found');
    const grant = await huatuo.post(`/api/v1/organisations/${ids.huatuo}/delegations`, { granteeId: ids.park, scopes: ['manifests.sign'] });
    expect(grant.statusCode).toBe(201);
    const sealed = await signFull(park, m.id, { kind: 'sealed' });
    expect(sealed.events[1]).toMatchObject({ kind: 'sealed', signer: { id: ids.huatuo }, method: 'delegated', delegationId: grant.json<{ id: string }>().id });
    const token = await makeToken(t.db, ids.tongda, 'member');
    const res = await t.anonymous({ authorization: `Bearer ${token.token}` }).post(`/api/v1/manifests/${m.id}/events?view=full`, { kind: 'picked-up' });
    expect(signed(res).manifest!.events[2]).toMatchObject({ kind: 'picked-up', method: 'token', signer: { id: ids.tongda } });
    expect((await verify(huatuo, m.id)).broken).toEqual([]);
  });

  it('refuses a token revoked by another process on its next signature, though this process has just seen it valid', async () => {
    const m = created(await huatuo.post('/api/v1/manifests', newManifest({ transporters: [{ organisationId: ids.tongda, plate: '皖S·D1234', driverName: '马强' }] })));
    signed(await sign(huatuo, m.id, { kind: 'sealed' }));
    const token = await makeToken(t.db, ids.tongda, 'member');
    const machine = t.anonymous({ authorization: `Bearer ${token.token}` });
    expect((await machine.get(`/api/v1/manifests/${m.id}`)).statusCode).toBe(200);
    // Revoked in the database directly, as another server process does: this process still holds the token it just looked up.
    await t.db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', token.id).execute();
    expectProblem(await machine.post(`/api/v1/manifests/${m.id}/events`, { kind: 'picked-up' }), 401, 'unauthenticated');
    const events = await t.db.selectFrom('manifest_events').select('kind').where('manifest_id', '=', m.id).orderBy('seq').execute();
    expect(events.map((e) => e.kind)).toEqual(['created', 'sealed']);
    expect((await t.db.selectFrom('manifests').select(['status', 'event_count']).where('id', '=', m.id).executeTakeFirstOrThrow())).toEqual({ status: 'sealed', event_count: 2 });
    // Revoked through the API of this process: refused at once, reads too.
    const other = await makeToken(t.db, ids.tongda, 'member');
    const second = t.anonymous({ authorization: `Bearer ${other.token}` });
    expect((await second.get(`/api/v1/manifests/${m.id}`)).statusCode).toBe(200);
    const tongdaAdmin = await t.login('tongda');
    expect((await tongdaAdmin.delete(`/api/v1/tokens/${other.id}`)).statusCode).toBe(200);
    expectProblem(await second.get(`/api/v1/manifests/${m.id}`), 401, 'unauthenticated');
    expect((await verify(huatuo, m.id)).broken).toEqual([]);
  });

  it('signs with a new key when another process retired the one this process has cached', async () => {
    const m = created(await huatuo.post('/api/v1/manifests', newManifest()));
    const before = signed(await sign(huatuo, m.id, { kind: 'sealed' }));
    // Another server process rotated: the row is retired behind this process's back (its cache still names the key).
    await t.db.updateTable('manifest_signing_keys').set({ retired_at: new Date() }).where('id', '=', before.event.keyId).execute();
    const after = signed(await sign(driver, m.id, { kind: 'picked-up' }));
    expect(after.event.seq).toBe(3);
    const other = created(await huatuo.post('/api/v1/manifests', newManifest()));
    const cancelled = signed(await sign(huatuo, other.id, { kind: 'cancelled', reason: '计划变更' }));
    expect(cancelled.event.keyId).not.toBe(before.event.keyId);
    const active = await t.db.selectFrom('manifest_signing_keys').select('id').where('organisation_id', '=', ids.huatuo).where('retired_at', 'is', null).execute();
    expect(active.map((k) => k.id)).toEqual([cancelled.event.keyId]);
    expect((await verify(huatuo, m.id)).broken).toEqual([]);
  });

  it('reroutes a refused load to another receiver under a new linked manifest', async () => {
    const m = created(await huatuo.post('/api/v1/manifests', newManifest({ transporters: [{ organisationId: ids.tongda, plate: '皖S·D1234', driverName: '马强' }] })));
    for (const [client, body] of [
      [huatuo, { kind: 'sealed' }],
      [driver, { kind: 'picked-up' }],
      [driver, { kind: 'delivered' }],
      [lvyuan, { kind: 'received', lines: [{ line: 1, outcome: 'refused', received: '10', reason: '霉变' }, { line: 2, outcome: 'refused', received: '2', reason: '混入杂物' }] }],
    ] as const) {
      signed(await sign(client, m.id, body));
    }
    expectProblem(await sign(lvyuan, m.id, { kind: 'processed', treatmentCode: 'R3' }), 409, 'illegal_transition');
    const zhaoneng = await orgId(t.db, 'BZ-UTL-ZHAONENG');
    const rerouted = await signFull(huatuo, m.id, { kind: 'rerouted', reason: '改送沼气站', receiverId: zhaoneng, transporters: [{ organisationId: ids.tongda, plate: '皖S·D1234', driverName: '马强' }] });
    expect(rerouted.status).toBe('rerouted');
    const next = (await huatuo.get(`/api/v1/manifests/${rerouted.reroutedTo!}`)).json<ManifestView>();
    expect(next).toMatchObject({ status: 'draft', reroutedFrom: m.id, receiver: { id: zhaoneng } });
    // No licence recorded for the new receiver: every line is flagged.
    expect(next.lines.map((l) => l.discrepancies)).toEqual([['unlicensed-code'], ['unlicensed-code']]);
  });
});
