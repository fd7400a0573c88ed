import { type Actor, regionCovers } from '../../platform/actor';
import { isHumanPlatformAdmin, isPlatformAdmin, isWriter, rule } from '../../platform/policy-rules';
import type { Viewer } from '../../platform/viewer';

/**
 * Park symbiosis (issue 14). A park's network shows every firm's flows, so it is the park's
 * view: its administration, regulators whose region covers the park and platform admins see it
 * whole (`full`); a firm of the park sees its own flows and the rest as aggregates (`own`);
 * everyone else logged in (other parks, other firms) sees aggregates only, plus the firms that
 * opted in to sharing with other parks (`aggregate`). The analyses that name firms (gaps,
 * cascades, criticality) are for `full` viewers. City nodes and declared flows are kept by the
 * park administration; a firm's stop threshold and sharing by the firm or its park
 * administration. Indicator systems are edited by human platform admins; values are entered by
 * the park administration for its park, by regulators and statistics offices for regions they
 * cover, and by platform admins.
 */
export interface ParkRef {
  parkId: string;
  regionCode: string;
}

export type ParkAccess = 'full' | 'own' | 'aggregate';

const isParkAdminOf = (a: Actor, parkId: string) => a.organisationType === 'park-admin' && a.parkId === parkId;
const overseesPark = (a: Actor, park: ParkRef) =>
  isPlatformAdmin(a) || isParkAdminOf(a, park.parkId) || (a.organisationType === 'regulator' && regionCovers(a.regionCode, park.regionCode));
const keepsPark = (a: Actor, parkId: string) => (isHumanPlatformAdmin(a) || isParkAdminOf(a, parkId)) && isWriter(a);

/** How much of a park's network the viewer sees; null = nothing (anonymous). */
export function parkAccess(viewer: Viewer, park: ParkRef): ParkAccess | null {
  switch (viewer.kind) {
    case 'system':
      return 'full';
    case 'anonymous':
      return null;
    case 'actor':
      if (overseesPark(viewer.actor, park)) return 'full';
      return viewer.actor.parkId === park.parkId ? 'own' : 'aggregate';
  }
}

export const symbiosisPolicy = {
  /** The map and figures at some level (see `parkAccess`). */
  readPark: rule<[ParkRef]>({ system: true, actor: () => true }),
  /** Gaps, cascades, criticality: they name firms and their tonnes. */
  analysePark: rule<[ParkRef]>({ system: true, actor: overseesPark }),
  /** City nodes and declared flows of a park. */
  keepPark: rule<[string]>({ system: true, actor: keepsPark }),
  /** A firm's stop threshold and its sharing with other parks. */
  setFirm: rule<[{ organisationId: string; parkId: string | null }]>({
    system: true,
    actor: (a, firm) => isWriter(a) && (a.organisationId === firm.organisationId || isHumanPlatformAdmin(a) || (firm.parkId !== null && isParkAdminOf(a, firm.parkId))),
  }),
  /** Scores are aggregates: every logged-in user. */
  readEvaluation: rule<[]>({ system: true, actor: () => true }),
  enterParkValue: rule<[string]>({ system: true, actor: keepsPark }),
  enterRegionValue: rule<[string]>({
    system: true,
    actor: (a, regionCode) =>
      isWriter(a) && (isHumanPlatformAdmin(a) || ((a.organisationType === 'regulator' || a.organisationType === 'statistics-office') && regionCovers(a.regionCode, regionCode))),
  }),
  editIndicatorSystems: rule<[]>({ system: true, actor: (a) => isHumanPlatformAdmin(a) && isWriter(a) }),
  /** The values page in the navigation: those who enter park values (some park's administration, platform admins)… */
  enterSomeParkValue: rule<[]>({ system: true, actor: (a) => isWriter(a) && (isHumanPlatformAdmin(a) || a.organisationType === 'park-admin') }),
  /** …or region values (regulators and statistics offices, platform admins); the routes check the park or region itself. */
  enterSomeRegionValue: rule<[]>({
    system: true,
    actor: (a) => isWriter(a) && (isHumanPlatformAdmin(a) || a.organisationType === 'regulator' || a.organisationType === 'statistics-office'),
  }),
  /** The page in the navigation: those who oversee some park (park admins, regulators, platform admins) and firms in a park. */
  seePage: rule<[]>({
    system: true,
    actor: (a) => isPlatformAdmin(a) || a.organisationType === 'park-admin' || a.organisationType === 'regulator' || a.parkId !== null,
  }),
};
