import type { MembershipRole } from '../../db/column-types';
import type { MemberRow } from './users.repository';
import type { MemberView } from './users.schema';
import type { UserRow } from './users.tables';

export function presentMember(r: MemberRow): MemberView {
  return {
    userId: r.id,
    username: r.username,
    displayName: r.display_name,
    email: r.email,
    disabled: r.disabled,
    role: r.role,
    createdAt: r.created_at.toISOString(),
  };
}

export function presentAddedMember(user: UserRow, role: MembershipRole, created: boolean): MemberView & { created: boolean } {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    email: user.email,
    disabled: user.disabled,
    role,
    createdAt: user.created_at.toISOString(),
    created,
  };
}
