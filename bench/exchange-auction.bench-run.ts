/**
 * The 50-bidder figure of issue 12: 50 organisations bid at once over HTTP in the last seconds
 * of an auction; every bid must be taken exactly once or refused (no lost or doubled bid), and
 * the close must name exactly one winner, the highest accepted bid. Measured through the user's
 * path (a listening server, fetch), on PGlite and, when DATABASE_URL is set, on PostgreSQL.
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config';
import { connectDatabase, createSchema, dropSchema } from '../src/db/connect';
import type { DB } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { loadDemo } from '../src/demo/load';
import { seedBidders, seedListing } from '../src/modules/exchange/exchange.auctions.fixture';
import { buildApp } from '../src/server/app';
import type { BenchMetric, BenchResult } from './harness';

const BIDDERS = 50;

async function onDatabase(db: DB, kind: 'pglite' | 'postgres', label: string): Promise<BenchMetric[]> {
  await migrateToLatest(db);
  await loadDemo(db, undefined, { steps: ['platform', 'balance', 'byproducts'] });
  const app = await buildApp({ db, dbKind: kind, config: { ...loadConfig({}), dataDir: 'memory://' }, logger: false, webDist: null });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/exchange/auctions`;
  const metrics: BenchMetric[] = [];
  try {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'huatuo', password: 'herbloop-demo' } });
    const seller = { cookie: `herbloop_session=${login.cookies.find((c) => c.name === 'herbloop_session')!.value}`, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken, 'content-type': 'application/json' };
    const bidders = await seedBidders(db, BIDDERS);
    for (const auctionKind of ['ascending', 'sealed-first-price'] as const) {
      const listingId = await seedListing(db, 'BZ-MFR-HUATUO');
      const endsAt = new Date(Date.now() + 4000).toISOString();
      const created = await fetch(url, { method: 'POST', headers: seller, body: JSON.stringify({ listingId, kind: auctionKind, reservePrice: 100, minIncrement: 1, endsAt, antiSnipingSeconds: 2 }) });
      const { id } = (await created.json()) as { id: string };
      const amounts = bidders.map((_, k) => 200 + ((k * 37) % BIDDERS) * 3);
      const t0 = performance.now();
      const statuses = await Promise.all(
        bidders.map(async (b, k) => {
          const res = await fetch(`${url}/${id}/bids`, { method: 'POST', headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ amount: amounts[k] }) });
          await res.arrayBuffer();
          return res.status;
        }),
      );
      const ms = performance.now() - t0;
      const accepted = statuses.flatMap((s, k) => (s === 201 ? [k] : []));
      const stored = await db.selectFrom('exchange_auction_bids').select(['seq', 'bidder_organisation_id']).where('auction_id', '=', id).orderBy('seq').execute();
      const contiguous = stored.every((r, k) => r.seq === k + 1);
      const lostOrDoubled = Math.abs(stored.length - accepted.length) + (contiguous ? 0 : 1) + statuses.filter((s) => s >= 500).length;
      const view = (await (await fetch(`${url}/${id}`, { headers: seller })).json()) as { currentEndAt: string };
      await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(view.currentEndAt) - Date.now()) + 200));
      const closes = await Promise.all([0, 1, 2].map(() => fetch(`${url}/${id}/close`, { method: 'POST', headers: { cookie: seller.cookie, 'x-csrf-token': seller['x-csrf-token'] } }).then((r) => r.status)));
      const row = await db.selectFrom('exchange_auctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const best = Math.max(...accepted.map((k) => amounts[k]!));
      const closeAudits = await db.selectFrom('audit_log').select('id').where('action', '=', 'exchange.auction.close').where('entity_id', '=', id).execute();
      const rightWinner = row.winner_organisation_id !== null && Number(row.winning_bid) === best ? 1 : 0;
      metrics.push(
        { name: `${label} ${auctionKind}: ${BIDDERS} concurrent bids answered in`, value: ms, unit: 'ms' },
        { name: `${label} ${auctionKind}: bids taken / refused`, value: accepted.length, unit: `taken (${BIDDERS - accepted.length} refused)` },
        { name: `${label} ${auctionKind}: lost or doubled bids (and 5xx)`, value: lostOrDoubled, unit: '', target: '= 0' },
        { name: `${label} ${auctionKind}: closes recorded (3 asked at once, answers ${closes.join('/')})`, value: closeAudits.length, unit: '', target: '= 1' },
        { name: `${label} ${auctionKind}: winner is the highest accepted bid`, value: rightWinner, unit: '', target: '= 1' },
      );
    }
  } finally {
    await app.close();
  }
  return metrics;
}

export async function auctionBench(): Promise<BenchResult> {
  const pg = await connectDatabase({ dataDir: 'memory://', command: 'bench' });
  const metrics = await onDatabase(pg.db, 'pglite', 'PGlite').finally(() => pg.close());
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `bench_auction_${Date.now()}`;
    await createSchema(url, schema);
    const handle = await connectDatabase({ databaseUrl: url, schema, poolSize: 10 });
    try {
      metrics.push(...(await onDatabase(handle.db, 'postgres', 'PostgreSQL')));
    } finally {
      await handle.close();
      await dropSchema(url, schema);
    }
  }
  return { metrics, notes: url ? [] : ['PostgreSQL: set DATABASE_URL to measure it too'] };
}
