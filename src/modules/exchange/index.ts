/**
 * Public entry point of the exchange module: what the CLI, the demo loader and the server may
 * use. Everything else in this folder is private (lint rule, docs/architecture.md); the pure
 * engine is reachable as `../exchange/engine/*`.
 */
export { matchMarket } from './engine/match';
export { marketFile } from './exchange.schema';
export { exchangeRoutes } from './exchange.routes';

// The stored market (CLI, demo loader).
export { createListing, listListings, getListing, updateListing, closeEndedListings, listingCloseJob } from './exchange.listings.service';
export { createDemand, listDemands, closeDemand } from './exchange.demands.service';
export { runMatch, DEFAULT_TRANSPORT } from './exchange.match.service';
export { listProposals, getProposal, decide } from './exchange.proposals.service';
export { createBilateralContract, createServiceContract, listContracts, getContract, recordDelivery, recordDeliveries, type BilateralContractInput } from './exchange.contracts.service';
export { listStandards } from './exchange.grading.service';
// The demo loader's market history, replayed in memory and written in bulk.
export { MarketHistory } from './exchange.history';
export { exchangePolicy, type MarketOwnerRef } from './exchange.policy';
export { createListingBody, createDemandBody, listingsQuery, demandsQuery } from './exchange.market.schema';
export { matchBody, proposalsQuery, contractsQuery } from './exchange.deals.schema';
// Auctions and the price index (exchange.auctions.*, exchange.index.*).
export { exchangeAuctionsRoutes } from './exchange.auctions.routes';
export { auctionCloseJob, closeAuction, closeDueAuctions } from './exchange.auctions.close.service';
export { auctionView, createAuction, listAuctionViews, placeBid, recordDeposit } from './exchange.auctions.service';
export { sealingKey, type SealingKey } from './exchange.auctions.sealing';
export { createAuctionBody, depositBody, bidBody, indexQuery, listAuctionsQuery } from './exchange.auctions.schema';
export { priceIndexCsv, priceIndexJob, priceIndexView, refreshPriceIndex } from './exchange.index.service';
// Contracted flows between firms (the symbiosis module's network).
export { contractFlows, type ContractFlow } from './exchange.flows.repository';
export { roadDistanceKm } from './engine/geo';
// Grouped delivery facts the credit rating reads (ratings module).
export { deliveryFactsSince } from './exchange.ratings.repository';
// Deliveries under manifests (manifests module: the delivery's manifest id; the demo's manifest history).
export { deliveriesForManifests, linkDeliveryManifest, linkDeliveryManifests, type DeliveryForManifest } from './exchange.manifests.repository';
