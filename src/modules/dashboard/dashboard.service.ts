import type { Executor } from '../../db/database';
import { organisationTypes } from '../../shared/limits';
import type { ActorViewer } from '../../platform/viewer';
import type { DashboardSummary } from './dashboard.contract';
import { countOrganisationFootprint, countOrganisationsByType, countPlatform } from './dashboard.repository';

/** Platform counts: aggregates every logged-in viewer may see, plus the viewer's own organisation. */
export async function dashboardSummary(db: Executor, viewer: ActorViewer): Promise<DashboardSummary> {
  const [byType, platform, mine] = await Promise.all([
    countOrganisationsByType(db),
    countPlatform(db),
    countOrganisationFootprint(db, viewer.actor.organisationId),
  ]);
  const organisationsByType = Object.fromEntries(organisationTypes.map((t) => [t, 0])) as DashboardSummary['organisationsByType'];
  for (const row of byType) organisationsByType[row.type] = row.n;
  return {
    organisations: byType.reduce((sum, r) => sum + r.n, 0),
    organisationsByType,
    ...platform,
    myOrganisation: mine,
  };
}
