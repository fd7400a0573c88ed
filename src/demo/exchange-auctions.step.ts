/**
 * Demo step of exchange auctions (issue 12), after the exchange step: over the last two years a
 * few one-off lots of dried fibrous residue from the demo streams were auctioned (ascending with
 * anti-sniping, and sealed second-price), each with three bidders from the utilisers whose
 * standing demands accept the lot, closed with a winner and a contract whose delivery was then
 * received; and one ascending auction is running now. Written through the auction services with
 * explicit moments, so every rule (eligibility, increments, extensions, one close) holds.
 *
 * GENERATED demo facts: amounts and times come from a seeded generator; plausible, not market data.
 */
import { randomBytes } from 'node:crypto';
import type { Trx } from '../db/database';
import { systemServiceContext } from '../platform/viewer';
import { AppError } from '../platform/errors';
import { listStreams, toEngineStream } from '../modules/byproducts';
import { classifyStream, seededRandom } from '../modules/byproducts/engine';
import { findOrganisationByCode } from '../modules/organisations';
import { closeAuction, closeEndedListings, createAuction, createListing, getContract, placeBid, recordDelivery, type SealingKey } from '../modules/exchange';
import { chinaDate } from '../modules/exchange/engine/listing';
import type { DemoStep } from './step';

const ctx = systemServiceContext('demo');
const SEED = 20261202;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Utilisers whose standing demands (exchange step) accept cellulose-rich residue of grade B. */
const BIDDERS = ['BZ-UTL-LVYUAN', 'BZ-UTL-JUNXIANG', 'BZ-UTL-ZHAONENG'] as const;
/** A pressed and dried fibrous lot: grade B of the initial standard (moisture ≤ 30 %, fibre ≥ 30 %, ash ≤ 12 %). */
const GRADE_B_ASSAYS = { moisture: 22, crudeFibre: 35, ash: 9 };

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
/** A time of day in China (UTC+8) on a date. */
const chinaTime = (date: string, hour: number, minute = 0) => new Date(Date.parse(`${date}T00:00:00Z`) + (hour - 8) * HOUR + minute * MINUTE);

interface PastAuction {
  /** Days before today that the lot's window starts. */
  daysAgo: number;
  kind: 'ascending' | 'sealed-second-price';
  tonnes: number;
}

/** Spread over two years, harvest autumns included (GENERATED). */
const PAST: readonly PastAuction[] = [
  { daysAgo: 640, kind: 'ascending', tonnes: 18 },
  { daysAgo: 450, kind: 'sealed-second-price', tonnes: 12 },
  { daysAgo: 300, kind: 'ascending', tonnes: 24 },
  { daysAgo: 160, kind: 'ascending', tonnes: 15 },
  { daysAgo: 70, kind: 'sealed-second-price', tonnes: 10 },
];

