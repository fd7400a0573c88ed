import type { Generated } from 'kysely';
import type { Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_user_id: string | null;
  actor_token_id: string | null;
  organisation_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
}

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface AuditTables {
  audit_log: AuditLogTable;
}

/** Every column's classification level (see src/platform/classification.ts). */
export const auditClassification: TableClassification<AuditTables> = {
  audit_log: {
    id: 'confidential',
    at: 'confidential',
    actor_user_id: 'confidential',
    actor_token_id: 'confidential',
    organisation_id: 'confidential',
    action: 'confidential',
    entity_type: 'confidential',
    entity_id: 'confidential',
    before: 'confidential',
    after: 'confidential',
    request_id: 'confidential',
  },
};
