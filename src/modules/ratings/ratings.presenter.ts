import type { RatedOrganisation } from './ratings.repository';
import type { RatingDetailView, RatingSummaryView } from './ratings.schema';
import type { RatingAppealRow, RatingRow } from './ratings.tables';

export const organisationRef = (o: RatedOrganisation) => ({ id: o.id, nameZh: o.name_zh, nameEn: o.name_en, type: o.type, regionCode: o.region_code });

/** A list row: grade and suspension for every viewer; score and reasons only with `detail`. */
export function presentSummary(o: RatedOrganisation, r: RatingRow, suspended: boolean, detail: boolean, openAppeal: boolean): RatingSummaryView {
  return {
    organisation: organisationRef(o),
    grade: r.grade,
    suspended,
    ratedOn: r.rated_on,
    score: detail ? Number(r.score) : null,
    reasons: detail ? r.reasons : null,
    openAppeal: detail ? openAppeal : null,
  };
}

export function presentCurrent(r: RatingRow, detail: boolean): NonNullable<RatingDetailView['current']> {
  return {
    grade: r.grade,
    ratedOn: r.rated_on,
    computedAt: new Date(r.computed_at).toISOString(),
    policyEdition: r.policy_edition,
    belowSuspensionGrade: r.suspended,
    score: detail ? Number(r.score) : null,
    records: detail ? r.records : null,
    dimensions: detail ? r.dimensions : null,
    reasons: detail ? r.reasons : null,
  };
}

export function presentAppeal(a: RatingAppealRow): NonNullable<RatingDetailView['appeals']>[number] {
  return {
    id: a.id,
    grade: a.grade,
    suspended: a.suspended,
    statement: a.statement,
    status: a.status,
    createdAt: new Date(a.created_at).toISOString(),
    decisionReason: a.decision_reason,
    decidedAt: a.decided_at ? new Date(a.decided_at).toISOString() : null,
  };
}
