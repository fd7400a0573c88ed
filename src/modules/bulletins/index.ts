/**
 * Public entry point of the bulletins module: what the CLI, the demo loader and the server may
 * use. Everything else in this folder is private (lint rule, docs/architecture.md).
 */
export { bulletinsRoutes } from './bulletins.routes';
export { bulletinsPolicy } from './bulletins.policy';
export { bulletinIdOf, bulletinView, deliveryCounts, getBulletin, listBulletins, listDeliveries } from './bulletins.read.service';
export {
  createBulletin,
  createSubscription,
  deleteSubscription,
  listSubscriptions,
  numberingYear,
  publishBulletin,
  updateSubscription,
  withdrawBulletin,
  type BulletinsSettings,
  type PublishOptions,
} from './bulletins.service';
export { presentDeliveries } from './bulletins.presenter';
export { audiences, bulletinInput, listQuery, subscriptionInput, withdrawBody } from './bulletins.schema';
/** Rendering a bulletin as PDF loads fonts and pdfkit: import it lazily. */
export const loadBulletinPdf = () => import('./bulletins.pdf');
