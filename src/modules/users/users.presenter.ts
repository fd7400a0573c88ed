import type { MemberRow } from './users.repository';
import type { InvitationView, MemberView, MyInvitationView } from './users.schema';
import type { InvitationRow } from './users.tables';
import type { UserInvitationRow } from './users.repository';

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

/** Declined invitations show as pending until they expire: the admin learns nothing of the person. */
export function presentInvitation(r: InvitationRow): InvitationView {
  return { id: r.id, username: r.username, role: r.role, status: 'pending', createdAt: r.created_at.toISOString(), expiresAt: r.expires_at.toISOString() };
}

export function presentMyInvitation(r: UserInvitationRow): MyInvitationView {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    organisationCode: r.organisation_code,
    organisationName: r.organisation_name,
    organisationType: r.organisation_type,
    role: r.role,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
  };
}
