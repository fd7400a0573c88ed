import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_PASSWORD } from '../../demo/platform.dataset';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { expectProblem, orgId } from '../../../test/helpers/fixtures';
import { type DeviceKeyPair, type FieldStatement, generateDeviceKey, publicKeyBase64, type SignedStatement, signStatement, type StatementBase } from '../../../web/src/pages/field/statement';
import { signMessage } from './engine/signing';
import { chainHash } from './engine/trail';
import { manifestsDeps } from './index';
import type { ManifestView, VerifyView } from './manifests.schema';
import type { SyncResult } from './manifests.field.schema';

/**
 * Signing in the field through HTTP on both databases, with the web app's own WebCrypto signing
 * code (web/src/pages/field/statement.ts): a phone's key registered while online, events signed
 * offline and synced (idempotent, both times kept, countersigned, verified), a conflict when the
 * manifest moved on, drivers' one-time codes (single use, scoped, expiring, rate-limited), and a
 * forged device signature or an unregistered device key caught by verify.
 */
describe.each(backends)('manifests field signing API (%s)', (kind) => {
  let t: TestApp;
  let huatuo: TestClient;
  let driver: TestClient;
  let tongda: TestClient;
  let shunan: TestClient;
  let admin: TestClient;
  let ids: { huatuo: string; tongda: string; shunan: string; lvyuan: string; huatuoSite: string };
  const deps = manifestsDeps('memory://');

  const created = <T = ManifestView>(res: LightMyRequestResponse) => {
    if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json<T>();
  };
  const sign = (client: TestClient, id: string, body: Record<string, unknown>) => client.post(`/api/v1/manifests/${id}/events`, { password: DEMO_PASSWORD, ...body });
  const verify = async (id: string) => (await admin.get(`/api/v1/manifests/${id}/verify`)).json<VerifyView>();
  const newManifest = async (transporters: string[] = [ids.tongda]) => {
    const m = created(
      await huatuo.post('/api/v1/manifests', {
        generatorId: ids.huatuo,
        generatorSiteId: ids.huatuoSite,
        transporters: transporters.map((o, i) => ({ organisationId: o, plate: `皖S·F00${i + 1}`, driverName: i === 0 ? '马强' : '罗斌' })),
        receiverId: ids.lvyuan,
        lines: [{ wasteCode: 'SW13', description: '白芍药渣', quantity: '8', unit: 't', measure: 'estimated' }],
        password: DEMO_PASSWORD,
      }),
    );
    return created<{ manifest: ManifestView }>(await huatuo.post(`/api/v1/manifests/${m.id}/events?view=full`, { password: DEMO_PASSWORD, kind: 'sealed' })).manifest;
  };
  const head = (m: ManifestView): StatementBase => ({ seq: m.events.length, hash: m.events.at(-1)!.hash });

  /** A phone: its key pair and registered id. */
  interface Phone {
    keys: DeviceKeyPair;
    id: string;
  }
  const phoneOf = async (client: TestClient): Promise<Phone> => {
    const keys = await generateDeviceKey();
    const res = await client.post('/api/v1/manifests/devices', { publicKey: await publicKeyBase64(keys.publicKey), label: 'Android 手机', password: DEMO_PASSWORD });
    return { keys, id: created<{ id: string }>(res).id };
  };
  const statement = (phone: Phone, m: { id: string }, kind: FieldStatement['kind'], body: FieldStatement['body'], base: StatementBase, signedAt = new Date(Date.now() - 60_000)): Promise<SignedStatement> =>
    signStatement(phone.keys.privateKey, { v: 1, type: 'herbloop.field-event', clientEventId: randomUUID(), manifest: m.id, kind, body, signedAt: signedAt.toISOString(), base, key: phone.id });
  const clientIdOf = (s: SignedStatement) => (JSON.parse(s.statement) as FieldStatement).clientEventId;
  const sync = async (client: TestClient, events: SignedStatement[], grant?: string) => {
    const res = await client.post('/api/v1/manifests/field/sync', { events, ...(grant ? { grant } : {}) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ results: SyncResult[] }>().results;
  };

  beforeAll(async () => {
    t = await createTestApp({ kind });
    [huatuo, driver, tongda, shunan, admin] = (await Promise.all(['huatuo', 'tongda-driver', 'tongda', 'shunan', 'admin'].map((u) => t.login(u)))) as [TestClient, TestClient, TestClient, TestClient, TestClient];
    const [h, td, sh, lv] = await Promise.all(['BZ-MFR-HUATUO', 'BZ-TRN-TONGDA', 'BZ-TRN-SHUNAN', 'BZ-UTL-LVYUAN'].map((c) => orgId(t.db, c)));
    const site = await t.db.selectFrom('sites').select('id').where('organisation_id', '=', h!).executeTakeFirstOrThrow();
    ids = { huatuo: h!, tongda: td!, shunan: sh!, lvyuan: lv!, huatuoSite: site.id };
  }, 120_000);
  afterAll(() => t.close());

  it('syncs events signed offline once each, keeps both times, countersigns them, and verify checks both signatures', async () => {
    const phone = await phoneOf(driver);
    const m = await newManifest();
    const pickup = await statement(phone, m, 'picked-up', { weights: [{ line: 1, quantity: '8.1' }] }, head(m));
    // Queued after the pickup, offline: it follows the phone's own previous event.
    const delivery = await statement(phone, m, 'delivered', {}, { seq: 3, after: clientIdOf(pickup) });
    const results = await sync(driver, [pickup, delivery]);
    expect(results.map((r) => [r.status, r.seq])).toEqual([
      ['accepted', 3],
      ['accepted', 4],
    ]);
    expect(Date.parse(results[0]!.receivedAt!)).toBeGreaterThan(Date.parse(results[0]!.deviceAt!));
    // The same queue sent again (the answer was lost): nothing appended twice.
    const again = await sync(driver, [pickup, delivery]);
    expect(again.map((r) => [r.status, r.seq, r.eventId])).toEqual(results.map((r) => ['duplicate', r.seq, r.eventId]));
    const view = (await huatuo.get(`/api/v1/manifests/${m.id}`)).json<ManifestView>();
    expect(view).toMatchObject({ status: 'delivered' });
    expect(view.events.map((e) => [e.seq, e.kind, e.method, e.signer.id])).toEqual([
      [1, 'created', 'password', ids.huatuo],
      [2, 'sealed', 'password', ids.huatuo],
      [3, 'picked-up', 'device', ids.tongda],
      [4, 'delivered', 'device', ids.tongda],
    ]);
    expect(view.lines[0]!.pickedUp).toBe('8.1');
    expect(view.events[2]!.data.device).toMatchObject({ key: phone.id, signedAt: results[0]!.deviceAt, receivedAt: results[0]!.receivedAt });
    expect(view.events[2]!.at).toBe(results[0]!.receivedAt);
    expect(await verify(m.id)).toEqual({ checked: 1, events: 4, broken: [] });

    // A forged device signature, the chain and the organisation's countersignature redone around it: the device signature is what breaks.
    const last = await t.db.selectFrom('manifest_events').selectAll().where('manifest_id', '=', m.id).where('seq', '=', 4).executeTakeFirstOrThrow();
    const forger = await generateDeviceKey();
    const forged = await signStatement(forger.privateKey, JSON.parse(delivery.statement) as FieldStatement);
    const payload = last.payload.replace(delivery.signature, forged.signature);
    expect(payload).not.toBe(last.payload);
    const suite = (JSON.parse(payload) as { suite: 'sm3-sm2' | 'sha256-ed25519' }).suite;
    const hash = chainHash(suite, payload, last.prev_hash);
    const orgSignature = signMessage(deps.keys.load(last.key_id)!, Buffer.from(hash, 'hex')).toString('base64');
    await t.db.updateTable('manifest_events').set({ payload, hash, signature: orgSignature }).where('id', '=', last.id).execute();
    await t.db.updateTable('manifests').set({ head_hash: hash }).where('id', '=', m.id).execute();
    expect((await verify(m.id)).broken).toEqual([{ manifest: m.id, event: last.id, seq: 4, reason: 'signature-invalid' }]);
    await t.db.updateTable('manifest_events').set({ payload: last.payload, hash: last.hash, signature: last.signature }).where('id', '=', last.id).execute();
    await t.db.updateTable('manifests').set({ head_hash: last.hash }).where('id', '=', m.id).execute();
    // A device key that is not the signing organisation's.
    await t.db.updateTable('manifest_device_keys').set({ organisation_id: ids.shunan }).where('id', '=', phone.id).execute();
    expect((await verify(m.id)).broken).toEqual([{ manifest: m.id, event: view.events[2]!.id, seq: 3, reason: 'unknown-key' }]);
    await t.db.updateTable('manifest_device_keys').set({ organisation_id: ids.tongda }).where('id', '=', phone.id).execute();
    expect((await verify(m.id)).broken).toEqual([]);
  });

  it('answers a conflict with what changed when the manifest moved on, writing nothing', async () => {
    const phone = await phoneOf(driver);
    const m = await newManifest([ids.tongda, ids.shunan]);
    const offline = await statement(phone, m, 'picked-up', {}, head(m));
    const next = await statement(phone, m, 'handed-over', { to: 2 }, { seq: 3, after: clientIdOf(offline) });
    // Meanwhile the dispatcher signed the pickup online.
    created(await sign(tongda, m.id, { kind: 'picked-up' }));
    const results = await sync(driver, [offline, next]);
    expect(results.map((r) => r.status)).toEqual(['conflict', 'conflict']);
    expect(results[0]!.conflict).toMatchObject({ status: 'in-transit', seq: 3, events: [{ seq: 3, kind: 'picked-up' }] });
    expect(results[0]!.conflict!.events[0]!.signer.nameZh).toContain('通达');
    expect(await t.db.selectFrom('manifest_events').select('id').where('manifest_id', '=', m.id).execute()).toHaveLength(3);
    expect(await t.db.selectFrom('manifest_field_events').select('client_event_id').where('manifest_id', '=', m.id).execute()).toEqual([]);
    // Signed again on the current head, it goes through (shunan's person takes the load over).
    const shunanPhone = await phoneOf(shunan);
    const now = (await shunan.post(`/api/v1/manifests/${m.id}/field`, {})).json<ManifestView>();
    const handover = await statement(shunanPhone, m, 'handed-over', { to: 2 }, head(now));
    expect((await sync(shunan, [handover]))[0]).toMatchObject({ status: 'accepted', seq: 4 });
  });

  it('refuses a forged statement, a key of another person, a revoked key and a clock far ahead, writing nothing', async () => {
    const phone = await phoneOf(driver);
    const m = await newManifest();
    const good = await statement(phone, m, 'picked-up', {}, head(m));
    const tampered = { ...good, statement: good.statement.replace('"body":{}', '"body":{"note":"x"}') };
    const ahead = await statement(phone, m, 'picked-up', {}, head(m), new Date(Date.now() + 3_600_000));
    const results = await sync(driver, [tampered, ahead]);
    expect(results.map((r) => [r.status, r.problem?.code])).toEqual([
      ['rejected', 'manifests.deviceSignatureInvalid'],
      ['rejected', 'manifests.deviceClockAhead'],
    ]);
    expect((await sync(tongda, [good]))[0]!.problem?.code).toBe('manifests.deviceNotYours');
    expect((await sync(t.anonymous(), [good]))[0]!.problem?.code).toBe('unauthenticated');
    expect((await driver.post(`/api/v1/manifests/devices/${phone.id}/revoke`)).json<{ revokedAt: string | null }>().revokedAt).not.toBeNull();
    expect((await sync(driver, [good]))[0]!.problem?.code).toBe('manifests.deviceRevoked');
    expect(await t.db.selectFrom('manifest_events').select('id').where('manifest_id', '=', m.id).execute()).toHaveLength(2);
    // Registration: persons only, their password, a P-256 key.
    const bad = expectProblem(await driver.post('/api/v1/manifests/devices', { publicKey: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', label: 'x', password: DEMO_PASSWORD }), 400, 'validation');
    expect(bad.errors?.map((e) => e.field)).toEqual(['publicKey']);
    const keys = await generateDeviceKey();
    const noPassword = expectProblem(await driver.post('/api/v1/manifests/devices', { publicKey: await publicKeyBase64(keys.publicKey), label: 'x' }), 400, 'validation');
    expect(noPassword.errors?.map((e) => e.field)).toEqual(['password']);
    expect((await driver.get('/api/v1/manifests/devices')).json<{ items: unknown[] }>().items.length).toBeGreaterThanOrEqual(3);
  });

  it("lets a driver without an account sign that manifest's carrier steps with a one-time code, once, and nothing else", async () => {
    const m = await newManifest([ids.tongda, ids.shunan]);
    const other = await newManifest();
    expectProblem(await tongda.post(`/api/v1/manifests/${m.id}/driver-codes`, { position: 2 }), 403, 'forbidden');
    expectProblem(await driver.post(`/api/v1/manifests/${m.id}/driver-codes`, { position: 1 }), 403, 'forbidden');
    const code = created<{ code: string; plate: string; driverName: string; expiresAt: string }>(await tongda.post(`/api/v1/manifests/${m.id}/driver-codes`, { position: 1, driverName: '张师傅' }));
    expect(code.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(code).toMatchObject({ plate: '皖S·F001', driverName: '张师傅' });
    const stored = await t.db.selectFrom('manifest_driver_codes').select('code_hash').where('manifest_id', '=', m.id).executeTakeFirstOrThrow();
    expect(stored.code_hash).not.toContain(code.code.replace('-', ''));

    const anonymous = t.anonymous();
    const keys = await generateDeviceKey();
    const redeemed = created<{ grant: string; device: { id: string; manifestId: string } }>(
      await anonymous.post('/api/v1/manifests/field/redeem', { code: code.code.toLowerCase(), publicKey: await publicKeyBase64(keys.publicKey), label: '司机手机' }),
    );
    expect(redeemed.device.manifestId).toBe(m.id);
    const second = await generateDeviceKey();
    const used = expectProblem(await anonymous.post('/api/v1/manifests/field/redeem', { code: code.code, publicKey: await publicKeyBase64(second.publicKey), label: 'x' }), 400, 'validation');
    expect((used.errors?.[0] as { code?: string } | undefined)?.code).toBe('manifests.codeUsed');

    // The grant opens that manifest only.
    const opened = await anonymous.post(`/api/v1/manifests/${m.id}/field`, { grant: redeemed.grant });
    expect(opened.statusCode).toBe(200);
    expectProblem(await anonymous.post(`/api/v1/manifests/${other.id}/field`, { grant: redeemed.grant }), 403, 'forbidden');
    expectProblem(await anonymous.post(`/api/v1/manifests/${m.id}/field`, {}), 401, 'unauthenticated');

    const phone = { keys, id: redeemed.device.id };
    const pickup = await statement(phone, m, 'picked-up', {}, head(m));
    const elsewhere = await statement(phone, other, 'picked-up', {}, head(other));
    const handover = await statement(phone, m, 'handed-over', { to: 2 }, { seq: 3, after: clientIdOf(pickup) });
    expect((await sync(anonymous, [pickup]))[0]!.problem?.code).toBe('manifests.grantInvalid');
    const results = await sync(anonymous, [pickup, elsewhere, handover], redeemed.grant);
    // The handover is signed by the next transporter, not the code's.
    expect(results.map((r) => [r.status, r.problem?.code ?? null])).toEqual([
      ['accepted', null],
      ['rejected', 'manifests.codeScope'],
      ['rejected', 'manifests.codeScope'],
    ]);
    const view = (await huatuo.get(`/api/v1/manifests/${m.id}`)).json<ManifestView>();
    expect(view.events[2]).toMatchObject({ kind: 'picked-up', method: 'code', signer: { id: ids.tongda } });
    expect(view.events[2]!.data.device).toMatchObject({ driver: { name: '张师傅', plate: '皖S·F001' } });
    expect(await verify(m.id)).toEqual({ checked: 1, events: 3, broken: [] });
  });

  it('refuses an expired code, and counts redemption attempts per address', async () => {
    const m = await newManifest();
    const code = created<{ id: string; code: string }>(await tongda.post(`/api/v1/manifests/${m.id}/driver-codes`, { position: 1, minutes: 5 }));
    await t.db.updateTable('manifest_driver_codes').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', code.id).execute();
    const keys = await generateDeviceKey();
    const publicKey = await publicKeyBase64(keys.publicKey);
    const expired = expectProblem(await t.anonymous().post('/api/v1/manifests/field/redeem', { code: code.code, publicKey, label: 'x' }), 400, 'validation');
    expect((expired.errors?.[0] as { code?: string } | undefined)?.code).toBe('manifests.codeExpired');
    expect(await t.db.selectFrom('manifest_device_keys').select('id').where('manifest_id', '=', m.id).execute()).toEqual([]);
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i < 12; i++) last = await t.anonymous().post('/api/v1/manifests/field/redeem', { code: 'WRONG-CODE0', publicKey, label: 'x' });
    expectProblem(last!, 429, 'rate_limited');
  });
});
