/**
 * Public entry point of the exchange module: what the CLI, the demo loader and the server may
 * use. Everything else in this folder is private (lint rule, docs/architecture.md).
 */
export { evenSplitPrice, matchMarket, pairKey, type Market, type MatchResult, type Proposal } from './engine/match';
export { marketFile, type MarketFile } from './exchange.schema';
