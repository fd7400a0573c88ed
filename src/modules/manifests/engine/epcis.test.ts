import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { GenealogyOperation, ManifestRecord } from './interchange';
import { exportGenealogyEpcis, exportManifestEpcis, type EpcisEvent } from './epcis';
import schema from './epcis-2.0.schema.json' with { type: 'json' };
import { epcisIds, geoUri, parseGeoUri } from './epcis.ids';
import { importEpcisDocument, type ImportedCustodyEvent } from './epcis.import';
import { genealogyIssues } from './genealogy';
import { gramsToTonnes, tonnesToGrams } from './tonnes';

/** The GS1 EPCIS 2.0 JSON Schema, copied unchanged (see epcis-2.0.schema.NOTICE.txt). */
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

const BASE = 'https://herbloop.example.cn';
const ids = epcisIds(BASE);
const GEN = '91341600MA2TEST01X';
const T1 = '91341600MA2TEST02X';
const T2 = '91341600MA2TEST03X';
const RCV = '91341600MA2TEST04X';

/** A residue load with a partial refusal: generator → transporter 1 → transporter 2 → utiliser. */
const manifest: ManifestRecord = {
  number: 'HB-341602-2026-000123',
  lines: [
    { lineNo: 1, wasteCode: 'SW17-900-001-S17', description: '丹参药渣', quantity: '12.5', weighed: true },
    { lineNo: 2, wasteCode: 'SW17-900-001-S17', description: '黄芪药渣', quantity: '3.25', weighed: false },
  ],
  events: [
    { id: '6f1c1a52-9a3e-4d7e-9d4c-000000000001', step: 'created', at: '2026-11-02T00:10:00.000Z', recordedAt: '2026-11-02T00:10:01.250Z', signedFor: GEN, siteId: 'site-gen' },
    { id: '6f1c1a52-9a3e-4d7e-9d4c-000000000002', step: 'sealed', at: '2026-11-02T01:00:00.000Z', signedFor: GEN, siteId: 'site-gen' },
    {
      id: '6f1c1a52-9a3e-4d7e-9d4c-000000000003',
      step: 'picked-up',
      at: '2026-11-02T01:30:00.000Z',
      signedFor: T1,
      from: GEN,
      to: T1,
      position: { lat: 33.844_512, lon: 115.778_903 },
      siteId: 'site-gen',
      quantities: [
        { lineNo: 1, quantity: '12.48' },
        { lineNo: 2, quantity: '3.3' },
      ],
    },
    { id: '6f1c1a52-9a3e-4d7e-9d4c-000000000004', step: 'handed-over', at: '2026-11-02T03:00:00.000Z', signedFor: T2, from: T1, to: T2, position: { lat: 33.5, lon: 116.1 } },
    { id: '6f1c1a52-9a3e-4d7e-9d4c-000000000005', step: 'delivered', at: '2026-11-02T05:00:00.000Z', signedFor: T2, siteId: 'site-rcv' },
    {
      id: '6f1c1a52-9a3e-4d7e-9d4c-000000000006',
      step: 'received',
      at: '2026-11-02T05:20:00.000Z',
      signedFor: RCV,
      from: T2,
      to: RCV,
      siteId: 'site-rcv',
      quantities: [
        { lineNo: 1, quantity: '12.46' },
        { lineNo: 2, quantity: '1.3' },
      ],
      refusals: [{ lineNo: 2, quantity: '2', reason: 'contaminated' }],
    },
    {
      id: '6f1c1a52-9a3e-4d7e-9d4c-000000000007',
      step: 'processed',
      at: '2026-11-05T08:00:00.000Z',
      signedFor: RCV,
      siteId: 'site-rcv',
      treatmentCode: 'R-fertiliser',
      product: { code: 'organic-fertiliser', quantity: '6.8' },
      quantities: [
        { lineNo: 1, quantity: '12.46' },
        { lineNo: 2, quantity: '1.3' },
      ],
    },
    { id: '6f1c1a52-9a3e-4d7e-9d4c-000000000008', step: 'closed', at: '2026-11-05T09:00:00.000Z', signedFor: RCV },
  ],
};

