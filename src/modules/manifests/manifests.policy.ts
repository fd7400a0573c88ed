import { isHumanPlatformAdmin, isOwnOrg, isPlatformAdmin, isRegionalRegulator, isWriter, type OwnerRef, rule } from '../../platform/policy-rules';
import type { Actor } from '../../platform/actor';

/** The organisations on a manifest, with the regions regulators are responsible for. */
export interface ManifestParties {
  generator: OwnerRef;
  receiver: OwnerRef;
  transporters: readonly string[];
}

const isParty = (a: Actor, p: ManifestParties) => isOwnOrg(a, p.generator) || isOwnOrg(a, p.receiver) || p.transporters.includes(a.organisationId);
/** Drivers sign pickups and handovers for their transporter; readers sign nothing. */
const maySign = (a: Actor) => isWriter(a) || a.role === 'driver';

/**
 * Manifests are seen by their parties, by regulators of the generator's or the receiver's region
 * and by platform admins. Who signs which event is the custody engine's decision (the party
 * whose turn it is, or an organisation it delegated `manifests.sign` to); this policy only says
 * whether the viewer signs at all for its own organisation.
 */
export const manifestsPolicy = {
  read: rule<[parties: ManifestParties]>({
    system: true,
    actor: (a, p) => isParty(a, p) || isPlatformAdmin(a) || isRegionalRegulator(a, p.generator) || isRegionalRegulator(a, p.receiver),
  }),
  /** Signing for `owner` (the party whose turn it is), from its own organisation. */
  sign: rule<[owner: OwnerRef]>({ system: true, actor: (a, owner) => isOwnOrg(a, owner) && maySign(a) }),
  /** Signing for another organisation under a delegation: every writer may (the delegation decides). */
  signDelegated: rule<[]>({ system: true, actor: (a) => isWriter(a) }),
  /** Verifying every manifest: platform admins and regulators (theirs is limited to their region). */
  verifyAll: rule<[]>({ system: true, actor: (a) => isPlatformAdmin(a) || a.organisationType === 'regulator' }),
  /** Printing the load's label (its QR code leads to the public page): the parties, who handle the load. */
  label: rule<[parties: ManifestParties]>({ system: true, actor: (a, p) => isParty(a, p) }),
  /** The public page of a load: whoever holds its label's token, signed in or not. */
  readPublic: rule<[]>({ system: true, anonymous: () => true, actor: () => true }),
  manageCodes: rule<[]>({ system: true, actor: (a) => isHumanPlatformAdmin(a) }),
  /** A receiver's licence: its own writers, regulators of its region, platform admins. */
  manageLicence: rule<[owner: OwnerRef]>({ system: true, actor: (a, owner) => (isOwnOrg(a, owner) && isWriter(a)) || isRegionalRegulator(a, owner) || isPlatformAdmin(a) }),
  readLicences: rule<[owner: OwnerRef]>({ system: true, actor: () => true }),
  /** Rotating an organisation's signing key: its human admins and platform admins. */
  rotateKey: rule<[owner: OwnerRef]>({ system: true, actor: (a, owner) => (isOwnOrg(a, owner) && a.role === 'admin' && a.kind === 'user') || isHumanPlatformAdmin(a) }),
};
