import { rule } from '../../platform/policy-rules';

/**
 * The home page is every logged-in actor's own overview; each section is composed through the
 * owning module, whose policy still decides what the actor may see. Not for the system viewer
 * (it has no organisation) nor anonymous callers (the public bulletins are their page).
 */
export const homePolicy = {
  read: rule({ system: false, actor: () => true }),
};
