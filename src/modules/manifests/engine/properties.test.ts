/**
 * Properties of the manifests' side engines over generated inputs (fast-check, seeded): what
 * the hand-built cases in the other tests show for one input holds for many.
 */
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { custodySteps, type CustodyEvent, type ManifestRecord } from './interchange';
import { exportManifestEpcis } from './epcis';
import schema from './epcis-2.0.schema.json' with { type: 'json' };
import { importEpcisDocument } from './epcis.import';
import { buildFrame, parseFrame } from './jt808';
import { gramsToTonnes, tonnesToGrams } from './tonnes';

const ajv = new Ajv({ strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const BASE = 'https://herbloop.example.cn';
const SEED = { seed: 20261202, numRuns: 150 };

const grams = fc.integer({ min: 0, max: 99_999 * 1_000_000 });
const tonnes = grams.map(gramsToTonnes);
const creditCode = fc.stringMatching(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
const position = fc.record({ lat: fc.integer({ min: -90_000_000, max: 90_000_000 }).map((x) => x / 1e6), lon: fc.integer({ min: -180_000_000, max: 180_000_000 }).map((x) => x / 1e6) });
const lineQuantities = fc.uniqueArray(fc.record({ lineNo: fc.integer({ min: 1, max: 5 }), quantity: tonnes }), { selector: (l) => l.lineNo, maxLength: 5 });

const event = fc.record({
  id: fc.uuid({ version: 4 }),
  step: fc.constantFrom(...custodySteps),
  at: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((t) => new Date(t).toISOString()),
  signedFor: creditCode,
  from: fc.option(creditCode, { nil: null }),
  to: fc.option(creditCode, { nil: null }),
  position: fc.option(position, { nil: null }),
  siteId: fc.option(fc.stringMatching(/^[a-z0-9-]{1,20}$/), { nil: null }),
  quantities: lineQuantities,
  refusals: fc.uniqueArray(fc.record({ lineNo: fc.integer({ min: 1, max: 5 }), quantity: tonnes, reason: fc.constantFrom('contaminated', 'wrong-code') }), { selector: (l) => l.lineNo, maxLength: 2 }),
  treatmentCode: fc.option(fc.constantFrom('R1', 'R-fertiliser', 'D10'), { nil: null }),
  product: fc.option(fc.record({ code: fc.constantFrom('fertiliser', 'feed'), quantity: tonnes }), { nil: null }),
  reroutedTo: fc.constant(null),
});

/** Events as a manifest would hold them: refusals only on receipt, a product only on processing. */
const custody = event.map((e): CustodyEvent => ({
  ...e,
  refusals: e.step === 'received' ? e.refusals : [],
  product: e.step === 'processed' ? e.product : null,
  reroutedTo: e.step === 'rerouted' ? 'HB-NEW-1' : null,
}));

const manifest = fc.record({
  number: fc.stringMatching(/^HB-[0-9]{6}-[0-9]{4}-[0-9]{6}$/),
  lines: fc.uniqueArray(fc.record({ lineNo: fc.integer({ min: 1, max: 5 }), wasteCode: fc.constantFrom('SW17', 'HW02'), description: fc.constantFrom('丹参药渣', 'residue'), quantity: tonnes, weighed: fc.boolean() }), {
    selector: (l) => l.lineNo,
    minLength: 1,
    maxLength: 5,
  }),
  events: fc.array(custody, { minLength: 1, maxLength: 8 }),
}) satisfies fc.Arbitrary<ManifestRecord>;

describe('properties of the EPCIS export', () => {
  it('every export validates against GS1’s schema and comes back through the import unchanged', () => {
    fc.assert(
      fc.property(manifest, (m) => {
        const doc = exportManifestEpcis(m, { base: BASE, createdAt: '2026-12-01T00:00:00Z' });
        expect(validate(doc)).toBe(true);
        const back = importEpcisDocument(JSON.parse(JSON.stringify(doc)), { base: BASE, partner: 'P' });
        expect(back.ok).toBe(true);
        if (!back.ok) return;
        expect(back.custody.map((e) => [e.id, e.step, e.at, e.signedFor, e.from ?? null, e.to ?? null, e.position ?? null, e.refusals ?? [], e.product ?? null])).toEqual(
          m.events.map((e) => [e.id, e.step, e.at, e.signedFor, e.from ?? null, e.to ?? null, e.position ?? null, e.refusals ?? [], e.product ?? null]),
        );
        // The quantities: the declared lines on creation, and as processing inputs when none were stated.
        const declared = m.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity }));
        expect(back.custody.map((e) => e.quantities)).toEqual(
          m.events.map((e) => (e.step === 'created' || (e.step === 'processed' && e.product && (e.quantities ?? []).length === 0) ? declared : (e.quantities ?? []))),
        );
      }),
      SEED,
    );
  });
});

describe('properties of quantities and frames', () => {
  it('tonnes survive grams both ways, exactly', () => {
    fc.assert(
      fc.property(grams, (g) => tonnesToGrams(gramsToTonnes(g)) === g),
      SEED,
    );
  });

  it('any message survives escaping into a frame and back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), fc.boolean(), (body, flags) => {
        const withFlags = flags ? Uint8Array.from([0x7e, ...body, 0x7d]) : body;
        const header = [0x02, 0x00, (withFlags.length >> 8) & 0x03, withFlags.length & 0xff, 0x01, 0x39, 0x12, 0x34, 0x56, 0x78, 0x7e, 0x7d];
        const f = parseFrame(buildFrame(Uint8Array.from([...header, ...withFlags])));
        expect([...f.body]).toEqual([...withFlags]);
        expect(f.serial).toBe(0x7e7d);
      }),
      SEED,
    );
  });
});
