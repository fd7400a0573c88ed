/**
 * Zod schemas of auctions and the price index (issue 12). Money in 元 (per tonne for bids and
 * prices), tonnes, ISO times with offset.
 */
import { z } from 'zod';
import { COMPOSITION_CLASS_IDS } from '../byproducts/engine';
import { AUCTION_KINDS } from './engine/auction';

/** Beyond any price of a residue (元/t) or deposit (元). */
const MAX_MONEY = 100_000_000;
const MAX_TONNES = 10_000_000;
/** The longest auction: a quarter. */
export const MAX_AUCTION_DAYS = 92;

/** 元 with at most two decimals (fen). */
const money = (above: number) =>
  z
    .number()
    .finite()
    .min(above)
    .max(MAX_MONEY, `at most ${MAX_MONEY}`)
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'at most two decimals (fen)');
const positiveMoney = z
  .number()
  .finite()
  .gt(0, 'must be more than 0')
  .max(MAX_MONEY, `at most ${MAX_MONEY}`)
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'at most two decimals (fen)');
const isoTime = z.iso.datetime({ offset: true });
const grade = z.enum(['A', 'B', 'C']);

export const auctionParams = z.object({ id: z.uuid() });

export const createAuctionBody = z
  .object({
    listingId: z.uuid(),
    kind: z.enum(AUCTION_KINDS),
    /** Default: the listing's whole quantity. */
    tonnes: z.number().finite().gt(0).max(MAX_TONNES).optional(),
    reservePrice: money(0),
    minIncrement: money(0).default(0),
    /** Default: now. */
    startsAt: isoTime.optional(),
    endsAt: isoTime,
    antiSnipingSeconds: z.number().int().min(0).max(86_400).default(0),
    deposit: money(0).default(0),
    minRating: z.number().finite().min(0).max(5).nullable().default(null),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.kind === 'ascending' && b.minIncrement <= 0) ctx.addIssue({ code: 'custom', path: ['minIncrement'], message: 'an ascending auction needs a minimum increment above 0' });
    if (b.startsAt !== undefined && Date.parse(b.endsAt) <= Date.parse(b.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
  });
export type CreateAuctionBody = z.output<typeof createAuctionBody>;

export const bidBody = z.object({ amount: positiveMoney }).strict();

export const depositBody = z
  .object({ bidderOrganisationId: z.uuid(), amount: positiveMoney, reference: z.string().trim().min(1).max(200) })
  .strict();
export type DepositBody = z.output<typeof depositBody>;

export const listAuctionsQuery = z.object({
  status: z.enum(['open', 'closed']).optional(),
  listingId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListAuctionsQuery = z.output<typeof listAuctionsQuery>;

/** `scheduled` before the start, `open` while bids are taken, `ended` past the end until the close job has closed it. */
export const AUCTION_PHASES = ['scheduled', 'open', 'ended', 'closed'] as const;

const bidder = z.object({
  /** Bidders are numbered by their first bid; names only for the seller, platform admins and the bidder itself. */
  number: z.number().int(),
  name: z.string().nullable(),
  you: z.boolean(),
});

export const bidView = z.object({
  seq: z.number().int(),
  bidder,
  /** Null for a sealed bid until the close. */
  amount: z.number().nullable(),
  placedAt: z.string(),
});

export const auctionView = z.object({
  id: z.uuid(),
  listingId: z.uuid(),
  kind: z.enum(AUCTION_KINDS),
  category: z.string(),
  grade,
  tonnes: z.number(),
  reservePrice: z.number(),
  minIncrement: z.number(),
  antiSnipingSeconds: z.number().int(),
  deposit: z.number(),
  minRating: z.number().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** The end after anti-sniping extensions. */
  currentEndAt: z.string(),
  extended: z.boolean(),
  phase: z.enum(AUCTION_PHASES),
  /** The server's clock when the view was made: countdowns are computed against it. */
  serverTime: z.string(),
  seller: z.object({ id: z.uuid(), name: z.string() }),
  bidCount: z.number().int(),
  bidders: z.number().int(),
  /** Ascending: the standing high bid; sealed: null until the close. */
  highBid: z.number().nullable(),
  /** The least a new bid may state now (sealed: the reserve). */
  minimumBid: z.number(),
  you: z.object({ seller: z.boolean(), hasBid: z.boolean(), leading: z.boolean(), mayBid: z.boolean() }),
  bids: z.array(bidView),
  result: z
    .object({
      closedAt: z.string(),
      winner: bidder.nullable(),
      winningBid: z.number().nullable(),
      price: z.number().nullable(),
      contractId: z.uuid().nullable(),
    })
    .nullable(),
});
export type AuctionView = z.infer<typeof auctionView>;

export const auctionSummary = auctionView.omit({ bids: true });
export const auctionList = z.object({ total: z.number().int(), auctions: z.array(auctionSummary) });

export const bidReceipt = z.object({
  auctionId: z.uuid(),
  seq: z.number().int(),
  placedAt: z.string(),
  /** The amount as sent (shown to the bidder once; a sealed amount is never shown again before the close). */
  amount: z.number(),
  sealed: z.boolean(),
  currentEndAt: z.string(),
  extended: z.boolean(),
});

export const depositView = z.object({
  auctionId: z.uuid(),
  bidderOrganisationId: z.uuid(),
  amount: z.number(),
  reference: z.string(),
  recordedAt: z.string(),
});

// ---------------------------------------------------------------- the price index

const week = z.string().regex(/^\d{4}-W\d{2}$/, 'an ISO week YYYY-Www');
const day = z.iso.date();

export const indexQuery = z.object({
  category: z.enum(COMPOSITION_CLASS_IDS).optional(),
  grade: grade.optional(),
  from: z.union([week, day]).optional(),
  to: z.union([week, day]).optional(),
});
export type IndexQuery = z.output<typeof indexQuery>;

export const indexWeekView = z.object({
  week: z.string(),
  start: z.string(),
  index: z.number().nullable(),
  link: z.number().nullable(),
  cellsLinked: z.number().int(),
  /** Cells only: volume-weighted price (元/t), trades and tonnes of a published cell-week. */
  price: z.number().nullable(),
  trades: z.number().int().nullable(),
  tonnes: z.number().nullable(),
});

export const indexSeriesView = z.object({
  key: z.string(),
  kind: z.enum(['composite', 'category', 'cell']),
  category: z.string().nullable(),
  grade: grade.nullable(),
  weeks: z.array(indexWeekView),
});

export const indexView = z.object({
  baseWeek: z.string().nullable(),
  computedAt: z.string().nullable(),
  trades: z.number().int(),
  method: z.object({
    minTrades: z.number().int(),
    minSellers: z.number().int(),
    outlierMads: z.number(),
    outlierMinTrades: z.number().int(),
    baseValue: z.number(),
  }),
  categories: z.array(z.string()),
  series: z.array(indexSeriesView),
});
export type IndexView = z.infer<typeof indexView>;
