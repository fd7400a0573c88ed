import { isOwnOrg, isPlatformAdmin, isRegionalRegulator, isWriter, type OwnerRef, rule } from '../../platform/policy-rules';
import type { Actor } from '../../platform/actor';
import type { ManifestParties } from './manifests.policy';

const isParty = (a: Actor, p: ManifestParties) => isOwnOrg(a, p.generator) || isOwnOrg(a, p.receiver) || p.transporters.includes(a.organisationId);

/**
 * Revisions are asked for and decided by the parties' writers for their own organisation; the
 * queue and the figures belong to regulators (their region) and platform admins; a queue item is
 * annotated and closed by a regulator of the generator's or the receiver's region.
 */
export const regulationPolicy = {
  requestRevision: rule<[parties: ManifestParties]>({ system: true, actor: (a, p) => isParty(a, p) && isWriter(a) }),
  decideRevision: rule<[owner: OwnerRef]>({ system: true, actor: (a, owner) => isOwnOrg(a, owner) && isWriter(a) }),
  readQueue: rule<[]>({ system: true, actor: (a) => isPlatformAdmin(a) || a.organisationType === 'regulator' }),
  handleItem: rule<[parties: ManifestParties]>({ system: true, actor: (a, p) => isRegionalRegulator(a, p.generator) || isRegionalRegulator(a, p.receiver) }),
  runJobs: rule<[]>({ system: true, actor: () => false }),
};
