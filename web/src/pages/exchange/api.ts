/**
 * Client of the exchange core's APIs (src/modules/exchange/exchange.contract.ts): every call goes
 * through the route's contract, so paths, queries, bodies and answers are the server's own.
 */
import type { z } from 'zod';
import type { ResponseOf } from '../../../../src/shared/contract';
import * as routes from '../../../../src/modules/exchange/exchange.contract';
import type { createDemandBody, createListingBody, listingPreviewBody } from '../../../../src/modules/exchange/exchange.market.schema';
import { call } from '../../api/call';

export type Listing = ResponseOf<typeof routes.getListing>;
export type Demand = ResponseOf<typeof routes.getDemand>;
export type Proposal = ResponseOf<typeof routes.getProposal>;
export type Contract = ResponseOf<typeof routes.getContract>;
export type ContractSummary = ResponseOf<typeof routes.listContracts>['items'][number];
export type ListingPreview = ResponseOf<typeof routes.previewListing>;
export type Grading = NonNullable<Listing['grading']>;
export type ListingInput = z.input<typeof createListingBody>;
export type DemandInput = z.input<typeof createDemandBody>;
export type PreviewInput = z.input<typeof listingPreviewBody>;

export type MapSettings = ResponseOf<typeof routes.mapSettings>;

export const exApi = {
  mapSettings: () => call(routes.mapSettings),
  listings: (query: { status?: 'open' | 'all'; class?: Listing['class']; organisation?: string } = {}) => call(routes.listListings, { query: { limit: 500, ...query } }),
  demands: (query: { status?: 'open' | 'all'; organisation?: string } = {}) => call(routes.listDemands, { query: { limit: 500, ...query } }),
  preview: (body: PreviewInput) => call(routes.previewListing, { body }),
  createListing: (body: ListingInput) => call(routes.createListing, { body }),
  createDemand: (body: DemandInput) => call(routes.createDemand, { body }),
  grantors: (scope: 'exchange.list' | 'exchange.trade') => call(routes.listGrantors, { query: { scope } }),
  match: () => call(routes.runMatch, { body: {} }),
  proposals: (status: 'open' | 'all' = 'open') => call(routes.listProposals, { query: { status, limit: 200 } }),
  accept: (id: string) => call(routes.acceptProposal, { params: { id }, body: {} }),
  decline: (id: string) => call(routes.declineProposal, { params: { id }, body: {} }),
  contracts: () => call(routes.listContracts, { query: { limit: 200 } }),
  contract: (id: string) => call(routes.getContract, { params: { id } }),
  delivered: (id: string, seq: number, body: { deliveredTonnes: number; deliveredOn: string }) => call(routes.recordDelivery, { params: { id, seq }, body }),
};

export const t1 = (v: number, digits = 1) => v.toLocaleString('zh-CN', { maximumFractionDigits: digits });
export const yuan = (v: number | null) => (v === null ? '—' : `¥${v.toLocaleString('zh-CN', { maximumFractionDigits: 0 })}`);
