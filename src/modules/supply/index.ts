/**
 * Public entry point of the supply module: what other modules (warnings, bulletins), the CLI,
 * the demo loader and the server may use. Everything else in this folder is private (lint rule,
 * docs/architecture.md). Pure engine code is imported from `../supply/engine`.
 */
export { supplyRoutes } from './supply.routes';
export { supplyPolicy } from './supply.policy';
export { DEFAULT_SPEC } from './supply.catalog';
export { formulaImport, formulasFromJson, priceImport } from './supply.formats';
export { importFormulaFile, importFormulas, importPriceFile, type FormulaInput } from './supply.import.service';
export { computeFormulas, findFormula, visibleFormulas, type ComputeOptions, type Computation, type FormulaComputation, type FormulaModel } from './supply.compute.service';
export { formulaNames, resolveFormulaIds } from './supply.formulas.service';
export { attribution, exposure, floorPrice, productSnapshots, ratio, whatIfFormula, type FloorPriceInput, type ProductSnapshot } from './supply.analysis.service';
export { forecast } from './supply.forecast.service';
/** The monitor state: price writers call afterPricesWritten in their transaction; currentLevels serves the one current level. */
export { afterPricesWritten, currentLevels, type CurrentLevel, invalidateMonitor, rebuildMonitor, type WrittenPrices } from './supply.monitor.service';
/** Bulk load of demo prices (the demo loader writes years of generated ticks at once). */
export { insertObservations, type ObservationColumns } from './supply.repository';
/** Which firms' formulas need a herb, and who makes a product (the symbiosis module's shocks). */
export { findHerbByName, herbUsers, ownedFormulaCounts, productMakers, type HerbUser } from './supply.herb-users.repository';
