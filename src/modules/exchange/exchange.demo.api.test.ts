import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { backends, createTestApp, type TestApp } from '../../../test/helpers/app';
import { monthlyQuantities } from '../byproducts/engine';
import { toEngineStream, getStream } from '../byproducts';
import { systemServiceContext } from '../../platform/viewer';
import { availableForListing } from './engine/listing';

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