const options = { base: BASE, createdAt: '2026-12-01T08:00:00.000Z' };
const schemaErrors = () => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

describe('EPCIS 2.0 export of a manifest', () => {
  const doc = exportManifestEpcis(manifest, options);
  const events = doc.epcisBody.eventList;

  it('validates against the GS1 EPCIS 2.0 JSON Schema, the document and each event alone', () => {
    expect(validate(doc), schemaErrors().join('\n')).toBe(true);
    for (const e of events) expect(validate({ '@context': doc['@context'], ...e }), schemaErrors().join('\n')).toBe(true);
    // The validator is not lenient: a CBV term misspelt or a zone offset missing fails it.
    const broken = structuredClone(doc);
    broken.epcisBody.eventList[2]!.bizStep = 'picking_up';
    delete broken.epcisBody.eventList[3]!.eventTimeZoneOffset;
    expect(validate(broken)).toBe(false);
  });

  it('reads each custody step in the CBV, on the load’s URI, with the lots in tonnes', () => {
    expect(events.map((e) => [e.type, e.action ?? null, e.bizStep, e.disposition ?? null])).toEqual([
      ['ObjectEvent', 'ADD', 'commissioning', 'active'],
      ['ObjectEvent', 'OBSERVE', 'packing', 'container_closed'],
      ['ObjectEvent', 'OBSERVE', 'shipping', 'in_transit'],
      ['ObjectEvent', 'OBSERVE', 'transporting', 'in_transit'],
      ['ObjectEvent', 'OBSERVE', 'arriving', 'in_progress'],
      ['ObjectEvent', 'OBSERVE', 'receiving', 'in_progress'],
      ['TransformationEvent', null, 'commissioning', 'active'],
      ['ObjectEvent', 'OBSERVE', 'https://herbloop.org/ns/epcis/BizStep-closing', null],
    ]);
    const pickup = events[2]!;
    expect(pickup.epcList).toEqual(['https://herbloop.example.cn/epc/load/HB-341602-2026-000123']);
    expect(pickup.quantityList).toEqual([
      { epcClass: 'https://herbloop.example.cn/epc/lot/HB-341602-2026-000123/1', quantity: 12.48, uom: 'TNE' },
      { epcClass: 'https://herbloop.example.cn/epc/lot/HB-341602-2026-000123/2', quantity: 3.3, uom: 'TNE' },
    ]);
    expect(pickup.readPoint).toEqual({ id: 'geo:33.844512,115.778903' });
    expect(pickup.sourceList).toEqual([{ type: 'possessing_party', source: ids.party(GEN) }]);
    expect(pickup.destinationList).toEqual([{ type: 'possessing_party', destination: ids.party(T1) }]);
    expect(pickup.eventTimeZoneOffset).toBe('+08:00');
    expect(events[0]!.recordTime).toBe('2026-11-02T00:10:01.250Z');
    expect(events[5]!['herbloop:refusals']).toEqual([{ lot: ids.lot(manifest.number, 2), quantity: 2, uom: 'TNE', reason: 'contaminated' }]);
    expect(events[6]!.outputQuantityList).toEqual([{ epcClass: ids.product('organic-fertiliser'), quantity: 6.8, uom: 'TNE' }]);
  });

  it('says non_conformant when the receiver refused everything, and DELETE for a cancelled load', () => {
    const refused: ManifestRecord = {
      ...manifest,
      events: [
        manifest.events[0]!,
        { id: '6f1c1a52-9a3e-4d7e-9d4c-0000000000aa', step: 'received', at: '2026-11-02T05:20:00.000Z', signedFor: RCV, quantities: [{ lineNo: 1, quantity: '0' }], refusals: [{ lineNo: 1, quantity: '12.5', reason: 'wrong-code' }] },
        { id: '6f1c1a52-9a3e-4d7e-9d4c-0000000000ab', step: 'cancelled', at: '2026-11-03T05:20:00.000Z', signedFor: GEN },
      ],
    };
    const out = exportManifestEpcis(refused, options);
    expect(validate(out), schemaErrors().join('\n')).toBe(true);
    expect(out.epcisBody.eventList[1]!.disposition).toBe('non_conformant');
    expect(out.epcisBody.eventList[2]).toMatchObject({ action: 'DELETE', bizStep: 'decommissioning', disposition: 'inactive' });
  });

  it('round-trips through the import: every step, quantity, refusal, party and place comes back', () => {
    const back = importEpcisDocument(JSON.parse(JSON.stringify(doc)), { base: BASE, partner: RCV });
    if (!back.ok) throw new Error(JSON.stringify(back.issues));
    expect(back.genealogy).toEqual([]);
    const strip = (e: ImportedCustodyEvent) => ({
      id: e.id,
      step: e.step,
      at: e.at,
      signedFor: e.signedFor,
      from: e.from ?? null,
      to: e.to ?? null,
      position: e.position ?? null,
      siteId: e.siteId ?? null,
      quantities: e.quantities ?? [],
      refusals: e.refusals ?? [],
      product: e.product ?? null,
      treatmentCode: e.treatmentCode ?? null,
    });
    const expected = manifest.events.map((e) => ({
      id: e.id,
      step: e.step,
      at: e.at,
      signedFor: e.signedFor,
      from: e.from ?? null,
      to: e.to ?? null,
      position: e.position ?? null,
      siteId: e.siteId ?? null,
      // The created event states the declared lines.
      quantities: e.step === 'created' ? manifest.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity })) : (e.quantities ?? []),
      refusals: e.refusals ?? [],
      product: e.product ?? null,
      treatmentCode: e.treatmentCode ?? null,
    }));
    expect(back.custody.map(strip)).toEqual(expected);
    expect(back.custody.every((e) => e.manifestNumber === manifest.number)).toBe(true);
  });
});

