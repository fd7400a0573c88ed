/**
 * Public entry point of the exchange module: what the CLI, the demo loader and the server may
 * use. Everything else in this folder is private (lint rule, docs/architecture.md); the pure
 * engine is reachable as `../exchange/engine/*`.
 */
export { matchMarket } from './engine/match';
export { marketFile } from './exchange.schema';
// Auctions and the price index (exchange.auctions.*, exchange.index.*).
export { exchangeAuctionsRoutes } from './exchange.auctions.routes';
export { auctionCloseJob, closeAuction, closeDueAuctions } from './exchange.auctions.close.service';
export { auctionView, createAuction, listAuctionViews, placeBid, recordDeposit } from './exchange.auctions.service';
export { sealingKey, type SealingKey } from './exchange.auctions.sealing';
export { createAuctionBody, depositBody, bidBody, indexQuery, listAuctionsQuery } from './exchange.auctions.schema';
export { priceIndexCsv, priceIndexJob, priceIndexView, refreshPriceIndex } from './exchange.index.service';
