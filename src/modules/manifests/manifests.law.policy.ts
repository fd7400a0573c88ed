import { regionCovers } from '../../platform/actor';
import { isHumanPlatformAdmin, isOwnOrg, isPlatformAdmin, isWriter, type OwnerRef, rule } from '../../platform/policy-rules';

/** The provinces an approval's route touches and its two firms. */
export interface TransferRoute {
  generatorId: string;
  receiverId: string;
  originProvince: string;
  destinationProvince: string;
  transitProvinces: readonly string[];
}

/**
 * Duties are public reference data that human platform admins edit. A cross-province transfer is
 * applied for by the generator's writers; the destination province's ecology department agrees
 * (a regulator whose region covers the whole province, not a city bureau), then the origin
 * province's decides. The two firms and every regulator of a province on the route read it.
 * Carriers record their own permits; regulators of their region and platform admins read them.
 */
export const lawPolicy = {
  manageDuties: rule<[]>({ system: true, actor: (a) => isHumanPlatformAdmin(a) }),
  applyTransfer: rule<[generator: OwnerRef]>({ system: true, actor: (a, g) => isOwnOrg(a, g) && isWriter(a) }),
  /** A writer of some firm that may apply (checked again against the generator once the body is read). */
  mayApplyAtAll: rule<[]>({ system: true, actor: (a) => isWriter(a) && a.organisationType !== 'regulator' }),
  decideAs: rule<[province: string]>({ system: true, actor: (a, province) => a.organisationType === 'regulator' && isWriter(a) && regionCovers(a.regionCode, province) }),
  readTransfer: rule<[route: TransferRoute]>({
    system: true,
    actor: (a, r) =>
      isPlatformAdmin(a) ||
      a.organisationId === r.generatorId ||
      a.organisationId === r.receiverId ||
      (a.organisationType === 'regulator' && [r.originProvince, r.destinationProvince, ...r.transitProvinces].some((p) => regionCovers(p, a.regionCode) || regionCovers(a.regionCode, p))),
  }),
  managePermits: rule<[carrier: OwnerRef]>({ system: true, actor: (a, c) => (isOwnOrg(a, c) && isWriter(a)) || isHumanPlatformAdmin(a) }),
  readPermits: rule<[carrier: OwnerRef]>({ system: true, actor: (a, c) => isOwnOrg(a, c) || isPlatformAdmin(a) || (a.organisationType === 'regulator' && regionCovers(a.regionCode, c.regionCode)) }),
  /** Deleting a manifest record (after its retention period): human platform admins only. */
  deleteManifest: rule<[]>({ system: true, actor: (a) => isHumanPlatformAdmin(a) }),
};
