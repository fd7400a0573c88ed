/**
 * How custody steps read in EPCIS 2.0 and the Core Business Vocabulary (CBV 2.0), one table for
 * the export and the import. CBV has no step for closing a manifest (an administrative act, not
 * a physical one), so `closed` uses herbloop's own bizStep URI, as EPCIS allows for
 * vocabulary outside the CBV.
 */
import type { CustodyStep } from './interchange';
import { HERBLOOP_EPCIS_NS } from './epcis.ids';

export type EpcisAction = 'ADD' | 'OBSERVE' | 'DELETE';

export interface StepInEpcis {
  action: EpcisAction;
  bizStep: string;
  disposition: string | null;
}

export const CLOSING_BIZSTEP = `${HERBLOOP_EPCIS_NS}BizStep-closing`;

/**
 * ObjectEvents of the custody steps. `processed` becomes a TransformationEvent when a product
 * came out of it (see `epcis.ts`); `received` with every line refused says `non_conformant`.
 */
export const stepInEpcis: Record<CustodyStep, StepInEpcis> = {
  created: { action: 'ADD', bizStep: 'commissioning', disposition: 'active' },
  sealed: { action: 'OBSERVE', bizStep: 'packing', disposition: 'container_closed' },
  'picked-up': { action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit' },
  'handed-over': { action: 'OBSERVE', bizStep: 'transporting', disposition: 'in_transit' },
  delivered: { action: 'OBSERVE', bizStep: 'arriving', disposition: 'in_progress' },
  received: { action: 'OBSERVE', bizStep: 'receiving', disposition: 'in_progress' },
  processed: { action: 'DELETE', bizStep: 'destroying', disposition: 'destroyed' },
  closed: { action: 'OBSERVE', bizStep: CLOSING_BIZSTEP, disposition: null },
  cancelled: { action: 'DELETE', bizStep: 'decommissioning', disposition: 'inactive' },
  returned: { action: 'OBSERVE', bizStep: 'receiving', disposition: 'returned' },
  rerouted: { action: 'OBSERVE', bizStep: 'transporting', disposition: 'in_transit' },
};

/**
 * A CBV term as its bare name: EPCIS 2.0 JSON uses bare names (`receiving`), while partners on
 * EPCIS 1.2 send URNs (`urn:epcglobal:cbv:bizstep:receiving`) and some send the Web URI
 * (`https://ref.gs1.org/cbv/BizStep-receiving`).
 */
export function bareCbvTerm(value: string, kind: 'bizstep' | 'disp'): string {
  const urn = `urn:epcglobal:cbv:${kind}:`;
  if (value.startsWith(urn)) return value.slice(urn.length);
  const web = kind === 'bizstep' ? 'https://ref.gs1.org/cbv/BizStep-' : 'https://ref.gs1.org/cbv/Disp-';
  if (value.startsWith(web)) return value.slice(web.length);
  return value;
}

/**
 * The custody step a partner's ObjectEvent stands for when it does not carry herbloop's own
 * `herbloop:step` field; null when herbloop has no such step. A `transporting` event is a
 * hand-over (a reroute needs `herbloop:reroutedTo`), a `receiving` one with disposition
 * `returned` a return to the generator.
 */
export function stepOfObjectEvent(action: EpcisAction, bizStep: string, disposition: string | null): CustodyStep | null {
  switch (bizStep) {
    case 'commissioning':
      return action === 'ADD' ? 'created' : null;
    case 'packing':
      return 'sealed';
    case 'shipping':
    case 'departing':
    case 'loading':
      return 'picked-up';
    case 'transporting':
      return 'handed-over';
    case 'arriving':
      return 'delivered';
    case 'receiving':
    case 'accepting':
      return disposition === 'returned' ? 'returned' : 'received';
    case 'destroying':
      return 'processed';
    case 'decommissioning':
    case 'void_shipping':
      return 'cancelled';
    case CLOSING_BIZSTEP:
      return 'closed';
    default:
      return null;
  }
}
