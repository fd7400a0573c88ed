/** Public entry point of the accounts module (see docs/architecture.md, "Module boundaries"). */
export { loadCatalogue } from './accounts.repository';
export { accountsRoutes } from './accounts.routes';
