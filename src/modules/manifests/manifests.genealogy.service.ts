/**
 * Grouping and splitting at a transfer station (issue 13): the station's operator takes loads it
 * received into loads it sends on (group, blend) or divides one into several (split). Under the
 * row locks of every manifest involved, the operation's shape and balance are checked by the
 * genealogy engine, the lines are stored, and a signed `genealogy` record is appended to the
 * trail of each manifest, so every custody chain carries which loads went into which. A
 * refused operation writes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors, type FieldIssue } from '../../platform/errors';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { findSite } from '../organisations';
import { genealogyIssues, type GenealogyIssue } from './engine/genealogy';
import type { GenealogyKind, GenealogyOperation } from './engine/interchange';
import type { JsonValue, SigningMethod } from './engine/trail';
import { gramsToTonnes, tonnesToGrams } from './engine/tonnes';
import * as grepo from './manifests.genealogy.repository';
import type { GenealogyOperationView, RecordGenealogyBody } from './manifests.genealogy.schema';
import type { ManifestsDeps } from './manifests.keys.service';
import * as repo from './manifests.repository';
import { resolveSigner, signingMethod } from './manifests.service';
import type { ManifestLineRow, ManifestRow } from './manifests.tables';
import { appendEvent } from './manifests.trail.service';

const issue = (field: string, message: string, code: string, params?: Record<string, string | number>): FieldIssue => ({ field, message, code, ...(params ? { params } : {}) });
const refuse = (i: FieldIssue): never => {
  throw errors.validation(i.message, [i]);
};

/** Grams of a stored line value in its unit (numeric text such as "12.500"). */
export function lineGrams(value: string, unit: 't' | 'kg'): number {
  const n = Number(value);
  // Stored and signed quantities are validated; anything else counts as nothing rather than throwing in a read.
  if (!Number.isFinite(n) || n < 0) return 0;
  const milli = Math.round(n * 1000);
  return unit === 'kg' ? milli : milli * 1000;
}

/** What a received line holds for the station: received less refused, else weighed at pickup, else declared. */
function acceptedGrams(l: ManifestLineRow): number {
  if (l.received !== null) return lineGrams(l.received, l.unit) - (l.refused === null ? 0 : lineGrams(l.refused, l.unit));
  return lineGrams(l.picked_up ?? l.quantity, l.unit);
}

export interface LoadInput {
  manifestId: string;
  /** Tonnes per line as decimal strings (up to the gram); omitted: the defaults of `recordGenealogyBody`. */
  lines?: { line: number; tonnes: string }[] | undefined;
}

export interface OperationInput {
  id?: string | null;
  kind: GenealogyKind;
  operatorId: string;
  siteId: string;
  at: Date;
  location: { lat: number; lon: number } | null;
  inputs: LoadInput[];
  outputs: LoadInput[];
  sourceEventId?: string | null;
}

const inputStatuses = new Set<ManifestRow['status']>(['received', 'processed', 'closed']);

function engineIssue(i: GenealogyIssue, kind: GenealogyKind): FieldIssue {
  switch (i.code) {
    case 'manifests.genealogy-shape':
      return issue(i.params.outputs === 1 || kind === 'split' ? 'inputs' : 'outputs', `A ${kind} takes ${kind === 'split' ? 'one load into two or more' : kind === 'group' ? 'loads into one' : 'two or more loads into one'}; got ${i.params.inputs} in, ${i.params.outputs} out.`, i.code, i.params);
    case 'manifests.genealogy-quantity':
      return issue('lines', `Line ${i.params.lineNo} of ${i.params.manifest}: ${i.params.quantity} is not a quantity of tonnes.`, i.code, i.params);
    case 'manifests.genealogy-unbalanced':
      // The one load on its side is the row that disagrees with the others' sum.
      return issue(kind === 'split' ? 'inputs.0.lines' : 'outputs.0.lines', `The loads out weigh ${i.params.output} t, the loads in ${i.params.input} t: more apart than the tolerance of ${i.params.tolerance} t.`, i.code, i.params);
    case 'manifests.genealogy-load-reused':
      return issue('inputs', `Load ${i.params.manifest} goes into this operation twice.`, i.code, i.params);
  }
}

/**
 * Records one operation signed by its operator. `method`: how the signer signs (the route checks
 * the password first); `prefix`: prepended to field names (an import names the event).
 */
