import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/platform.dataset';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { expectProblem, FIXTURE_PASSWORD, makeMember, makeSite, orgId } from '../../../test/helpers/fixtures';
import type { ApprovalView, DutyView, PermitView } from './manifests.law.schema';
import type { ManifestView } from './manifests.schema';

/**
 * The law manifests follow, through HTTP on both databases: duties as versioned data that
 * platform admins edit (a category limit refuses a manifest), a cross-province hazardous transfer
 * applied for, agreed by the destination province, approved by the origin province with notices
 * to the route's regulators, and manifest creation refused without it, beyond its codes,
 * quantity or validity; the carrier's permits checked at pickup; deletion refused inside the
 * retention period and allowed after it.
 */
describe.each(backends)('manifest law API (%s)', (kind) => {
  let t: TestApp;
  let huatuo: TestClient;
  let lvyun: TestClient;
  let ahEed: TestClient;
  let bzEeb: TestClient;
  let zjEed: TestClient;
  let admin: TestClient;
  let ids: { huatuo: string; huatuoSite: string; lvyun: string; qingyuan: string; zjReceiver: string; zjSite: string; jsRegulator: string };
  let approval: ApprovalView;

  const today = new Date().toISOString().slice(0, 10);
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const ok = <T>(res: LightMyRequestResponse, status = 200): T => {
    if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json<T>();
  };
  const issues = (res: LightMyRequestResponse) => res.json<{ errors: { field: string; code?: string; params?: Record<string, unknown> }[] }>().errors;
  const hazardousManifest = (over: Record<string, unknown> = {}) => ({
    generatorId: ids.huatuo,
    generatorSiteId: ids.huatuoSite,
    transporters: [{ organisationId: ids.lvyun, plate: '皖S·W0001', driverName: '谢鹏' }],
    receiverId: ids.qingyuan,
    lines: [{ wasteCode: '900-402-06', description: '提取工段废乙醇', packaging: '200 L 铁桶', packageCount: 20, quantity: '4', unit: 't', measure: 'estimated' }],
    password: DEMO_PASSWORD,
    ...over,
  });
  const crossProvince = (over: Record<string, unknown> = {}) => hazardousManifest({ receiverId: ids.zjReceiver, receiverSiteId: ids.zjSite, ...over });

  beforeAll(async () => {
    t = await createTestApp({ kind });
    [huatuo, lvyun, ahEed, bzEeb, admin] = (await Promise.all(['huatuo', 'lvyun', 'ah-eed', 'bz-eeb', 'admin'].map((u) => t.login(u)))) as [TestClient, TestClient, TestClient, TestClient, TestClient];
    const insertOrg = (code: string, nameZh: string, nameEn: string, type: 'utilizer' | 'regulator', region: string) =>
      t.db.insertInto('organisations').values({ code, name_zh: nameZh, name_en: nameEn, type, region_code: region, park_id: null, credit_code: null, contact_phone: null }).returning('id').executeTakeFirstOrThrow();
    const zjReceiver = await insertOrg('ZJ-UTL-LAW-TEST', '浙江危废处置中心（测试）', 'Zhejiang hazardous waste centre (test)', 'utilizer', '330100');
    const zjRegulator = await insertOrg('ZJ-REG-LAW-TEST', '浙江省生态环境厅（测试）', 'Zhejiang Department of Ecology (test)', 'regulator', '330000');
    const jsRegulator = await insertOrg('JS-REG-LAW-TEST', '江苏省生态环境厅（测试）', 'Jiangsu Department of Ecology (test)', 'regulator', '320000');
    zjEed = await t.login((await makeMember(t.db, zjRegulator.id, 'member')).username, FIXTURE_PASSWORD);
    const [h, lv, qy] = await Promise.all(['BZ-MFR-HUATUO', 'BZ-TRN-LVYUN', 'BZ-SVC-QINGYUAN'].map((c) => orgId(t.db, c)));
    const huatuoSite = (await t.db.selectFrom('sites').select('id').where('organisation_id', '=', h!).executeTakeFirstOrThrow()).id;
    ids = { huatuo: h!, huatuoSite, lvyun: lv!, qingyuan: qy!, zjReceiver: zjReceiver.id, zjSite: await makeSite(t.db, zjReceiver.id), jsRegulator: jsRegulator.id };
  }, 180_000);
  afterAll(() => t.close());

  it('keeps duties as editions with their rule; platform admins add and correct them; a category limit refuses a manifest', async () => {
    const all = ok<{ items: DutyView[] }>(await t.anonymous().get('/api/v1/manifests/duties')).items;
    const hazardous = all.filter((d) => d.wasteList === 'hazardous' && d.category === '');
    expect(hazardous.map((d) => [d.inForceFrom, d.inForce, d.replacedOn, d.maxCategories])).toEqual([
      ['1999-10-01', false, '2022-01-01', 1],
      ['2022-01-01', true, null, null],
    ]);
    expect(all.every((d) => d.unverified && d.rule.length > 0)).toBe(true);
    // The edition in force on a past day.
    const in2020 = ok<{ items: DutyView[] }>(await t.anonymous().get('/api/v1/manifests/duties?on=2020-06-01')).items;
    expect(in2020.find((d) => d.wasteList === 'hazardous' && d.inForce)?.inForceFrom).toBe('1999-10-01');

    const body = { wasteList: 'hazardous', category: 'HW49', edition: '测试版 2026', inForceFrom: '2026-01-01', maxCategories: 1, retentionYears: 5, permits: ['road-dg-licence', 'dg-vehicle', 'dg-driver'], rule: '测试：含 HW49 的联单只载一类', unverified: true };
    expectProblem(await huatuo.post('/api/v1/manifests/duties', body), 403, 'forbidden');
    const wrongList = await admin.post('/api/v1/manifests/duties', { ...body, category: 'SW13' });
    expectProblem(wrongList, 400, 'validation');
    expect(issues(wrongList)[0]).toMatchObject({ field: 'category', code: 'manifests.duty.categoryList' });
    const added = ok<DutyView>(await admin.post('/api/v1/manifests/duties', body), 201);
    expect(added).toMatchObject({ category: 'HW49', inForce: true, maxCategories: 1 });
    expect(issues(await admin.post('/api/v1/manifests/duties', body))[0]).toMatchObject({ field: 'inForceFrom', code: 'manifests.duty.editionExists' });
    const put = (client: TestClient, url: string, payload: unknown) => t.app.inject({ method: 'PUT', url, payload: payload as Record<string, unknown>, headers: { cookie: client.cookie ?? '', 'x-csrf-token': client.csrf ?? '' } });
    expectProblem(await put(huatuo, `/api/v1/manifests/duties/${added.id}`, body), 403, 'forbidden');
    const corrected = ok<DutyView>(await put(admin, `/api/v1/manifests/duties/${added.id}`, { ...body, unverified: false, rule: '测试：已核对' }));
    expect(corrected).toMatchObject({ unverified: false, rule: '测试：已核对' });
    const audit = await t.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', added.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['manifest.duty.create', 'manifest.duty.update']);

    // Two categories where the HW49 edition allows one: the line beyond the limit is named, nothing is written.
    const before = await t.db.selectFrom('manifests').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const refused = await huatuo.post(
      '/api/v1/manifests',
      hazardousManifest({
        lines: [
          { wasteCode: '900-041-49', description: '沾染溶剂的包装桶', quantity: '1', unit: 't', measure: 'estimated' },
          { wasteCode: '900-402-06', description: '废乙醇', quantity: '2', unit: 't', measure: 'estimated' },
        ],
      }),
    );
    expectProblem(refused, 400, 'validation');
    expect(issues(refused)[0]).toMatchObject({ field: 'lines.1.wasteCode', code: 'manifests.tooManyCategories', params: { max: 1, categories: 2 } });
    expect((await t.db.selectFrom('manifests').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n).toBe(before.n);
  });

  it('carries a cross-province application through both provinces, notifies the route, and refuses manifests outside it', async () => {
    const apply = { generatorId: ids.huatuo, receiverId: ids.zjReceiver, wasteCodes: ['900-402-06'], quantity: '10', validFrom: inDays(-1), validUntil: inDays(30), transitProvinces: ['320000'] };
    expectProblem(await lvyun.post('/api/v1/manifests/transfers', apply), 403, 'forbidden');
    expect(issues(await huatuo.post('/api/v1/manifests/transfers', { ...apply, receiverId: ids.qingyuan }))[0]).toMatchObject({ field: 'receiverId', code: 'manifests.transfer.sameProvince' });
    expect(issues(await huatuo.post('/api/v1/manifests/transfers', { ...apply, wasteCodes: ['SW13'] }))[0]).toMatchObject({ field: 'wasteCodes.0', code: 'manifests.transfer.notHazardous' });
    approval = ok<ApprovalView>(await huatuo.post('/api/v1/manifests/transfers', apply), 201);
    expect(approval).toMatchObject({ status: 'applied', originProvince: '340000', destinationProvince: '330000', transitProvinces: ['320000'], remaining: '10' });
    expect(approval.notices.map((n) => [n.role, n.province])).toEqual([['destination', '330000']]);

    // No approval, or one not yet approved: refused, naming the field.
    const none = await huatuo.post('/api/v1/manifests', crossProvince());
    expectProblem(none, 400, 'validation');
    expect(issues(none)[0]).toMatchObject({ field: 'transferApprovalId', code: 'manifests.approvalRequired' });
    expect(issues(await huatuo.post('/api/v1/manifests', crossProvince({ transferApprovalId: approval.id })))[0]).toMatchObject({ field: 'transferApprovalId', code: 'manifests.approvalNotApproved', params: { status: 'applied' } });

    const decide = `/api/v1/manifests/transfers/${approval.id}/decision`;
    // The origin province waits for the destination; a city bureau decides nothing; the destination does not approve.
    expectProblem(await ahEed.post(decide, { decision: 'approve' }), 403, 'forbidden');
    expectProblem(await zjEed.post(decide, { decision: 'approve' }), 409, 'illegal_transition');
    expect(issues(await zjEed.post(decide, { decision: 'refuse' }))[0]).toMatchObject({ field: 'reason', code: 'manifests.transfer.reasonRequired' });
    const agreed = ok<ApprovalView>(await zjEed.post(decide, { decision: 'agree' }));
    expect(agreed.status).toBe('destination-agreed');
    expect(agreed.destination?.decision).toBe('agree');
    expect(agreed.notices.filter((n) => n.role === 'origin').length).toBeGreaterThanOrEqual(2);
    expectProblem(await bzEeb.post(decide, { decision: 'approve' }), 403, 'forbidden');
    const approved = ok<ApprovalView>(await ahEed.post(decide, { decision: 'approve' }));
    expect(approved.status).toBe('approved');
    expect(approved.notices.find((n) => n.organisation.id === ids.jsRegulator)).toMatchObject({ role: 'transit', province: '320000' });
    expectProblem(await ahEed.post(decide, { decision: 'refuse', reason: '重复' }), 409, 'illegal_transition');
    const notices = await t.db.selectFrom('notifications').select('organisation_id').where('subject_id', '=', approval.id).where('event', '=', 'manifest.transfer-notice').execute();
    // Inbox rows go to organisations with people (the test's Jiangsu department has none: its notice row above stands).
    expect(new Set(notices.map((n) => n.organisation_id))).toEqual(new Set([await orgId(t.db, 'AH-REG-EED'), await orgId(t.db, 'BZ-REG-EEB'), await orgId(t.db, 'ZJ-REG-LAW-TEST')]));
    const decided = await t.db.selectFrom('notifications').select('params').where('subject_id', '=', approval.id).where('event', '=', 'manifest.transfer-decided').where('organisation_id', '=', ids.huatuo).execute();
    expect(new Set(decided.map((n) => JSON.stringify(n.params)))).toEqual(new Set([JSON.stringify({ outcome: 'destination-agreed' }), JSON.stringify({ outcome: 'approved' })]));
    // The destination's regulator, the transit one's and the generator see it; the Bozhou bureau sees its province's.
    expect(ok<{ items: ApprovalView[] }>(await bzEeb.get('/api/v1/manifests/transfers')).items.map((a) => a.id)).toContain(approval.id);
    expect(ok<{ items: ApprovalView[] }>(await huatuo.get('/api/v1/manifests/transfers')).items.map((a) => a.id)).toContain(approval.id);
    expectProblem(await lvyun.get(`/api/v1/manifests/transfers/${approval.id}`), 404, 'not_found');

    // Outside its codes or its remaining quantity: refused on the line.
    const code = await huatuo.post('/api/v1/manifests', crossProvince({ transferApprovalId: approval.id, lines: [{ wasteCode: '900-041-49', description: '包装桶', quantity: '1', unit: 't', measure: 'estimated' }] }));
    expect(issues(code)[0]).toMatchObject({ field: 'lines.0.wasteCode', code: 'manifests.approvalCode' });
    const line = (quantity: string) => [{ wasteCode: '900-402-06', description: '废乙醇', quantity, unit: 't', measure: 'estimated' }];
    const over = await huatuo.post('/api/v1/manifests', crossProvince({ transferApprovalId: approval.id, lines: line('12') }));
    expect(issues(over)[0]).toMatchObject({ field: 'lines.0.quantity', code: 'manifests.approvalQuantity', params: { remaining: '10' } });
    const m = ok<ManifestView>(await huatuo.post('/api/v1/manifests', crossProvince({ transferApprovalId: approval.id, lines: line('6') })), 201);
    expect((await t.db.selectFrom('manifests').select('transfer_approval_id').where('id', '=', m.id).executeTakeFirstOrThrow()).transfer_approval_id).toBe(approval.id);
    expect(ok<ApprovalView>(await huatuo.get(`/api/v1/manifests/transfers/${approval.id}`)).remaining).toBe('4');
    expect(issues(await huatuo.post('/api/v1/manifests', crossProvince({ transferApprovalId: approval.id, lines: line('4.5') })))[0]).toMatchObject({ code: 'manifests.approvalQuantity', params: { remaining: '4' } });

    // An approval whose validity has passed.
    const old = ok<ApprovalView>(await huatuo.post('/api/v1/manifests/transfers', { ...apply, validFrom: '2026-01-01', validUntil: inDays(-2) }), 201);
    ok(await zjEed.post(`/api/v1/manifests/transfers/${old.id}/decision`, { decision: 'agree' }));
    ok(await ahEed.post(`/api/v1/manifests/transfers/${old.id}/decision`, { decision: 'approve' }));
    expect(issues(await huatuo.post('/api/v1/manifests', crossProvince({ transferApprovalId: old.id, lines: line('1') })))[0]).toMatchObject({ field: 'transferApprovalId', code: 'manifests.approvalExpired', params: { validUntil: inDays(-2) } });
    // Another province's refusal ends an application.
    const refusedApp = ok<ApprovalView>(await huatuo.post('/api/v1/manifests/transfers', apply), 201);
    expect(ok<ApprovalView>(await zjEed.post(`/api/v1/manifests/transfers/${refusedApp.id}/decision`, { decision: 'refuse', reason: '处置能力不足' })).status).toBe('refused');
  });

  it("checks the carrier's licence, vehicle and driver before a hazardous pickup", async () => {
    const m = ok<ManifestView>(await huatuo.post('/api/v1/manifests', hazardousManifest()), 201);
    ok(await huatuo.post(`/api/v1/manifests/${m.id}/events`, { kind: 'sealed', password: DEMO_PASSWORD }), 201);
    const pickup = () => lvyun.post(`/api/v1/manifests/${m.id}/events`, { kind: 'picked-up', password: DEMO_PASSWORD });
    const none = await pickup();
    expectProblem(none, 409, 'conflict');
    expect(issues(none).map((i) => [i.field, i.code, i.params?.permit])).toEqual([
      ['transporters.1.organisationId', 'manifests.permitMissing', 'road-dg-licence'],
      ['transporters.1.plate', 'manifests.permitMissing', 'dg-vehicle'],
      ['transporters.1.driverName', 'manifests.permitMissing', 'dg-driver'],
    ]);
    expect((await t.db.selectFrom('manifests').select('status').where('id', '=', m.id).executeTakeFirstOrThrow()).status).toBe('sealed');

    const permit = (body: Record<string, unknown>) => lvyun.post('/api/v1/manifests/permits', { organisationId: ids.lvyun, validFrom: '2025-01-01', validUntil: inDays(365), ...body });
    expectProblem(await huatuo.post('/api/v1/manifests/permits', { organisationId: ids.lvyun, kind: 'road-dg-licence', number: 'x', validFrom: '2025-01-01', validUntil: '2030-01-01' }), 403, 'forbidden');
    expect(issues(await permit({ kind: 'dg-driver', number: '3416000001' }))[0]).toMatchObject({ field: 'subject', code: 'manifests.permitSubject' });
    ok<PermitView>(await permit({ kind: 'road-dg-licence', number: '皖交运管许可亳字 341600000123 号' }), 201);
    // Written without the middle dot: the same plate.
    ok<PermitView>(await permit({ kind: 'dg-vehicle', number: '341600W0001', subject: '皖SW0001' }), 201);
    ok<PermitView>(await permit({ kind: 'dg-driver', number: '341600198001010011', subject: '谢鹏', validUntil: inDays(-1) }), 201);
    const expired = await pickup();
    expect(issues(expired).map((i) => i.field)).toEqual(['transporters.1.driverName']);
    ok<PermitView>(await permit({ kind: 'dg-driver', number: '341600198001010011', subject: '谢鹏', validFrom: inDays(-1) }), 201);
    expect(ok<{ status: string }>(await pickup(), 201).status).toBe('in-transit');
    expect(ok<{ items: PermitView[] }>(await bzEeb.get(`/api/v1/manifests/permits?organisationId=${ids.lvyun}`)).items).toHaveLength(4);
    expectProblem(await huatuo.get(`/api/v1/manifests/permits?organisationId=${ids.lvyun}`), 403, 'forbidden');
  });

  it('refuses to delete a manifest inside its retention period and deletes it after', async () => {
    const m = ok<ManifestView>(await huatuo.post('/api/v1/manifests', hazardousManifest()), 201);
    ok(await huatuo.post(`/api/v1/manifests/${m.id}/events`, { kind: 'cancelled', reason: '计划变更', password: DEMO_PASSWORD }), 201);
    const url = `/api/v1/manifests/${m.id}?reason=${encodeURIComponent('保存期满清理')}`;
    expectProblem(await huatuo.delete(url), 403, 'forbidden');
    const kept = await admin.delete(url);
    expectProblem(kept, 409, 'conflict');
    const until = `${Number(today.slice(0, 4)) + 5}${today.slice(4)}`;
    // Five years (the hazardous edition in force) from its last change, today.
    expect(issues(kept)[0]).toMatchObject({ field: 'id', code: 'manifests.retention', params: { years: 5, until } });
    expect(await t.db.selectFrom('manifest_events').select('id').where('manifest_id', '=', m.id).execute()).toHaveLength(2);

    // Six years later (its last change moved back), the record may go.
    await t.db.updateTable('manifests').set({ updated_at: new Date(Date.now() - 6 * 366 * 86_400_000) }).where('id', '=', m.id).execute();
    const gone = ok<{ id: string; number: string; retainedUntil: string }>(await admin.delete(url));
    expect(gone).toMatchObject({ id: m.id, number: m.number });
    expectProblem(await admin.get(`/api/v1/manifests/${m.id}`), 404, 'not_found');
    expect(await t.db.selectFrom('manifest_events').select('id').where('manifest_id', '=', m.id).execute()).toHaveLength(0);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'before']).where('entity_id', '=', m.id).where('action', '=', 'manifest.delete').execute();
    expect(audit).toHaveLength(1);
  });
});
