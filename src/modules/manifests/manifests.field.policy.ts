import { isHumanPlatformAdmin, isOwnOrg, isWriter, type OwnerRef, rule } from '../../platform/policy-rules';
import type { ManifestStatus } from './engine/custody';

/** Statuses in which the load is yet to be carried: a driver's code is of no use after delivery. */
export const DRIVER_CODE_STATUSES: ReadonlySet<ManifestStatus> = new Set<ManifestStatus>(['draft', 'sealed', 'in-transit']);

/**
 * Field signing (issue 13): who registers a phone's key, revokes one, and issues a driver's
 * one-time code. Which event a phone may sign is still the custody engine's and the sign
 * policy's decision when the event syncs (manifests.field.service.ts).
 */
export const manifestsFieldPolicy = {
  /** A person who signs manifests for their organisation (writers and drivers), never an API token. */
  registerDevice: rule<[]>({ system: false, actor: (a) => a.kind === 'user' && (isWriter(a) || a.role === 'driver') }),
  /** The key's holder, or an admin of its organisation (a lost phone), or a platform admin. */
  revokeDevice: rule<[owner: OwnerRef, holder: string | null]>({
    system: true,
    actor: (a, owner, holder) => (holder !== null && a.userId === holder) || (isOwnOrg(a, owner) && a.role === 'admin') || isHumanPlatformAdmin(a),
  }),
  /** The transporter's staff issue codes for their own drivers on the manifest. */
  issueCode: rule<[transporter: OwnerRef]>({ system: true, actor: (a, transporter) => isOwnOrg(a, transporter) && isWriter(a) }),
};
