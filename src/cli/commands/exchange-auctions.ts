import type { Command } from 'commander';
import { loadConfig } from '../../config';
import type { DB } from '../../db/database';
import { auctionView, bidBody, closeAuction, createAuction, createAuctionBody, indexQuery, placeBid, priceIndexView, sealingKey } from '../../modules/exchange';
import { systemServiceContext } from '../../platform/viewer';
import { CliError, parseInput, withDatabase } from '../context';
import { printJson, printTable } from '../output';

const ctx = systemServiceContext('cli');

async function organisationByCode(h: { db: DB }, code: string): Promise<string> {
  const row = await h.db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirst();
  if (!row) throw new CliError(`no organisation with code ${code}`);
  return row.id;
}

function printAuction(a: Awaited<ReturnType<typeof auctionView>>, json: boolean | undefined) {
  if (json) return printJson(a);
  process.stdout.write(`${a.id}  ${a.kind}  ${a.category} grade ${a.grade}  ${a.tonnes} t  ${a.phase}\n`);
  process.stdout.write(`reserve ${a.reservePrice} 元/t  ends ${a.currentEndAt}${a.extended ? ' (extended)' : ''}  bids ${a.bidCount}  high ${a.highBid ?? '—'}\n`);
  if (a.result) process.stdout.write(`closed ${a.result.closedAt}: ${a.result.winner ? `bidder ${a.result.winner.number} pays ${a.result.price} 元/t` : 'no winner'}\n`);
  if (a.bids.length > 0) printTable(a.bids.map((b) => ({ seq: b.seq, bidder: b.bidder.name ?? `#${b.bidder.number}`, amount: b.amount ?? 'sealed', at: b.placedAt })));
}

/** `herbloop exchange auction …` and `herbloop exchange index`: run as the system, like every CLI command. */
export function registerAuctionCommands(exchange: Command): void {
  const auction = exchange.command('auction').description('Auctions of listings: sealed-bid (first or second price) or ascending');

  auction
    .command('create')
    .description('Put a listing up for auction')
    .requiredOption('--listing <id>', 'listing id')
    .requiredOption('--kind <kind>', 'sealed-first-price | sealed-second-price | ascending')
    .requiredOption('--reserve <yuan>', 'reserve price, 元 per tonne')
    .requiredOption('--ends <time>', 'end, ISO 8601 with offset')
    .option('--starts <time>', 'start (default now)')
    .option('--increment <yuan>', 'minimum increment (ascending)')
    .option('--anti-sniping <seconds>', 'a bid this close to the end extends it')
    .option('--deposit <yuan>', 'deposit a bidder must have recorded')
    .option('--json', 'print JSON')
    .action(async (opts: { listing: string; kind: string; reserve: string; ends: string; starts?: string; increment?: string; antiSniping?: string; deposit?: string; json?: boolean }) => {
      const body = parseInput(
        createAuctionBody,
        {
          listingId: opts.listing,
          kind: opts.kind,
          reservePrice: Number(opts.reserve),
          endsAt: opts.ends,
          ...(opts.starts ? { startsAt: opts.starts } : {}),
          ...(opts.increment ? { minIncrement: Number(opts.increment) } : {}),
          ...(opts.antiSniping ? { antiSnipingSeconds: Number(opts.antiSniping) } : {}),
          ...(opts.deposit ? { deposit: Number(opts.deposit) } : {}),
        },
        { listingId: '--listing', reservePrice: '--reserve', endsAt: '--ends', startsAt: '--starts', minIncrement: '--increment', antiSnipingSeconds: '--anti-sniping' },
      );
      const key = sealingKey(loadConfig());
      const view = await withDatabase('exchange auction create', async (h) => {
        const row = await h.db.transaction().execute((trx) => createAuction(trx, ctx, body, { key }));
        return auctionView(h.db, ctx, row.id);
      });
      printAuction(view, opts.json);
    });

  auction
    .command('bid <auction>')
    .description('Bid for an organisation (by its code); bids are final')
    .requiredOption('--as <org-code>', 'the bidding organisation')
    .requiredOption('--amount <yuan>', '元 per tonne')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { as: string; amount: string; json?: boolean }) => {
      const { amount } = parseInput(bidBody, { amount: Number(opts.amount) }, { amount: '--amount' });
      const key = sealingKey(loadConfig());
      const receipt = await withDatabase('exchange auction bid', async (h) => {
        const bidder = await organisationByCode(h, opts.as);
        return h.db.transaction().execute((trx) => placeBid(trx, ctx, id, amount, { key, bidderOrganisationId: bidder }));
      });
      const { outbid: _o, sellerOrganisationId: _s, bidId: _b, ...shown } = receipt;
      if (opts.json) printJson(shown);
      else process.stdout.write(`bid ${shown.seq} taken at ${shown.placedAt}; the auction ends ${shown.currentEndAt}${shown.extended ? ' (extended)' : ''}\n`);
    });

  auction
    .command('close <auction>')
    .description('Close an auction whose end has passed (the server closes it anyway; closing twice changes nothing)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const key = sealingKey(loadConfig());
      const view = await withDatabase('exchange auction close', async (h) => {
        await h.db.transaction().execute((trx) => closeAuction(trx, ctx, id, { key }));
        return auctionView(h.db, ctx, id);
      });
      printAuction(view, opts.json);
    });

  auction
    .command('show <auction>')
    .description('One auction and its bid ladder (sealed amounts hidden until the close)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      printAuction(await withDatabase('exchange auction show', (h) => auctionView(h.db, ctx, id)), opts.json);
    });

  exchange
    .command('index')
    .description('The weekly by-product price index (composite, per category and grade)')
    .option('--category <class>', 'composition class')
    .option('--grade <grade>', 'A | B | C')
    .option('--from <week-or-date>', 'YYYY-Www or YYYY-MM-DD')
    .option('--to <week-or-date>', 'YYYY-Www or YYYY-MM-DD')
    .option('--json', 'print JSON')
    .action(async (opts: { category?: string; grade?: string; from?: string; to?: string; json?: boolean }) => {
      const { json, ...rest } = opts;
      const q = parseInput(indexQuery, rest, { category: '--category', grade: '--grade', from: '--from', to: '--to' });
      const view = await withDatabase('exchange index', (h) => priceIndexView(h.db, ctx, q));
      if (json) return printJson(view);
      process.stdout.write(`base week ${view.baseWeek ?? '—'} = 100; ${view.trades} trades; a cell is published with ≥ ${view.method.minTrades} trades from ≥ ${view.method.minSellers} sellers\n`);
      for (const s of view.series) {
        process.stdout.write(`\n${s.key}\n`);
        printTable(s.weeks.map((w) => ({ week: w.week, index: w.index === null ? '—' : Number(w.index.toFixed(2)), ...(s.kind === 'cell' ? { '元/t': w.price === null ? '—' : Number(w.price.toFixed(2)) } : {}) })));
      }
    });
}
