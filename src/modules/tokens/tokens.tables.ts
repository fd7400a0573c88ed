import type { Generated, Selectable } from 'kysely';
import type { MembershipRole, NullableTimestamp, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';

export interface ApiTokenTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  /** First characters of the token, shown in lists so an owner can tell tokens apart. */
  prefix: string;
  token_hash: string;
  role: MembershipRole;
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export type ApiTokenRow = Selectable<ApiTokenTable>;

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface TokensTables {
  api_tokens: ApiTokenTable;
}

/** Every column's classification level (see src/platform/classification.ts). */
export const tokensClassification: TableClassification<TokensTables> = {
  api_tokens: {
    id: 'confidential',
    organisation_id: 'confidential',
    name: 'confidential',
    prefix: 'confidential',
    token_hash: 'restricted',
    role: 'confidential',
    created_by: 'confidential',
    created_at: 'confidential',
    last_used_at: 'confidential',
    expires_at: 'confidential',
    revoked_at: 'confidential',
  },
};
