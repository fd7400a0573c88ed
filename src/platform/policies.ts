import type { Actor } from './actor';
import type { ClassificationLevel } from './classification';
import { errors } from './errors';
import { isOwnOrg, isPlatformAdmin, isRegionalRegulator, type OwnerRef } from './policy-rules';
import type { Viewer } from './viewer';

/**
 * What is left of the platform-wide policy file: each module owns its policy now
 * (`src/modules/<m>/<m>.policy.ts`, built from `policy-rules.ts`). The general clearance rule:
 * data of an organisation is confidential to it, to regulators of its region and to platform
 * admins; everyone else logged in sees internal fields, anonymous viewers public ones.
 */
export type { OwnerRef } from './policy-rules';
export { canOverseeOrganisation } from './policy-rules';

/** The classification level a viewer is cleared for on data owned by `owner`. */
export function clearanceFor(who: Viewer | Actor | null, owner?: OwnerRef): ClassificationLevel {
  // Transitional: code not yet on the Viewer type still passes an Actor or null.
  const viewer: Viewer = who === null ? { kind: 'anonymous' } : 'actor' in who || who.kind === 'system' || who.kind === 'anonymous' ? who : { kind: 'actor', actor: who };
  if (viewer.kind === 'system') return 'confidential';
  if (viewer.kind === 'anonymous') return 'public';
  const actor = viewer.actor;
  if (!owner) return isPlatformAdmin(actor) ? 'confidential' : 'internal';
  if (isPlatformAdmin(actor) || isOwnOrg(actor, owner) || isRegionalRegulator(actor, owner)) return 'confidential';
  return 'internal';
}

/** Transitional: `permit(viewer, rule(...))` in policy-rules.ts is the form new code uses. */
export function authorize(allowed: boolean, message?: string): asserts allowed {
  if (!allowed) throw errors.forbidden(message);
}
