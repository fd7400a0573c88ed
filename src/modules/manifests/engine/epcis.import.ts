/**
 * Import of a partner's EPCIS 2.0 document: parse, validate (`epcis.schema.ts`), and map each
 * event back onto the custody events and genealogy operations the manifests module records
 * (`interchange.ts`). All or nothing: on one issue or more, nothing is returned but the issues, each naming
 * the event's index in `eventList` and the field (a dotted path), with a message code.
 *
 * Loads, lots, parties, sites and manifests must be named in herbloop's identifier scheme
 * (`epcis.ids.ts`): a partner reports on loads that travel under herbloop's manifests, whose
 * identifiers it reads from the manifest or its QR label. A custody step is taken from
 * `herbloop:step` when present, otherwise from the CBV bizStep and disposition
 * (`stepOfObjectEvent`). Quantities in `TNE` or `KGM` become decimal strings of tonnes, rounded
 * to the gram. Who signed: `herbloop:signedFor`, else the partner importing the document.
 */
import type { ZodError } from 'zod';
import type { CustodyEvent, CustodyStep, GenealogyLoad, GenealogyOperation, LineQuantity, LineRefusal } from './interchange';
import { epcisIds, parseGeoUri, type EpcisIds, type ParsedEpc } from './epcis.ids';
import {
  aggregationEvent,
  epcisDocumentHead,
  objectEvent,
  transformationEvent,
  type AggregationEventIn,
  type ObjectEventIn,
  type QuantityElementIn,
  type TransformationEventIn,
} from './epcis.schema';
import { bareCbvTerm, stepOfObjectEvent } from './epcis.vocabulary';
import { gramsToTonnes, numberToGrams } from './tonnes';

export type EpcisIssueCode =
  | 'manifests.epcis-invalid'
  | 'manifests.epcis-unsupported-event'
  | 'manifests.epcis-unknown-step'
  | 'manifests.epcis-foreign-identifier'
  | 'manifests.epcis-one-load'
  | 'manifests.epcis-unit'
  | 'manifests.epcis-missing';

export interface EpcisImportIssue {
  /** Index in `epcisBody.eventList`; null for the document itself. */
  event: number | null;
  /** Dotted path of the field inside the event (or the document). */
  field: string;
  code: EpcisIssueCode;
  params: Record<string, string | number>;
}

/** A custody event read from a partner; `id` is the event's UUID when its eventID is a `urn:uuid:`. */
export interface ImportedCustodyEvent extends Omit<CustodyEvent, 'id'> {
  id: string | null;
  /** The partner's eventID (idempotency: the same event imported twice is one event). */
  sourceEventId: string | null;
  manifestNumber: string;
  eventIndex: number;
}

export interface ImportedGenealogyOperation extends Omit<GenealogyOperation, 'id'> {
  id: string | null;
  sourceEventId: string | null;
  eventIndex: number;
}

export type EpcisImportResult =
  | { ok: true; custody: ImportedCustodyEvent[]; genealogy: ImportedGenealogyOperation[] }
  | { ok: false; issues: EpcisImportIssue[] };

export interface EpcisImportOptions {
  /** Public base URL of the deployment (the identifiers' authority). */
  base: string;
  /** Credit code of the partner organisation importing the document. */
  partner: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Collects the issues of one event while mapping it. */
class EventReader {
  readonly issues: EpcisImportIssue[] = [];
  constructor(
    readonly ids: EpcisIds,
    readonly index: number,
  ) {}

  issue(field: string, code: EpcisIssueCode, params: Record<string, string | number> = {}): void {
    this.issues.push({ event: this.index, field, code, params });
  }

  /** The URI parsed as one of herbloop's identifiers of the expected kind(s), or an issue. */
  ref<K extends ParsedEpc['kind']>(uri: string, field: string, ...kinds: K[]): Extract<ParsedEpc, { kind: K }> | null {
    const parsed = this.ids.parse(uri);
    if (parsed && (kinds as string[]).includes(parsed.kind)) return parsed as Extract<ParsedEpc, { kind: K }>;
    this.issue(field, 'manifests.epcis-foreign-identifier', { value: uri, expected: kinds.join('|') });
    return null;
  }

