import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { countRows, expectProblem as expectBaseProblem, makeToken, orgId } from '../../../test/helpers/fixtures';
import type { FieldIssue } from '../../platform/errors';
import schema from './engine/epcis-2.0.schema.json' with { type: 'json' };
import type { EpcisDocument, EpcisEvent } from './engine/epcis';
import type { EpcisImportView, GenealogyOperationView } from './manifests.genealogy.schema';
import type { ManifestView, VerifyView } from './manifests.schema';

/** The problem with its field issues' codes and params (the shared helper types only field and message). */
const expectProblem = (res: LightMyRequestResponse, status: number, code: string) => expectBaseProblem(res, status, code) as Omit<ReturnType<typeof expectBaseProblem>, 'errors'> & { errors?: FieldIssue[] };

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);
const schemaErrors = () => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('\n');

/**
 * Transfer-station genealogy and EPCIS 2.0 through HTTP on both databases: a grouping signed into
 * every trail and shown as parents and children, an unbalanced one refused naming the row; the
 * export valid against GS1's schema; a round trip export → import onto a fresh manifest, each
 * partner importing its own events with its API token through the signing command; bad documents
 * refused naming the event, with nothing written.
 */
describe.each(backends)('manifests EPCIS and genealogy API (%s)', (kind) => {
  let t: TestApp;
  let lvyuanSession: TestClient;
  const tok = {} as Record<'huatuo' | 'tongda' | 'shunan' | 'lvyuan', TestClient>;
  const bearer = {} as Record<keyof typeof tok, string>;
  let ids: { huatuo: string; tongda: string; shunan: string; lvyuan: string; junxiang: string; huatuoSite: string; lvyuanSite: string };

  const ok = <T>(res: LightMyRequestResponse, status = 201): T => {
    if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json<T>();
  };
  const siteOf = async (organisationId: string) => (await t.db.selectFrom('sites').select('id').where('organisation_id', '=', organisationId).executeTakeFirstOrThrow()).id;
  const line = (quantity: string, description = '白芍药渣（湿）') => ({ wasteCode: 'SW13', description, quantity, unit: 't', measure: 'estimated' });
  const manifestFrom = async (client: TestClient, lines: Record<string, unknown>[], over: Record<string, unknown> = {}) =>
    ok<ManifestView>(
      await client.post('/api/v1/manifests', {
        generatorId: ids.huatuo,
        generatorSiteId: ids.huatuoSite,
        transporters: [{ organisationId: ids.tongda, plate: '皖S·D1234', driverName: '马强' }],
        receiverId: ids.lvyuan,
        receiverSiteId: ids.lvyuanSite,
        lines,
        ...over,
      }),
    );
  const sign = async (client: TestClient, id: string, body: Record<string, unknown>) => ok<unknown>(await client.post(`/api/v1/manifests/${id}/events`, body));
  /** A load from Huatuo received whole at Lvyuan's site (the transfer station). */
  const receivedLoad = async (tonnes: string) => {
    const m = await manifestFrom(tok.huatuo, [line(tonnes)]);
    await sign(tok.huatuo, m.id, { kind: 'sealed' });
    await sign(tok.tongda, m.id, { kind: 'picked-up', weights: [{ line: 1, quantity: tonnes }] });
    await sign(tok.tongda, m.id, { kind: 'delivered' });
    await sign(tok.lvyuan, m.id, { kind: 'received', lines: [{ line: 1, outcome: 'accepted', received: tonnes }] });
    return m;
  };
  const get = async (id: string) => ok<ManifestView>(await tok.lvyuan.get(`/api/v1/manifests/${id}`), 200);
  const exportDoc = async (client: TestClient, id: string, genealogy = false) => {
    const res = await client.get(`/api/v1/manifests/${id}/epcis${genealogy ? '?genealogy=true' : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
    return JSON.parse(res.body) as EpcisDocument;
  };
  const importDoc = (client: TestClient, doc: unknown) => client.post('/api/v1/manifests/epcis', doc);

  beforeAll(async () => {
    t = await createTestApp({ kind });
    lvyuanSession = await t.login('lvyuan');
    const [h, td, sh, lv, jx] = await Promise.all(['BZ-MFR-HUATUO', 'BZ-TRN-TONGDA', 'BZ-TRN-SHUNAN', 'BZ-UTL-LVYUAN', 'BZ-UTL-JUNXIANG'].map((c) => orgId(t.db, c)));
    ids = { huatuo: h!, tongda: td!, shunan: sh!, lvyuan: lv!, junxiang: jx!, huatuoSite: await siteOf(h!), lvyuanSite: await siteOf(lv!) };
    for (const name of ['huatuo', 'tongda', 'shunan', 'lvyuan'] as const) {
      const { token } = await makeToken(t.db, ids[name]);
      bearer[name] = `Bearer ${token}`;
      tok[name] = t.anonymous({ authorization: bearer[name] });
    }
  }, 120_000);
  afterAll(() => t.close());

  it('groups two received loads into one outgoing load: signed into every trail, parents and children shown, the batch exported', async () => {
    const a = await receivedLoad('5');
    const b = await receivedLoad('3.2');
    // The station sends the grouped load on under its own manifest, from the site it received at.
    const c = await manifestFrom(tok.lvyuan, [line('8.2', '白芍药渣（合并）')], { generatorId: ids.lvyuan, generatorSiteId: ids.lvyuanSite, receiverId: ids.junxiang, receiverSiteId: undefined });
    const body = { kind: 'group', siteId: ids.lvyuanSite, inputs: [{ manifestId: a.id }, { manifestId: b.id }], outputs: [{ manifestId: c.id }] };

    // Unbalanced: 9 t out of 8.2 t in. Refused naming the row, nothing written.
    const before = { ops: await countRows(t.db, 'manifest_genealogy_operations'), events: await countRows(t.db, 'manifest_events') };
    const unbalanced = expectProblem(await tok.lvyuan.post('/api/v1/manifests/genealogy', { ...body, outputs: [{ manifestId: c.id, lines: [{ line: 1, quantity: '9' }] }] }), 400, 'validation');
    expect(unbalanced.errors).toEqual([expect.objectContaining({ field: 'outputs.0.lines', code: 'manifests.genealogy-unbalanced', params: { input: '8.2', output: '9', tolerance: '0.041' } })]);
    // An input line above what the station accepted, named by its row.
    const over = expectProblem(await tok.lvyuan.post('/api/v1/manifests/genealogy', { ...body, inputs: [{ manifestId: a.id, lines: [{ line: 1, quantity: '5.5' }] }, { manifestId: b.id }] }), 400, 'validation');
    expect(over.errors?.map((e) => [e.field, e.code])).toEqual([['inputs.0.lines.0.quantity', 'manifests.genealogyOverAccepted']]);
    // Only the station's operator signs it.
    expectProblem(await tok.huatuo.post('/api/v1/manifests/genealogy', { ...body, operatorId: ids.lvyuan }), 403, 'forbidden');
    expect(await countRows(t.db, 'manifest_genealogy_operations')).toBe(before.ops);
    expect(await countRows(t.db, 'manifest_events')).toBe(before.events);

    const op = ok<GenealogyOperationView>(await tok.lvyuan.post('/api/v1/manifests/genealogy', body));
    expect(op).toMatchObject({ kind: 'group', operatorId: ids.lvyuan, siteId: ids.lvyuanSite });
    expect(op.inputs.map((l) => [l.number, l.lines])).toEqual([
      [a.number, [{ line: 1, quantity: '5' }]],
      [b.number, [{ line: 1, quantity: '3.2' }]],
    ]);
    expect(op.outputs.map((l) => [l.number, l.lines])).toEqual([[c.number, [{ line: 1, quantity: '8.2' }]]]);

    // Each manifest's custody chain records the operation, signed by the station, and still verifies.
    for (const [m, role] of [
      [a, 'input'],
      [b, 'input'],
      [c, 'output'],
    ] as const) {
      const view = await get(m.id);
      const last = view.events.at(-1)!;
      expect(last).toMatchObject({ kind: 'genealogy', signer: { id: ids.lvyuan }, method: 'token', data: { operation: op.id, kind: 'group', role } });
      expect(ok<VerifyView>(await tok.lvyuan.get(`/api/v1/manifests/${m.id}/verify`), 200).broken).toEqual([]);
    }
    expect((await get(c.id)).genealogy).toEqual({ parents: [expect.objectContaining({ manifestId: a.id, number: a.number, operationId: op.id, kind: 'group' }), expect.objectContaining({ manifestId: b.id, number: b.number })], children: [] });
    expect((await get(a.id)).genealogy).toEqual({ parents: [], children: [expect.objectContaining({ manifestId: c.id, number: c.number, kind: 'group' })] });
    // The status is untouched: a record, not a custody step.
    expect((await get(a.id)).status).toBe('received');

    // A load goes through one operation only.
    const d = await manifestFrom(tok.lvyuan, [line('5')], { generatorId: ids.lvyuan, generatorSiteId: ids.lvyuanSite, receiverId: ids.junxiang, receiverSiteId: undefined });
    const reused = expectProblem(await tok.lvyuan.post('/api/v1/manifests/genealogy', { kind: 'group', siteId: ids.lvyuanSite, inputs: [{ manifestId: a.id }], outputs: [{ manifestId: d.id }] }), 400, 'validation');
    expect(reused.errors?.map((e) => [e.field, e.code])).toEqual([['inputs.0.manifestId', 'manifests.genealogy-load-reused']]);

    // The batch's genealogy as EPCIS: every load's custody and the aggregation, valid against GS1's schema.
    const doc = await exportDoc(tok.lvyuan, c.id, true);
    expect(validate(doc), schemaErrors()).toBe(true);
    const aggregation = doc.epcisBody.eventList.find((e) => e.type === 'AggregationEvent')!;
    expect(aggregation.parentID).toMatch(new RegExp(`/epc/load/${c.number}$`));
    expect((aggregation.childEPCs as string[]).map((x) => x.split('/').at(-1))).toEqual([a.number, b.number]);
    expect(aggregation.eventID).toBe(`urn:uuid:${op.id}`);
    const loads = new Set(doc.epcisBody.eventList.flatMap((e) => (e.epcList as string[] | undefined) ?? []).map((x) => x.split('/').at(-1)));
    expect(loads).toEqual(new Set([a.number, b.number, c.number]));
    // Re-importing the export records nothing twice: our own events and operation are duplicates.
    const again = ok<EpcisImportView>(await importDoc(tok.lvyuan, doc), 200);
    expect(again).toMatchObject({ appended: 0, operations: 0 });
    expect(again.duplicates).toBeGreaterThan(0);
  });

  it('splits one received load into two outgoing loads', async () => {
    const a = await receivedLoad('6');
    const out = await Promise.all(['4', '2'].map((q) => manifestFrom(tok.lvyuan, [line(q)], { generatorId: ids.lvyuan, generatorSiteId: ids.lvyuanSite, receiverId: ids.junxiang, receiverSiteId: undefined })));
    const op = ok<GenealogyOperationView>(await tok.lvyuan.post('/api/v1/manifests/genealogy', { kind: 'split', siteId: ids.lvyuanSite, inputs: [{ manifestId: a.id }], outputs: out.map((m) => ({ manifestId: m.id })) }));
    expect(op.outputs.map((o) => o.lines[0]!.quantity)).toEqual(['4', '2']);
    expect((await get(a.id)).genealogy.children.map((x) => x.number)).toEqual(out.map((m) => m.number));
    const doc = await exportDoc(tok.lvyuan, a.id, true);
    expect(validate(doc), schemaErrors()).toBe(true);
    expect(doc.epcisBody.eventList.filter((e) => e.type === 'TransformationEvent').map((e) => e.bizStep)).toEqual(['repackaging']);
  });

  it('exports a manifest as valid EPCIS 2.0 and round-trips it onto a fresh manifest, each partner importing its own events', async () => {
    const lines = [line('10'), { wasteCode: 'SW59', description: '废包装物', quantity: '500', unit: 'kg', measure: 'estimated' }];
    const two = { transporters: [{ organisationId: ids.tongda, plate: '皖S·D1234', driverName: '马强' }, { organisationId: ids.shunan, plate: '皖S·E5678', driverName: '罗斌' }] };
    const m1 = await manifestFrom(tok.huatuo, lines, two);
    await sign(tok.huatuo, m1.id, { kind: 'sealed' });
    await sign(tok.tongda, m1.id, { kind: 'picked-up', weights: [{ line: 1, quantity: '10.2' }, { line: 2, quantity: '480' }], location: { lat: 33.8365, lon: 115.7862 } });
    await sign(tok.shunan, m1.id, { kind: 'handed-over', to: 2 });
    await sign(tok.shunan, m1.id, { kind: 'delivered' });
    await sign(tok.lvyuan, m1.id, { kind: 'received', lines: [{ line: 1, outcome: 'partially-refused', received: '10.1', refused: '0.6', reason: '含水率超过 70%' }, { line: 2, outcome: 'accepted', received: '480' }] });
    await sign(tok.lvyuan, m1.id, { kind: 'processed', treatmentCode: 'R3-compost' });
    await sign(tok.lvyuan, m1.id, { kind: 'closed' });

    const doc = await exportDoc(tok.huatuo, m1.id);
    expect(validate(doc), schemaErrors()).toBe(true);
    expect(doc.epcisBody.eventList.map((e) => e['herbloop:step'])).toEqual(['created', 'sealed', 'picked-up', 'handed-over', 'delivered', 'received', 'processed', 'closed']);
    const receipt = doc.epcisBody.eventList[5]!;
    const lot = (n: number) => `${t.app.config.publicUrl}/epc/lot/${m1.number}/${n}`;
    expect(receipt.quantityList).toEqual([
      { epcClass: lot(1), quantity: 9.5, uom: 'TNE' },
      { epcClass: lot(2), quantity: 0.48, uom: 'TNE' },
    ]);
    expect(receipt['herbloop:refusals']).toEqual([expect.objectContaining({ quantity: 0.6, uom: 'TNE', reason: '含水率超过 70%' })]);
    // Other organisations do not see it.
    expectProblem(await (await t.login('park')).get(`/api/v1/manifests/${m1.id}/epcis`), 404, 'not_found');

    // A fresh manifest with the same parties; the partners report the same events on it.
    const m2 = await manifestFrom(tok.huatuo, lines, two);
    const forM2 = JSON.parse(JSON.stringify(doc).replaceAll(m1.number, m2.number)) as EpcisDocument;
    const party = (e: EpcisEvent) => (typeof e['herbloop:signedFor'] === 'string' ? e['herbloop:signedFor'] : '').split('/').at(-1)!;
    const codes = new Map(await Promise.all((['huatuo', 'tongda', 'shunan', 'lvyuan'] as const).map(async (n) => [(await t.db.selectFrom('organisations').select('credit_code').where('id', '=', ids[n]).executeTakeFirstOrThrow()).credit_code!, n] as const)));
    // Contiguous runs of one signer, each imported with that partner's token.
    const runs: { who: keyof typeof tok; events: EpcisEvent[] }[] = [];
    for (const e of forM2.epcisBody.eventList) {
      const who = codes.get(party(e))!;
      if (runs.at(-1)?.who === who) runs.at(-1)!.events.push(e);
      else runs.push({ who, events: [e] });
    }
    expect(runs.map((r) => r.who)).toEqual(['huatuo', 'tongda', 'shunan', 'lvyuan']);
    const outcomes: string[] = [];
    for (const r of runs) {
      const res = ok<EpcisImportView>(await importDoc(tok[r.who], { ...forM2, epcisBody: { eventList: r.events } }), 200);
      outcomes.push(...res.events.map((e) => e.outcome));
    }
    expect(outcomes).toEqual(['acknowledged', 'appended', 'appended', 'appended', 'appended', 'appended', 'appended', 'appended']);

    const after = await get(m2.id);
    expect(after.status).toBe('closed');
    expect(after.events.map((e) => [e.kind, e.signer.id, e.method])).toEqual((await get(m1.id)).events.map((e) => [e.kind, e.signer.id, e.method]));
    expect(after.lines.map((l) => [l.pickedUp, l.received, l.refused, l.outcome])).toEqual([
      ['10.2', '10.1', '0.6', 'partially-refused'],
      ['480', '480', '0', 'accepted'],
    ]);
    expect(after.events[2]!.data).toMatchObject({ epcis: { eventId: forM2.epcisBody.eventList[2]!.eventID } });
    expect(ok<VerifyView>(await tok.huatuo.get(`/api/v1/manifests/${m2.id}/verify`), 200).broken).toEqual([]);
    // Its export reads as the original's, event for event (ids and times aside).
    const shape = (d: EpcisDocument, n: string) =>
      d.epcisBody.eventList.map((e) => JSON.parse(JSON.stringify({ ...e, eventID: null, eventTime: null, recordTime: null, 'herbloop:seq': null }).replaceAll(n, 'N')) as unknown);
    expect(shape(await exportDoc(tok.huatuo, m2.id), m2.number)).toEqual(shape(doc, m1.number));
    // The same events again: duplicates by the partner's eventID, nothing appended.
    const repeat = ok<EpcisImportView>(await importDoc(tok.lvyuan, { ...forM2, epcisBody: { eventList: runs[3]!.events } }), 200);
    expect(repeat).toMatchObject({ appended: 0, duplicates: 3 });
  });

  it('refuses a bad document naming the event and the field, a step out of turn, a session and an oversized body, writing nothing', async () => {
    const m = await manifestFrom(tok.huatuo, [line('4')]);
    const doc = await exportDoc(tok.huatuo, m.id);
    const base = doc.epcisBody.eventList[0]!;
    const events = await countRows(t.db, 'manifest_events');

    const bad = structuredClone(doc);
    bad.epcisBody.eventList = [
      { ...base, eventID: 'urn:uuid:9b0a6c0e-1d1e-4c56-9a57-000000000001', 'herbloop:step': undefined as never, bizStep: 'picking_up', action: 'OBSERVE' },
      { ...base, eventID: 'urn:uuid:9b0a6c0e-1d1e-4c56-9a57-000000000002', 'herbloop:step': 'sealed', epcList: ['https://elsewhere.example/load/1'] },
    ];
    const problem = expectProblem(await importDoc(tok.huatuo, JSON.parse(JSON.stringify(bad))), 400, 'validation');
    expect(problem.errors?.map((e) => [e.field, e.code])).toEqual([
      ['epcisBody.eventList.0.bizStep', 'manifests.epcis-unknown-step'],
      ['epcisBody.eventList.1.epcList.0', 'manifests.epcis-foreign-identifier'],
    ]);

    // Sealed then closed: the first is fine, the second out of turn; the whole document is refused.
    const sealed = { ...base, eventID: 'urn:uuid:9b0a6c0e-1d1e-4c56-9a57-000000000003', 'herbloop:step': 'sealed', action: 'OBSERVE', bizStep: 'packing', disposition: 'container_closed' };
    const closed = { ...base, eventID: 'urn:uuid:9b0a6c0e-1d1e-4c56-9a57-000000000004', 'herbloop:step': 'closed', action: 'OBSERVE', bizStep: 'https://herbloop.org/ns/epcis/BizStep-closing' };
    delete (sealed as EpcisEvent).ilmd;
    delete (closed as EpcisEvent).ilmd;
    delete (closed as EpcisEvent).disposition;
    delete (closed as EpcisEvent).quantityList;
    const turn = expectProblem(await importDoc(tok.huatuo, { ...doc, epcisBody: { eventList: [sealed, closed] } }), 409, 'illegal_transition');
    expect(turn.errors?.map((e) => e.field)).toEqual(['epcisBody.eventList.1']);
    expect(await countRows(t.db, 'manifest_events')).toBe(events);
    expect((await get(m.id)).status).toBe('draft');

    // A person's session does not import (the gate answers before the body is read), nor does an anonymous caller.
    expectProblem(await lvyuanSession.post('/api/v1/manifests/epcis', doc), 403, 'forbidden');
    expectProblem(await t.anonymous().post('/api/v1/manifests/epcis', doc), 401, 'unauthenticated');
    // Over the 4 MiB cap.
    const huge = { ...doc, padding: 'x'.repeat(4 * 1024 * 1024) };
    expect((await importDoc(tok.huatuo, huge)).statusCode).toBe(413);
    // application/ld+json is read like JSON.
    const ld = await t.app.inject({ method: 'POST', url: '/api/v1/manifests/epcis', headers: { authorization: bearer.huatuo, 'content-type': 'application/ld+json' }, payload: JSON.stringify({ ...doc, epcisBody: { eventList: [sealed] } }) });
    expect(ld.statusCode, ld.body).toBe(200);
    expect(ld.json<EpcisImportView>()).toMatchObject({ appended: 1 });
    expect((await get(m.id)).status).toBe('sealed');
  });
});
