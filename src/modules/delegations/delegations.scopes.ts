/**
 * What one organisation may do for another under a delegation. A module that lets others act
 * for an organisation adds its scope here (`<module>.<verb>`), with the texts
 * `delegations.scope.<scope>` in both locale files; the web and the OpenAPI document read the
 * list from here, so a scope exists exactly when it is listed.
 */
export const delegationScopes = [
  /** List by-products and post demands on the exchange for the grantor. */
  'exchange.list',
  /** Make, accept and decline proposals, bid in auctions, sign contracts for the grantor. */
  'exchange.trade',
  /** Record deliveries of the grantor's contracts. */
  'exchange.deliveries',
  /** Sign electronic manifests (联单) for the grantor. */
  'manifests.sign',
  /** Download the grantor's statutory ledgers and national-system exports (an environmental consultant, say). */
  'manifests.ledgers',
] as const;

export type DelegationScope = (typeof delegationScopes)[number];
