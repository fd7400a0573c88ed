import type { ColumnType, Generated, Selectable } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';
import type { DeadlineKind, OverdueRule } from './engine/overdue';
import type { QueueItemKind } from './engine/queue';
import type { RevisionStatus } from './engine/revision';

type TextArray = ColumnType<string[], string[], string[]>;

/** How long a load may stay unreceived or unprocessed, per waste list, with the rule it comes from. */
export interface ManifestDeadlineRuleTable {
  waste_list: 'general' | 'hazardous';
  deadline: DeadlineKind;
  hours: number;
  source: string;
  edition: string;
  /** False for values recalled rather than copied from the published rule. */
  verified: boolean;
  updated_at: Timestamp;
}

/** A manifest flagged overdue by the overdue job (once per rule). */
export interface ManifestOverdueTable {
  manifest_id: string;
  rule: OverdueRule;
  due_at: Timestamp;
  hours: number;
  source: string;
  flagged_at: Timestamp;
}

/** A correction of a closed manifest that the parties concerned approve. */
export interface ManifestRevisionTable {
  id: Generated<string>;
  manifest_id: string;
  requester_organisation_id: string;
  requester_user_id: string | null;
  reason: string;
  /** Canonical JSON of the requested `[{field, to}]`. */
  changes: string;
  /** Organisations whose approval is needed (the requester's is implied). */
  approvers: TextArray;
  status: RevisionStatus;
  from_version: number;
  to_version: number | null;
  /** The `revised` trail event of an approved request. */
  event_id: string | null;
  /** The refusal's or the cancellation's reason. */
  decision_reason: string | null;
  created_at: Timestamp;
  decided_at: NullableTimestamp;
}

export interface ManifestRevisionDecisionTable {
  revision_id: string;
  organisation_id: string;
  user_id: string | null;
  decision: 'approved' | 'refused';
  reason: string | null;
  at: Timestamp;
}

/** Every version of a revised manifest's correctable fields (version 1: as closed). */
export interface ManifestVersionTable {
  manifest_id: string;
  version: number;
  snapshot: string;
  revision_id: string | null;
  created_at: Timestamp;
}

/** An item of the regulators' queue: one finding on one manifest, open until a regulator closes it. */
export interface ManifestQueueItemTable {
  id: Generated<string>;
  manifest_id: string;
  kind: QueueItemKind;
  /** What makes the finding distinct on its manifest (a line number, a rule, a trail event). */
  key: string;
  /** JSON of the finding's particulars. */
  detail: string;
  status: 'open' | 'closed';
  opened_at: Timestamp;
  closed_at: NullableTimestamp;
  closed_by_user_id: string | null;
  closed_by_organisation_id: string | null;
  close_reason: string | null;
}

export interface ManifestQueueNoteTable {
  id: Generated<string>;
  item_id: string;
  organisation_id: string;
  user_id: string | null;
  text: string;
  at: Timestamp;
}

/** Where the queue's round of trail verification stopped (manifest id order). */
export interface ManifestQueueCursorTable {
  name: string;
  after: string | null;
}

export type ManifestRevisionRow = Selectable<ManifestRevisionTable>;
export type ManifestRevisionDecisionRow = Selectable<ManifestRevisionDecisionTable>;
export type ManifestVersionRow = Selectable<ManifestVersionTable>;
export type ManifestQueueItemRow = Selectable<ManifestQueueItemTable>;
export type ManifestQueueNoteRow = Selectable<ManifestQueueNoteTable>;
export type ManifestDeadlineRuleRow = Selectable<ManifestDeadlineRuleTable>;

export interface ManifestRegulationTables {
  manifest_deadline_rules: ManifestDeadlineRuleTable;
  manifest_overdue: ManifestOverdueTable;
  manifest_revisions: ManifestRevisionTable;
  manifest_revision_decisions: ManifestRevisionDecisionTable;
  manifest_versions: ManifestVersionTable;
  manifest_queue_items: ManifestQueueItemTable;
  manifest_queue_notes: ManifestQueueNoteTable;
  manifest_queue_cursor: ManifestQueueCursorTable;
}

export const manifestRegulationClassification: TableClassification<ManifestRegulationTables> = {
  manifest_deadline_rules: { waste_list: 'public', deadline: 'public', hours: 'public', source: 'public', edition: 'public', verified: 'public', updated_at: 'public' },
  manifest_overdue: { manifest_id: 'internal', rule: 'internal', due_at: 'internal', hours: 'internal', source: 'internal', flagged_at: 'internal' },
  manifest_revisions: {
    id: 'internal',
    manifest_id: 'internal',
    requester_organisation_id: 'confidential',
    requester_user_id: 'confidential',
    reason: 'confidential',
    changes: 'confidential',
    approvers: 'confidential',
    status: 'internal',
    from_version: 'internal',
    to_version: 'internal',
    event_id: 'internal',
    decision_reason: 'confidential',
    created_at: 'internal',
    decided_at: 'internal',
  },
  manifest_revision_decisions: { revision_id: 'internal', organisation_id: 'confidential', user_id: 'confidential', decision: 'confidential', reason: 'confidential', at: 'internal' },
  manifest_versions: { manifest_id: 'internal', version: 'internal', snapshot: 'confidential', revision_id: 'internal', created_at: 'internal' },
  manifest_queue_items: {
    id: 'internal',
    manifest_id: 'internal',
    kind: 'internal',
    key: 'internal',
    detail: 'confidential',
    status: 'internal',
    opened_at: 'internal',
    closed_at: 'internal',
    closed_by_user_id: 'confidential',
    closed_by_organisation_id: 'confidential',
    close_reason: 'confidential',
  },
  manifest_queue_notes: { id: 'internal', item_id: 'internal', organisation_id: 'confidential', user_id: 'confidential', text: 'confidential', at: 'internal' },
  manifest_queue_cursor: { name: 'internal', after: 'internal' },
};
