/**
 * Public entry point of the exchange module: what the CLI, the demo loader and the server may
 * use. Everything else in this folder is private (lint rule, docs/architecture.md).
 */
export { alternativeWithout, evenSplitPrice, matchMarket, pairKey, type Alternative, type Market, type MatchResult, type Proposal } from './engine/match';
export { priceIndex, type IndexTrade, type PriceIndexResult } from './engine/price-index';
export { checkBid, closeAuction, currentEnd, minimumBid, type AuctionRules, type Bid } from './engine/auction';
export { gradeLot, INITIAL_GRADING_STANDARDS, standardProblems, type GradingStandard } from './engine/grading';
export { marketFile, type MarketFile } from './exchange.schema';
