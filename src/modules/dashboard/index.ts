/** Public entry point of the dashboard module (see docs/architecture.md, "Module boundaries"). */
export { dashboardRoutes } from './dashboard.routes';
export { dashboardSummary } from './dashboard.service';
