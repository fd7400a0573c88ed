/**
 * EPCIS 2.0 (issue 13, "Interoperability"): a manifest's custody events, or a batch's genealogy,
 * mapped onto the engines' picture (`engine/interchange.ts`) and exported as JSON-LD; a
 * partner's document read by the import engine and entered through the same commands as
 * signatures on the platform (`signTransition`, `recordOperation`), in the caller's one
 * transaction: all or nothing, each refusal naming the event (`epcisBody.eventList.N`).
 */
import type { Executor, Trx } from '../../db/database';
import { AppError, errors, type FieldIssue } from '../../platform/errors';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { exportGenealogyEpcis, exportManifestEpcis, type EpcisDocument } from './engine/epcis';
import { importEpcisDocument, type EpcisImportIssue, type ImportedCustodyEvent, type ImportedGenealogyOperation } from './engine/epcis.import';
import type { CustodyEvent, GenealogyOperation, LineQuantity, LineRefusal, ManifestRecord } from './engine/interchange';
import { fromMilli } from './engine/quantity';
import { gramsToTonnes, tonnesToGrams } from './engine/tonnes';
import type { EventPayload, JsonValue } from './engine/trail';
import * as grepo from './manifests.genealogy.repository';
import { lineGrams, recordOperation, type LoadInput } from './manifests.genealogy.service';
import type { EpcisImportView } from './manifests.genealogy.schema';
import type { ManifestsDeps } from './manifests.keys.service';
import * as repo from './manifests.repository';
import type { SignEventBody } from './manifests.schema';
import { mayRead, partiesOf, signingMethod } from './manifests.service';
import { signTransition } from './manifests.sign.service';
import type { ManifestEventRow, ManifestLineRow, ManifestRow } from './manifests.tables';

/** The largest EPCIS document the import reads (the API's body cap and the CLI's file cap). */
export const EPCIS_IMPORT_MAX_BYTES = 4 * 1024 * 1024;

/** Loads followed through transfer stations for one genealogy export, at most. */
export const GENEALOGY_EXPORT_MAX_LOADS = 500;

