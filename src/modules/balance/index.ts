/** Public entry point of the balance module (see docs/architecture.md, "Module boundaries"). */
export { latestReconciledOutflows } from './balance.service';
export { balanceRoutes } from './balance.routes';
