import type { ColumnType, Generated, Selectable } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';
import type { DelegationScope } from './delegations.scopes';

/**
 * A delegation: the grantor organisation lets the grantee act for it within `scopes` from
 * `valid_from` until `valid_until` (open-ended when null) unless revoked. Rows are never
 * deleted: what was done under a delegation keeps pointing at it (the acting modules store its
 * id), so the trail stays readable after revocation.
 */
export interface DelegationTable {
  id: Generated<string>;
  grantor_id: string;
  grantee_id: string;
  scopes: ColumnType<DelegationScope[], DelegationScope[], DelegationScope[]>;
  valid_from: Timestamp;
  valid_until: NullableTimestamp;
  note: string | null;
  granted_by: string | null;
  granted_at: Timestamp;
  revoked_at: NullableTimestamp;
  revoked_by: string | null;
  revocation_reason: string | null;
}

export type DelegationRow = Selectable<DelegationTable>;

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface DelegationsTables {
  delegations: DelegationTable;
}

/** Every column's classification level (see src/platform/classification.ts). */
export const delegationsClassification: TableClassification<DelegationsTables> = {
  delegations: {
    id: 'internal',
    grantor_id: 'internal',
    grantee_id: 'internal',
    scopes: 'internal',
    valid_from: 'internal',
    valid_until: 'internal',
    note: 'confidential',
    granted_by: 'confidential',
    granted_at: 'internal',
    revoked_at: 'internal',
    revoked_by: 'confidential',
    revocation_reason: 'confidential',
  },
};