describe('EPCIS import from a partner', () => {
  const event = (over: EpcisEvent): EpcisEvent => ({
    type: 'ObjectEvent',
    eventTime: '2026-11-02T13:30:00.000+08:00',
    eventTimeZoneOffset: '+08:00',
    eventID: 'ni:///sha-256;87b5f18a69993f0052046d4687dfacdf48f7c988cfabda2819688c86b4066a49?ver=CBV2.0',
    action: 'OBSERVE',
    epcList: [ids.load('HB-1')],
    ...over,
  });
  const docOf = (...eventList: EpcisEvent[]) => ({
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-11-02T06:00:00Z',
    epcisBody: { eventList },
  });

  it('maps CBV terms without herbloop’s fields (bare, URN and Web URI) and converts kilograms', () => {
    const out = importEpcisDocument(
      docOf(
        event({ bizStep: 'urn:epcglobal:cbv:bizstep:shipping', quantityList: [{ epcClass: ids.lot('HB-1', 1), quantity: 12480, uom: 'KGM' }] }),
        event({ bizStep: 'https://ref.gs1.org/cbv/BizStep-receiving', disposition: 'https://ref.gs1.org/cbv/Disp-returned', bizLocation: { id: ids.site('s1') } }),
        event({ bizStep: 'transporting', readPoint: { id: 'geo:33.1,115.2' } }),
      ),
      { base: BASE, partner: T1 },
    );
    if (!out.ok) throw new Error(JSON.stringify(out.issues));
    expect(out.custody.map((e) => e.step)).toEqual(['picked-up', 'returned', 'handed-over']);
    expect(out.custody[0]).toMatchObject({ id: null, signedFor: T1, at: '2026-11-02T05:30:00.000Z', quantities: [{ lineNo: 1, quantity: '12.48' }] });
    expect(out.custody[0]!.sourceEventId).toMatch(/^ni:\/\/\/sha-256;/);
    expect(out.custody[1]!.siteId).toBe('s1');
    expect(out.custody[2]!.position).toEqual({ lat: 33.1, lon: 115.2 });
  });

  it('refuses the whole document, naming each event index and field', () => {
    const out = importEpcisDocument(
      docOf(
        event({ bizStep: 'shipping' }),
        event({ eventTime: '2026-11-02 13:30', bizStep: 'shipping' }),
        event({ bizStep: 'retail_selling' }),
        event({ bizStep: 'shipping', quantityList: [{ epcClass: ids.lot('HB-1', 1), quantity: 3, uom: 'LTR' }] }),
        event({ bizStep: 'shipping', epcList: ['urn:epc:id:sscc:0614141.1234567890'] }),
        event({ bizStep: 'shipping', epcList: [ids.load('HB-1'), ids.load('HB-2')] }),
        { type: 'AssociationEvent', eventTime: '2026-11-02T13:30:00Z', eventTimeZoneOffset: '+08:00' },
        event({ 'herbloop:step': 'rerouted', bizStep: 'transporting' }),
      ),
      { base: BASE, partner: T1 },
    );
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.issues.map((i) => [i.event, i.field, i.code])).toEqual([
      [1, 'eventTime', 'manifests.epcis-invalid'],
      [2, 'bizStep', 'manifests.epcis-unknown-step'],
      [3, 'quantityList.0.uom', 'manifests.epcis-unit'],
      [4, 'epcList.0', 'manifests.epcis-foreign-identifier'],
      [4, 'epcList', 'manifests.epcis-one-load'],
      [5, 'epcList', 'manifests.epcis-one-load'],
      [6, 'type', 'manifests.epcis-unsupported-event'],
      [7, 'herbloop:reroutedTo', 'manifests.epcis-missing'],
    ]);
  });

  it('refuses what is not an EPCIS 2.0 document', () => {
    const out = importEpcisDocument({ type: 'EPCISDocument', schemaVersion: '1.2', epcisBody: { eventList: [] } }, { base: BASE, partner: T1 });
    expect(out).toEqual({ ok: false, issues: [{ event: null, field: 'schemaVersion', code: 'manifests.epcis-invalid', params: { reason: 'invalid_format' } }] });
    expect(importEpcisDocument('nonsense', { base: BASE, partner: T1 }).ok).toBe(false);
  });
});

