import type { Generated, Selectable } from 'kysely';
import type { MembershipRole, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';

export interface UserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  locale: Generated<string>;
  disabled: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembershipTable {
  user_id: string;
  organisation_id: string;
  role: MembershipRole;
  created_at: Timestamp;
}

export type UserRow = Selectable<UserTable>;

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface UsersTables {
  users: UserTable;
  memberships: MembershipTable;
}

/** Every column's classification level (see src/platform/classification.ts). */
export const usersClassification: TableClassification<UsersTables> = {
  users: {
    id: 'confidential',
    username: 'confidential',
    display_name: 'confidential',
    email: 'confidential',
    password_hash: 'restricted',
    locale: 'confidential',
    disabled: 'confidential',
    created_at: 'confidential',
    updated_at: 'confidential',
  },
  memberships: { user_id: 'confidential', organisation_id: 'confidential', role: 'confidential', created_at: 'confidential' },
};
