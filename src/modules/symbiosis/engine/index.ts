/**
 * Symbiosis engines (issue 14): network figures of a park's material, energy or water network,
 * "firm stops" cascades and criticality, and chain gaps (补链招商). Pure functions over plain
 * data, no I/O; every definition is written out in README.md.
 */
export { NETWORK_LIMITS, networkSchema, networkNodeSchema, networkFlowSchema, parseNetwork, compileNetwork } from './network-input';
export type { Network, NetworkNode, NetworkFlow, NetworkFieldError, NetworkParseResult, CompiledNetwork } from './network-input';
export { networkFigures, compiledNetworkFigures, nodeThroughflows } from './network';
export type { NetworkFigures, NodeFigures, NetworkOptions } from './network';
export { finnCyclingIndex, FCI_DENSE_MAX, FCI_MAX_ITERATIVE_WORK, FCI_ITERATIVE_TOLERANCE } from './finn';
export type { FinnResult, FinnStatus, FinnOptions } from './finn';
export { countElementaryCycles, CYCLE_COUNT_CAP } from './cycles';
export type { CycleCount } from './cycles';
export { outletFigures, DISPOSAL_NODE_TYPES, UNSPECIFIED_KIND } from './outlets';
export type { OutletFigures, OutletOptions, DisposalShare } from './outlets';
export { DEFAULT_STOP_THRESHOLD, cascadeNetworkSchema, cascadeShockSchema, parseCascadeNetwork } from './cascade-input';
export type { CascadeNetwork, CascadeShock, CascadeParseResult } from './cascade-input';
export { cascade, cascadeOn, compileCascade, CascadeRunner } from './cascade';
export type { CascadeResult, CascadeRun, AffectedFirm, BrokenFlow, CompiledCascade } from './cascade';
export { criticality } from './criticality';
export type { CriticalityResult, FirmCriticality, FirmExposure } from './criticality';
export { parkNetworks, parkLevelNetwork, PARK_NODE_TYPE } from './region';
export type { Region, RegionNode } from './region';
export { randomRegion } from './random-region';
export type { RandomRegion, RandomRegionOptions } from './random-region';
export { chainGaps, DEFAULT_GAP_RADIUS_KM } from './gaps';
export type { Gap, GapStream, GapOptions, GapsResult, Attraction, AttractionStream } from './gaps';
export { CHAINS, chainFigures, flowChains, HARMLESS_HANDLINGS } from './chains';
export type { Chain, ChainFlow, ChainFigures } from './chains';
export { priceFallStops } from './shocks';
export type { PriceFallOutcome, ProductMaker } from './shocks';