  /** Tonnes of a quantity element (TNE or KGM), or an issue. */
  tonnes(q: { quantity?: number; uom?: string }, field: string): string | null {
    if (q.quantity === undefined) {
      this.issue(`${field}.quantity`, 'manifests.epcis-missing');
      return null;
    }
    switch (q.uom ?? '') {
      case 'TNE':
        return gramsToTonnes(numberToGrams(q.quantity));
      case 'KGM':
        return gramsToTonnes(Math.round(q.quantity * 1000));
      default:
        this.issue(`${field}.uom`, 'manifests.epcis-unit', { value: q.uom ?? '' });
        return null;
    }
  }

  /** Lot quantities grouped by manifest, in the order met. */
  lots(list: QuantityElementIn[] | undefined, field: string): Map<string, LineQuantity[]> {
    const byManifest = new Map<string, LineQuantity[]>();
    (list ?? []).forEach((q, k) => {
      const lot = this.ref(q.epcClass, `${field}.${k}.epcClass`, 'lot');
      const quantity = this.tonnes(q, `${field}.${k}`);
      if (!lot || quantity === null) return;
      const lines = byManifest.get(lot.key) ?? [];
      lines.push({ lineNo: lot.lineNo, quantity });
      byManifest.set(lot.key, lines);
    });
    return byManifest;
  }

  loads(list: string[] | undefined, field: string): string[] {
    const out: string[] = [];
    (list ?? []).forEach((uri, k) => {
      const load = this.ref(uri, `${field}.${k}`, 'load');
      if (load) out.push(load.key);
    });
    return out;
  }

