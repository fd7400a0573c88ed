import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Numeric, NullableTimestamp, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';
import type { TransporterPermit, WasteList } from './engine/duties';

type TextArray = ColumnType<string[], string[], string[]>;

/** One edition of the duties of a waste class (or one HW category of it), with the rule it comes from. */
export interface ManifestDutyTable {
  id: Generated<string>;
  waste_list: WasteList;
  /** `''` for the whole class. */
  category: string;
  edition: string;
  in_force_from: string;
  max_categories: number | null;
  retention_years: number;
  permits: ColumnType<TransporterPermit[], TransporterPermit[], TransporterPermit[]>;
  rule: string;
  /** True for values recalled rather than copied from the published text. */
  unverified: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type TransferStatus = 'applied' | 'destination-agreed' | 'approved' | 'refused';
export type TransferDecision = 'agree' | 'refuse' | 'approve';

/** An application to move hazardous waste to another province and both provinces' decisions. */
export interface ManifestTransferApprovalTable {
  id: Generated<string>;
  generator_id: string;
  receiver_id: string;
  waste_codes: TextArray;
  /** Tonnes approved in all. */
  quantity: Numeric;
  valid_from: string;
  valid_until: string;
  origin_province: string;
  destination_province: string;
  transit_provinces: TextArray;
  status: TransferStatus;
  applied_by: string | null;
  applied_at: Timestamp;
  destination_organisation_id: string | null;
  destination_decision: TransferDecision | null;
  destination_reason: string | null;
  destination_decided_at: NullableTimestamp;
  origin_organisation_id: string | null;
  origin_decision: TransferDecision | null;
  origin_reason: string | null;
  origin_decided_at: NullableTimestamp;
}

export type NoticeRole = 'destination' | 'transit' | 'origin';

/** Who was notified of an approval (the regulators of the provinces on the route). */
export interface ManifestTransferNoticeTable {
  approval_id: string;
  organisation_id: string;
  role: NoticeRole;
  province: string;
  at: Timestamp;
}

/** A transporter's permit for hazardous loads: its road dangerous-goods licence, a vehicle's, a driver's qualification. */
export interface ManifestCarrierPermitTable {
  id: Generated<string>;
  organisation_id: string;
  kind: TransporterPermit;
  number: string;
  /** The plate for a vehicle, the driver's name for a qualification, `''` for the firm's licence. */
  subject: string;
  valid_from: string;
  valid_until: string;
  created_at: Timestamp;
}

export type ManifestDutyRow = Selectable<ManifestDutyTable>;
export type TransferApprovalRow = Selectable<ManifestTransferApprovalTable>;
export type TransferNoticeRow = Selectable<ManifestTransferNoticeTable>;
export type CarrierPermitRow = Selectable<ManifestCarrierPermitTable>;

export interface ManifestLawTables {
  manifest_duties: ManifestDutyTable;
  manifest_transfer_approvals: ManifestTransferApprovalTable;
  manifest_transfer_notices: ManifestTransferNoticeTable;
  manifest_carrier_permits: ManifestCarrierPermitTable;
}

export const manifestLawClassification: TableClassification<ManifestLawTables> = {
  manifest_duties: {
    id: 'public',
    waste_list: 'public',
    category: 'public',
    edition: 'public',
    in_force_from: 'public',
    max_categories: 'public',
    retention_years: 'public',
    permits: 'public',
    rule: 'public',
    unverified: 'public',
    created_at: 'public',
    updated_at: 'public',
  },
  manifest_transfer_approvals: {
    id: 'internal',
    generator_id: 'confidential',
    receiver_id: 'confidential',
    waste_codes: 'confidential',
    quantity: 'confidential',
    valid_from: 'confidential',
    valid_until: 'confidential',
    origin_province: 'internal',
    destination_province: 'internal',
    transit_provinces: 'internal',
    status: 'internal',
    applied_by: 'confidential',
    applied_at: 'internal',
    destination_organisation_id: 'internal',
    destination_decision: 'internal',
    destination_reason: 'confidential',
    destination_decided_at: 'internal',
    origin_organisation_id: 'internal',
    origin_decision: 'internal',
    origin_reason: 'confidential',
    origin_decided_at: 'internal',
  },
  manifest_transfer_notices: { approval_id: 'internal', organisation_id: 'internal', role: 'internal', province: 'internal', at: 'internal' },
  manifest_carrier_permits: {
    id: 'internal',
    organisation_id: 'internal',
    kind: 'internal',
    number: 'confidential',
    // A driver's name is personal information (PIPL).
    subject: 'confidential',
    valid_from: 'internal',
    valid_until: 'internal',
    created_at: 'internal',
  },
};
