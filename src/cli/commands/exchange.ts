import fs from 'node:fs';
import type { Command } from 'commander';
import type { Executor } from '../../db/database';
import { actorViewer, type ServiceContext, systemServiceContext } from '../../platform/viewer';
import * as exchange from '../../modules/exchange';
import { marketFile, matchMarket } from '../../modules/exchange';
import { actorForUser } from '../../modules/warnings';
import { CliError, parseInput, withDatabase, withOptionNames } from '../context';
import { printJson, printTable } from '../output';
import { registerAuctionCommands } from './exchange-auctions';

const yuan = (x: number | null) => (x === null ? '' : x.toLocaleString('en', { maximumFractionDigits: 2 }));
const t3 = (x: number) => Number(x.toPrecision(6));

interface AsOptions {
  as?: string;
  org?: string;
}

/**
 * Who a command acts as: without --as the operator of the database (the system: every
 * organisation's records, like the demo loader); with --as that user in one of their
 * organisations, under the same policies as the API.
 */
async function contextFor(db: Executor, opts: AsOptions, command: string): Promise<ServiceContext> {
  if (opts.as === undefined) return systemServiceContext(`cli:exchange ${command}`);
  return { viewer: actorViewer(await actorForUser(db, opts.as, opts.org)), requestId: `cli:exchange ${command}` };
}

const asOptions = (cmd: Command) =>
  cmd.option('--as <username>', 'act as this user (policies apply as in the API)').option('--org <code>', 'with --as: the organisation to act for, when the user has several');

/** `k=v,k=v` → object of numbers (assays, prices by grade). */
function pairs(text: string | undefined, option: string): Record<string, number> | undefined {
  if (text === undefined) return undefined;
  const out: Record<string, number> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const [k, v] = part.split('=');
    const n = Number(v);
    if (!k || v === undefined || v.trim() === '' || !Number.isFinite(n)) throw new CliError(`${option}: expected key=number[,key=number…], got "${part}"`);
    out[k.trim()] = n;
  }
  return out;
}

const list = (text: string | undefined) => (text === undefined ? undefined : text.split(',').map((s) => s.trim()).filter(Boolean));

function matchFile(file: string, json: boolean | undefined): void {
  if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const { objective, proposals, unmatched } = matchMarket(parseInput(marketFile, raw));
  if (json) {
    printJson({ objective, proposals, unmatched });
    return;
  }
  printTable(
    proposals.map((p) => ({
      listing: p.listing,
      demand: p.demand,
      tonnes: t3(p.tonnes),
      'value 元/t': yuan(p.valuePerTonne),
      'road km': Number(p.distanceKm.toFixed(1)),
      'value 元': yuan(p.tonnes * p.valuePerTonne),
    })),
  );
  const rest = (r: Record<string, number>) => Object.entries(r).map(([id, t]) => `${id} ${t3(t)} t`).join(', ') || 'none';
  process.stdout.write(`\ntotal value ${yuan(objective)} 元 over ${proposals.length} proposals\nunsold: ${rest(unmatched.listings)}\nunfilled demand: ${rest(unmatched.demands)}\n`);
}

