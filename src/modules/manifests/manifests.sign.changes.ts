/**
 * What a signed body does to a manifest, without I/O: the custody event the engine judges, the
 * line changes (pickup weights, receipt outcomes and discrepancies) and the event's data. Shared
 * by the transition path (manifests.sign.service.ts) and the demo history's bulk writer
 * (manifests.history.ts), so both sign the same payloads.
 */
import { errors, type FieldIssue } from '../../platform/errors';
import type { CustodyEvent } from './engine/custody';
import { type Discrepancy, receiptDiscrepancies } from './engine/discrepancies';
import { fromMilli, normaliseQuantity, toMilli } from './engine/quantity';
import type { JsonValue } from './engine/trail';
import type { LineChange } from './manifests.repository';
import type { SignEventBody } from './manifests.schema';
import type { ManifestLineRow } from './manifests.tables';

const invalid = (message: string, field: string, code: string): never => {
  const issue: FieldIssue = { field, message, code: `manifests.${code}` };
  throw errors.validation(message, [issue]);
};


/** Pickup weights: each named line once, on this manifest. */
export function pickupChanges(body: Extract<SignEventBody, { kind: 'picked-up' }>, lines: readonly ManifestLineRow[]): { changes: LineChange[]; data: { [key: string]: JsonValue } } {
  const seen = new Set<number>();
  const weights = (body.weights ?? []).map((w, i) => {
    if (!lines.some((l) => l.line_no === w.line)) invalid(`The manifest has no line ${w.line}.`, `weights.${i}.line`, 'unknownLine');
    if (seen.has(w.line)) invalid(`Line ${w.line} is weighed twice.`, `weights.${i}.line`, 'duplicateLine');
    seen.add(w.line);
    return { line: w.line, quantity: normaliseQuantity(w.quantity) };
  });
  return { changes: weights.map((w) => ({ line: w.line, set: { picked_up: w.quantity } })), data: { weights } };
}

/** The receipt per line: outcome, weight, refused part with its reason; lines not named are missing. */
export function receiptChanges(body: Extract<SignEventBody, { kind: 'received' }>, lines: readonly ManifestLineRow[], tolerance: number) {
  const seen = new Set<number>();
  const receipt = body.lines.map((r, i) => {
    if (!lines.some((l) => l.line_no === r.line)) invalid(`The manifest has no line ${r.line}.`, `lines.${i}.line`, 'unknownLine');
    if (seen.has(r.line)) invalid(`Line ${r.line} is received twice.`, `lines.${i}.line`, 'duplicateLine');
    seen.add(r.line);
    const received = toMilli(r.received);
    let refused = r.refused === undefined ? 0 : toMilli(r.refused);
    switch (r.outcome) {
      case 'accepted':
        if (refused !== 0) invalid('An accepted line refuses nothing.', `lines.${i}.refused`, 'acceptedWithRefusal');
        break;
      case 'partially-refused':
        if (refused <= 0 || refused >= received) invalid('A partial refusal refuses more than nothing and less than the whole line.', `lines.${i}.refused`, 'partialRefusalRange');
        if (!r.reason) invalid('Give the reason for the refusal.', `lines.${i}.reason`, 'refusalReasonRequired');
        break;
      case 'refused':
        if (r.refused !== undefined && refused !== received) invalid('A refused line refuses all of it.', `lines.${i}.refused`, 'refusalWhole');
        refused = received;
        if (!r.reason) invalid('Give the reason for the refusal.', `lines.${i}.reason`, 'refusalReasonRequired');
        break;
    }
    return { line: r.line, outcome: r.outcome, received: fromMilli(received), refused: fromMilli(refused), reason: r.reason ?? null };
  });
  const facts = lines.map((l) => {
    const got = receipt.find((r) => r.line === l.line_no);
    return { line: l.line_no, wasteCode: l.waste_code, category: l.category, quantity: normaliseQuantity(l.quantity), pickedUp: l.picked_up === null ? null : normaliseQuantity(l.picked_up), received: got?.received ?? null };
  });
  const found: Discrepancy[] = receiptDiscrepancies(facts, tolerance);
  const changes: LineChange[] = lines.map((l) => {
    const got = receipt.find((r) => r.line === l.line_no);
    const flags = [...l.discrepancies.filter((d) => d !== 'weight-mismatch' && d !== 'missing-line'), ...found.filter((f) => f.line === l.line_no).map((f) => f.kind)];
    return { line: l.line_no, set: got ? { received: got.received, refused: got.refused, outcome: got.outcome, refusal_reason: got.reason, discrepancies: flags } : { discrepancies: flags } };
  });
  const allRefused = lines.every((l) => receipt.find((r) => r.line === l.line_no)?.outcome === 'refused');
  return { changes, allRefused, data: { lines: receipt, discrepancies: found.map((f) => ({ line: f.line, kind: f.kind, deviation: f.deviation === undefined ? null : String(f.deviation) })) } };
}

/** The custody event, line changes and data of a signed body (`holder`: the transporter holding the load now). */
export function custodyStep(body: SignEventBody, holder: number | null, lines: readonly ManifestLineRow[], tolerance: number): { event: CustodyEvent; changes: LineChange[]; data: { [key: string]: JsonValue } } {
  switch (body.kind) {
    case 'picked-up': {
      const { changes, data } = pickupChanges(body, lines);
      return { event: { kind: body.kind }, changes, data };
    }
    case 'handed-over':
      return { event: { kind: body.kind, to: body.to }, changes: [], data: { from: holder ?? 0, to: body.to } };
    case 'received': {
      const r = receiptChanges(body, lines, tolerance);
      return { event: { kind: body.kind, allRefused: r.allRefused }, changes: r.changes, data: r.data };
    }
    case 'processed':
      return { event: { kind: body.kind }, changes: [], data: { treatmentCode: body.treatmentCode, product: body.product ?? null } };
    case 'cancelled':
    case 'returned':
    case 'rerouted':
      return { event: { kind: body.kind }, changes: [], data: { reason: body.reason } };
    case 'sealed':
    case 'delivered':
    case 'closed':
      return { event: { kind: body.kind }, changes: [], data: {} };
  }
}