describe('genealogy at a transfer station', () => {
  const station = '91341600MA2TEST09X';
  const loadA: ManifestRecord = { ...manifest, number: 'HB-A', events: manifest.events.slice(0, 5).map((e) => ({ ...e, id: e.id.replace(/.$/, 'a') })) };
  const loadB: ManifestRecord = { ...manifest, number: 'HB-B', events: manifest.events.slice(0, 5).map((e) => ({ ...e, id: e.id.replace(/.$/, 'b') })) };
  const group: GenealogyOperation = {
    id: '0b7c9a9e-1111-4c8e-9f00-000000000001',
    kind: 'group',
    at: '2026-11-02T06:00:00.000Z',
    operator: station,
    siteId: 'station-1',
    inputs: [
      { manifestNumber: 'HB-A', lines: [{ lineNo: 1, quantity: '12.46' }] },
      { manifestNumber: 'HB-B', lines: [{ lineNo: 1, quantity: '10' }] },
    ],
    outputs: [{ manifestNumber: 'HB-C', lines: [{ lineNo: 1, quantity: '22.46' }] }],
  };
  const split: GenealogyOperation = {
    id: '0b7c9a9e-1111-4c8e-9f00-000000000002',
    kind: 'split',
    at: '2026-11-03T06:00:00.000Z',
    operator: station,
    siteId: 'station-1',
    inputs: [{ manifestNumber: 'HB-C', lines: [{ lineNo: 1, quantity: '22.46' }] }],
    outputs: [
      { manifestNumber: 'HB-D', lines: [{ lineNo: 1, quantity: '11.2' }] },
      { manifestNumber: 'HB-E', lines: [{ lineNo: 1, quantity: '11.25' }] },
    ],
  };

  it('exports the loads’ events and the operations as Aggregation and Transformation events, schema-valid, in time order', () => {
    const doc = exportGenealogyEpcis([loadA, loadB], [split, group], options);
    expect(validate(doc), schemaErrors().join('\n')).toBe(true);
    const list = doc.epcisBody.eventList;
    expect(list).toHaveLength(12);
    const times = list.map((e) => Date.parse(e.eventTime as string));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const agg = list.find((e) => e.type === 'AggregationEvent')!;
    expect(agg).toMatchObject({ action: 'ADD', parentID: ids.load('HB-C'), childEPCs: [ids.load('HB-A'), ids.load('HB-B')] });
    const tr = list.find((e) => e.type === 'TransformationEvent')!;
    expect(tr).toMatchObject({ transformationID: ids.transformation(split.id), inputEPCList: [ids.load('HB-C')], outputEPCList: [ids.load('HB-D'), ids.load('HB-E')] });

    const back = importEpcisDocument(JSON.parse(JSON.stringify(doc)), { base: BASE, partner: station });
    if (!back.ok) throw new Error(JSON.stringify(back.issues));
    expect(back.genealogy.map(({ id, kind, operator, siteId, inputs, outputs }) => ({ id, kind, operator, siteId, inputs, outputs }))).toEqual(
      [group, split].map(({ id, kind, operator, siteId, inputs, outputs }) => ({ id, kind, operator, siteId, inputs, outputs })),
    );
  });

  it('balances within the tolerance and names what does not', () => {
    expect(genealogyIssues([group, split])).toEqual([]);
    const lossy = { ...split, outputs: [{ manifestNumber: 'HB-D', lines: [{ lineNo: 1, quantity: '20' }] }, split.outputs[1]!] };
    expect(genealogyIssues([group, lossy])).toEqual([{ code: 'manifests.genealogy-unbalanced', operation: split.id, params: { input: '22.46', output: '31.25', tolerance: '0.1123' } }]);
    const oneOut = { ...split, outputs: [split.outputs[0]!] };
    const reused = { ...group, id: 'g2' };
    expect(genealogyIssues([group, oneOut, reused]).map((i) => i.code)).toEqual([
      'manifests.genealogy-shape',
      'manifests.genealogy-unbalanced',
      'manifests.genealogy-load-reused',
      'manifests.genealogy-load-reused',
    ]);
  });
});

describe('identifiers and quantities', () => {
  it('parses its own URIs back and leaves other issuers’ alone', () => {
    expect(ids.parse(ids.lot('HB/1 2', 3))).toEqual({ kind: 'lot', key: 'HB/1 2', lineNo: 3 });
    expect(ids.parse(ids.party(GEN))).toEqual({ kind: 'party', key: GEN });
    expect(ids.parse('https://other.example/epc/load/x')).toBeNull();
    expect(ids.parse(`${BASE}/epc/lot/x/0`)).toBeNull();
    expect(parseGeoUri(geoUri(-33.5, 115.25))).toEqual({ lat: -33.5, lon: 115.25 });
    expect(parseGeoUri('geo:95,1')).toBeNull();
  });

  it('keeps tonnes exact to the gram', () => {
    expect(tonnesToGrams('12.5')).toBe(12_500_000);
    expect(tonnesToGrams('0.000001')).toBe(1);
    expect(tonnesToGrams('1.0000001')).toBeNull();
    expect(tonnesToGrams('-1')).toBeNull();
    expect(gramsToTonnes(tonnesToGrams('0.1')! + tonnesToGrams('0.2')!)).toBe('0.3');
    expect(gramsToTonnes(-1_500_000)).toBe('-1.5');
  });
});