export function registerExchangeCommands(program: Command): void {
  const ex = program.command('exchange').description('By-product exchange: listings, demands, optimal matching by delivered value, proposals, contracts, auctions, price index');
  registerAuctionCommands(ex);

  asOptions(
    ex
      .command('match')
      .description('Match by delivered value: a market in a file (stores nothing, needs no database), or without --file the stored open listings and demands (stores the proposals)')
      .option('--file <file>', 'market JSON: {transport: {costPerTonneKm, roadFactor}, listings: [...], demands: [...]}')
      .option('--park <code>', 'stored market: only firms of this park')
      .option('--region <code>', 'stored market: only firms of this region (GB/T 2260)')
      .option('--json', 'print JSON: with --file {objective, proposals, unmatched}; else the stored run {id, objective, proposals, superseded, …}'),
  ).action(async (opts: AsOptions & { file?: string; park?: string; region?: string; json?: boolean }) => {
    if (opts.file !== undefined) {
      if (opts.park || opts.region || opts.as) throw new CliError('--file solves the file alone: --park, --region and --as go with the stored market');
      matchFile(opts.file, opts.json);
      return;
    }
    const body = parseInput(exchange.matchBody, { park: opts.park, region: opts.region }, { park: '--park', region: '--region' });
    const run = await withDatabase('exchange match', async (h) => {
      const ctx = await contextFor(h.db, opts, 'match');
      return withOptionNames({ park: '--park', region: '--region' }, () => h.db.transaction().execute((trx) => exchange.runMatch(trx, ctx, body)));
    });
    if (opts.json) printJson(run);
    else process.stdout.write(`Run ${run.id}: ${run.listings} listings × ${run.demands} demands, ${run.eligiblePairs} eligible pairs → ${run.proposals} proposals worth ${yuan(run.objective)} 元; ${run.superseded} earlier pending proposals superseded; ${run.durationMs} ms\n`);
  });

  const listings = ex.command('listings').description('Listings (供) of by-products');
  asOptions(
    listings
      .command('list')
      .description('Listings you may see (default: open ones)')
      .option('--status <s>', 'open | closed | withdrawn | all')
      .option('--class <id>', 'composition class')
      .option('--grade <g>', 'A | B | C')
      .option('--organisation <code>', 'one organisation (or mine)')
      .option('--park <code>', 'firms of a park')
      .option('--region <code>', 'firms of a region')
      .option('--json', 'print JSON: {items: [listings as GET /api/v1/exchange/listings], total}'),
  ).action(async (opts: AsOptions & { status?: string; class?: string; grade?: string; organisation?: string; park?: string; region?: string; json?: boolean }) => {
    const query = parseInput(exchange.listingsQuery, { status: opts.status, class: opts.class, grade: opts.grade, organisation: opts.organisation, park: opts.park, region: opts.region, limit: 500 });
    const r = await withDatabase('exchange listings list', async (h) => exchange.listListings(h.db, await contextFor(h.db, opts, 'listings list'), query));
    if (opts.json) return printJson(r);
    printTable(
      r.items.map((l) => ({
        code: l.code,
        title: l.title,
        firm: l.organisation?.code ?? '(anonymised)',
        class: l.class,
        grade: l.grade ?? '',
        tonnes: `${t3(l.tonnes)}${l.quantityKind === 'monthly' ? '/month' : ''}`,
        window: `${l.windowStart}…${l.windowEnd}`,
        'reserve 元/t': l.reservePrice === null ? 'negotiable' : yuan(l.reservePrice),
        status: l.status,
      })),
    );
  });

  asOptions(
    listings
      .command('create')
      .description('List a by-product from a stored stream (never more than the stream generates in the window)')
      .requiredOption('--stream <code>', 'the stream (code or id)')
      .requiredOption('--tonnes <t>', 'tonnes (per month with --monthly, else for the lot)')
      .requiredOption('--from <date>', 'window start YYYY-MM-DD')
      .requiredOption('--to <date>', 'window end YYYY-MM-DD')
      .option('--monthly', 'a quantity per month over the window (default: one lot)')
      .option('--reserve <price>', '元 per tonne (omit: negotiable)')
      .option('--terms <terms>', 'ex-works | delivered', 'ex-works')
      .option('--visibility <v>', 'public | park | anonymised', 'public')
      .option('--class <id>', 'one of the stream’s composition classes')
      .option('--assays <list>', 'assays of the lot, e.g. moisture=22,crudeFibre=35,ash=9')
      .option('--title <text>', 'title (default: the stream’s name)')
      .option('--json', 'print the listing as JSON'),
  ).action(
    async (
      opts: AsOptions & { stream: string; tonnes: string; from: string; to: string; monthly?: boolean; reserve?: string; terms: string; visibility: string; class?: string; assays?: string; title?: string; json?: boolean },
    ) => {
      const names = { stream: '--stream', tonnes: '--tonnes', windowStart: '--from', windowEnd: '--to', reservePrice: '--reserve', deliveryTerms: '--terms', visibility: '--visibility', class: '--class', assays: '--assays', title: '--title' };
      const body = parseInput(
        exchange.createListingBody,
        {
          stream: opts.stream,
          tonnes: opts.tonnes,
          quantityKind: opts.monthly ? 'monthly' : 'one-off',
          windowStart: opts.from,
          windowEnd: opts.to,
          reservePrice: opts.reserve ?? null,
          deliveryTerms: opts.terms,
          visibility: opts.visibility,
          ...(opts.class ? { class: opts.class } : {}),
          ...(opts.assays ? { assays: pairs(opts.assays, '--assays') } : {}),
          ...(opts.title ? { title: opts.title } : {}),
        },
        names,
      );
      const l = await withDatabase('exchange listings create', async (h) => {
        const ctx = await contextFor(h.db, opts, 'listings create');
        return withOptionNames(names, () => h.db.transaction().execute((trx) => exchange.createListing(trx, ctx, body)));
      });
      if (opts.json) printJson(l);
      else process.stdout.write(`Listed ${l.code}: ${t3(l.tonnes)} t${l.quantityKind === 'monthly' ? ' per month' : ''}, grade ${l.grade ?? '-'} (${l.gradeSource}), ${l.windowStart}…${l.windowEnd}\n`);
    },
  );

  const demands = ex.command('demands').description('Demands (需) of utilisers');
  asOptions(
    demands
      .command('list')
      .description('Demands of the market (default: open ones)')
      .option('--status <s>', 'open | closed | all')
      .option('--class <id>', 'accepting this composition class')
      .option('--organisation <code>', 'one organisation (or mine)')
      .option('--park <code>', 'firms of a park')
      .option('--region <code>', 'firms of a region')
      .option('--json', 'print JSON: {items: [demands as GET /api/v1/exchange/demands], total}'),
  ).action(async (opts: AsOptions & { status?: string; class?: string; organisation?: string; park?: string; region?: string; json?: boolean }) => {
    const query = parseInput(exchange.demandsQuery, { status: opts.status, class: opts.class, organisation: opts.organisation, park: opts.park, region: opts.region, limit: 500 });
    const r = await withDatabase('exchange demands list', async (h) => exchange.listDemands(h.db, await contextFor(h.db, opts, 'demands list'), query));
    if (opts.json) return printJson(r);
    printTable(
      r.items.map((d) => ({
        code: d.code,
        title: d.title,
        firm: d.organisation.code,
        accepts: d.accepts.join(' '),
        'min grade': d.minGrade,
        '元/t A/B/C': [d.prices.A, d.prices.B, d.prices.C].map((p) => (p === null ? '-' : yuan(p))).join(' / '),
        't/month': t3(d.capacityPerMonth),
        'max km': d.maxDistanceKm,
        status: d.status,
      })),
    );
  });

  asOptions(
    demands
      .command('create')
      .description('Post a demand (standing until closed when it has no --to)')
      .option('--organisation <code>', 'whose demand (default: the --as user’s organisation)')
      .requiredOption('--title <text>', 'title')
      .requiredOption('--accepts <classes>', 'composition classes, comma-separated')
      .requiredOption('--min-grade <g>', 'A | B | C')
      .requiredOption('--prices <list>', '元 per tonne by grade, e.g. A=300,B=220,C=150')
      .requiredOption('--capacity <t>', 'tonnes per month')
      .requiredOption('--max-km <km>', 'maximum road distance')
      .requiredOption('--from <date>', 'window start YYYY-MM-DD')
      .option('--to <date>', 'window end (omit: standing demand)')
      .option('--herbs <list>', 'only these herbs, comma-separated')
      .option('--json', 'print the demand as JSON'),
  ).action(
    async (
      opts: AsOptions & { organisation?: string; title: string; accepts: string; minGrade: string; prices: string; capacity: string; maxKm: string; from: string; to?: string; herbs?: string; json?: boolean },
    ) => {
      const names = { organisation: '--organisation', title: '--title', accepts: '--accepts', minGrade: '--min-grade', prices: '--prices', capacityPerMonth: '--capacity', maxDistanceKm: '--max-km', windowStart: '--from', windowEnd: '--to', herbs: '--herbs' };
      const body = parseInput(
        exchange.createDemandBody,
        {
          ...(opts.organisation ? { organisation: opts.organisation } : {}),
          title: opts.title,
          accepts: list(opts.accepts),
          minGrade: opts.minGrade,
          prices: pairs(opts.prices, '--prices'),
          capacityPerMonth: opts.capacity,
          maxDistanceKm: opts.maxKm,
          windowStart: opts.from,
          windowEnd: opts.to ?? null,
          ...(opts.herbs ? { herbs: list(opts.herbs) } : {}),
        },
        names,
      );
      const d = await withDatabase('exchange demands create', async (h) => {
        const ctx = await contextFor(h.db, opts, 'demands create');
        return withOptionNames(names, () => h.db.transaction().execute((trx) => exchange.createDemand(trx, ctx, body)));
      });
      if (opts.json) printJson(d);
      else process.stdout.write(`Posted ${d.code}: ${t3(d.capacityPerMonth)} t per month of ${d.accepts.join(', ')}, grade ${d.minGrade} or better, within ${d.maxDistanceKm} km\n`);
    },
  );

  const proposals = ex.command('proposals').description('Proposals of the stored matching, with their explanations');
  asOptions(
    proposals
      .command('list')
      .description('Proposals (default: pending and accepted)')
      .option('--status <s>', 'pending | accepted | declined | superseded | contracted | open | all')
      .option('--role <r>', 'seller | buyer | any')
      .option('--organisation <code>', 'another organisation’s proposals (those who oversee it)')
      .option('--json', 'print JSON: {items: [proposals as GET /api/v1/exchange/proposals], total}'),
  ).action(async (opts: AsOptions & { status?: string; role?: string; organisation?: string; json?: boolean }) => {
    const query = parseInput(exchange.proposalsQuery, { status: opts.status, role: opts.role, organisation: opts.organisation, limit: 500 });
    const r = await withDatabase('exchange proposals list', async (h) => exchange.listProposals(h.db, await contextFor(h.db, opts, 'proposals list'), query));
    if (opts.json) return printJson(r);
    printTable(
      r.items.map((p) => ({
        id: p.id,
        listing: p.listing.code,
        demand: p.demand.code,
        tonnes: `${t3(p.tonnes)}${p.per === 'month' ? '/month' : ''}`,
        'value 元/t': yuan(p.valuePerTonne),
        'road km': Number(p.distanceKm.toFixed(1)),
        'price 元/t': yuan(p.suggestedPrice),
        'lost without': yuan(p.alternative.valueLost),
        seller: p.sellerDecision ?? '-',
        buyer: p.buyerDecision ?? '-',
        status: p.status,
      })),
    );
  });

  for (const [verb, decision] of [
    ['accept', 'accepted'],
    ['decline', 'declined'],
  ] as const) {
    asOptions(
      proposals
        .command(`${verb} <id>`)
        .description(verb === 'accept' ? 'Accept for your side; when both sides accepted it becomes a contract' : 'Decline: the pair is excluded and pending proposals are re-optimised')
        .option('--side <side>', 'seller | buyer (when you may act for either)')
        .option('--json', 'print JSON: {proposal, contractId, reoptimised}'),
    ).action(async (id: string, opts: AsOptions & { side?: string; json?: boolean }) => {
      if (opts.as === undefined && opts.side === undefined) throw new CliError(`proposals ${verb}: name the side with --side seller|buyer, or act as a user with --as`);
      if (opts.side !== undefined && opts.side !== 'seller' && opts.side !== 'buyer') throw new CliError(`--side: seller or buyer, not "${opts.side}"`);
      const r = await withDatabase(`exchange proposals ${verb}`, async (h) => {
        const ctx = await contextFor(h.db, opts, `proposals ${verb}`);
        return h.db.transaction().execute((trx) => exchange.decide(trx, ctx, id, decision, opts.side ? { side: opts.side === 'buyer' ? 'buyer' : 'seller' } : {}));
      });
      if (opts.json) printJson(r);
      else
        process.stdout.write(
          `Proposal ${r.proposal.id} is ${r.proposal.status}` +
            (r.contractId ? `; contract ${r.contractId} made` : '') +
            (r.reoptimised ? `; re-optimised: ${r.reoptimised.proposals} proposals, ${r.reoptimised.superseded} superseded` : '') +
            '\n',
        );
    });
  }

  const contracts = ex.command('contracts').description('Contracts and their deliveries');
  asOptions(
    contracts
      .command('list')
      .description('Contracts (default: your own; the system: all)')
      .option('--status <s>', 'active | completed | cancelled | all')
      .option('--kind <k>', 'bilateral | service | all')
      .option('--organisation <code>', 'one organisation’s contracts')
      .option('--json', 'print JSON: {items, total, loops}'),
  ).action(async (opts: AsOptions & { status?: string; kind?: string; organisation?: string; json?: boolean }) => {
    const query = parseInput(exchange.contractsQuery, { status: opts.status, kind: opts.kind, organisation: opts.organisation, limit: 500 });
    const r = await withDatabase('exchange contracts list', async (h) => exchange.listContracts(h.db, await contextFor(h.db, opts, 'contracts list'), query));
    if (opts.json) return printJson(r);
    printTable(
      r.items.map((c) => ({
        number: c.number,
        kind: c.kind,
        seller: c.seller?.code ?? c.parties.map((p) => p.organisation.code).join(' '),
        buyer: c.buyer.code,
        tonnes: t3(c.tonnes),
        'price 元/t': c.pricePerTonne === null ? 'schedule' : yuan(c.pricePerTonne),
        window: `${c.startsOn}…${c.endsOn}`,
        delivered: `${t3(c.totals.deliveredTonnes)} t (${c.totals.delivered}/${c.totals.deliveries})`,
        loop: c.loopBack ? 'yes' : '',
        status: c.status,
      })),
    );
    process.stdout.write(`\nloops back to the generating firm: ${r.loops.contracts} contracts, ${r.loops.parties} firms, ${t3(r.loops.deliveredTonnes)} t delivered\n`);
  });

  asOptions(
    contracts
      .command('show <id>')
      .description('One contract (id or number) with its deliveries')
      .option('--json', 'print the contract as JSON'),
  ).action(async (id: string, opts: AsOptions & { json?: boolean }) => {
    const c = await withDatabase('exchange contracts show', async (h) => exchange.getContract(h.db, await contextFor(h.db, opts, 'contracts show'), id));
    if (opts.json) return printJson(c);
    process.stdout.write(
      `${c.number} (${c.kind}, ${c.status}): ${c.seller ? `${c.seller.nameZh} → ` : ''}${c.buyer.nameZh}, ${t3(c.tonnes)} t, ${c.pricePerTonne === null ? 'price schedule' : `${yuan(c.pricePerTonne)} 元/t`}, ${c.startsOn}…${c.endsOn}\n\n`,
    );
    printTable(
      c.deliveries.map((d) => ({ seq: d.seq, from: d.from.code, planned: d.plannedOn, 'planned t': t3(d.plannedTonnes), status: d.status, delivered: d.deliveredOn ?? '', 'received t': d.deliveredTonnes === null ? '' : t3(d.deliveredTonnes) })),
    );
  });
}
