import { canOverseeOrganisation, type OwnerRef, rule } from '../../platform/policy-rules';

/**
 * A firm's statutory ledgers and its national-system exports reveal its volumes and partners:
 * the firm itself, regulators of its region and platform admins read them (the platform's rule),
 * and so does an organisation the firm delegated `manifests.ledgers` to (an environmental
 * consultant that files for it). The delegation is looked up by the service and passed in.
 * The CLI (system) writes any firm's ledger.
 */
export const ledgersPolicy = {
  read: rule<[owner: OwnerRef, delegated: boolean]>({ system: true, actor: (a, owner, delegated) => canOverseeOrganisation(a, owner) || delegated }),
  /** Whether a signed-in viewer may ask at all (before any firm is looked up). */
  ask: rule<[]>({ system: true, actor: () => true }),
};
