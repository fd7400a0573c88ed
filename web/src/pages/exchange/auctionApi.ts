/**
 * Client of the auction and price-index APIs (src/modules/exchange/exchange.auctions.contract.ts),
 * through the routes' contracts.
 */
import type { z } from 'zod';
import type { ResponseOf } from '../../../../src/shared/contract';
import * as routes from '../../../../src/modules/exchange/exchange.auctions.contract';
import type { createAuctionBody, indexQuery } from '../../../../src/modules/exchange/exchange.auctions.schema';
import { call } from '../../api/call';

export type Auction = ResponseOf<typeof routes.getAuction>;
export type AuctionSummary = ResponseOf<typeof routes.listAuctions>['auctions'][number];
export type AuctionInput = z.input<typeof createAuctionBody>;
export type PriceIndex = ResponseOf<typeof routes.getPriceIndex>;
export type IndexSeries = PriceIndex['series'][number];
export type IndexQuery = z.input<typeof indexQuery>;

export const auctionApi = {
  list: (status?: 'open' | 'closed') => call(routes.listAuctions, { query: { limit: 200, ...(status ? { status } : {}) } }),
  get: (id: string) => call(routes.getAuction, { params: { id } }),
  create: (body: AuctionInput) => call(routes.createAuction, { body }),
  bid: (id: string, amount: number) => call(routes.placeBid, { params: { id }, body: { amount } }),
  close: (id: string) => call(routes.closeAuctionNow, { params: { id } }),
  index: (query: IndexQuery = {}) => call(routes.getPriceIndex, { query }),
};

/** The CSV of the same series (a plain link: the browser downloads it). */
export const indexCsvPath = routes.getPriceIndexCsv.path;

/** Milliseconds left until `endAt`, measured on the server's clock (`serverTime` of the answer, `receivedAt` on ours). */
export function remainingMs(endAt: string, serverTime: string, receivedAt: number, now: number): number {
  return Date.parse(endAt) - (Date.parse(serverTime) + (now - receivedAt));
}

/** 1d 02:03:04 / 02:03:04 / 03:04: a countdown. */
export function countdownText(ms: number, dayUnit: string): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const two = (n: number) => String(n).padStart(2, '0');
  const hms = `${two(Math.floor((s % 86_400) / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return d > 0 ? `${d}${dayUnit} ${hms}` : hms;
}
