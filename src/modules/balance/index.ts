/** Public entry point of the balance module (see docs/architecture.md, "Module boundaries"). */
export { canReadFirmBalance } from './balance.policy';
export { countRegionModels, createModel, latestReconciledOutflows, reconcileModel, type BalanceOutflow, type FirmBalanceOutflows } from './balance.service';
export { balanceModelSchema, type BalanceModelInput } from './balance.schema';
export { balanceRoutes } from './balance.routes';
export { balancePolicy } from './balance.policy';
