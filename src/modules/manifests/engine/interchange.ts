/**
 * The engines' own picture of a manifest and its custody events (issue 13, "Custody is a list of
 * events, not fixed slots"). The manifests module maps its rows onto these types; the EPCIS
 * export reads them and the EPCIS import produces them, so a partner's events enter through the
 * same command as a signature on the platform.
 *
 * Quantities are decimal strings of tonnes (`tonnes.ts`); times are ISO strings with
 * milliseconds; organisations are named by their unified social credit code.
 */

export const custodySteps = [
  'created',
  'sealed',
  'picked-up',
  'handed-over',
  'delivered',
  'received',
  'processed',
  'closed',
  'cancelled',
  'returned',
  'rerouted',
] as const;
export type CustodyStep = (typeof custodySteps)[number];

/** A quantity of one line of the manifest (weighed at pickup, accepted at receipt, …). */
export interface LineQuantity {
  lineNo: number;
  /** Tonnes, decimal string. */
  quantity: string;
}

/** What the receiver refused of a line, and why (a reason code of the manifests module). */
export interface LineRefusal extends LineQuantity {
  reason: string;
}

export interface Position {
  lat: number;
  lon: number;
}

export interface CustodyEvent {
  /** UUID of the event. */
  id: string;
  step: CustodyStep;
  /** When it happened (the signer's device time for a signature made offline). */
  at: string;
  /** When the platform received it (null: not yet, e.g. an event being exported before sync). */
  recordedAt?: string | null;
  /** Credit code of the organisation for which the event was signed. */
  signedFor: string;
  /** Who held the load before the event and who holds it after (credit codes). */
  from?: string | null;
  to?: string | null;
  position?: Position | null;
  /** Site where it happened (generator's, transfer station, receiver's). */
  siteId?: string | null;
  /** Quantities this event states: weighed at pickup, accepted at receipt, … */
  quantities?: LineQuantity[];
  /** Received: what was refused per line. */
  refusals?: LineRefusal[];
  /** Processed: the treatment or utilisation code and, if a product came out, its code and tonnes. */
  treatmentCode?: string | null;
  product?: { code: string; quantity: string } | null;
  /** Rerouted: the number of the new linked manifest. */
  reroutedTo?: string | null;
}

export interface ManifestLine {
  lineNo: number;
  /** National general industrial solid-waste code or HW code of the hazardous-waste list. */
  wasteCode: string;
  description: string;
  /** Declared tonnes, decimal string. */
  quantity: string;
  weighed: boolean;
}

export interface ManifestRecord {
  number: string;
  lines: ManifestLine[];
  /** In sequence order. */
  events: CustodyEvent[];
}

/**
 * Grouping and splitting at a transfer station: which loads went into which, with the tonnes
 * of each line. `group`: loads kept whole, put together into one outbound load (containers,
 * bags); `split`: one load divided into several; `blend`: several bulk loads mixed into one.
 */
export type GenealogyKind = 'group' | 'split' | 'blend';

export interface GenealogyLoad {
  manifestNumber: string;
  lines: LineQuantity[];
}

export interface GenealogyOperation {
  /** UUID of the operation. */
  id: string;
  kind: GenealogyKind;
  at: string;
  recordedAt?: string | null;
  /** Credit code of the transfer station's operator. */
  operator: string;
  siteId: string;
  position?: Position | null;
  inputs: GenealogyLoad[];
  outputs: GenealogyLoad[];
}
