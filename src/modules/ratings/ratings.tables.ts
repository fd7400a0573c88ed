import type { ColumnType, Generated, Selectable } from 'kysely';
import type { NullableTimestamp, Numeric, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';
import type { DimensionFigure, Grade, RatingReason } from './engine';

type DateText = ColumnType<string, string, string>;
/** jsonb: read as parsed JSON by both drivers, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

/** One organisation's rating on one day (a recompute the same day replaces it): the history is the table. */
export interface RatingTable {
  id: Generated<string>;
  organisation_id: string;
  rated_on: DateText;
  grade: Grade;
  score: Numeric;
  suspended: boolean;
  records: number;
  dimensions: Json<DimensionFigure[]>;
  reasons: Json<RatingReason[]>;
  policy_edition: string;
  computed_at: Timestamp;
}

export type FindingSeverity = 'minor' | 'major' | 'serious';
export type DisputeOutcome = 'lost' | 'won' | 'settled' | 'open';

/** A regulator's finding against an organisation (a deduction of the rating). */
export interface RatingFindingTable {
  id: Generated<string>;
  organisation_id: string;
  severity: FindingSeverity;
  found_on: DateText;
  summary: string;
  recorded_by: string | null;
  recorded_by_organisation_id: string | null;
  created_at: Generated<Date>;
}

/** The outcome of a dispute over a contract, for one party (a lost one is a deduction). */
export interface RatingDisputeTable {
  id: Generated<string>;
  organisation_id: string;
  contract_id: string | null;
  outcome: DisputeOutcome;
  decided_on: DateText;
  summary: string;
  recorded_by: string | null;
  recorded_by_organisation_id: string | null;
  created_at: Generated<Date>;
}

export type AppealStatus = 'open' | 'upheld' | 'rejected';

export interface RatingAppealTable {
  id: Generated<string>;
  organisation_id: string;
  rating_id: string;
  /** The grade and suspension appealed against. */
  grade: Grade;
  suspended: boolean;
  statement: string;
  status: ColumnType<AppealStatus, AppealStatus | undefined, AppealStatus>;
  created_by: string | null;
  created_at: Generated<Date>;
  decided_by: string | null;
  decided_by_organisation_id: string | null;
  decision_reason: string | null;
  decided_at: NullableTimestamp;
}

export type LiftedBecause = 'appeal-upheld' | 'recovered';

/** A suspension from exchange auctions; open while `lifted_at` is null. */
export interface RatingSuspensionTable {
  id: Generated<string>;
  organisation_id: string;
  rating_id: string;
  grade: Grade;
  started_at: Timestamp;
  lifted_at: NullableTimestamp;
  lifted_because: LiftedBecause | null;
  appeal_id: string | null;
}

export type RatingRow = Selectable<RatingTable>;
export type RatingFindingRow = Selectable<RatingFindingTable>;
export type RatingDisputeRow = Selectable<RatingDisputeTable>;
export type RatingAppealRow = Selectable<RatingAppealTable>;
export type RatingSuspensionRow = Selectable<RatingSuspensionTable>;

export interface RatingsTables {
  ratings: RatingTable;
  rating_findings: RatingFindingTable;
  rating_disputes: RatingDisputeTable;
  rating_appeals: RatingAppealTable;
  rating_suspensions: RatingSuspensionTable;
}

/**
 * The grade and the suspension are public inside the platform (counterparties judge a firm by
 * them); the score, figures and reasons are the firm's, its regulators' and platform admins'.
 */
export const ratingsClassification: TableClassification<RatingsTables> = {
  ratings: {
    id: 'internal',
    organisation_id: 'internal',
    rated_on: 'internal',
    grade: 'internal',
    score: 'confidential',
    suspended: 'internal',
    records: 'confidential',
    dimensions: 'confidential',
    reasons: 'confidential',
    policy_edition: 'internal',
    computed_at: 'internal',
  },
  rating_findings: { id: 'confidential', organisation_id: 'confidential', severity: 'confidential', found_on: 'confidential', summary: 'confidential', recorded_by: 'confidential', recorded_by_organisation_id: 'confidential', created_at: 'confidential' },
  rating_disputes: { id: 'confidential', organisation_id: 'confidential', contract_id: 'confidential', outcome: 'confidential', decided_on: 'confidential', summary: 'confidential', recorded_by: 'confidential', recorded_by_organisation_id: 'confidential', created_at: 'confidential' },
  rating_appeals: {
    id: 'confidential',
    organisation_id: 'confidential',
    rating_id: 'confidential',
    grade: 'confidential',
    suspended: 'confidential',
    statement: 'confidential',
    status: 'confidential',
    created_by: 'confidential',
    created_at: 'confidential',
    decided_by: 'confidential',
    decided_by_organisation_id: 'confidential',
    decision_reason: 'confidential',
    decided_at: 'confidential',
  },
  rating_suspensions: { id: 'internal', organisation_id: 'internal', rating_id: 'internal', grade: 'internal', started_at: 'internal', lifted_at: 'internal', lifted_because: 'internal', appeal_id: 'confidential' },
};
