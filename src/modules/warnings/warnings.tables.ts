import type { ColumnType, Generated } from 'kysely';
import type { NullableNumeric, NullableTimestamp, Numeric, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';

/** Warning cases (issue 3 stages 3–4): see migration 20261201T1900_warnings. */
export type WarningCaseKind = 'signal' | 'pre-warning';

export type WarningCaseStatus = 'open' | 'analysing' | 'decided-publish' | 'dismissed' | 'published' | 'closed';

export type WarningCause = 'natural-disaster' | 'demand' | 'speculation' | 'policy' | 'other';

export interface WarningCaseTable {
  id: Generated<string>;
  formula_id: string;
  kind: WarningCaseKind;
  direction: 'above' | 'below';
  episode_start: string;
  episode_end: string | null;
  level: 'blue' | 'yellow' | 'orange' | 'red' | null;
  peak_date: string;
  peak_ratio: Numeric;
  latest_date: string;
  latest_ratio: Numeric;
  latest_level: string;
  probability: NullableNumeric;
  status: ColumnType<WarningCaseStatus, WarningCaseStatus | undefined, WarningCaseStatus>;
  assignee_user_id: string | null;
  decision: 'publish' | 'dismiss' | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  bulletin_id: string | null;
  published_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  /** JSON snapshot of the automatic analysis (insert JSON.stringify'd). */
  analysis: ColumnType<unknown, string, string>;
  analysed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WarningCaseNoteTable {
  id: Generated<string>;
  case_id: string;
  author_user_id: string | null;
  organisation_id: string | null;
  cause: WarningCause;
  expected_weeks: number | null;
  text: string;
  created_at: Timestamp;
}

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface WarningsTables {
  warning_cases: WarningCaseTable;
  warning_case_notes: WarningCaseNoteTable;
}

/** Every column's classification level (see src/platform/classification.ts). */
export const warningsClassification: TableClassification<WarningsTables> = {
  // Warning cases (issue 3 stages 3–4): the monitors' working files. The policy (warningsPolicy)
  // decides which cases an actor sees at all; within a visible case the figures are internal, who
  // works on it is confidential. Expert notes are confidential (they may name suspected speculators);
  // what is published goes out through bulletins.
  warning_cases: {
    id: 'internal',
    formula_id: 'internal',
    kind: 'internal',
    direction: 'internal',
    episode_start: 'internal',
    episode_end: 'internal',
    level: 'internal',
    peak_date: 'internal',
    peak_ratio: 'internal',
    latest_date: 'internal',
    latest_ratio: 'internal',
    latest_level: 'internal',
    probability: 'internal',
    status: 'internal',
    assignee_user_id: 'confidential',
    decision: 'internal',
    decision_reason: 'internal',
    decided_by: 'confidential',
    decided_at: 'internal',
    bulletin_id: 'internal',
    published_at: 'internal',
    closed_at: 'internal',
    analysis: 'internal',
    analysed_at: 'internal',
    created_at: 'internal',
    updated_at: 'internal',
  },
  warning_case_notes: {
    id: 'confidential',
    case_id: 'confidential',
    author_user_id: 'confidential',
    organisation_id: 'confidential',
    cause: 'confidential',
    expected_weeks: 'confidential',
    text: 'confidential',
    created_at: 'confidential',
  },
};
