/**
 * Profiles the demo loader step by step: wall time and statements per step, on PGlite in memory
 * or on PostgreSQL (`DATABASE_URL`, a fresh schema). `tsx bench/demo-profile.ts [steps…]`.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { connectDatabase } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import { demoSteps } from '../src/demo/load';

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
await handle.close();
if (url && schema) {
  const admin = await connectDatabase({ databaseUrl: url });
  await admin.db.schema.dropSchema(schema).cascade().execute();
  await admin.close();
}
