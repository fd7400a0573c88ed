import type { Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';

export interface SessionTable {
  /** sha-256 of the cookie value: a database leak does not hand out live sessions. */
  token_hash: string;
  user_id: string;
  organisation_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface AuthTables {
  sessions: SessionTable;
}

/** Every column's classification level (see src/platform/classification.ts). */
export const authClassification: TableClassification<AuthTables> = {
  sessions: {
    token_hash: 'restricted',
    user_id: 'restricted',
    organisation_id: 'restricted',
    csrf_token: 'restricted',
    created_at: 'restricted',
    last_seen_at: 'restricted',
    expires_at: 'restricted',
    ip: 'restricted',
    user_agent: 'restricted',
  },
};
