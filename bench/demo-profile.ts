/**
 * Profiles the demo loader step by step: wall time and statements per step, on PGlite in memory
 * or on PostgreSQL (`DATABASE_URL`, a fresh schema). `tsx bench/demo-profile.ts [steps…]`.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { connectDatabase } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import { demoSteps } from '../src/demo/load';
import { refreshPriceIndex } from '../src/modules/exchange';
import { sql } from 'kysely';

class Counter implements KyselyPlugin {
  count = 0;
  byKind = new Map<string, number>();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    const node = args.node as { kind: string; into?: { table?: { identifier?: { name?: string } } }; from?: { froms?: { table?: { identifier?: { name?: string } } }[] }; table?: { table?: { identifier?: { name?: string } } } };
    const table = node.into?.table?.identifier?.name ?? node.from?.froms?.[0]?.table?.identifier?.name ?? node.table?.table?.identifier?.name ?? '';
    const key = `${node.kind}:${table}`;
    this.byKind.set(key, (this.byKind.get(key) ?? 0) + 1);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

const only = process.argv.slice(2);
const url = process.env.DATABASE_URL;
const schema = url ? `demo_profile_${process.pid}` : undefined;
if (url && schema) {
  const admin = await connectDatabase({ databaseUrl: url });
  await admin.db.schema.createSchema(schema).execute();
  await admin.close();
}
const handle = await connectDatabase(url ? { databaseUrl: url, ...(schema ? { schema } : {}) } : { dataDir: 'memory://' });
await migrateToLatest(handle.db);
const counter = new Counter();
const db = handle.db.withPlugin(counter);
const t0 = performance.now();
await db.transaction().execute(async (trx) => {
  for (const step of demoSteps) {
    if (only.length > 0 && step.id !== 'platform' && !only.includes(step.id)) continue;
    const s0 = performance.now();
    const q0 = counter.count;
    counter.byKind.clear();
    await step.load(trx, () => {});
    const top = [...counter.byKind.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, n]) => `${k}=${n}`).join(' ');
    process.stdout.write(`${step.id.padEnd(20)} ${((performance.now() - s0) / 1000).toFixed(2).padStart(7)} s ${String(counter.count - q0).padStart(7)} statements  ${top}\n`);
  }
});
process.stdout.write(`total ${((performance.now() - t0) / 1000).toFixed(2)} s, ${counter.count} statements\n`);
if (process.env.STATS) {
  // What the exchange's demo holds: rows per table and status, and the published index weeks per series.
  for (const q of [
    sql`select 'listings ' || status as k, count(*)::int as n from exchange_listings group by 1`,
    sql`select 'listings monthly t/q' || extract(quarter from window_start) as k, round(sum(tonnes))::int as n from exchange_listings where quantity_kind = 'monthly' group by 1`,
    sql`select 'demands ' || status as k, count(*)::int as n from exchange_demands group by 1`,
    sql`select 'runs ' || kind as k, count(*)::int as n from exchange_match_runs group by 1`,
    sql`select 'proposals ' || status as k, count(*)::int as n from exchange_proposals group by 1`,
    sql`select 'contracts ' || kind || ' ' || status as k, count(*)::int as n from exchange_contracts group by 1`,
    sql`select 'deliveries ' || status as k, count(*)::int as n from exchange_contract_deliveries group by 1`,
    sql`select 'delivered in ' || to_char(delivered_on, 'YYYY-"Q"Q') as k, count(*)::int as n from exchange_contract_deliveries where status = 'delivered' group by 1 order by 1`,
    sql`select 'contracts from ' || to_char(starts_on, 'YYYY-"Q"Q') || ' ' || grade as k, count(*)::int as n from exchange_contracts group by 1 order by 1`,
    sql`select 'auctions ' || status as k, count(*)::int as n from exchange_auctions group by 1`,
    sql`select 'notifications' as k, count(*)::int as n from notifications`,
    sql`select 'audit exchange' as k, count(*)::int as n from audit_log where action like 'exchange%'`,
  ]) {
    const rows = await q.execute(handle.db).catch(() => ({ rows: [] }));
    for (const r of rows.rows as { k: string; n: number }[]) process.stdout.write(`  ${String(r.k).padEnd(36)} ${r.n}\n`);
  }
  await handle.db.transaction().execute((trx) => refreshPriceIndex(trx, { force: true }));
  const idx = await sql<{ series: string; priced: number; weeks: number }>`select series, count(price)::int as priced, count(index)::int as weeks from exchange_index_series group by 1 order by 1`.execute(handle.db);
  for (const r of idx.rows) process.stdout.write(`  index ${r.series.padEnd(40)} ${r.weeks} weeks with an index, ${r.priced} priced\n`);
  const months = await sql<{ m: string; i: number }>`select to_char(week_start::date, 'YYYY-MM') as m, round(avg(index)::numeric, 1)::float8 as i from exchange_index_series where series = 'composite' and index is not null group by 1 order by 1`.execute(handle.db);
  process.stdout.write(`  composite by month: ${months.rows.map((r) => `${r.m} ${r.i}`).join(', ')}\n`);
}
await handle.close();
if (url && schema) {
  const admin = await connectDatabase({ databaseUrl: url });
  await admin.db.schema.dropSchema(schema).cascade().execute();
  await admin.close();
}
