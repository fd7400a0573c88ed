/**
 * Every event the platform notifies about: in-app inbox rows and signed webhooks carry one of
 * these names (the webhook's `X-Herbloop-Event` header). A module that emits a new event adds it
 * here, with the texts `notifications.event.<event>` (title, using the event's params) in both
 * locale files.
 */
export const notificationEvents = [
  'bulletin.published',
  'bulletin.withdrawn',
  'exchange.proposal.made',
  'exchange.proposal.accepted',
  'exchange.proposal.declined',
  'exchange.bid.placed',
  'exchange.auction.closed',
  'exchange.contract.created',
  'exchange.delivery.recorded',
  'delegation.granted',
  'delegation.revoked',
  'manifest.created',
  'manifest.status-changed',
  'manifest.revision-requested',
  'manifest.revision-decided',
  'manifest.overdue',
  'manifest.transfer-notice',
  'manifest.transfer-decided',
  'ratings.appeal.filed',
  'ratings.appeal.decided',
] as const;

export type NotificationEvent = (typeof notificationEvents)[number];

/** The events a webhook subscription receives when it names none (what bulletin subscribers always got). */
export const bulletinEvents = ['bulletin.published', 'bulletin.withdrawn'] as const satisfies readonly NotificationEvent[];

/** What an organisation may subscribe its own webhooks to: the events addressed to organisations. */
export type OrganisationEvent = Exclude<NotificationEvent, (typeof bulletinEvents)[number]>;
export const organisationEvents: readonly OrganisationEvent[] = notificationEvents.filter((e): e is OrganisationEvent => !(bulletinEvents as readonly string[]).includes(e));
