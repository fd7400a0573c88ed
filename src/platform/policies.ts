import type { ClassificationLevel } from './classification';
import { isOwnOrg, isPlatformAdmin, isRegionalRegulator, type OwnerRef } from './policy-rules';
import type { Viewer } from './viewer';

/**
 * The general clearance rule (each module owns its other rules in `<m>.policy.ts`, built from
 * `policy-rules.ts`):
 * data of an organisation is confidential to it, to regulators of its region and to platform
 * admins; everyone else logged in sees internal fields, anonymous viewers public ones.
 */
/** The classification level a viewer is cleared for on data owned by `owner`. */
export function clearanceFor(viewer: Viewer, owner?: OwnerRef): ClassificationLevel {
  if (viewer.kind === 'system') return 'confidential';
  if (viewer.kind === 'anonymous') return 'public';
  const actor = viewer.actor;
  if (!owner) return isPlatformAdmin(actor) ? 'confidential' : 'internal';
  if (isPlatformAdmin(actor) || isOwnOrg(actor, owner) || isRegionalRegulator(actor, owner)) return 'confidential';
  return 'internal';
}
