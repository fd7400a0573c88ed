/**
 * Public entry point of the notifications module: the one notification service of the platform
 * (in-app inbox and signed webhooks). A module emits an event with `notify(trx, ctx, {...})` in
 * the transaction of the change (docs/architecture.md, "Notifications").
 */
export { notify, type NotifyInput, type NotifyOutcome } from './notifications.service';
export { notificationEvents, type NotificationEvent } from './notifications.events';
export { notificationsPolicy } from './notifications.policy';
