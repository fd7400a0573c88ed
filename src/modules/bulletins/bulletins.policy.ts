import type { Actor } from '../../platform/actor';
import { isHuman, isPlatformAdmin, isWriter, rule } from '../../platform/policy-rules';

const isSupplyMonitor = (a: Actor) => a.organisationType === 'supply-monitor';
const isMonitorWriter = (a: Actor) => isSupplyMonitor(a) && isWriter(a);

/**
 * Supply-warning bulletins (issue 3, stage 4). Published and withdrawn bulletins are public (no
 * login). Drafts, webhook subscriptions and delivery status are for supply monitors and platform
 * admins; supply monitors (members and admins) write, and only people publish or withdraw: a
 * public warning is a human decision, never a machine token's.
 *
 * Bulletins. Published ones are public (no policy: the public routes read only published and
 * withdrawn bulletins); the system viewer (CLI, demo loader) may do everything, as before.
 */
export const bulletinsPolicy = {
  readDrafts: rule({ system: true, actor: (a) => isSupplyMonitor(a) || isPlatformAdmin(a) }),
  write: rule({ system: true, actor: (a) => isMonitorWriter(a) || (isPlatformAdmin(a) && isHuman(a)) }),
  publish: rule({ system: true, actor: (a) => isHuman(a) && (isMonitorWriter(a) || isPlatformAdmin(a)) }),
  manageSubscriptions: rule({ system: true, actor: (a) => isHuman(a) && (isMonitorWriter(a) || isPlatformAdmin(a)) }),
};
