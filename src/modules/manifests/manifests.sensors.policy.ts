import type { Actor } from '../../platform/actor';
import { isOwnOrg, isRegionalRegulator, isWriter, rule } from '../../platform/policy-rules';
import type { Viewer } from '../../platform/viewer';
import type { ManifestParties } from './manifests.policy';

const isTransporter = (a: Actor, p: ManifestParties) => p.transporters.includes(a.organisationId);
const isParty = (a: Actor, p: ManifestParties) => isOwnOrg(a, p.generator) || isOwnOrg(a, p.receiver) || isTransporter(a, p);

/**
 * Sensor data of a load. Tracks, JT/T 808 terminal numbers and drivers' phones are personal
 * information (PIPL): only the parties and the regulators of the generator's or the receiver's
 * region read them, for the stated purpose. Platform admins and organisations signing under a
 * delegation see the manifest but not the track (no purpose of theirs needs it).
 *
 * Readings are posted by the party that holds the instrument: positions by a transporter (its
 * vehicle terminal or monitoring platform), weighbridge readings at the origin by the generator
 * and at the destination by the receiver, RFID reads by any party; API tokens and members, not
 * readers or drivers' sessions.
 */
export const sensorsPolicy = {
  read: rule<[parties: ManifestParties]>({ system: true, actor: (a, p) => isParty(a, p) || isRegionalRegulator(a, p.generator) || isRegionalRegulator(a, p.receiver) }),
  postGps: rule<[parties: ManifestParties]>({ system: true, actor: (a, p) => isTransporter(a, p) && isWriter(a) }),
  postWeighing: rule<[parties: ManifestParties, end: 'origin' | 'destination' | null]>({
    system: true,
    actor: (a, p, end) => isWriter(a) && (end === 'origin' ? isOwnOrg(a, p.generator) : end === 'destination' ? isOwnOrg(a, p.receiver) : isOwnOrg(a, p.generator) || isOwnOrg(a, p.receiver)),
  }),
  postRfid: rule<[parties: ManifestParties]>({ system: true, actor: (a, p) => isParty(a, p) && isWriter(a) }),
};

export type SensorPostKind = 'gps' | 'weighing' | 'rfid';

/** Whether the viewer may post this kind at all (the gate before the body is read; per-row ends are checked after). */
export function mayPost(kind: SensorPostKind, viewer: Viewer, parties: ManifestParties): boolean {
  switch (kind) {
    case 'gps':
      return sensorsPolicy.postGps(viewer, parties);
    case 'weighing':
      return sensorsPolicy.postWeighing(viewer, parties, null);
    case 'rfid':
      return sensorsPolicy.postRfid(viewer, parties);
  }
}
