import type { ColumnType, Generated, Selectable } from 'kysely';
import type { NullableNumeric, NullableTimestamp, Numeric, NumericWithDefault, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';
import type { AuctionKind } from './engine/auction';

/** Auctions, bids, deposits and the published price index (migration 20261202T0640_exchange_auctions). */
export type AuctionStatus = 'open' | 'closed';

export interface ExchangeAuctionTable {
  id: Generated<string>;
  listing_id: string;
  seller_organisation_id: string;
  kind: AuctionKind;
  category: string;
  grade: 'A' | 'B' | 'C';
  tonnes: Numeric;
  reserve_price: Numeric;
  min_increment: NumericWithDefault;
  anti_sniping_seconds: ColumnType<number, number | undefined, number>;
  deposit: NumericWithDefault;
  min_rating: NullableNumeric;
  starts_at: ColumnType<Date, Date, Date>;
  ends_at: ColumnType<Date, Date, Date>;
  current_end_at: ColumnType<Date, Date, Date>;
  sealing_key_id: string | null;
  status: ColumnType<AuctionStatus, AuctionStatus | undefined, AuctionStatus>;
  bid_count: ColumnType<number, number | undefined, number>;
  high_bid: NullableNumeric;
  high_bidder_organisation_id: string | null;
  closed_at: NullableTimestamp;
  winner_organisation_id: string | null;
  winning_bid: NullableNumeric;
  price: NullableNumeric;
  contract_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
}
export type AuctionRow = Selectable<ExchangeAuctionTable>;

export interface ExchangeAuctionBidTable {
  id: Generated<string>;
  auction_id: string;
  seq: number;
  bidder_organisation_id: string;
  placed_by: string | null;
  placed_at: ColumnType<Date, Date, Date>;
  amount: NullableNumeric;
  sealed_amount: string | null;
}
export type BidRow = Selectable<ExchangeAuctionBidTable>;

export interface ExchangeAuctionDepositTable {
  auction_id: string;
  bidder_organisation_id: string;
  amount: Numeric;
  reference: string;
  recorded_by: string | null;
  recorded_at: Timestamp;
}
export type DepositRow = Selectable<ExchangeAuctionDepositTable>;

export interface ExchangeIndexSeriesTable {
  series: string;
  week: string;
  week_start: string;
  index: number | null;
  link: number | null;
  cells_linked: number;
  price: number | null;
  trades: number | null;
  tonnes: number | null;
}
export type IndexSeriesRow = Selectable<ExchangeIndexSeriesTable>;

export interface ExchangeIndexRunTable {
  id: number;
  computed_at: Date;
  base_week: string | null;
  trades: number;
  source_digest: string;
}

export interface ExchangeAuctionsTables {
  exchange_auctions: ExchangeAuctionTable;
  exchange_auction_bids: ExchangeAuctionBidTable;
  exchange_auction_deposits: ExchangeAuctionDepositTable;
  exchange_index_series: ExchangeIndexSeriesTable;
  exchange_index_runs: ExchangeIndexRunTable;
}

export const exchangeAuctionsClassification: TableClassification<ExchangeAuctionsTables> = {
  // An auction is offered to every logged-in firm; its outcome is the two parties' business.
  exchange_auctions: {
    id: 'internal',
    listing_id: 'internal',
    seller_organisation_id: 'internal',
    kind: 'internal',
    category: 'internal',
    grade: 'internal',
    tonnes: 'internal',
    reserve_price: 'internal',
    min_increment: 'internal',
    anti_sniping_seconds: 'internal',
    deposit: 'internal',
    min_rating: 'internal',
    starts_at: 'internal',
    ends_at: 'internal',
    current_end_at: 'internal',
    sealing_key_id: 'internal',
    status: 'internal',
    bid_count: 'internal',
    high_bid: 'internal',
    high_bidder_organisation_id: 'internal',
    closed_at: 'internal',
    winner_organisation_id: 'confidential',
    winning_bid: 'confidential',
    price: 'confidential',
    contract_id: 'confidential',
    created_by: 'internal',
    created_at: 'internal',
  },
  exchange_auction_bids: {
    id: 'internal',
    auction_id: 'internal',
    seq: 'internal',
    bidder_organisation_id: 'confidential',
    placed_by: 'confidential',
    placed_at: 'internal',
    amount: 'confidential',
    // Ciphertext of a sealed bid: never leaves the server, not even to platform admins.
    sealed_amount: 'restricted',
  },
  exchange_auction_deposits: {
    auction_id: 'confidential',
    bidder_organisation_id: 'confidential',
    amount: 'confidential',
    reference: 'confidential',
    recorded_by: 'confidential',
    recorded_at: 'confidential',
  },
  exchange_index_series: {
    series: 'public',
    week: 'public',
    week_start: 'public',
    index: 'public',
    link: 'public',
    cells_linked: 'public',
    price: 'public',
    trades: 'public',
    tonnes: 'public',
  },
  exchange_index_runs: { id: 'public', computed_at: 'public', base_week: 'public', trades: 'public', source_digest: 'internal' },
};
