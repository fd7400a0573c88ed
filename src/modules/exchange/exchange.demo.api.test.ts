import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { backends, createTestApp, type TestApp } from '../../../test/helpers/app';
import { monthlyQuantities } from '../byproducts/engine';
import { toEngineStream, getStream } from '../byproducts';
import { systemServiceContext } from '../../platform/viewer';
import { availableForListing } from './engine/listing';
import { refreshPriceIndex } from './exchange.index.service';

/** The exchange's demo data: two years of a market consistent with the demo streams. */
describe.each(backends)('exchange demo on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['byproducts', 'exchange'] });
  }, 300_000);
  afterAll(async () => {
    await t.close();
  });

  it('spans two years with listings, proposals, contracts and received deliveries; more is listed in the harvest season', async () => {
    const span = await sql<{ first: string; last: string; n: number }>`select min(window_start)::text as first, max(window_end)::text as last, count(*)::int as n from exchange_listings`.execute(t.db);
    const { first, last, n } = span.rows[0]!;
    expect(n).toBeGreaterThan(100);
    expect((Date.parse(last) - Date.parse(first)) / 86_400_000).toBeGreaterThan(700);
    const counts = await sql<{ status: string; n: number }>`select status, count(*)::int as n from exchange_proposals group by status`.execute(t.db);
    const by = Object.fromEntries(counts.rows.map((r) => [r.status, r.n]));
    expect(by.contracted).toBeGreaterThan(20);
    expect(by.declined).toBeGreaterThan(0);
    const delivered = await sql<{ n: number }>`select count(*)::int as n from exchange_contract_deliveries where status = 'delivered'`.execute(t.db);
    expect(delivered.rows[0]!.n).toBeGreaterThan(50);
    const loops = await sql<{ n: number }>`select count(*)::int as n from exchange_contract_parties where loop_back`.execute(t.db);
    expect(loops.rows[0]!.n).toBe(1);
    // Harvest-season residues: the autumn quarters list more tonnes per month than the spring ones.
    const season = await sql<{ q: number; t: number }>`select extract(quarter from window_start)::int as q, sum(tonnes)::float8 as t from exchange_listings where quantity_kind = 'monthly' group by 1`.execute(t.db);
    const tq = Object.fromEntries(season.rows.map((r) => [r.q, r.t]));
    expect(tq[4]!).toBeGreaterThan(tq[2]!);
  });

  it('keeps the replayed market consistent: one contract per contracted proposal, deliveries adding up, one audit record for the history', async () => {
    const mismatched = await sql<{ n: number }>`
      select count(*)::int as n from exchange_proposals p left join exchange_contracts c on c.proposal_id = p.id
       where (p.status = 'contracted') <> (c.id is not null)`.execute(t.db);
    expect(mismatched.rows[0]!.n).toBe(0);
    const sums = await sql<{ n: number }>`
      select count(*)::int as n from exchange_contracts c
       where abs(c.tonnes - (select sum(x.planned_tonnes) from exchange_contract_deliveries x where x.contract_id = c.id)) > 1e-6`.execute(t.db);
    expect(sums.rows[0]!.n).toBe(0);
    // A completed contract has nothing planned left; an active one still has.
    const states = await sql<{ n: number }>`
      select count(*)::int as n from exchange_contracts c
       where (c.status = 'completed') = exists (select 1 from exchange_contract_deliveries x where x.contract_id = c.id and x.status = 'planned')`.execute(t.db);
    expect(states.rows[0]!.n).toBe(0);
    // Codes continue from the counters the history raised (a listing made now gets a fresh number).
    const counter = await t.db.selectFrom('exchange_counters').select(['year', 'last_number']).where('kind', '=', 'listing').orderBy('year', 'desc').executeTakeFirstOrThrow();
    const codes = await sql<{ n: number }>`select count(*)::int as n from exchange_listings where code like ${`GY-${counter.year}-%`}`.execute(t.db);
    expect(codes.rows[0]!.n).toBe(counter.last_number);
    const audits = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'exchange_history.write').execute();
    expect(audits).toHaveLength(1);
    // Every utiliser's demand found sellers; the pending proposals of the current quarter are in the inbox.
    const buyers = await sql<{ n: number }>`select count(distinct buyer_organisation_id)::int as n from exchange_contracts where kind = 'bilateral'`.execute(t.db);
    expect(buyers.rows[0]!.n).toBe(6);
  });

  it('publishes the weekly index in almost every week of the two years, lower after the harvest than before it', async () => {
    await t.db.transaction().execute((trx) => refreshPriceIndex(trx, { force: true }));
    // The series runs from the first week of the first year with trades; the market starts later in that year.
    const weeks = await sql<{ q: number; i: number | null }>`
      select extract(quarter from week_start::date)::int as q, index as i from exchange_index_series
       where series = 'composite' and week_start >= (select min(week_start) from exchange_index_series where series = 'composite' and index is not null)`.execute(t.db);
    expect(weeks.rows.length).toBeGreaterThan(100);
    expect(weeks.rows.filter((w) => w.i !== null).length / weeks.rows.length).toBeGreaterThan(0.9);
    const mean = (q: number) => {
      const xs = weeks.rows.filter((w) => w.q === q && w.i !== null).map((w) => Number(w.i));
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(mean(1)).toBeGreaterThan(mean(4));
  });

  it('no listing exceeds its stream’s declared generation in its window', async () => {
    const listings = await t.db.selectFrom('exchange_listings').select(['id', 'stream_id', 'quantity_kind', 'tonnes', 'window_start', 'window_end', 'status']).where('status', '<>', 'withdrawn').execute();
    const ctx = systemServiceContext('test');
    const byStream = new Map<string, typeof listings>();
    for (const l of listings) byStream.set(l.stream_id, [...(byStream.get(l.stream_id) ?? []), l]);
    for (const [streamId, ls] of byStream) {
      const monthly = monthlyQuantities(toEngineStream(await getStream(t.db, ctx, streamId)));
      for (const l of ls) {
        const others = ls.filter((o) => o.id !== l.id).map((o) => ({ kind: o.quantity_kind, tonnes: Number(o.tonnes), start: o.window_start, end: o.window_end }));
        const room = availableForListing(monthly, l.quantity_kind, l.window_start, l.window_end, others);
        expect(Number(l.tonnes)).toBeLessThanOrEqual(room.tonnes * (1 + 1e-9) + 1e-9);
      }
    }
  });
});
