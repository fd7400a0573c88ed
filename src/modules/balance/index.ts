/** Public entry point of the balance module (see docs/architecture.md, "Module boundaries"). */
import { balancePolicy, type OwnerRef } from '../../platform/policies';
import type { Viewer } from '../../platform/viewer';

export { latestReconciledOutflows } from './balance.service';
export { balanceRoutes } from './balance.routes';

/** Whether the viewer may read a firm's balance (process yields): the by-product figures ask before showing it. */
export function canReadFirmBalance(viewer: Viewer, owner: OwnerRef): boolean {
  switch (viewer.kind) {
    case 'system':
      return true;
    case 'anonymous':
      return false;
    case 'actor':
      return balancePolicy.read(viewer.actor, owner);
  }
}
