/**
 * Public entry point of the notifications module: the one notification service of the platform
 * (in-app inbox and signed webhooks). A module emits an event with `notify(trx, ctx, {...})` in
 * the transaction of the change (docs/architecture.md, "Delegation and notifications").
 */
export { notify, type NotifyInput, type NotifyOutcome } from './notifications.service';
export { bulletinEvents, notificationEvents, type NotificationEvent } from './notifications.events';
export { notificationsPolicy } from './notifications.policy';
export { enqueueAudienceWebhooks } from './notifications.webhooks.service';
export { newWebhookSecret, verifySignature, webhookDeliveryJob, webhookUrlProblem, WEBHOOK_JOB, type WebhookConfig } from './notifications.webhooks';
/**
 * Subscription and delivery storage for modules that manage subscribers of their own events
 * (bulletins): no policy here, the calling module checks its own first.
 */
export {
  countDeliveries as countWebhookDeliveries,
  deleteSubscription as deleteWebhookSubscription,
  deliveryCounts as webhookDeliveryCounts,
  findSubscription as findWebhookSubscription,
  insertSubscription as insertWebhookSubscription,
  listDeliveries as listWebhookDeliveries,
  listSubscriptions as listWebhookSubscriptions,
  updateSubscription as updateWebhookSubscription,
  type DeliveryCounts as WebhookDeliveryCounts,
  type DeliveryRow as WebhookDeliveryRow,
} from './notifications.webhooks.repository';
export type { WebhookSubscriptionRow } from './notifications.tables';
export { notificationsRoutes } from './notifications.routes';
