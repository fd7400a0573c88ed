/**
 * Export of custody events and of a batch's genealogy as an EPCIS 2.0 JSON-LD document (GS1
 * EPCIS 2.0, CBV 2.0; issue 13 "Interoperability"). Identifiers: `epcis.ids.ts`; how each
 * custody step reads in the CBV: `epcis.vocabulary.ts`. Pure: the creation time is a parameter.
 *
 * - a custody step → ObjectEvent on the load (`epcList`) with the lots' tonnes (`quantityList`,
 *   unit `TNE`) when the step states quantities; processing that yields a product → a
 *   TransformationEvent from the lots to the product;
 * - `group` at a transfer station → AggregationEvent (ADD: the inbound loads into the outbound
 *   one); `split` and `blend` → TransformationEvent with the operation's `transformationID`.
 *
 * herbloop's own fields (`herbloop:step`, `herbloop:seq`, `herbloop:signedFor`,
 * `herbloop:refusals`, `herbloop:treatmentCode`, `herbloop:reroutedTo`, `herbloop:genealogy`,
 * `herbloop:parentQuantityList`) are
 * JSON-LD extensions under `HERBLOOP_EPCIS_NS`, so a round trip through the import loses nothing.
 */
import type { CustodyEvent, GenealogyLoad, GenealogyOperation, ManifestRecord } from './interchange';
import { epcisIds, geoUri, HERBLOOP_EPCIS_NS, type EpcisIds } from './epcis.ids';
import { stepInEpcis } from './epcis.vocabulary';
import { tonnesToGrams } from './tonnes';

export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

export type EpcisJson = string | number | boolean | null | EpcisJson[] | { [key: string]: EpcisJson };
export type EpcisEvent = Record<string, EpcisJson>;

export interface EpcisDocument {
  '@context': [string, { herbloop: string }];
  type: 'EPCISDocument';
  schemaVersion: '2.0';
  creationDate: string;
  epcisBody: { eventList: EpcisEvent[] };
}

export interface EpcisExportOptions {
  /** Public base URL of the deployment: the identifiers' authority (`epcis.ids.ts`). */
  base: string;
  /** The document's creation time (ISO). */
  createdAt: string;
  /** Offset of the events' local time; China Standard Time by default. */
  timeZoneOffset?: string;
}

interface Ctx {
  ids: EpcisIds;
  offset: string;
}

const qty = (tonnes: string): number => {
  const grams = tonnesToGrams(tonnes);
  if (grams === null) throw new RangeError(`not a decimal of tonnes: ${tonnes}`);
  return grams / 1_000_000;
};

const lotQuantities = (ctx: Ctx, manifest: string, lines: { lineNo: number; quantity: string }[]): EpcisJson[] =>
  lines.map((l) => ({ epcClass: ctx.ids.lot(manifest, l.lineNo), quantity: qty(l.quantity), uom: 'TNE' }));

/** The fields every event shares: time, zone, id, where, the manifest it belongs to. */
function common(ctx: Ctx, e: { id: string; at: string; recordedAt?: string | null; position?: { lat: number; lon: number } | null; siteId?: string | null }): EpcisEvent {
  const out: EpcisEvent = {
    eventID: `urn:uuid:${e.id}`,
    eventTime: new Date(e.at).toISOString(),
    eventTimeZoneOffset: ctx.offset,
  };
  if (e.recordedAt) out.recordTime = new Date(e.recordedAt).toISOString();
  if (e.position) out.readPoint = { id: geoUri(e.position.lat, e.position.lon) };
  else if (e.siteId) out.readPoint = { id: ctx.ids.site(e.siteId) };
  if (e.siteId) out.bizLocation = { id: ctx.ids.site(e.siteId) };
  return out;
}

function parties(ctx: Ctx, e: CustodyEvent): EpcisEvent {
  const out: EpcisEvent = {};
  if (e.from) out.sourceList = [{ type: 'possessing_party', source: ctx.ids.party(e.from) }];
  if (e.to) out.destinationList = [{ type: 'possessing_party', destination: ctx.ids.party(e.to) }];
  return out;
}

