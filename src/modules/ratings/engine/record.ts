/**
 * A participant's record built from what the platform stores (README "What counts"): exchange
 * contract deliveries and manifests become obligations, each given to the party that had to act.
 * The ratings module reads the rows and passes these plain facts; the rules that decide met or
 * missed live here, once.
 */
import type { RecordEntry } from './rating';

const DAY_MS = 86_400_000;

/** Appends to a participant's list (created on first use). */
function push(out: Map<string, RecordEntry[]>, org: string, ...entries: RecordEntry[]): void {
  let list = out.get(org);
  if (!list) {
    list = [];
    out.set(org, list);
  }
  list.push(...entries);
}
const counted = (count: number | undefined) => (count !== undefined && count !== 1 ? { count } : {});
const dayEnd = (date: string, plusDays: number) => new Date(Date.parse(`${date}T00:00:00Z`) + (plusDays + 1) * DAY_MS - 1).toISOString();

/** A scheduled delivery of an exchange contract (`exchange_contract_deliveries`). */
export interface DeliveryFact {
  ref: string;
  /** Organisation that owes the delivery. */
  supplier: string;
  /** YYYY-MM-DD */
  plannedOn: string;
  plannedTonnes: number;
  status: 'planned' | 'delivered' | 'cancelled';
  deliveredOn: string | null;
  deliveredTonnes: number | null;
  /** That many deliveries alike (default 1), when the caller reads them grouped. */
  count?: number;
  /**
   * Delivered in full, when the caller already compared the tonnes with `minShare` (grouped
   * reads compare in SQL with the rules' `minShare`); absent: compared here.
   */
  full?: boolean;
}

export interface FulfilmentRules {
  /** Days after the planned date a delivery still counts as on time. */
  graceDays: number;
  /** Share of the planned tonnes that counts as delivered in full. */
  minShare: number;
}

export const DEFAULT_FULFILMENT_RULES: FulfilmentRules = { graceDays: 7, minShare: 0.95 };

/**
 * Fulfilment obligations: a delivery made by its planned date plus the grace, in full, is met;
 * made late or short it is missed (dated the day it was made); still planned after its grace it
 * is missed (dated the day the grace ran out); not yet due or cancelled by both sides, nothing.
 */
export function fulfilmentRecord(deliveries: DeliveryFact[], asOf: string, rules: FulfilmentRules = DEFAULT_FULFILMENT_RULES): Map<string, RecordEntry[]> {
  const out = new Map<string, RecordEntry[]>();
  const add = (org: string, entry: RecordEntry) => push(out, org, entry);
  for (const d of deliveries) {
    const deadline = dayEnd(d.plannedOn, rules.graceDays);
    switch (d.status) {
      case 'delivered': {
        const on = d.deliveredOn ?? d.plannedOn;
        const onTime = Date.parse(`${on}T00:00:00Z`) <= Date.parse(deadline);
        const full = d.full ?? (d.deliveredTonnes ?? 0) >= rules.minShare * d.plannedTonnes;
        add(d.supplier, { kind: 'obligation', dimension: 'fulfilment', met: onTime && full, at: `${on}T00:00:00.000Z`, ref: d.ref, ...counted(d.count) });
        break;
      }
      case 'planned':
        if (Date.parse(deadline) < Date.parse(asOf)) add(d.supplier, { kind: 'obligation', dimension: 'fulfilment', met: false, at: deadline, ref: d.ref, ...counted(d.count) });
        break;
      case 'cancelled':
        break;
    }
  }
  return out;
}

/** What the rating needs of one manifest (times ISO; `null`: not happened yet). */
export interface ManifestFact {
  ref: string;
  generator: string;
  /** In order of custody. */
  transporters: string[];
  receiver: string;
  pickedUpAt: string | null;
  /** When the pickup was due (the manifest's planned pickup). */
  pickupDueBy: string;
  deliveredAt: string | null;
  receivedAt: string | null;
  /** Deadline of receipt after delivery (the overdue rule: N hours after pickup). */
  receiptDueBy: string | null;
  /** Weighbridge comparison at both ends: null when not both weighed. */
  weightWithin: boolean | null;
  refusal: 'none' | 'partial' | 'whole';
}

/**
 * Manifest obligations: the first transporter's pickup (on time by `pickupDueBy`), the
 * receiver's receipt (by `receiptDueBy`), the weight for every transporter that carried the
 * load (each held it), and acceptance for the generator (a refusal, partial or whole, is a miss).
 * Obligations whose deadline has not passed and that are not done yet count nothing.
 */
export function manifestRecord(manifests: ManifestFact[], asOf: string): Map<string, RecordEntry[]> {
  const out = new Map<string, RecordEntry[]>();
  const add = (org: string, entry: RecordEntry) => push(out, org, entry);
  const now = Date.parse(asOf);
  for (const m of manifests) {
    const first = m.transporters[0];
    if (first) {
      if (m.pickedUpAt) add(first, { kind: 'obligation', dimension: 'pickup', met: Date.parse(m.pickedUpAt) <= Date.parse(m.pickupDueBy), at: m.pickedUpAt, ref: m.ref });
      else if (Date.parse(m.pickupDueBy) < now) add(first, { kind: 'obligation', dimension: 'pickup', met: false, at: m.pickupDueBy, ref: m.ref });
    }
    if (m.receiptDueBy) {
      if (m.receivedAt) add(m.receiver, { kind: 'obligation', dimension: 'receipt', met: Date.parse(m.receivedAt) <= Date.parse(m.receiptDueBy), at: m.receivedAt, ref: m.ref });
      else if (Date.parse(m.receiptDueBy) < now) add(m.receiver, { kind: 'obligation', dimension: 'receipt', met: false, at: m.receiptDueBy, ref: m.ref });
    }
    if (m.receivedAt && m.weightWithin !== null) {
      for (const t of new Set(m.transporters)) add(t, { kind: 'obligation', dimension: 'weight', met: m.weightWithin, at: m.receivedAt, ref: m.ref });
    }
    if (m.receivedAt) add(m.generator, { kind: 'obligation', dimension: 'acceptance', met: m.refusal === 'none', at: m.receivedAt, ref: m.ref });
  }
  return out;
}

/** Several records of the same participants merged (e.g. fulfilment and manifests). */
export function mergeRecords(...records: Map<string, RecordEntry[]>[]): Map<string, RecordEntry[]> {
  const out = new Map<string, RecordEntry[]>();
  for (const r of records) for (const [org, entries] of r) push(out, org, ...entries);
  return out;
}
