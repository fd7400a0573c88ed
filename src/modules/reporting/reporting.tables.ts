import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Numeric, NumericWithDefault, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';

export type ReportStatus = 'draft' | 'submitted' | 'returned' | 'accepted';

export interface FirmReportTable {
  id: Generated<string>;
  organisation_id: string;
  period: string;
  status: ColumnType<ReportStatus, ReportStatus | undefined, ReportStatus>;
  output_value: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  submitted_at: NullableTimestamp;
  submitted_by: string | null;
  reviewed_at: NullableTimestamp;
  reviewed_by: string | null;
  review_comment: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FirmReportLineTable {
  report_id: string;
  kind: string;
  unit: string;
  consumed: Numeric;
  recycled: NumericWithDefault;
}

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface ReportingTables {
  firm_reports: FirmReportTable;
  firm_report_lines: FirmReportLineTable;
}

/** Every column's classification level (see src/platform/classification.ts). */
export const reportingClassification: TableClassification<ReportingTables> = {
  // A firm's reported consumption is confidential to it and its region's offices; only the
  // aggregates the office publishes are public.
  firm_reports: {
    id: 'confidential',
    organisation_id: 'internal',
    period: 'internal',
    status: 'internal',
    output_value: 'confidential',
    submitted_at: 'internal',
    submitted_by: 'confidential',
    reviewed_at: 'internal',
    reviewed_by: 'confidential',
    review_comment: 'confidential',
    created_at: 'confidential',
    updated_at: 'confidential',
  },
  firm_report_lines: { report_id: 'confidential', kind: 'confidential', unit: 'confidential', consumed: 'confidential', recycled: 'confidential' },
};
