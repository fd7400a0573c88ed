import type { Viewer } from '../../platform/viewer';
import { delegationsPolicy } from './delegations.policy';
import type { DelegationListRow } from './delegations.repository';
import type { DelegationRef, DelegationView } from './delegations.schema';

export function presentDelegationRef(r: DelegationListRow): DelegationRef {
  return {
    id: r.id,
    grantor: { id: r.grantor_id, nameZh: r.grantor_name_zh, nameEn: r.grantor_name_en },
    grantee: { id: r.grantee_id, nameZh: r.grantee_name_zh, nameEn: r.grantee_name_en },
    scopes: r.scopes,
  };
}

export function delegationStatus(r: Pick<DelegationListRow, 'revoked_at' | 'valid_from' | 'valid_until'>, now: Date): DelegationView['status'] {
  if (r.revoked_at) return 'revoked';
  if (r.valid_from > now) return 'scheduled';
  if (r.valid_until && r.valid_until <= now) return 'expired';
  return 'active';
}

export function presentDelegation(viewer: Viewer, r: DelegationListRow, now: Date): DelegationView {
  const status = delegationStatus(r, now);
  return {
    ...presentDelegationRef(r),
    validFrom: r.valid_from.toISOString(),
    validUntil: r.valid_until?.toISOString() ?? null,
    note: r.note,
    grantedAt: r.granted_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
    revocationReason: r.revocation_reason,
    status,
    canRevoke: status !== 'revoked' && delegationsPolicy.revoke(viewer, { organisationId: r.grantor_id, regionCode: r.grantor_region }),
  };
}