  party(uri: string | undefined, field: string): string | null {
    if (uri === undefined) return null;
    return this.ref(uri, field, 'party')?.key ?? null;
  }
}

function zodIssues(error: ZodError, event: number | null): EpcisImportIssue[] {
  return error.issues.map((i) => ({
    event,
    field: i.path.map(String).join('.'),
    code: 'manifests.epcis-invalid' as const,
    params: { reason: i.code },
  }));
}

/** Where, when and who: the fields custody events and operations share. */
function placeAndTime(r: EventReader, e: ObjectEventIn | AggregationEventIn | TransformationEventIn) {
  const geo = e.readPoint ? parseGeoUri(e.readPoint.id) : null;
  let siteId: string | null = null;
  if (e.bizLocation) siteId = r.ref(e.bizLocation.id, 'bizLocation.id', 'site')?.key ?? null;
  else if (e.readPoint && !geo) siteId = r.ref(e.readPoint.id, 'readPoint.id', 'site')?.key ?? null;
  const eventId = e.eventID ?? null;
  const uuid = eventId?.startsWith('urn:uuid:') ? eventId.slice('urn:uuid:'.length) : null;
  return {
    id: uuid && UUID.test(uuid) ? uuid.toLowerCase() : null,
    sourceEventId: eventId,
    at: new Date(e.eventTime).toISOString(),
    recordedAt: null,
    position: geo,
    siteId,
  };
}

function signer(r: EventReader, e: { 'herbloop:signedFor'?: string | undefined }, partner: string): string {
  return r.party(e['herbloop:signedFor'], 'herbloop:signedFor') ?? partner;
}

/** Who held the load before and after: the possessing parties of the source and destination lists. */
function possession(r: EventReader, e: ObjectEventIn | TransformationEventIn): { from: string | null; to: string | null } {
  return {
    from: r.party(e.sourceList?.find((s) => s.type.endsWith('possessing_party'))?.source, 'sourceList'),
    to: r.party(e.destinationList?.find((d) => d.type.endsWith('possessing_party'))?.destination, 'destinationList'),
  };
}

/** The one manifest an event is about: every load and lot it names must belong to it. */
function oneManifest(r: EventReader, loads: string[], lots: Map<string, LineQuantity[]>, field: string): string | null {
  const numbers = new Set([...loads, ...lots.keys()]);
  if (numbers.size === 1) return [...numbers][0]!;
  r.issue(field, 'manifests.epcis-one-load', { count: numbers.size });
  return null;
}

function readObjectEvent(r: EventReader, e: ObjectEventIn, options: EpcisImportOptions): ImportedCustodyEvent | null {
  const bizStep = e.bizStep === undefined ? undefined : bareCbvTerm(e.bizStep, 'bizstep');
  const disposition = e.disposition === undefined ? null : bareCbvTerm(e.disposition, 'disp');
  let step: CustodyStep | null = e['herbloop:step'] ?? null;
  if (!step) {
    if (bizStep === undefined) r.issue('bizStep', 'manifests.epcis-missing');
    else step = stepOfObjectEvent(e.action, bizStep, disposition);
    if (bizStep !== undefined && !step) r.issue('bizStep', 'manifests.epcis-unknown-step', { value: bizStep, action: e.action });
  }
  const loads = r.loads(e.epcList, 'epcList');
  const lots = r.lots(e.quantityList, 'quantityList');
  const number = oneManifest(r, loads, lots, 'epcList');
  const refusals: LineRefusal[] = [];
  (e['herbloop:refusals'] ?? []).forEach((x, k) => {
    const lot = r.ref(x.lot, `herbloop:refusals.${k}.lot`, 'lot');
    const quantity = r.tonnes(x, `herbloop:refusals.${k}`);
    if (lot && number !== null && lot.key !== number) r.issue(`herbloop:refusals.${k}.lot`, 'manifests.epcis-one-load', { count: 2 });
    if (lot && quantity !== null) refusals.push({ lineNo: lot.lineNo, quantity, reason: x.reason });
  });
  const reroutedTo = e['herbloop:reroutedTo'] === undefined ? null : (r.ref(e['herbloop:reroutedTo'], 'herbloop:reroutedTo', 'manifest')?.key ?? null);
  if (step === 'rerouted' && e['herbloop:reroutedTo'] === undefined) r.issue('herbloop:reroutedTo', 'manifests.epcis-missing');
  const { from, to } = possession(r, e);
  const signedFor = signer(r, e, options.partner);
  if (!step || number === null || r.issues.length > 0) return null;
  return {
    ...placeAndTime(r, e),
    eventIndex: r.index,
    manifestNumber: number,
    step,
    signedFor,
    from,
    to,
    quantities: lots.get(number) ?? [],
    refusals,
    treatmentCode: e['herbloop:treatmentCode'] ?? null,
    product: null,
    reroutedTo,
  };
}

function toLoads(loads: string[], lots: Map<string, LineQuantity[]>): GenealogyLoad[] {
  const numbers = [...new Set([...loads, ...lots.keys()])];
  return numbers.map((n) => ({ manifestNumber: n, lines: lots.get(n) ?? [] }));
}

function readAggregationEvent(r: EventReader, e: AggregationEventIn, options: EpcisImportOptions): ImportedGenealogyOperation | null {
  if (e.action !== 'ADD') r.issue('action', 'manifests.epcis-unsupported-event', { value: e.action });
  if (e.parentID === undefined) r.issue('parentID', 'manifests.epcis-missing');
  const parent = e.parentID === undefined ? null : r.ref(e.parentID, 'parentID', 'load');
  const inputs = toLoads(r.loads(e.childEPCs, 'childEPCs'), r.lots(e.childQuantityList, 'childQuantityList'));
  const outputLots = r.lots(e['herbloop:parentQuantityList'], 'herbloop:parentQuantityList');
  const operator = signer(r, e, options.partner);
  const place = placeAndTime(r, e);
  if (!parent || r.issues.length > 0) return null;
  if (!place.siteId) {
    r.issue('bizLocation', 'manifests.epcis-missing');
    return null;
  }
  return { ...place, siteId: place.siteId, eventIndex: r.index, kind: 'group', operator, inputs, outputs: [{ manifestNumber: parent.key, lines: outputLots.get(parent.key) ?? [] }] };
}

/** A TransformationEvent is processing (its output a product) or a split or blend of loads. */
function readTransformationEvent(r: EventReader, e: TransformationEventIn, options: EpcisImportOptions): ImportedCustodyEvent | ImportedGenealogyOperation | null {
  const outputs = e.outputQuantityList ?? [];
  const firstOutput = outputs[0] ? r.ids.parse(outputs[0].epcClass) : null;
  if (firstOutput?.kind === 'product') {
    const loads = r.loads(e.inputEPCList, 'inputEPCList');
    const lots = r.lots(e.inputQuantityList, 'inputQuantityList');
    const number = oneManifest(r, loads, lots, 'inputEPCList');
    if (outputs.length !== 1) r.issue('outputQuantityList', 'manifests.epcis-unsupported-event', { count: outputs.length });
    const quantity = r.tonnes(outputs[0]!, 'outputQuantityList.0');
    const { from, to } = possession(r, e);
    const signedFor = signer(r, e, options.partner);
    if (number === null || quantity === null || r.issues.length > 0) return null;
    return {
      ...placeAndTime(r, e),
      eventIndex: r.index,
      manifestNumber: number,
      step: 'processed',
      signedFor,
      from,
      to,
      quantities: lots.get(number) ?? [],
      treatmentCode: e['herbloop:treatmentCode'] ?? null,
      product: { code: firstOutput.key, quantity },
    };
  }
  const inputs = toLoads(r.loads(e.inputEPCList, 'inputEPCList'), r.lots(e.inputQuantityList, 'inputQuantityList'));
  const outs = toLoads(r.loads(e.outputEPCList, 'outputEPCList'), r.lots(e.outputQuantityList, 'outputQuantityList'));
  const kind = e['herbloop:genealogy'] ?? (inputs.length === 1 ? 'split' : 'blend');
  const operator = signer(r, e, options.partner);
  const place = placeAndTime(r, e);
  if (r.issues.length > 0) return null;
  if (!place.siteId) {
    r.issue('bizLocation', 'manifests.epcis-missing');
    return null;
  }
  return { ...place, siteId: place.siteId, eventIndex: r.index, kind, operator, inputs, outputs: outs };
}

/** Reads a partner's EPCIS 2.0 document (already parsed from JSON). */
export function importEpcisDocument(input: unknown, options: EpcisImportOptions): EpcisImportResult {
  const head = epcisDocumentHead.safeParse(input);
  if (!head.success) return { ok: false, issues: zodIssues(head.error, null) };
  const ids = epcisIds(options.base);
  const issues: EpcisImportIssue[] = [];
  const custody: ImportedCustodyEvent[] = [];
  const genealogy: ImportedGenealogyOperation[] = [];
  head.data.epcisBody.eventList.forEach((raw, index) => {
    const r = new EventReader(ids, index);
    const type = typeof raw === 'object' && raw !== null && 'type' in raw ? raw.type : undefined;
    switch (type) {
      case 'ObjectEvent': {
        const p = objectEvent.safeParse(raw);
        if (!p.success) issues.push(...zodIssues(p.error, index));
        else {
          const out = readObjectEvent(r, p.data, options);
          if (out) custody.push(out);
        }
        break;
      }
      case 'AggregationEvent': {
        const p = aggregationEvent.safeParse(raw);
        if (!p.success) issues.push(...zodIssues(p.error, index));
        else {
          const out = readAggregationEvent(r, p.data, options);
          if (out) genealogy.push(out);
        }
        break;
      }
      case 'TransformationEvent': {
        const p = transformationEvent.safeParse(raw);
        if (!p.success) issues.push(...zodIssues(p.error, index));
        else {
          const out = readTransformationEvent(r, p.data, options);
          if (out && 'step' in out) custody.push(out);
          else if (out) genealogy.push(out);
        }
        break;
      }
      default:
        r.issue('type', 'manifests.epcis-unsupported-event', { value: typeof type === 'string' ? type : '' });
    }
    issues.push(...r.issues);
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, custody, genealogy };
}

