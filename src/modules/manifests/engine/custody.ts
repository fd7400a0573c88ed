/**
 * The custody of one load under an electronic manifest (联单, issue 13): a list of events, not
 * fixed signature slots, so any number of transporters hand the load on in order. This file
 * decides which event may follow which and which party signs it; it holds no clock and no I/O.
 *
 *   created → sealed → picked-up (transporter 1) → handed-over 1→2 … (n-1)→n → delivered (n)
 *   → received (receiver; per line accepted / partially refused / refused) → processed → closed
 *
 * Besides: `cancelled` before pickup; `returned` to the generator once it left (in transit, at
 * the gate, or refused on receipt); `rerouted` to another receiver (a new linked manifest takes
 * the load on); `closed` also ends a returned load.
 */

export const eventKinds = ['created', 'sealed', 'picked-up', 'handed-over', 'delivered', 'received', 'processed', 'closed', 'cancelled', 'returned', 'rerouted'] as const;
export type EventKind = (typeof eventKinds)[number];

export const manifestStatuses = ['draft', 'sealed', 'in-transit', 'delivered', 'received', 'processed', 'closed', 'cancelled', 'returned', 'rerouted'] as const;
export type ManifestStatus = (typeof manifestStatuses)[number];

/** Who signs an event: the generator, the receiver, or the transporter at a 1-based position. */
export type PartyRole = { role: 'generator' } | { role: 'receiver' } | { role: 'transporter'; position: number };

export interface CustodyParties {
  generator: string;
  /** Transporters' organisations in the order they carry the load (position 1 first). */
  transporters: readonly string[];
  receiver: string;
}

export interface CustodyState {
  status: ManifestStatus;
  /** The transporter (1-based) holding the load while `in-transit`, else null. */
  holder: number | null;
  /** Whether every line was refused on receipt (then only a return or closing may follow). */
  allRefused: boolean;
}

export const initialState: CustodyState = { status: 'draft', holder: null, allRefused: false };

export type CustodyEvent =
  | { kind: 'created' }
  | { kind: 'sealed' }
  | { kind: 'picked-up' }
  | { kind: 'handed-over'; to: number }
  | { kind: 'delivered' }
  | { kind: 'received'; allRefused: boolean }
  | { kind: 'processed' }
  | { kind: 'closed' }
  | { kind: 'cancelled' }
  | { kind: 'returned' }
  | { kind: 'rerouted' };

/** Why an event may not be appended; stable codes the module turns into 409/403 problems. */
export type CustodyRefusal =
  | { code: 'illegal-transition'; from: ManifestStatus; kind: EventKind }
  | { code: 'wrong-handover'; expected: number; to: number }
  | { code: 'no-next-transporter'; holder: number }
  | { code: 'not-last-transporter'; holder: number; last: number }
  | { code: 'nothing-accepted' };

export type CustodyStep = { ok: true; state: CustodyState; signer: PartyRole } | { ok: false; refusal: CustodyRefusal };

const refuse = (refusal: CustodyRefusal): CustodyStep => ({ ok: false, refusal });
const step = (state: CustodyState, signer: PartyRole): CustodyStep => ({ ok: true, state, signer });
const illegal = (from: ManifestStatus, kind: EventKind) => refuse({ code: 'illegal-transition', from, kind });

/**
 * The state after `event` and the party who must sign it, or why the event may not follow the
 * current state. `transporterCount` is the number of transporters named on the manifest.
 */
export function applyCustodyEvent(state: CustodyState, event: CustodyEvent, transporterCount: number): CustodyStep {
  const { status, holder } = state;
  switch (event.kind) {
    case 'created':
      return illegal(status, event.kind); // only the first event of a manifest, see `startCustody`
    case 'sealed':
      return status === 'draft' ? step({ status: 'sealed', holder: null, allRefused: false }, { role: 'generator' }) : illegal(status, event.kind);
    case 'picked-up':
      if (status !== 'sealed') return illegal(status, event.kind);
      return step({ status: 'in-transit', holder: 1, allRefused: false }, { role: 'transporter', position: 1 });
    case 'handed-over': {
      if (status !== 'in-transit' || holder === null) return illegal(status, event.kind);
      if (holder >= transporterCount) return refuse({ code: 'no-next-transporter', holder });
      if (event.to !== holder + 1) return refuse({ code: 'wrong-handover', expected: holder + 1, to: event.to });
      // The transporter taking the load signs: custody passes when the next one accepts it.
      return step({ status: 'in-transit', holder: event.to, allRefused: false }, { role: 'transporter', position: event.to });
    }
    case 'delivered':
      if (status !== 'in-transit' || holder === null) return illegal(status, event.kind);
      if (holder !== transporterCount) return refuse({ code: 'not-last-transporter', holder, last: transporterCount });
      return step({ status: 'delivered', holder: null, allRefused: false }, { role: 'transporter', position: holder });
    case 'received':
      if (status !== 'delivered') return illegal(status, event.kind);
      return step({ status: 'received', holder: null, allRefused: event.allRefused }, { role: 'receiver' });
    case 'processed':
      if (status !== 'received') return illegal(status, event.kind);
      if (state.allRefused) return refuse({ code: 'nothing-accepted' });
      return step({ status: 'processed', holder: null, allRefused: false }, { role: 'receiver' });
    case 'closed':
      if (status === 'processed') return step({ status: 'closed', holder: null, allRefused: false }, { role: 'receiver' });
      if (status === 'returned') return step({ status: 'closed', holder: null, allRefused: false }, { role: 'generator' });
      return illegal(status, event.kind);
    case 'cancelled':
      return status === 'draft' || status === 'sealed' ? step({ status: 'cancelled', holder: null, allRefused: false }, { role: 'generator' }) : illegal(status, event.kind);
    case 'returned':
      // The generator signs for the load coming back to its site.
      if (status === 'in-transit' || status === 'delivered' || (status === 'received' && state.allRefused)) {
        return step({ status: 'returned', holder: null, allRefused: false }, { role: 'generator' });
      }
      return illegal(status, event.kind);
    case 'rerouted':
      // The generator decides where its waste goes; the new manifest carries the load on.
      if (status === 'in-transit' || status === 'delivered' || (status === 'received' && state.allRefused)) {
        return step({ status: 'rerouted', holder: null, allRefused: false }, { role: 'generator' });
      }
      return illegal(status, event.kind);
  }
}

/** The first event: the generator creates the manifest (a draft it may still cancel). */
export function startCustody(): { state: CustodyState; signer: PartyRole } {
  return { state: initialState, signer: { role: 'generator' } };
}

/** The organisation that plays `role` on a manifest. */
export function organisationOf(parties: CustodyParties, role: PartyRole): string | undefined {
  switch (role.role) {
    case 'generator':
      return parties.generator;
    case 'receiver':
      return parties.receiver;
    case 'transporter':
      return parties.transporters[role.position - 1];
  }
}

/** Whether no event may follow. */
export function isFinal(status: ManifestStatus): boolean {
  return status === 'closed' || status === 'cancelled' || status === 'rerouted';
}

/** Replays a list of events from the start (verification, tests); stops at the first refusal. */
export function replayCustody(events: readonly CustodyEvent[], transporterCount: number): { state: CustodyState; refusedAt: number | null } {
  let state = initialState;
  for (const [i, event] of events.entries()) {
    if (i === 0) {
      if (event.kind !== 'created') return { state, refusedAt: 0 };
      continue;
    }
    const next = applyCustodyEvent(state, event, transporterCount);
    if (!next.ok) return { state, refusedAt: i };
    state = next.state;
  }
  return { state, refusedAt: null };
}
