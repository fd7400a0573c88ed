import { isHuman, rule } from '../../platform/policy-rules';

/**
 * The inbox is personal: only its user reads it or marks it read (not their organisation's
 * admins, not platform admins, not API tokens, which have no inbox). Events are written by the
 * modules that cause them, in their own transaction, under their own policy.
 */
export const notificationsPolicy = {
  readInbox: rule<[userId: string]>({ system: false, actor: (actor, userId) => isHuman(actor) && actor.userId === userId }),
};
