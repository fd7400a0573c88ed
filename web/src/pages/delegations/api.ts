/** Client of the delegation APIs, through the routes' contracts. */
import type { BodyIn, ResponseOf } from '../../../../src/shared/contract';
import * as delegations from '../../../../src/modules/delegations/delegations.contract';
import { call } from '../../api/call';

export type Delegation = ResponseOf<typeof delegations.getDelegation>;
export type GrantInput = BodyIn<typeof delegations.grantDelegation>;
export type Direction = 'granted' | 'received';

export const delegationsApi = {
  list: (organisationId: string, direction: Direction, includeRevoked: boolean) =>
    call(delegations.listDelegations, { params: { id: organisationId }, query: { direction, includeRevoked: includeRevoked ? 'true' : 'false' } }),
  grant: (organisationId: string, body: GrantInput) => call(delegations.grantDelegation, { params: { id: organisationId }, body }),
  revoke: (id: string, reason: string | undefined) => call(delegations.revokeDelegation, { params: { id }, body: reason ? { reason } : {} }),
};