type Rec = Record<string, unknown>;
const records = (v: unknown): Rec[] => (Array.isArray(v) ? v.filter((x): x is Rec => typeof x === 'object' && x !== null) : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** Tonnes (decimal string) of a quantity written in the line's unit. */
function tonnesOfLine(line: ManifestLineRow | undefined, quantity: string): string {
  return gramsToTonnes(lineGrams(quantity, line?.unit ?? 't'));
}

/** One stored trail event as a custody event; null for records (revisions, genealogy), which are no custody step. */
function custodyOf(m: ManifestRow, e: ManifestEventRow, lines: ManifestLineRow[], transporters: string[], key: (id: string) => string): CustodyEvent | null {
  const p = JSON.parse(e.payload) as EventPayload;
  const d = p.data as Rec;
  const lineOf = (n: number) => lines.find((l) => l.line_no === n);
  const base: CustodyEvent = {
    id: e.id,
    step: 'created',
    at: e.at.toISOString(),
    recordedAt: e.recorded_at.toISOString(),
    signedFor: key(e.signer_organisation_id),
    position: p.location ? { lat: Number(p.location.lat), lon: Number(p.location.lon) } : null,
  };
  const last = transporters.length > 0 ? key(transporters[transporters.length - 1]!) : null;
  switch (e.kind) {
    case 'revised':
    case 'genealogy':
      return null;
    case 'created':
    case 'sealed':
      return { ...base, step: e.kind, siteId: m.generator_site_id };
    case 'picked-up': {
      const quantities: LineQuantity[] = records(d.weights).flatMap((w) => {
        const line = num(w.line);
        const q = str(w.quantity);
        return line === null || q === null ? [] : [{ lineNo: line, quantity: tonnesOfLine(lineOf(line), q) }];
      });
      return { ...base, step: e.kind, siteId: m.generator_site_id, from: key(m.generator_id), to: transporters[0] ? key(transporters[0]) : null, quantities };
    }
    case 'handed-over': {
      const from = num(d.from);
      const to = num(d.to);
      return { ...base, step: e.kind, from: from ? key(transporters[from - 1] ?? '') : null, to: to ? key(transporters[to - 1] ?? '') : null };
    }
    case 'delivered':
      return { ...base, step: e.kind, siteId: m.receiver_site_id };
    case 'received': {
      const quantities: LineQuantity[] = [];
      const refusals: LineRefusal[] = [];
      for (const r of records(d.lines)) {
        const line = num(r.line);
        const received = str(r.received);
        if (line === null || received === null) continue;
        const refused = str(r.refused) ?? '0';
        const row = lineOf(line);
        const refusedGrams = lineGrams(refused, row?.unit ?? 't');
        // Never below zero: a hand-edited payload must not make the export throw.
        quantities.push({ lineNo: line, quantity: gramsToTonnes(Math.max(0, lineGrams(received, row?.unit ?? 't') - refusedGrams)) });
        if (refusedGrams > 0) refusals.push({ lineNo: line, quantity: gramsToTonnes(refusedGrams), reason: str(r.reason) ?? '' });
      }
      return { ...base, step: e.kind, siteId: m.receiver_site_id, from: last, to: key(m.receiver_id), quantities, refusals };
    }
    case 'processed':
      return { ...base, step: e.kind, siteId: m.receiver_site_id, treatmentCode: str(d.treatmentCode) };
    case 'closed':
    case 'cancelled':
    case 'returned':
      return { ...base, step: e.kind };
    case 'rerouted':
      return { ...base, step: e.kind, reroutedTo: str(d.toNumber) };
  }
}

/** Manifests as the engines' records: lines in tonnes, custody events in sequence order. */
async function manifestRecords(db: Executor, rows: ManifestRow[]): Promise<ManifestRecord[]> {
  const ids = rows.map((m) => m.id);
  const [lines, events, transporters] = [await repo.linesOf(db, ids), await repo.eventsOf(db, ids), await repo.transportersOf(db, ids)];
  const keys = await grepo.partyKeys(db, [...rows.flatMap((m) => [m.generator_id, m.receiver_id]), ...transporters.map((t) => t.organisation_id), ...events.map((e) => e.signer_organisation_id)]);
  const key = (id: string) => keys.get(id) ?? id;
  return rows.map((m) => {
    const own = lines.filter((l) => l.manifest_id === m.id);
    const carriers = transporters.filter((t) => t.manifest_id === m.id).map((t) => t.organisation_id);
    return {
      number: m.number,
      lines: own.map((l) => ({ lineNo: l.line_no, wasteCode: l.waste_code, description: l.description, quantity: tonnesOfLine(l, l.quantity), weighed: l.measure === 'weighed' })),
      events: events.filter((e) => e.manifest_id === m.id).flatMap((e) => custodyOf(m, e, own, carriers, key) ?? []),
    };
  });
}

async function readable(db: Executor, ctx: ServiceContext, m: ManifestRow): Promise<boolean> {
  return mayRead(db, ctx, await partiesOf(db, m));
}

/**
 * A manifest's events as an EPCIS document, or (`genealogy`) the batch it belongs to: every load
 * linked to it through transfer stations, followed both ways. The viewer gets the custody events
 * of the loads it may read and the operations that touch at least one of them.
 */
export async function exportEpcis(db: Executor, ctx: ServiceContext, base: string, id: string, options: { genealogy: boolean }, now = new Date()): Promise<EpcisDocument> {
  const m = await repo.findManifest(db, id);
  if (!m || !(await readable(db, ctx, m))) throw errors.notFound('Manifest', id);
  const exportOptions = { base, createdAt: now.toISOString() };
  if (!options.genealogy) return exportManifestEpcis((await manifestRecords(db, [m]))[0]!, exportOptions);

  const seen = new Set([id]);
  const ops = new Map<string, grepo.OperationWithLines>();
  let frontier = [id];
  while (frontier.length > 0 && seen.size < GENEALOGY_EXPORT_MAX_LOADS) {
    const found = await grepo.operationsOf(db, frontier);
    frontier = [];
    for (const op of found) {
      ops.set(op.operation.id, op);
      for (const l of op.lines) {
        if (seen.has(l.manifest_id) || seen.size >= GENEALOGY_EXPORT_MAX_LOADS) continue;
        seen.add(l.manifest_id);
        frontier.push(l.manifest_id);
      }
    }
  }
  const rows: ManifestRow[] = [];
  for (const mid of seen) {
    const row = mid === id ? m : await repo.findManifest(db, mid);
    if (row && (row.id === id || (await readable(db, ctx, row)))) rows.push(row);
  }
  const visible = new Set(rows.map((r) => r.id));
  const keys = await grepo.partyKeys(db, [...ops.values()].map((o) => o.operation.operator_id));
  const operations: GenealogyOperation[] = [...ops.values()]
    .filter((o) => o.lines.some((l) => visible.has(l.manifest_id)))
    .map(({ operation, lines }) => {
      const side = (s: 'input' | 'output') => {
        const numbers = [...new Set(lines.filter((l) => l.side === s).map((l) => l.number))];
        return numbers.map((n) => ({ manifestNumber: n, lines: lines.filter((l) => l.side === s && l.number === n).map((l) => ({ lineNo: l.line_no, quantity: gramsToTonnes(tonnesToGrams(l.quantity) ?? 0) })) }));
      };
      return { id: operation.id, kind: operation.kind, at: operation.at.toISOString(), recordedAt: operation.recorded_at.toISOString(), operator: keys.get(operation.operator_id) ?? operation.operator_id, siteId: operation.site_id, inputs: side('input'), outputs: side('output') };
    });
  rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.number.localeCompare(b.number));
  return exportGenealogyEpcis(await manifestRecords(db, rows), operations, exportOptions);
}

