/**
 * Corrections of a closed manifest (issue 13) as revision requests: a list of `{field, to}` on
 * the manifest's correctable fields, addressed by flat paths (`lines.2.quantity`,
 * `transporters.1.plate`, `treatmentCode`), so a version is a flat record and two versions
 * compare field by field. Which parties approve follows from the fields: the generator always
 * (its waste, its manifest), the receiver for declared, received and treatment fields, the
 * first transporter for pickup weights, transporter n for its own vehicle and driver.
 * No clock, no I/O.
 */
import type { EventKind, PartyRole } from './custody';
import { isQuantity, normaliseQuantity } from './quantity';

/** Trail events that are not custody steps: they leave the custody state as it is. */
export const recordKinds = ['revised', 'genealogy'] as const;
export type RecordKind = (typeof recordKinds)[number];
export type TrailKind = EventKind | RecordKind;

export const revisionStatuses = ['pending', 'approved', 'refused', 'cancelled'] as const;
export type RevisionStatus = (typeof revisionStatuses)[number];

export type FieldValue = string | number | null;

export interface RevisableLine {
  line: number;
  wasteCode: string;
  description: string;
  packaging: string | null;
  packageCount: number | null;
  quantity: string;
  unit: string;
  measure: string;
  grade: string | null;
  pickedUp: string | null;
  received: string | null;
  refused: string | null;
  refusalReason: string | null;
}

export interface RevisableTransporter {
  position: number;
  plate: string;
  driverName: string;
}

/** What a revision may correct: the lines, the vehicles and drivers, the treatment. */
export interface RevisableManifest {
  lines: RevisableLine[];
  transporters: RevisableTransporter[];
  treatmentCode: string | null;
  product: string | null;
}

type LineField = Exclude<keyof RevisableLine, 'line'>;
type TransporterField = Exclude<keyof RevisableTransporter, 'position'>;

/** What each line field is about: who declared it, who weighed it. */
const lineFields: Record<LineField, 'declared' | 'pickup' | 'receipt'> = {
  wasteCode: 'declared',
  description: 'declared',
  packaging: 'declared',
  packageCount: 'declared',
  quantity: 'declared',
  unit: 'declared',
  measure: 'declared',
  grade: 'declared',
  pickedUp: 'pickup',
  received: 'receipt',
  refused: 'receipt',
  refusalReason: 'receipt',
};
const transporterFields: readonly TransporterField[] = ['plate', 'driverName'];

export type FieldRef =
  | { scope: 'line'; line: number; name: LineField }
  | { scope: 'transporter'; position: number; name: TransporterField }
  | { scope: 'treatment'; name: 'treatmentCode' | 'product' };

/** The field a path names, or null when it names none of the correctable fields. */
export function parseField(path: string): FieldRef | null {
  const parts = path.split('.');
  if (parts.length === 1 && (path === 'treatmentCode' || path === 'product')) return { scope: 'treatment', name: path };
  if (parts.length !== 3 || !/^[1-9]\d{0,3}$/.test(parts[1]!)) return null;
  const [scope, n, name] = parts as [string, string, string];
  if (scope === 'lines' && Object.hasOwn(lineFields, name)) return { scope: 'line', line: Number(n), name: name as LineField };
  if (scope === 'transporters' && (transporterFields as readonly string[]).includes(name)) return { scope: 'transporter', position: Number(n), name: name as TransporterField };
  return null;
}

/** The parties a field concerns (the generator first). */
export function concernedRoles(ref: FieldRef): PartyRole[] {
  const generator: PartyRole = { role: 'generator' };
  switch (ref.scope) {
    case 'treatment':
      return [generator, { role: 'receiver' }];
    case 'transporter':
      return [generator, { role: 'transporter', position: ref.position }];
    case 'line':
      switch (lineFields[ref.name]) {
        case 'declared':
        case 'receipt':
          return [generator, { role: 'receiver' }];
        case 'pickup':
          return [generator, { role: 'transporter', position: 1 }];
      }
  }
}

/** A manifest's correctable fields as one flat record (paths as in `parseField`). */
export function flatten(m: RevisableManifest): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const l of m.lines) for (const name of Object.keys(lineFields) as LineField[]) out[`lines.${l.line}.${name}`] = l[name];
  for (const t of m.transporters) for (const name of transporterFields) out[`transporters.${t.position}.${name}`] = t[name];
  out.treatmentCode = m.treatmentCode;
  out.product = m.product;
  return out;
}

export type ValueIssue = 'unknown-field' | 'duplicate-field' | 'unchanged' | 'bad-quantity' | 'bad-count' | 'bad-unit' | 'bad-measure' | 'bad-text' | 'required' | 'refused-exceeds-received';

const nullable = new Set<string>(['packaging', 'packageCount', 'grade', 'pickedUp', 'received', 'refused', 'refusalReason', 'treatmentCode', 'product']);

