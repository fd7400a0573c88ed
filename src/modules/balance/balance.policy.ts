import { regionCovers } from '../../platform/actor';
import { canOverseeOrganisation, canWriteOwnData, isPlatformAdmin, type OwnerRef, rule } from '../../platform/policy-rules';
import type { Viewer } from '../../platform/viewer';

/**
 * Plant balances. A balance is the firm's own data (process yields are trade secrets). The
 * system viewer (CLI, demo loader, jobs) reads and writes them: the demo loader saves the demo
 * line's model, and the CLI reconciles files.
 */
export const balancePolicy = {
  read: rule<[owner: OwnerRef]>({ system: true, actor: canOverseeOrganisation }),
  write: rule<[owner: OwnerRef]>({ system: true, actor: canWriteOwnData }),
  /** Reconciling a model sent by the caller stores and reads nothing: every logged-in user. */
  reconcile: rule<[]>({ system: true, actor: () => true }),
  /**
   * The list of a region's balance models: regulators whose region covers it and platform
   * admins, the same people who may open each model. Statistics offices are not in the general
   * rule and get no exception: they receive firms' figures through direct reporting, as
   * aggregates, not the process yields a plant balance reveals.
   */
  listRegion: rule<[regionCode: string]>({
    system: true,
    actor: (actor, regionCode) => isPlatformAdmin(actor) || (actor.organisationType === 'regulator' && regionCovers(actor.regionCode, regionCode)),
  }),
};

/** May this viewer read the firm's balance (for modules that show figures derived from it)? */
export function canReadFirmBalance(viewer: Viewer, owner: OwnerRef): boolean {
  return balancePolicy.read(viewer, owner);
}
