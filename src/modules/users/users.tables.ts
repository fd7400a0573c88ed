import type { ColumnType, Generated, Selectable } from 'kysely';
import type { MembershipRole, NullableTimestamp, Timestamp } from '../../db/column-types';
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

export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'revoked' | 'expired';

/** An invitation to join an organisation, by the username the admin typed (see the migration). */
export interface MembershipInvitationTable {
  id: Generated<string>;
  organisation_id: string;
  username: string;
  role: MembershipRole;
  status: ColumnType<InvitationStatus, InvitationStatus | undefined, InvitationStatus>;
  with_account: ColumnType<boolean, boolean | undefined, boolean>;
  invited_by: string | null;
  created_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Timestamp;
  responded_at: NullableTimestamp;
}

export type UserRow = Selectable<UserTable>;
export type InvitationRow = Selectable<MembershipInvitationTable>;

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface UsersTables {
  users: UserTable;
  memberships: MembershipTable;
  membership_invitations: MembershipInvitationTable;
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
  membership_invitations: {
    id: 'confidential',
    organisation_id: 'confidential',
    username: 'confidential',
    role: 'confidential',
    status: 'confidential',
    with_account: 'restricted',
    invited_by: 'confidential',
    created_at: 'confidential',
    expires_at: 'confidential',
    responded_at: 'confidential',
  },
};
