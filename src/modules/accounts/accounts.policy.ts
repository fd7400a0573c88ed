import { type Actor, regionCovers } from '../../platform/actor';
import { isPlatformAdmin, isWriter, rule } from '../../platform/policy-rules';
import { actorViewer } from '../../platform/viewer';

const isStatisticsOffice = (a: Actor) => a.organisationType === 'statistics-office';

/**
 * Regional accounts are written by the statistics office (or development-reform commission)
 * whose region covers the row's region, and by platform admins. Tokens of such an office may
 * write too: direct reporting systems feed them.
 */
const writesAccounts = (actor: Actor, regionCode: string) => isPlatformAdmin(actor) || (isStatisticsOffice(actor) && regionCovers(actor.regionCode, regionCode) && isWriter(actor));

/**
 * Who may do what with regional accounts. The CLI and the demo loader (the system viewer) import
 * accounts and load generated data; they are allowed wherever they acted before.
 */
export const accountsPolicy = {
  /** Published statistics (catalogue, regions with accounts, indicators, changes): everyone. */
  readPublished: rule<[]>({ system: true, anonymous: () => true, actor: () => true }),
  /** Scenario projections: every logged-in user (they read only published statistics). */
  project: rule<[]>({ system: true, actor: () => true }),
  write: rule<[regionCode: string]>({ system: true, actor: writesAccounts }),
  /**
   * Sending an accounts file at all: whoever `write` allows for some region (its own). Each
   * row's region is checked by `write` afterwards.
   */
  importFiles: rule<[]>({ system: true, actor: (actor) => writesAccounts(actor, actor.regionCode) }),
  /**
   * Quality findings are the office's working notes: offices of covering regions, regulators
   * there, admins. `null` asks for the findings of every region: platform admins only.
   */
  readFindings: rule<[regionCode: string | null]>({
    system: true,
    actor: (actor, regionCode) =>
      isPlatformAdmin(actor) || (regionCode !== null && (isStatisticsOffice(actor) || actor.organisationType === 'regulator') && regionCovers(actor.regionCode, regionCode)),
  }),
  /**
   * A national kind (region null) feeds every region's published indicators: platform admins
   * only. A region's own kind: that region's statistics office (its admins) and platform admins.
   */
  editCatalogue: rule<[kindRegion: string | null]>({
    system: true,
    actor: (actor, kindRegion) => isPlatformAdmin(actor) || (kindRegion !== null && isStatisticsOffice(actor) && actor.role === 'admin' && actor.regionCode === kindRegion),
  }),
  /** Generated (demo) accounts are written without an import record: the demo loader only. */
  loadGenerated: rule<[]>({ system: true, actor: () => false }),
};

/** The import route's gate, checked from the caller alone before the file is read. */
export function mayImportAccounts(actor: Actor): boolean {
  return accountsPolicy.importFiles(actorViewer(actor));
}