/** The value as stored (quantities normalised, text trimmed), or why it is not one. */
export function checkValue(ref: FieldRef, value: FieldValue): { ok: true; value: FieldValue } | { ok: false; issue: ValueIssue } {
  if (value === null || value === '') return nullable.has(ref.name) ? { ok: true, value: null } : { ok: false, issue: 'required' };
  switch (ref.name) {
    case 'quantity':
    case 'pickedUp':
    case 'received':
    case 'refused': {
      const text = String(value);
      return isQuantity(text) ? { ok: true, value: normaliseQuantity(text) } : { ok: false, issue: 'bad-quantity' };
    }
    case 'packageCount':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? { ok: true, value } : { ok: false, issue: 'bad-count' };
    case 'unit':
      return value === 't' || value === 'kg' ? { ok: true, value } : { ok: false, issue: 'bad-unit' };
    case 'measure':
      return value === 'estimated' || value === 'weighed' ? { ok: true, value } : { ok: false, issue: 'bad-measure' };
    case 'wasteCode':
    case 'description':
    case 'packaging':
    case 'grade':
    case 'refusalReason':
    case 'plate':
    case 'driverName':
    case 'treatmentCode':
    case 'product': {
      if (typeof value !== 'string') return { ok: false, issue: 'bad-text' };
      const text = value.trim();
      return text.length >= 1 && text.length <= 500 ? { ok: true, value: text } : { ok: false, issue: 'bad-text' };
    }
  }
}

export interface FieldChange {
  field: string;
  from: FieldValue;
  to: FieldValue;
}

export type RevisionCheck = { ok: true; changes: FieldChange[]; roles: PartyRole[] } | { ok: false; issues: { index: number; issue: ValueIssue }[] };

/**
 * Checks requested changes against the current version: each names a correctable field that
 * exists on this manifest, once, with a valid value that differs from the current one; a
 * refused quantity stays within the received one. Returns the changes with their old values
 * and the parties concerned (each once).
 */
export function checkRevision(current: RevisableManifest, requested: readonly { field: string; to: FieldValue }[]): RevisionCheck {
  const flat = flatten(current);
  const issues: { index: number; issue: ValueIssue }[] = [];
  const changes: FieldChange[] = [];
  const roles: PartyRole[] = [];
  const seen = new Set<string>();
  for (const [index, r] of requested.entries()) {
    const ref = parseField(r.field);
    if (!ref || !Object.hasOwn(flat, r.field)) {
      issues.push({ index, issue: 'unknown-field' });
      continue;
    }
    if (seen.has(r.field)) {
      issues.push({ index, issue: 'duplicate-field' });
      continue;
    }
    seen.add(r.field);
    const checked = checkValue(ref, r.to);
    if (!checked.ok) {
      issues.push({ index, issue: checked.issue });
      continue;
    }
    if (checked.value === flat[r.field]) {
      issues.push({ index, issue: 'unchanged' });
      continue;
    }
    changes.push({ field: r.field, from: flat[r.field] ?? null, to: checked.value });
    for (const role of concernedRoles(ref)) if (!roles.some((x) => sameRole(x, role))) roles.push(role);
  }
  if (issues.length > 0) return { ok: false, issues };
  const next = applyChanges(current, changes);
  for (const l of next.lines) {
    if (l.refused !== null && l.received !== null && Number(l.refused) > Number(l.received)) {
      const index = requested.findIndex((r) => r.field === `lines.${l.line}.refused` || r.field === `lines.${l.line}.received`);
      return { ok: false, issues: [{ index: Math.max(0, index), issue: 'refused-exceeds-received' }] };
    }
  }
  return { ok: true, changes, roles };
}

function sameRole(a: PartyRole, b: PartyRole): boolean {
  return a.role === b.role && (a.role !== 'transporter' || (b.role === 'transporter' && a.position === b.position));
}

/** The next version: `changes` (already checked) applied to a copy. */
export function applyChanges(current: RevisableManifest, changes: readonly FieldChange[]): RevisableManifest {
  const next: RevisableManifest = { lines: current.lines.map((l) => ({ ...l })), transporters: current.transporters.map((t) => ({ ...t })), treatmentCode: current.treatmentCode, product: current.product };
  for (const c of changes) {
    const ref = parseField(c.field);
    if (!ref) continue;
    switch (ref.scope) {
      case 'line': {
        const line = next.lines.find((l) => l.line === ref.line);
        if (line) (line as unknown as Record<string, FieldValue>)[ref.name] = c.to;
        break;
      }
      case 'transporter': {
        const t = next.transporters.find((x) => x.position === ref.position);
        if (t && typeof c.to === 'string') t[ref.name] = c.to;
        break;
      }
      case 'treatment':
        next[ref.name] = c.to === null ? null : String(c.to);
        break;
    }
  }
  return next;
}

/** Field-by-field differences between two versions (fields in the order of `b`). */
export function diffVersions(a: RevisableManifest, b: RevisableManifest): FieldChange[] {
  const fa = flatten(a);
  const fb = flatten(b);
  const out: FieldChange[] = [];
  for (const field of new Set([...Object.keys(fb), ...Object.keys(fa)])) {
    const from = fa[field] ?? null;
    const to = fb[field] ?? null;
    if (from !== to) out.push({ field, from, to });
  }
  return out;
}

/** A request is approved when every required organisation approved, refused as soon as one refuses. */
export function revisionOutcome(approvers: readonly string[], decisions: readonly { organisation: string; decision: 'approved' | 'refused' }[]): 'pending' | 'approved' | 'refused' {
  if (decisions.some((d) => d.decision === 'refused')) return 'refused';
  return approvers.every((o) => decisions.some((d) => d.organisation === o && d.decision === 'approved')) ? 'approved' : 'pending';
}