const issueMessages: Record<EpcisImportIssue['code'], string> = {
  'manifests.epcis-invalid': 'Not a valid EPCIS 2.0 field.',
  'manifests.epcis-unsupported-event': 'herbloop does not take this kind of event.',
  'manifests.epcis-unknown-step': 'No custody step reads this way in the CBV.',
  'manifests.epcis-foreign-identifier': "Not one of herbloop's identifiers of the expected kind.",
  'manifests.epcis-one-load': 'An event is about one load (one manifest).',
  'manifests.epcis-unit': 'Quantities are in tonnes (TNE) or kilograms (KGM).',
  'manifests.epcis-missing': 'This field is required.',
};

const eventField = (index: number | null, field: string) => (index === null ? field : `epcisBody.eventList.${index}${field ? `.${field}` : ''}`);

/** Milli-units of a line's own unit for a quantity of tonnes (tonne lines round to the kilogram). */
function inLineUnit(tonnes: string, line: ManifestLineRow | undefined): string {
  const grams = tonnesToGrams(tonnes) ?? 0;
  return fromMilli(line?.unit === 'kg' ? grams : Math.round(grams / 1000));
}

/** The platform's signing command for a partner's custody event; a FieldIssue when it cannot be one. */
function signBody(e: ImportedCustodyEvent, m: ManifestRow, lines: ManifestLineRow[], transporters: string[], toOrganisation: string | null): SignEventBody | FieldIssue {
  const at = (field: string, code: string, message: string, params: Record<string, string | number> = {}): FieldIssue => ({ field: eventField(e.eventIndex, field), code, message, params });
  const location = e.position ? { location: e.position } : {};
  const lineOf = (n: number) => lines.find((l) => l.line_no === n);
  const reason = `Reported by a partner system (EPCIS ${e.sourceEventId ?? `event ${e.eventIndex}`})`;
  switch (e.step) {
    case 'sealed':
    case 'delivered':
    case 'closed':
      return { kind: e.step, ...location };
    case 'picked-up':
      return { kind: e.step, weights: (e.quantities ?? []).map((q) => ({ line: q.lineNo, quantity: inLineUnit(q.quantity, lineOf(q.lineNo)) })), ...location };
    case 'handed-over': {
      const holder = m.holder ?? 0;
      const position = toOrganisation ? transporters.findIndex((t, i) => i >= holder && t === toOrganisation) + 1 : 0;
      return { kind: e.step, to: position > 0 ? position : holder + 1, ...location };
    }
    case 'received': {
      const numbers = [...new Set([...(e.quantities ?? []).map((q) => q.lineNo), ...(e.refusals ?? []).map((r) => r.lineNo)])].sort((a, b) => a - b);
      if (numbers.length === 0) return at('quantityList', 'manifests.epcis-missing', 'A receipt states what was received of each line.');
      return {
        kind: e.step,
        lines: numbers.map((n) => {
          const accepted = tonnesToGrams(e.quantities?.find((q) => q.lineNo === n)?.quantity ?? '0') ?? 0;
          const refusal = e.refusals?.find((r) => r.lineNo === n);
          const refused = tonnesToGrams(refusal?.quantity ?? '0') ?? 0;
          const outcome = refused === 0 ? ('accepted' as const) : accepted === 0 ? ('refused' as const) : ('partially-refused' as const);
          return {
            line: n,
            outcome,
            received: inLineUnit(gramsToTonnes(accepted + refused), lineOf(n)),
            ...(outcome === 'partially-refused' ? { refused: inLineUnit(gramsToTonnes(refused), lineOf(n)) } : {}),
            ...(refusal ? { reason: refusal.reason } : {}),
          };
        }),
        ...location,
      };
    }
    case 'processed':
      if (!e.treatmentCode) return at('herbloop:treatmentCode', 'manifests.epcis-missing', 'Processing names its treatment or utilisation code.');
      return { kind: e.step, treatmentCode: e.treatmentCode, ...(e.product ? { product: e.product.code } : {}), ...location };
    case 'cancelled':
    case 'returned':
      return { kind: e.step, reason, ...location };
    case 'rerouted':
    case 'created':
      // A new receiver needs its parties and transporters, which EPCIS does not carry: rerouting is done on the platform.
      return at('herbloop:step', 'manifests.epcis-unsupported-event', 'Rerouting is signed on the platform.', { value: e.step });
  }
}

