import { sql } from 'kysely';
import { loadConfig } from '../src/config';
import { connectDatabase } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import { loadDemo } from '../src/demo/load';
import { createApiToken } from '../src/modules/tokens';
import { systemServiceContext } from '../src/platform/viewer';
import { buildApp } from '../src/server/app';
import * as mon from '../src/modules/supply/supply.monitor.service';
const h = await connectDatabase({ dataDir: 'memory://' });
const db = h.db;
await migrateToLatest(db);
await loadDemo(db, undefined, { steps: ['supply'] });
const app = await buildApp({ db, dbKind: 'pglite', config: { ...loadConfig({}), dataDir: 'memory://' }, logger: false, webDist: null });
const station = await db.selectFrom('organisations').select('id').where('code', '=', 'BZ-MON-PRICE').executeTakeFirstOrThrow();
const { token } = await db.transaction().execute((trx) => createApiToken(trx, systemServiceContext('bench'), station.id, { name: 'x', role: 'member', expiresInDays: 1 }));
const headers = { authorization: `Bearer ${token}` };
const recent = await sql<{ herb: string; spec: string; market: string; price: number }>`
    select h.name_zh as herb, s.name as spec, m.name_zh as market, avg(o.price_per_kg)::float8 as price
    from price_observations o join herbs h on h.id = o.herb_id join herb_specs s on s.id = o.spec_id join markets m on m.id = o.market_id
    where o.day > (select max(day) - 30 from price_observations) and o.status <> 'held'
    group by 1,2,3`.execute(db);
const pairs = recent.rows;
console.log('pairs', pairs.length);
const orig = mon.afterPricesWritten;
for (let b = 0; b < 12; b++) {
  const day = new Date(Date.parse('2026-11-21T00:00:00Z') + b * 86400000).toISOString().slice(0, 10);
  const observations = pairs.slice(0, 500).map((p) => ({ herb: p.herb, spec: p.spec, market: p.market, date: day, price: Math.round(p.price * 100) / 100 }));
  const t0 = performance.now();
  const r = await app.inject({ method: 'POST', url: '/api/v1/supply/prices', headers, payload: { observations } });
  const t1 = performance.now();
  const l = await app.inject({ method: 'GET', url: '/api/v1/supply/formulas', headers });
  console.log(day, r.statusCode, r.body.slice(0, 100), (t1 - t0).toFixed(1), 'ms; list', (performance.now() - t1).toFixed(1));
}
void orig;
process.exit(0);