/** One custody event of a manifest as an EPCIS event. */
function custodyEvent(ctx: Ctx, m: ManifestRecord, e: CustodyEvent, seq: number): EpcisEvent {
  const load = ctx.ids.load(m.number);
  const extensions: EpcisEvent = {
    'herbloop:step': e.step,
    'herbloop:seq': seq,
    'herbloop:signedFor': ctx.ids.party(e.signedFor),
  };
  const bizTransactionList = [{ type: 'bol', bizTransaction: ctx.ids.manifest(m.number) }];
  if (e.step === 'processed' && e.product) {
    const inputs = e.quantities && e.quantities.length > 0 ? e.quantities : m.lines;
    return {
      type: 'TransformationEvent',
      ...common(ctx, e),
      inputEPCList: [load],
      inputQuantityList: lotQuantities(ctx, m.number, inputs),
      outputQuantityList: [{ epcClass: ctx.ids.product(e.product.code), quantity: qty(e.product.quantity), uom: 'TNE' }],
      bizStep: 'commissioning',
      disposition: 'active',
      bizTransactionList,
      ...parties(ctx, e),
      ...extensions,
      ...(e.treatmentCode ? { 'herbloop:treatmentCode': e.treatmentCode } : {}),
    };
  }
  const step = stepInEpcis[e.step];
  const refusals = e.refusals ?? [];
  const quantities = e.step === 'created' ? m.lines : (e.quantities ?? []);
  const allRefused = e.step === 'received' && refusals.length > 0 && quantities.every((q) => tonnesToGrams(q.quantity) === 0);
  const event: EpcisEvent = {
    type: 'ObjectEvent',
    ...common(ctx, e),
    epcList: [load],
    action: step.action,
    bizStep: step.bizStep,
    ...(step.disposition ? { disposition: allRefused ? 'non_conformant' : step.disposition } : {}),
    bizTransactionList,
    ...parties(ctx, e),
    ...extensions,
  };
  if (quantities.length > 0) event.quantityList = lotQuantities(ctx, m.number, quantities);
  if (e.step === 'created') {
    event.ilmd = {
      'herbloop:lines': m.lines.map((l) => ({ lot: ctx.ids.lot(m.number, l.lineNo), wasteCode: l.wasteCode, description: l.description, weighed: l.weighed })),
    };
  }
  if (refusals.length > 0) {
    event['herbloop:refusals'] = refusals.map((r) => ({ lot: ctx.ids.lot(m.number, r.lineNo), quantity: qty(r.quantity), uom: 'TNE', reason: r.reason }));
  }
  if (e.treatmentCode) event['herbloop:treatmentCode'] = e.treatmentCode;
  if (e.reroutedTo) event['herbloop:reroutedTo'] = ctx.ids.manifest(e.reroutedTo);
  return event;
}

const loadsOf = (ctx: Ctx, loads: GenealogyLoad[]) => loads.map((l) => ctx.ids.load(l.manifestNumber));
const lotsOf = (ctx: Ctx, loads: GenealogyLoad[]) => loads.flatMap((l) => lotQuantities(ctx, l.manifestNumber, l.lines));

/** A transfer station's operation as an EPCIS event. */
function genealogyEvent(ctx: Ctx, op: GenealogyOperation): EpcisEvent {
  const base = { ...common(ctx, op), 'herbloop:genealogy': op.kind, 'herbloop:signedFor': ctx.ids.party(op.operator) };
  switch (op.kind) {
    case 'group':
      return {
        type: 'AggregationEvent',
        ...base,
        parentID: ctx.ids.load(op.outputs[0]!.manifestNumber),
        childEPCs: loadsOf(ctx, op.inputs),
        childQuantityList: lotsOf(ctx, op.inputs),
        'herbloop:parentQuantityList': lotsOf(ctx, op.outputs),
        action: 'ADD',
        bizStep: 'packing',
        disposition: 'in_progress',
      };
    case 'split':
    case 'blend':
      return {
        type: 'TransformationEvent',
        ...base,
        transformationID: ctx.ids.transformation(op.id),
        inputEPCList: loadsOf(ctx, op.inputs),
        inputQuantityList: lotsOf(ctx, op.inputs),
        outputEPCList: loadsOf(ctx, op.outputs),
        outputQuantityList: lotsOf(ctx, op.outputs),
        bizStep: op.kind === 'split' ? 'repackaging' : 'assembling',
        disposition: 'in_progress',
      };
  }
}

function document(events: EpcisEvent[], options: EpcisExportOptions): EpcisDocument {
  return {
    '@context': [EPCIS_CONTEXT, { herbloop: HERBLOOP_EPCIS_NS }],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: new Date(options.createdAt).toISOString(),
    epcisBody: { eventList: events },
  };
}

const ctxOf = (options: EpcisExportOptions): Ctx => ({ ids: epcisIds(options.base), offset: options.timeZoneOffset ?? '+08:00' });

/** The custody events of one manifest, in sequence order. */
export function exportManifestEpcis(manifest: ManifestRecord, options: EpcisExportOptions): EpcisDocument {
  const ctx = ctxOf(options);
  return document(
    manifest.events.map((e, i) => custodyEvent(ctx, manifest, e, i + 1)),
    options,
  );
}

/**
 * A batch's genealogy: the custody events of every manifest involved and the transfer
 * stations' operations between them, in time order (ties: manifests' events first, in their
 * sequence, so a load is delivered before it is grouped).
 */
export function exportGenealogyEpcis(manifests: ManifestRecord[], operations: GenealogyOperation[], options: EpcisExportOptions): EpcisDocument {
  const ctx = ctxOf(options);
  const timed: { t: number; order: number; event: EpcisEvent }[] = [];
  let order = 0;
  for (const m of manifests) {
    m.events.forEach((e, i) => timed.push({ t: Date.parse(e.at), order: order++, event: custodyEvent(ctx, m, e, i + 1) }));
  }
  for (const op of operations) timed.push({ t: Date.parse(op.at), order: order++, event: genealogyEvent(ctx, op) });
  timed.sort((a, b) => a.t - b.t || a.order - b.order);
  return document(
    timed.map((x) => x.event),
    options,
  );
}
