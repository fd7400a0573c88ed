import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accountsRoutes } from './accounts/accounts.routes';
import { auditRoutes } from './audit/audit.routes';
import { balanceRoutes } from './balance/balance.routes';
import { bulletinsRoutes } from './bulletins/bulletins.routes';
import { authRoutes } from './auth/auth.routes';
import { byproductsRoutes } from './byproducts';
import { dashboardRoutes } from './dashboard/dashboard.routes';
import { delegationsRoutes } from './delegations/delegations.routes';
import { exchangeAuctionsRoutes, exchangeRoutes } from './exchange';
import { healthRoutes } from './health/health.routes';
import { homeRoutes } from './home';
import { notificationsRoutes } from './notifications/notifications.routes';
import { manifestsRoutes } from './manifests/manifests.routes';
import { manifestsFieldRoutes } from './manifests/manifests.field.routes';
import { manifestsRegulationRoutes } from './manifests/manifests.regulation.routes';
import { manifestsSensorsRoutes } from './manifests/manifests.sensors.routes';
import { manifestsPublicRoutes } from './manifests/manifests.public.routes';
import { manifestsEpcisRoutes } from './manifests/manifests.epcis.routes';
import { manifestsLawRoutes } from './manifests/manifests.law.routes';
import { organisationRoutes } from './organisations/organisations.routes';
import { reportingRoutes } from './reporting/reporting.routes';
import { supplyRoutes } from './supply/supply.routes';
import { tokenRoutes } from './tokens/tokens.routes';
import { userRoutes } from './users/users.routes';
import { warningsRoutes } from './warnings/warnings.routes';
import { symbiosisRoutes } from './symbiosis';
import { ratingsRoutes } from './ratings';
import { ledgersRoutes } from './ledgers';

/** Every module's routes. A new module adds its plugin here (see docs/architecture.md). */
export const modules: FastifyPluginAsyncZod[] = [
  healthRoutes,
  authRoutes,
  organisationRoutes,
  userRoutes,
  tokenRoutes,
  auditRoutes,
  dashboardRoutes,
  homeRoutes,
  accountsRoutes,
  balanceRoutes,
  reportingRoutes,
  supplyRoutes,
  byproductsRoutes,
  warningsRoutes,
  bulletinsRoutes,
  delegationsRoutes,
  notificationsRoutes,
  exchangeRoutes,
  exchangeAuctionsRoutes,
  manifestsRoutes,
  manifestsFieldRoutes,
  manifestsRegulationRoutes,
  manifestsSensorsRoutes,
  manifestsPublicRoutes,
  manifestsEpcisRoutes,
  manifestsLawRoutes,
  symbiosisRoutes,
  ratingsRoutes,
  ledgersRoutes,
];