export async function recordOperation(trx: Trx, ctx: ServiceContext, deps: ManifestsDeps, input: OperationInput, method: Exclude<SigningMethod, 'delegated'>, now: Date, prefix = ''): Promise<GenealogyOperationView> {
  const f = (field: string) => `${prefix}${field}`;
  const signer = await resolveSigner(trx, ctx, input.operatorId, method);
  const site = await findSite(trx, input.siteId);
  if (!site || site.organisation_id !== input.operatorId) refuse(issue(f('siteId'), "The site is not one of the operator's.", 'manifests.siteNotOperators'));

  const sides = [
    ['inputs', input.inputs],
    ['outputs', input.outputs],
  ] as const;
  const seen = new Set<string>();
  for (const [side, loads] of sides) {
    for (const [i, l] of loads.entries()) {
      if (seen.has(l.manifestId)) refuse(issue(f(`${side}.${i}.manifestId`), 'A load appears twice in the operation.', 'manifests.genealogy-load-reused', { manifest: l.manifestId }));
      seen.add(l.manifestId);
    }
  }
  // Locks in one order (by id) so two stations' operations never wait on each other in a cycle.
  const locked = new Map<string, ManifestRow>();
  for (const id of [...seen].sort()) {
    const m = await repo.lockManifest(trx, id);
    if (m) locked.set(id, m);
  }
  const allLines = await repo.linesOf(trx, [...locked.keys()]);
  const consumed = await grepo.consumedInputs(trx, input.inputs.map((l) => l.manifestId));

  const resolved: Record<'inputs' | 'outputs', { m: ManifestRow; lines: { line: number; grams: number }[] }[]> = { inputs: [], outputs: [] };
  for (const [side, loads] of sides) {
    for (const [i, load] of loads.entries()) {
      const m = locked.get(load.manifestId);
      if (!m) return refuse(issue(f(`${side}.${i}.manifestId`), 'Unknown manifest.', 'manifests.unknownManifest'));
      if (side === 'inputs') {
        if (m.receiver_id !== input.operatorId || (m.receiver_site_id !== null && m.receiver_site_id !== input.siteId)) refuse(issue(f(`${side}.${i}.manifestId`), `Load ${m.number} was not received at this station.`, 'manifests.genealogyNotReceived', { manifest: m.number }));
        if (!inputStatuses.has(m.status) || m.all_refused) refuse(issue(f(`${side}.${i}.manifestId`), `Load ${m.number} is ${m.status}: only a received load goes on.`, 'manifests.genealogyNotReceivedYet', { manifest: m.number, status: m.status }));
        if (consumed.has(m.id)) refuse(issue(f(`${side}.${i}.manifestId`), `Load ${m.number} already went into another operation.`, 'manifests.genealogy-load-reused', { manifest: m.number }));
      } else {
        if (m.generator_id !== input.operatorId || m.generator_site_id !== input.siteId) refuse(issue(f(`${side}.${i}.manifestId`), `Load ${m.number} does not leave from this station.`, 'manifests.genealogyNotGenerated', { manifest: m.number }));
        if (m.status === 'cancelled' || m.status === 'rerouted') refuse(issue(f(`${side}.${i}.manifestId`), `Load ${m.number} is ${m.status}.`, 'manifests.genealogyOutputStatus', { manifest: m.number, status: m.status }));
      }
      const rows = allLines.filter((l) => l.manifest_id === m.id);
      let lines: { line: number; grams: number }[];
      if (load.lines) {
        const lineSeen = new Set<number>();
        lines = load.lines.map((l, k) => {
          const row = rows.find((r) => r.line_no === l.line);
          if (!row) return refuse(issue(f(`${side}.${i}.lines.${k}.line`), `${m.number} has no line ${l.line}.`, 'manifests.unknownLine', { line: l.line }));
          if (lineSeen.has(l.line)) refuse(issue(f(`${side}.${i}.lines.${k}.line`), `Line ${l.line} is named twice.`, 'manifests.duplicateLine', { line: l.line }));
          lineSeen.add(l.line);
          const grams = tonnesToGrams(l.tonnes);
          if (grams === null) return refuse(issue(f(`${side}.${i}.lines.${k}.quantity`), 'A quantity of tonnes.', 'manifests.genealogy-quantity', { quantity: l.tonnes }));
          if (side === 'inputs' && grams > acceptedGrams(row)) {
            refuse(issue(f(`${side}.${i}.lines.${k}.quantity`), `Line ${l.line} of ${m.number} holds ${gramsToTonnes(acceptedGrams(row))} t, not ${l.tonnes} t.`, 'manifests.genealogyOverAccepted', { line: l.line, available: gramsToTonnes(acceptedGrams(row)) }));
          }
          return { line: l.line, grams };
        });
      } else {
        lines = rows.map((r) => ({ line: r.line_no, grams: side === 'inputs' ? acceptedGrams(r) : lineGrams(r.quantity, r.unit) })).filter((l) => l.grams > 0);
      }
      resolved[side].push({ m, lines });
    }
  }

  const id = input.id ?? randomUUID();
  const loadsOf = (side: 'inputs' | 'outputs') => resolved[side].map((x) => ({ manifestNumber: x.m.number, lines: x.lines.map((l) => ({ lineNo: l.line, quantity: gramsToTonnes(l.grams) })) }));
  const op: GenealogyOperation = { id, kind: input.kind, at: input.at.toISOString(), operator: input.operatorId, siteId: input.siteId, inputs: loadsOf('inputs'), outputs: loadsOf('outputs') };
  const found = genealogyIssues([op]);
  if (found.length > 0) {
    const fields = found.map((x) => engineIssue(x, input.kind)).map((x) => ({ ...x, field: f(x.field) }));
    throw errors.validation(fields[0]!.message, fields);
  }

  await grepo.insertOperation(
    trx,
    { id, kind: input.kind, operator_id: input.operatorId, site_id: input.siteId, at: input.at, recorded_at: now, source_event_id: input.sourceEventId ?? null },
    (['inputs', 'outputs'] as const).flatMap((side) => resolved[side].flatMap((x) => x.lines.map((l) => ({ operation_id: id, side: side === 'inputs' ? ('input' as const) : ('output' as const), manifest_id: x.m.id, line_no: l.line, quantity: gramsToTonnes(l.grams) })))),
  );
  const loadData = (side: 'inputs' | 'outputs'): JsonValue => resolved[side].map((x) => ({ manifest: x.m.id, number: x.m.number, lines: x.lines.map((l) => ({ line: l.line, quantity: gramsToTonnes(l.grams) })) }));
  const common: { [key: string]: JsonValue } = { operation: id, kind: input.kind, at: input.at.toISOString(), site: input.siteId, inputs: loadData('inputs'), outputs: loadData('outputs'), source: input.sourceEventId ?? null };
  const seqs: { manifest: string; seq: number }[] = [];
  for (const m of [...locked.values()]) {
    const role = resolved.inputs.some((x) => x.m.id === m.id) ? 'input' : 'output';
    const event = await appendEvent(trx, deps, { manifest: m, kind: 'genealogy', signer, at: now, location: input.location, data: { ...common, role } });
    seqs.push({ manifest: m.id, seq: event.seq });
  }
  await recordAudit(trx, ctx, {
    action: 'manifest.genealogy',
    entityType: 'manifest_genealogy_operations',
    entityId: id,
    organisationId: input.operatorId,
    after: { kind: input.kind, site_id: input.siteId, inputs: resolved.inputs.map((x) => x.m.id), outputs: resolved.outputs.map((x) => x.m.id), events: seqs, delegation_id: signer.delegation, source_event_id: input.sourceEventId ?? null },
  });
  const view = (side: 'inputs' | 'outputs') => resolved[side].map((x) => ({ manifestId: x.m.id, number: x.m.number, lines: x.lines.map((l) => ({ line: l.line, quantity: gramsToTonnes(l.grams) })) }));
  return { id, kind: input.kind, at: input.at.toISOString(), operatorId: input.operatorId, siteId: input.siteId, inputs: view('inputs'), outputs: view('outputs') };
}

/** The API's command: the password first (never under the locks), then the operation. */
export async function recordGenealogy(trx: Trx, ctx: ServiceContext, deps: ManifestsDeps, body: RecordGenealogyBody, now = new Date()): Promise<GenealogyOperationView> {
  const method = await signingMethod(trx, ctx, body.password);
  const operatorId = body.operatorId ?? actorOf(ctx.viewer)?.organisationId;
  if (!operatorId) return refuse(issue('operatorId', 'Name the station’s operator.', 'manifests.operatorRequired'));
  const load = (l: RecordGenealogyBody['inputs'][number]): LoadInput => ({ manifestId: l.manifestId, lines: l.lines?.map((x) => ({ line: x.line, tonnes: x.quantity })) });
  return recordOperation(trx, ctx, deps, { kind: body.kind, operatorId, siteId: body.siteId, at: now, location: body.location ?? null, inputs: body.inputs.map(load), outputs: body.outputs.map(load) }, method, now);
}
