import { defineRoute } from '../../shared/contract';
import {
  auctionList,
  auctionParams,
  auctionView,
  bidBody,
  bidReceipt,
  createAuctionBody,
  depositBody,
  depositView,
  indexQuery,
  indexView,
  listAuctionsQuery,
} from './exchange.auctions.schema';

const tags = ['exchange'];
const v1 = '/api/v1/exchange/auctions';
const pub = '/api/v1/public/exchange/index';

export const listAuctions = defineRoute({ method: 'GET', path: v1, summary: 'Auctions of exchange listings', tags, query: listAuctionsQuery, responses: { 200: auctionList } });

export const createAuction = defineRoute({
  method: 'POST',
  path: v1,
  summary: 'Put a listing up for auction (sealed first- or second-price, or ascending)',
  tags,
  body: createAuctionBody,
  responses: { 201: auctionView },
});

export const getAuction = defineRoute({
  method: 'GET',
  path: `${v1}/:id`,
  summary: 'One auction with its bid ladder (sealed amounts hidden until the close)',
  tags,
  params: auctionParams,
  responses: { 200: auctionView },
});

export const placeBid = defineRoute({
  method: 'POST',
  path: `${v1}/:id/bids`,
  summary: 'Bid (元 per tonne); bids are final',
  tags,
  params: auctionParams,
  body: bidBody,
  responses: { 201: bidReceipt },
});

export const recordDeposit = defineRoute({
  method: 'POST',
  path: `${v1}/:id/deposits`,
  summary: "Record a bidder's deposit (seller or platform admin)",
  tags,
  params: auctionParams,
  body: depositBody,
  responses: { 201: depositView },
});

export const closeAuctionNow = defineRoute({
  method: 'POST',
  path: `${v1}/:id/close`,
  summary: 'Close an auction whose end has passed (the scheduled job does it too; closing twice changes nothing)',
  tags,
  params: auctionParams,
  responses: { 200: auctionView },
});

// ------------------------------------------------------------ the public price index (no login)

export const getPriceIndex = defineRoute({
  method: 'GET',
  path: pub,
  summary: 'The weekly by-product price index: composite, per category and per category × grade (no login)',
  tags,
  query: indexQuery,
  responses: { 200: indexView },
});

/** CSV, not JSON. */
export const getPriceIndexCsv = defineRoute({
  method: 'GET',
  path: `${pub}/series.csv`,
  summary: 'The weekly by-product price index series as CSV (no login)',
  tags,
  query: indexQuery,
  responses: {},
});

