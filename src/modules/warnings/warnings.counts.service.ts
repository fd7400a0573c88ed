/** Counts of warning cases for other modules' overviews (the home page), aggregated in SQL. */
import type { Executor } from '../../db/database';
import { regionPrefix } from '../../platform/actor';
import { isPlatformAdmin, permit } from '../../platform/policy-rules';
import type { Viewer } from '../../platform/viewer';
import { warningSeverities } from '../../shared/warnings';
import { countWorkingCases, type CaseScope } from './warnings.repository';
import { warningsPolicy } from './warnings.policy';

export type CaseCountLevel = (typeof warningSeverities)[number] | 'pre-warning';

export interface CaseCounts {
  /** Red first, pre-warnings last; every level present (zero when none). */
  byLevel: { level: CaseCountLevel; open: number; escalating: number }[];
  open: number;
  escalating: number;
}

/**
 * The viewer's working cases (status open, analysing or decided-publish) per level: the same
 * cases the inbox lists to it (warningsPolicy.readCase), 403 for viewers without an inbox.
 */
export async function workingCaseCounts(db: Executor, viewer: Viewer): Promise<CaseCounts> {
  permit(viewer, warningsPolicy.inbox(viewer));
  let scope: CaseScope = { all: true };
  if (viewer.kind === 'actor' && !isPlatformAdmin(viewer.actor) && viewer.actor.organisationType !== 'supply-monitor') {
    const a = viewer.actor;
    scope = { all: false, ownerOrganisationId: a.organisationId, ownerRegionPrefix: a.organisationType === 'regulator' ? regionPrefix(a.regionCode) : null };
  }
  const rows = await countWorkingCases(db, scope);
  const order: CaseCountLevel[] = [...[...warningSeverities].reverse(), 'pre-warning'];
  const byLevel = order.map((level) => {
    const r = rows.find((x) => x.level === level);
    return { level, open: r?.open ?? 0, escalating: r?.escalating ?? 0 };
  });
  return { byLevel, open: byLevel.reduce((s, r) => s + r.open, 0), escalating: byLevel.reduce((s, r) => s + r.escalating, 0) };
}