export const exchangeAuctionsStep: DemoStep = {
  id: 'exchange-auctions',
  name: 'exchange auctions: past auctions with bids, winners and contracts, and one running now',
  async load(trx: Trx, report) {
    const rand = seededRandom(SEED);
    // The demo's sealed auctions are all closed within this step, so a key of its own seals and
    // unseals them; the running auction is ascending (nothing sealed) and any process may close it.
    const key: SealingKey = { secret: randomBytes(32), id: 'demo-loader' };
    const now = new Date();
    const today = chinaDate(now);
    const bidders: string[] = [];
    for (const code of BIDDERS) bidders.push((await findOrganisationByCode(trx, code))!.id);

    const { rows: streams } = await listStreams(trx, ctx, {});
    const fibrous = streams.filter((s) => s.organisation_type === 'manufacturer' && s.state === 'solid' && classifyStream(toEngineStream(s)).classes.some((c) => c.class === 'cellulose-rich'));

    /** A one-off grade-B lot from the first stream that still has the tonnes in the window. */
    async function listLot(windowStart: string, windowEnd: string, tonnes: number, listedAt: Date) {
      for (const s of fibrous) {
        const listing = await createListing(
          trx,
          ctx,
          { stream: s.id, class: 'cellulose-rich', quantityKind: 'one-off', tonnes, windowStart, windowEnd, assays: GRADE_B_ASSAYS, reservePrice: 120, deliveryTerms: 'ex-works', visibility: 'public', title: `${s.name}（压榨烘干，竞价）` },
          listedAt,
        ).catch((error: unknown) => {
          if (error instanceof AppError && error.fields?.some((f) => f.code === 'exchange.overStream' || f.code === 'exchange.belowGradeC')) return null;
          throw error;
        });
        if (listing && listing.grade === 'B') return listing;
      }
      throw new Error('demo: no fibrous stream has a lot left to auction');
    }

    for (const [k, p] of PAST.entries()) {
      report(k, PAST.length + 1);
      const windowStart = addDays(today, -p.daysAgo);
      const windowEnd = addDays(windowStart, 45);
      const listing = await listLot(windowStart, windowEnd, p.tonnes, chinaTime(addDays(windowStart, -3), 9));
      const startsAt = chinaTime(addDays(windowStart, 1), 9);
      const endsAt = chinaTime(addDays(windowStart, 4), 17);
      const auction = await createAuction(
        trx,
        ctx,
        { listingId: listing.id, kind: p.kind, tonnes: p.tonnes, reservePrice: 150, minIncrement: p.kind === 'ascending' ? 10 : 0, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), antiSnipingSeconds: 300, deposit: 0, minRating: null },
        { key, at: chinaTime(windowStart, 10) },
      );
      if (p.kind === 'ascending') {
        // Three bidders take turns raising by one to three increments; the last raise comes two
        // minutes before the end and extends it by the anti-sniping window.
        let high = 150 + 10 * Math.floor(rand() * 3);
        let t = startsAt.getTime() + 2 * HOUR;
        const rounds = 5 + Math.floor(rand() * 4);
        for (let r = 0; r < rounds; r++) {
          const last = r === rounds - 1;
          const at = last ? new Date(endsAt.getTime() - 2 * MINUTE) : new Date(t);
          await placeBid(trx, ctx, auction.id, high, { key, bidderOrganisationId: bidders[r % bidders.length]!, at });
          high += 10 * (1 + Math.floor(rand() * 3));
          t += Math.floor((2 + rand() * 10) * HOUR);
        }
      } else {
        for (const [b, bidder] of bidders.entries()) {
          const amount = 160 + Math.round(rand() * 9) * 10;
          await placeBid(trx, ctx, auction.id, amount, { key, bidderOrganisationId: bidder, at: new Date(startsAt.getTime() + (b + 1) * 7 * HOUR) });
        }
      }
      const { auction: closed } = await closeAuction(trx, ctx, auction.id, { key, at: new Date(endsAt.getTime() + 6 * MINUTE) });
      // The lot was collected a few days after the close, a little off the auctioned weight.
      if (closed.contract_id !== null) {
        const contract = await getContract(trx, ctx, closed.contract_id);
        for (const d of contract.deliveries) {
          if (d.plannedOn > addDays(today, -7)) continue;
          await recordDelivery(trx, ctx, contract.id, d.seq, { deliveredTonnes: Math.round(d.plannedTonnes * (0.95 + 0.05 * rand()) * 100) / 100, deliveredOn: addDays(d.plannedOn, 1 + Math.floor(rand() * 3)) });
        }
      }
    }
    await closeEndedListings(trx, ctx, today);

    // Running now: opened yesterday, ends in two days; two bidders so far.
    const windowStart = addDays(today, -1);
    const listing = await listLot(windowStart, addDays(today, 60), 20, chinaTime(addDays(today, -2), 9));
    const startsAt = new Date(now.getTime() - DAY);
    const running = await createAuction(
      trx,
      ctx,
      { listingId: listing.id, kind: 'ascending', tonnes: 20, reservePrice: 150, minIncrement: 10, startsAt: startsAt.toISOString(), endsAt: new Date(now.getTime() + 2 * DAY).toISOString(), antiSnipingSeconds: 300, deposit: 0, minRating: null },
      { key, at: startsAt },
    );
    await placeBid(trx, ctx, running.id, 160, { key, bidderOrganisationId: bidders[0]!, at: new Date(startsAt.getTime() + 3 * HOUR) });
    await placeBid(trx, ctx, running.id, 180, { key, bidderOrganisationId: bidders[1]!, at: new Date(startsAt.getTime() + 9 * HOUR) });
    report(PAST.length + 1, PAST.length + 1);
  },
};
