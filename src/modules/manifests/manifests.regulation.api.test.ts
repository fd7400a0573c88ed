import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/platform.dataset';
import { runJobSlot, slotStart } from '../../platform/jobs';
import { systemServiceContext } from '../../platform/viewer';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { expectProblem, FIXTURE_PASSWORD, makeMember, orgId } from '../../../test/helpers/fixtures';
import { manifestsOverdueJob, regulationConfig, scanQueue } from './index';
import type { FiguresView, QueueItemView, RevisionsView } from './manifests.regulation.schema';
import type { ManifestView, VerifyView } from './manifests.schema';

/**
 * Regulation of manifests through HTTP on both databases: a correction of a closed manifest
 * approved by every party concerned (version 2, a signed `revised` event that verify covers),
 * a refused and a cancelled request; the overdue job flagging once under its slot claim; the
 * regulator's queue scoped to its region, closed with an audited reason, exported as .xlsx;
 * the monthly figures.
 */
describe.each(backends)('manifest regulation API (%s)', (kind) => {
  let t: TestApp;
  let huatuo: TestClient;
  let driver: TestClient;
  let shunan: TestClient;
  let lvyuan: TestClient;
  let regulator: TestClient;
  let park: TestClient;
  let elsewhere: TestClient;
  let ids: { huatuo: string; tongda: string; shunan: string; lvyuan: string; huatuoSite: string; lvyuanSite: string };
  let licenceId: string;
  let closed: ManifestView;

  const ok = <T>(res: LightMyRequestResponse, status = 200): T => {
    if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json<T>();
  };
  const sign = (client: TestClient, id: string, body: Record<string, unknown>) => client.post(`/api/v1/manifests/${id}/events?view=full`, { password: DEMO_PASSWORD, ...body }).then((r) => ok<{ manifest: ManifestView }>(r, 201).manifest);
  const siteOf = async (organisationId: string) => (await t.db.selectFrom('sites').select('id').where('organisation_id', '=', organisationId).executeTakeFirstOrThrow()).id;
  const newManifest = (over: Record<string, unknown> = {}) => ({
    generatorId: ids.huatuo,
    generatorSiteId: ids.huatuoSite,
    transporters: [
      { organisationId: ids.tongda, plate: '皖S·D1234', driverName: '马强' },
      { organisationId: ids.shunan, plate: '皖S·E5678', driverName: '罗斌' },
    ],
    receiverId: ids.lvyuan,
    receiverSiteId: ids.lvyuanSite,
    licenceId,
    lines: [
      { wasteCode: 'SW13', description: '白芍药渣（湿）', quantity: '10', unit: 't', measure: 'estimated' },
      { wasteCode: 'SW59', description: '废包装物', quantity: 2, unit: 't', measure: 'estimated' },
    ],
    password: DEMO_PASSWORD,
    ...over,
  });
  const pickedUp = async () => {
    const m = ok<ManifestView>(await huatuo.post('/api/v1/manifests', newManifest()), 201);
    await sign(huatuo, m.id, { kind: 'sealed' });
    await sign(driver, m.id, { kind: 'picked-up' });
    return m;
  };

  beforeAll(async () => {
    t = await createTestApp({ kind });
    [huatuo, driver, shunan, lvyuan, regulator, park] = (await Promise.all(['huatuo', 'tongda-driver', 'shunan', 'lvyuan', 'bz-eeb', 'park'].map((u) => t.login(u)))) as [TestClient, TestClient, TestClient, TestClient, TestClient, TestClient];
    const [h, td, sh, lv] = await Promise.all(['BZ-MFR-HUATUO', 'BZ-TRN-TONGDA', 'BZ-TRN-SHUNAN', 'BZ-UTL-LVYUAN'].map((c) => orgId(t.db, c)));
    ids = { huatuo: h!, tongda: td!, shunan: sh!, lvyuan: lv!, huatuoSite: await siteOf(h!), lvyuanSite: await siteOf(lv!) };
    // A regulator of another province (Hangzhou): it must see nothing of Bozhou's manifests.
    const other = await t.db
      .insertInto('organisations')
      .values({ code: 'ZJ-HZ-REG-TEST', name_zh: '杭州市生态环境局（测试）', name_en: 'Hangzhou Ecology Bureau (test)', type: 'regulator', region_code: '330100', park_id: null, credit_code: null, contact_phone: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const member = await makeMember(t.db, other.id, 'member');
    elsewhere = await t.login(member.username, FIXTURE_PASSWORD);
    const licence = await lvyuan.post('/api/v1/manifests/licences', { organisationId: ids.lvyuan, siteId: ids.lvyuanSite, number: '皖亳固利字〔2026〕009号', categories: ['SW13', 'SW59'], annualCapacity: '50000', validFrom: '2026-01-01', validUntil: '2030-12-31' });
    licenceId = ok<{ id: string }>(licence, 201).id;

    // A closed manifest with a partial refusal and a weight discrepancy.
    const m = await pickedUp();
    await sign(shunan, m.id, { kind: 'handed-over', to: 2 });
    await sign(shunan, m.id, { kind: 'delivered' });
    await sign(lvyuan, m.id, {
      kind: 'received',
      lines: [
        { line: 1, outcome: 'partially-refused', received: '10', refused: '0.5', reason: '含水率超过 70%' },
        { line: 2, outcome: 'accepted', received: '2.5' },
      ],
    });
    await sign(lvyuan, m.id, { kind: 'processed', treatmentCode: 'R3-compost', product: '生物有机肥' });
    closed = await sign(lvyuan, m.id, { kind: 'closed' });
  }, 180_000);
  afterAll(() => t.close());

  it('approves a correction by every party concerned: version 2, a signed revised event that verify covers', async () => {
    const id = closed.id;
    const url = `/api/v1/manifests/${id}/revisions`;
    // Bad input is a 400 naming the field, and nothing is written.
    expectProblem(await huatuo.post(url, { reason: '过磅单更正', changes: [{ field: 'lines.9.quantity', to: '1' }], password: DEMO_PASSWORD }), 400, 'validation');
    expectProblem(await huatuo.post(url, { reason: '过磅单更正', changes: [{ field: 'lines.1.quantity', to: 'ten' }], password: DEMO_PASSWORD }), 400, 'validation');
    expectProblem(await park.post(url, { reason: 'x', changes: [{ field: 'lines.1.quantity', to: '1' }], password: DEMO_PASSWORD }), 404, 'not_found');
    expect(await t.db.selectFrom('manifest_revisions').select('id').where('manifest_id', '=', id).execute()).toHaveLength(0);

    const asked = ok<RevisionsView>(
      await huatuo.post(url, { reason: '过磅单更正：第 1 行为 10.5 吨，第二辆车牌照有误', changes: [{ field: 'lines.1.quantity', to: '10.50' }, { field: 'transporters.2.plate', to: '皖S·E5679' }], password: DEMO_PASSWORD }),
      201,
    );
    const r = asked.revisions[0]!;
    expect(r).toMatchObject({ status: 'pending', fromVersion: 1, changes: [{ field: 'lines.1.quantity', from: '10', to: '10.5' }, { field: 'transporters.2.plate', from: '皖S·E5678', to: '皖S·E5679' }] });
    expect(r.approvals.map((a) => a.organisation.id).sort()).toEqual([ids.lvyuan, ids.shunan].sort());
    // The regulator sees the request; the approvers were notified.
    expect(ok<RevisionsView>(await regulator.get(url)).revisions).toHaveLength(1);
    const notes = await t.db.selectFrom('notifications').select(['event', 'organisation_id']).where('subject_id', '=', id).where('event', '=', 'manifest.revision-requested').execute();
    expect(new Set(notes.map((n) => n.organisation_id))).toEqual(new Set([ids.lvyuan, ids.shunan]));
    // A second open request is refused while this one is pending.
    expectProblem(await lvyuan.post(url, { reason: 'x', changes: [{ field: 'treatmentCode', to: 'R10' }], password: DEMO_PASSWORD }), 409, 'conflict');

    const decide = `${url}/${r.id}/decision`;
    expectProblem(await driver.post(decide, { decision: 'approve', password: DEMO_PASSWORD }), 403, 'forbidden');
    const half = ok<RevisionsView>(await lvyuan.post(decide, { decision: 'approve', password: DEMO_PASSWORD }));
    expect(half.revisions[0]!.status).toBe('pending');
    expect(half.versions).toHaveLength(1);
    expectProblem(await lvyuan.post(decide, { decision: 'approve', password: DEMO_PASSWORD }), 409, 'illegal_transition');
    const done = ok<RevisionsView>(await shunan.post(decide, { decision: 'approve', password: DEMO_PASSWORD }));
    expect(done.revisions[0]).toMatchObject({ status: 'approved', toVersion: 2 });
    expect(done.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(done.versions[0]!.fields['lines.1.quantity']).toBe('10');
    expect(done.versions[1]!.fields['lines.1.quantity']).toBe('10.5');
    expect(done.versions[1]!.diff).toEqual([
      { field: 'lines.1.quantity', from: '10', to: '10.5' },
      { field: 'transporters.2.plate', from: '皖S·E5678', to: '皖S·E5679' },
    ]);

    const after = ok<ManifestView>(await huatuo.get(`/api/v1/manifests/${id}`));
    expect(after.status).toBe('closed');
    expect(after.lines[0]!.quantity).toBe('10.5');
    expect(after.transporterDetails[1]!.plate).toBe('皖S·E5679');
    const revised = after.events.at(-1)!;
    expect(revised).toMatchObject({ seq: 9, kind: 'revised', signer: { id: ids.shunan }, method: 'password' });
    expect(revised.id).toBe(done.revisions[0]!.eventId);
    expect(revised.data).toMatchObject({ version: 2, requestedBy: ids.huatuo, changes: [{ field: 'lines.1.quantity', from: '10', to: '10.5' }, { field: 'transporters.2.plate' }] });
    expect(ok<VerifyView>(await huatuo.get(`/api/v1/manifests/${id}/verify`))).toEqual({ checked: 1, events: 9, broken: [] });
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', 'like', 'manifest.revis%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['manifest.revised', 'manifest.revision.approve', 'manifest.revision.approve', 'manifest.revision.request'].sort());
  });

  it('refuses with a reason, and lets the requester cancel', async () => {
    const url = `/api/v1/manifests/${closed.id}/revisions`;
    const asked = ok<RevisionsView>(await lvyuan.post(url, { reason: '处置方式登记有误', changes: [{ field: 'treatmentCode', to: 'R10-feed' }], password: DEMO_PASSWORD }), 201);
    const r = asked.revisions[0]!;
    expect(r.approvals.map((a) => a.organisation.id)).toEqual([ids.huatuo]);
    expectProblem(await huatuo.post(`${url}/${r.id}/decision`, { decision: 'refuse', password: DEMO_PASSWORD }), 400, 'validation');
    const refused = ok<RevisionsView>(await huatuo.post(`${url}/${r.id}/decision`, { decision: 'refuse', reason: '处置方式与处置台账一致，无需更正', password: DEMO_PASSWORD }));
    expect(refused.revisions[0]).toMatchObject({ status: 'refused', decisionReason: '处置方式与处置台账一致，无需更正', toVersion: null });
    expect(refused.versions).toHaveLength(2);

    const again = ok<RevisionsView>(await lvyuan.post(url, { reason: '产品名称更正', changes: [{ field: 'product', to: '有机肥料' }], password: DEMO_PASSWORD }), 201);
    const id = again.revisions[0]!.id;
    expectProblem(await huatuo.post(`${url}/${id}/cancel`, { reason: 'x' }), 403, 'forbidden');
    const cancelled = ok<RevisionsView>(await lvyuan.post(`${url}/${id}/cancel`, { reason: '改为线下说明' }));
    expect(cancelled.revisions[0]).toMatchObject({ status: 'cancelled', decisionReason: '改为线下说明' });
    expect((await t.db.selectFrom('manifest_events').select('id').where('manifest_id', '=', closed.id).execute()).length).toBe(9);
    const decided = await t.db.selectFrom('notifications').select('organisation_id').where('subject_id', '=', closed.id).where('event', '=', 'manifest.revision-decided').execute();
    expect(decided.length).toBeGreaterThanOrEqual(3);
  });

  it('flags an overdue manifest once, under the job slot claim, and notifies the parties', async () => {
    const late = await pickedUp();
    const config = regulationConfig({});
    const in49h = new Date(Date.now() + 49 * 3_600_000);
    const job = manifestsOverdueJob(config, () => in49h);
    const slot = slotStart(job.everyMs, in49h.getTime());
    expect(await Promise.all([runJobSlot(t.db, job, slot, 'test/1'), runJobSlot(t.db, job, slot, 'test/2')])).toEqual(expect.arrayContaining(['ran', 'taken']));
    // The next slot runs and flags nothing new.
    expect(await runJobSlot(t.db, job, new Date(slot.getTime() + job.everyMs), 'test/1')).toBe('ran');
    const flags = await t.db.selectFrom('manifest_overdue').selectAll().where('manifest_id', '=', late.id).execute();
    expect(flags.map((f) => [f.rule, f.hours])).toEqual([['not-received', 48]]);
    const notes = await t.db.selectFrom('notifications').select('organisation_id').where('subject_id', '=', late.id).where('event', '=', 'manifest.overdue').execute();
    expect(new Set(notes.map((n) => n.organisation_id))).toEqual(new Set([ids.huatuo, ids.tongda, ids.shunan, ids.lvyuan]));
    const notesCount = notes.length;
    await runJobSlot(t.db, job, new Date(slot.getTime() + 2 * job.everyMs), 'test/1');
    expect(await t.db.selectFrom('notifications').select('id').where('subject_id', '=', late.id).where('event', '=', 'manifest.overdue').execute()).toHaveLength(notesCount);
    expect(await t.db.selectFrom('manifest_queue_items').select('kind').where('manifest_id', '=', late.id).execute()).toEqual([{ kind: 'overdue' }]);
  });

  it("scopes the queue to the regulator's region, closes items with an audited reason and exports .xlsx", async () => {
    // Tamper with the revised event: the scan's verification opens a broken-verification item.
    const revised = await t.db.selectFrom('manifest_events').selectAll().where('manifest_id', '=', closed.id).where('kind', '=', 'revised').executeTakeFirstOrThrow();
    await t.db.updateTable('manifest_events').set({ payload: revised.payload.replace('10.5', '11.5') }).where('id', '=', revised.id).execute();
    const broken = ok<VerifyView>(await regulator.get(`/api/v1/manifests/${closed.id}/verify`));
    expect(broken.broken).toEqual([{ manifest: closed.id, event: revised.id, seq: 9, reason: 'hash-mismatch' }]);
    await t.db.transaction().execute((trx) => scanQueue(trx, systemServiceContext('test')));
    await t.db.updateTable('manifest_events').set({ payload: revised.payload }).where('id', '=', revised.id).execute();

    const items = ok<{ items: QueueItemView[] }>(await regulator.get('/api/v1/manifests/queue?status=open')).items;
    const kinds = new Set(items.filter((i) => i.manifest.id === closed.id).map((i) => i.kind));
    expect(kinds).toEqual(new Set(['refusal', 'discrepancy', 'broken-verification']));
    expect(items.some((i) => i.kind === 'overdue')).toBe(true);
    expect(ok<{ items: QueueItemView[] }>(await elsewhere.get('/api/v1/manifests/queue')).items).toEqual([]);
    expectProblem(await huatuo.get('/api/v1/manifests/queue'), 403, 'forbidden');
    const refusals = ok<{ items: QueueItemView[] }>(await regulator.get(`/api/v1/manifests/queue?kind=refusal&firm=${ids.lvyuan}`)).items;
    expect(refusals.map((i) => [i.manifest.number, i.detail.line, i.detail.reason])).toEqual([[closed.number, 1, '含水率超过 70%']]);
    expectProblem(await regulator.get('/api/v1/manifests/queue?kind=nonsense'), 400, 'validation');

    const item = refusals[0]!;
    expectProblem(await elsewhere.post(`/api/v1/manifests/queue/${item.id}/close`, { reason: 'x' }), 404, 'not_found');
    const noted = ok<QueueItemView>(await regulator.post(`/api/v1/manifests/queue/${item.id}/notes`, { text: '已电话核实，拒收部分退回产生单位' }), 201);
    expect(noted.notes.map((n) => n.text)).toEqual(['已电话核实，拒收部分退回产生单位']);
    expectProblem(await regulator.post(`/api/v1/manifests/queue/${item.id}/close`, {}), 400, 'validation');
    const shut = ok<QueueItemView>(await regulator.post(`/api/v1/manifests/queue/${item.id}/close`, { reason: '拒收理由充分，已按规定退回' }));
    expect(shut).toMatchObject({ status: 'closed', closeReason: '拒收理由充分，已按规定退回' });
    expectProblem(await regulator.post(`/api/v1/manifests/queue/${item.id}/close`, { reason: 'again' }), 409, 'illegal_transition');
    const audit = await t.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', item.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['manifest.queue.annotate', 'manifest.queue.close']);
    expect(JSON.stringify(audit[1]!.after)).toContain('拒收理由充分');
    // A second scan does not reopen what was closed.
    await t.db.transaction().execute((trx) => scanQueue(trx, systemServiceContext('test')));
    expect(ok<{ items: QueueItemView[] }>(await regulator.get(`/api/v1/manifests/queue?kind=refusal&status=open&firm=${ids.lvyuan}`)).items).toEqual([]);

    const file = await regulator.get('/api/v1/manifests/queue/export?format=xlsx');
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(4).value).toBe('联单编号 manifest');
    const numbers = new Set<string>();
    sheet.eachRow((row, n) => {
      if (n > 1) numbers.add(row.getCell(4).text);
    });
    expect(numbers.has(closed.number)).toBe(true);
    expect(sheet.rowCount - 1).toBe(ok<{ items: QueueItemView[] }>(await regulator.get('/api/v1/manifests/queue?limit=500')).items.length);
  });

  it("sums the month's figures in SQL: manifests, tonnes by code and by treatment, share closed on time", async () => {
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const f = ok<FiguresView>(await regulator.get(`/api/v1/manifests/figures?month=${month}`));
    expect(f.manifests).toBe(2);
    expect(f).toMatchObject({ closed: 1, closedOnTime: 1, onTimeShare: 1 });
    // Accepted tonnes where received (line 1: 10 − 0.5 refused; line 2: 2.5), declared ones for the load still on the road (10 + 2).
    expect(f.byCode).toEqual([
      { wasteCode: 'SW13', manifests: 2, tonnes: '19.5' },
      { wasteCode: 'SW59', manifests: 2, tonnes: '4.5' },
    ]);
    expect(f.byTreatment).toEqual([{ treatment: 'R3-compost', manifests: 1, tonnes: '12' }]);
    expect(ok<FiguresView>(await elsewhere.get(`/api/v1/manifests/figures?month=${month}`)).manifests).toBe(0);
    expectProblem(await regulator.get('/api/v1/manifests/figures?month=2026-13'), 400, 'validation');
  });
});