const isIssue = (x: SignEventBody | FieldIssue): x is FieldIssue => 'field' in x;

/** An error of the signing command, naming the document's event it came from. */
function naming(err: unknown, index: number): unknown {
  if (!(err instanceof AppError)) return err;
  const fields = err.fields?.length ? err.fields.map((f) => ({ ...f, field: eventField(index, f.field) })) : [{ field: eventField(index, ''), message: err.message, code: `manifests.epcis-refused` }];
  return new AppError(err.code, `Event ${index}: ${err.message}`, fields, err.extra);
}

/**
 * Imports a partner's EPCIS document (parsed JSON): every event in document order, through the
 * platform's own commands, in the caller's transaction. The same event imported again (our
 * eventID on the manifest's trail, or the partner's eventID for that signer) is a duplicate, and
 * a `created` event is acknowledged: manifests are created on the platform.
 */
export async function importEpcis(trx: Trx, ctx: ServiceContext, deps: ManifestsDeps, base: string, json: unknown, now = new Date()): Promise<EpcisImportView> {
  const method = await signingMethod(trx, ctx, undefined);
  const actor = actorOf(ctx.viewer);
  const partner = actor ? ((await grepo.partyKeys(trx, [actor.organisationId])).get(actor.organisationId) ?? '') : '';
  const read = importEpcisDocument(json, { base, partner });
  if (!read.ok) {
    const fields = read.issues.map((i) => ({ field: eventField(i.event, i.field), code: i.code, message: issueMessages[i.code], params: i.params }));
    throw errors.validation(`The EPCIS document has ${fields.length} issue(s); nothing was imported.`, fields);
  }
  const items: ({ custody: ImportedCustodyEvent } | { genealogy: ImportedGenealogyOperation })[] = [...read.custody.map((custody) => ({ custody })), ...read.genealogy.map((genealogy) => ({ genealogy }))];
  const index = (x: (typeof items)[number]) => ('custody' in x ? x.custody.eventIndex : x.genealogy.eventIndex);
  items.sort((a, b) => index(a) - index(b));

  // Every reference resolved before anything is written: unknown ones are all named at once.
  const numbers = [...read.custody.map((e) => e.manifestNumber), ...read.genealogy.flatMap((g) => [...g.inputs, ...g.outputs].map((l) => l.manifestNumber))];
  const byNumber = new Map((await grepo.findManifestsByNumber(trx, numbers)).map((r) => [r.number, r.id]));
  const orgs = await grepo.organisationsByKey(trx, [...read.custody.flatMap((e) => [e.signedFor, ...(e.to ? [e.to] : [])]), ...read.genealogy.map((g) => g.operator)]);
  const sites = await grepo.existingSites(trx, read.genealogy.map((g) => g.siteId));
  const unresolved: FieldIssue[] = [];
  const unknownLoad = (i: number, field: string, n: string) => unresolved.push({ field: eventField(i, field), code: 'manifests.epcis-unknown-load', message: `No manifest ${n} on this platform.`, params: { number: n } });
  for (const e of read.custody) {
    if (!byNumber.has(e.manifestNumber)) unknownLoad(e.eventIndex, 'epcList', e.manifestNumber);
    if (!orgs.has(e.signedFor)) unresolved.push({ field: eventField(e.eventIndex, 'herbloop:signedFor'), code: 'manifests.epcis-unknown-party', message: `No organisation ${e.signedFor || '(none named)'} on this platform.`, params: { party: e.signedFor } });
  }
  for (const g of read.genealogy) {
    const [inField, outField] = g.kind === 'group' ? ['childEPCs', 'parentID'] : ['inputEPCList', 'outputEPCList'];
    for (const l of g.inputs) if (!byNumber.has(l.manifestNumber)) unknownLoad(g.eventIndex, inField, l.manifestNumber);
    for (const l of g.outputs) if (!byNumber.has(l.manifestNumber)) unknownLoad(g.eventIndex, outField, l.manifestNumber);
    if (!orgs.has(g.operator)) unresolved.push({ field: eventField(g.eventIndex, 'herbloop:signedFor'), code: 'manifests.epcis-unknown-party', message: `No organisation ${g.operator || '(none named)'} on this platform.`, params: { party: g.operator } });
    if (!sites.has(g.siteId)) unresolved.push({ field: eventField(g.eventIndex, 'bizLocation.id'), code: 'manifests.epcis-unknown-site', message: 'No such site on this platform.', params: { site: g.siteId } });
  }
  if (unresolved.length > 0) throw errors.validation(`The EPCIS document names ${unresolved.length} thing(s) this platform does not know; nothing was imported.`, unresolved);

  const out: EpcisImportView = { appended: 0, operations: 0, duplicates: 0, events: [] };
  for (const item of items) {
    if ('custody' in item) {
      const e = item.custody;
      const manifestId = byNumber.get(e.manifestNumber)!;
      const signerId = orgs.get(e.signedFor)!;
      if (await grepo.eventAlreadyImported(trx, { manifestId, eventId: e.id, partnerId: signerId, sourceEventId: e.sourceEventId })) {
        out.duplicates += 1;
        out.events.push({ index: e.eventIndex, outcome: 'duplicate', manifestId, seq: null, operationId: null });
        continue;
      }
      if (e.step === 'created') {
        out.events.push({ index: e.eventIndex, outcome: 'acknowledged', manifestId, seq: null, operationId: null });
        continue;
      }
      const m = (await repo.findManifest(trx, manifestId))!;
      const transporters = (await repo.transportersOf(trx, [manifestId])).map((t) => t.organisation_id);
      const body = signBody(e, m, await repo.linesOf(trx, [manifestId]), transporters, e.to ? (orgs.get(e.to) ?? null) : null);
      if (isIssue(body)) throw errors.validation(`Event ${e.eventIndex}: ${body.message}`, [body]);
      const origin: { [key: string]: JsonValue } = { eventId: e.sourceEventId, eventTime: e.at, index: e.eventIndex };
      let signed;
      try {
        signed = await signTransition(trx, ctx, deps, manifestId, body, now, undefined, origin);
      } catch (err) {
        throw naming(err, e.eventIndex);
      }
      const row = (await repo.eventsOf(trx, [manifestId])).find((x) => x.id === signed.event.id);
      if (row?.signer_organisation_id !== signerId) {
        throw errors.validation(`Event ${e.eventIndex}: the event says it was signed for another party than the one whose step it is.`, [{ field: eventField(e.eventIndex, 'herbloop:signedFor'), code: 'manifests.epcis-signer', message: 'Not the party whose step it is.', params: { party: e.signedFor } }]);
      }
      if (e.sourceEventId) await grepo.insertImportedEvent(trx, { partner_id: signerId, source_event_id: e.sourceEventId, manifest_id: manifestId, event_id: signed.event.id, imported_at: now });
      out.appended += 1;
      out.events.push({ index: e.eventIndex, outcome: 'appended', manifestId, seq: signed.event.seq, operationId: null });
    } else {
      const g = item.genealogy;
      const operatorId = orgs.get(g.operator)!;
      const existing = await grepo.findOperation(trx, { id: g.id, operatorId, sourceEventId: g.sourceEventId });
      if (existing) {
        out.duplicates += 1;
        out.events.push({ index: g.eventIndex, outcome: 'duplicate', manifestId: null, seq: null, operationId: existing.id });
        continue;
      }
      const load = (l: ImportedGenealogyOperation['inputs'][number]): LoadInput => ({ manifestId: byNumber.get(l.manifestNumber)!, lines: l.lines.length > 0 ? l.lines.map((x) => ({ line: x.lineNo, tonnes: x.quantity })) : undefined });
      let op;
      try {
        op = await recordOperation(
          trx,
          ctx,
          deps,
          { id: g.id, kind: g.kind, operatorId, siteId: g.siteId, at: new Date(g.at), location: g.position ?? null, inputs: g.inputs.map(load), outputs: g.outputs.map(load), sourceEventId: g.sourceEventId },
          method,
          now,
        );
      } catch (err) {
        throw naming(err, g.eventIndex);
      }
      out.operations += 1;
      out.events.push({ index: g.eventIndex, outcome: 'recorded', manifestId: null, seq: null, operationId: op.id });
    }
  }
  return out;
}
