/**
 * The cluster test (issue 10, "A cluster on a real proxy"): a fresh PostgreSQL database, three
 * `herbloop serve` processes and nginx in front; a bounded mixed load through the proxy; one
 * process killed with SIGKILL in the middle. Then it checks that every acknowledged write is
 * stored once, sessions work across processes, every job slot ran once, webhook deliveries
 * arrived once, and the proxy's only errors were requests in flight on the killed process.
 *
 *   npx tsx test/cluster/run.ts        (.ci/run runs it after `npm test`)
 *
 * Settings (environment): HERBLOOP_CLUSTER_ADMIN_URL (a PostgreSQL URL allowed to create and drop
 * databases; default postgres://postgres@127.0.0.1:5432/postgres), HERBLOOP_CLUSTER_SECONDS (the
 * load's length, default 40), HERBLOOP_CLUSTER_KEEP=1 keeps the temporary directory (logs, nginx
 * config) even when every check passes. Exits 1 with the failed checks listed.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { checkDeliveries, checkJobs, checkProxy, checkSessions, checkWrites, type Finding, readAccessLog, readSlotLines, type SlotLine } from './checks';
import { createHerb, isAcked, type LoadSettings, runLoad, type Sent, writeKinds } from './load';
import {
  createDatabase,
  dropDatabase,
  freePort,
  herbloop,
  type Proxy,
  type Receiver,
  type ServerProcess,
  sleep,
  startNginx,
  startReceiver,
  startServer,
} from './processes';

const adminUrl = process.env.HERBLOOP_CLUSTER_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const loadSeconds = Number(process.env.HERBLOOP_CLUSTER_SECONDS || 40);
const keep = process.env.HERBLOOP_CLUSTER_KEEP === '1';
const LIMIT_MS = 290_000;
/** Short slots so that a 40 s load spans many of them (production defaults: 5 s, 6 h, 10 min). */
const slots = { 'bulletin-webhooks': 2, 'warnings-scan': 15, housekeeping: 5 } as const;

const t0 = Date.now();
const runTag = randomBytes(3).toString('hex');
const dbName = `herbloop_cluster_${runTag}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herbloop-cluster-'));
const say = (line: string) => process.stdout.write(`[cluster ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);

let servers: ServerProcess[] = [];
let proxy: Proxy | undefined;
let receiver: Receiver | undefined;
let databaseCreated = false;
let cleaned = false;

async function cleanup(passed: boolean): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  for (const s of servers) if (s.isRunning()) s.child.kill('SIGKILL');
  await proxy?.stop().catch(() => undefined);
  await receiver?.close().catch(() => undefined);
  if (databaseCreated) await dropDatabase(adminUrl, dbName).catch((error: unknown) => say(`could not drop database ${dbName}: ${String(error)}`));
  if (passed && !keep) fs.rmSync(dir, { recursive: true, force: true });
  else say(`logs, nginx config and access log kept in ${dir}`);
}

const overall = setTimeout(() => {
  say(`FAILED: the cluster test did not finish within ${LIMIT_MS / 1000} s`);
  void cleanup(false).finally(() => process.exit(1));
}, LIMIT_MS);
process.once('SIGINT', () => void cleanup(false).finally(() => process.exit(130)));

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function waitForDeliveries(db: pg.Client, subscriptionIds: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = await db.query<{ n: string }>(`select count(*) as n from webhook_deliveries where subscription_id = any($1) and status <> 'delivered'`, [subscriptionIds]);
    if (Number(r.rows[0]!.n) === 0) return;
    await sleep(500);
  }
}

async function main(): Promise<boolean> {
  // 1. Database, migrations, demo: once, before any server starts.
  const databaseUrl = await createDatabase(adminUrl, dbName);
  databaseCreated = true;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'debug',
    HERBLOOP_TRUST_PROXY: '1',
    HERBLOOP_WEBHOOK_ALLOW_HTTP_LOOPBACK: '1',
    HERBLOOP_WEBHOOK_EVERY_SECONDS: String(slots['bulletin-webhooks']),
    HERBLOOP_WARNINGS_SCAN_SECONDS: String(slots['warnings-scan']),
    HERBLOOP_HOUSEKEEPING_SECONDS: String(slots.housekeeping),
    HERBLOOP_WEBHOOK_TIMEOUT_MS: '3000',
    HERBLOOP_WEBHOOK_LEASE_MARGIN_SECONDS: '5',
    // Every client logs in from 127.0.0.1, many times a minute.
    HERBLOOP_LOGIN_MAX_PER_USER: '100000',
    HERBLOOP_LOGIN_MAX_PER_IP: '100000',
  };
  for (const k of ['PORT', 'HOST', 'HERBLOOP_DATA_DIR']) delete env[k];
  herbloop(['db', 'migrate'], env);
  herbloop(['demo', 'load', '--json'], env);
  say(`database ${dbName} migrated and demo loaded`);

  receiver = await startReceiver();
  const subscriptionIds: string[] = [];
  for (const name of ['a', 'b']) {
    const out = JSON.parse(herbloop(['bulletins', 'subscribers', 'add', '--name', `cluster ${name}`, '--url', `http://127.0.0.1:${receiver.port}/${name}`, '--json'], env)) as { id: string; secret: string };
    receiver.secrets.set(name, out.secret);
    subscriptionIds.push(out.id);
  }

  // 2. Three processes and the proxy.
  const ports = [await freePort(), await freePort(), await freePort()];
  servers = await Promise.all(ports.map((port, i) => startServer(i, port, env, dir)));
  const proxyPort = await freePort();
  proxy = await startNginx(dir, proxyPort, ports);
  say(`3 servers (${ports.join(', ')}) and nginx on :${proxyPort} are up`);

  // 3. The load, with one process killed half-way.
  const settings: LoadSettings = {
    proxyUrl: `http://127.0.0.1:${proxyPort}`,
    runTag,
    herbCode: `CLTEST-${runTag.toUpperCase()}`,
    market: 'BOZHOU',
    deadline: 0,
    password: 'herbloop-demo',
  };
  await createHerb(settings, 'bz-price');
  const loadStart = Date.now();
  settings.deadline = loadStart + loadSeconds * 1000;
  const victim = servers[1]!;
  const kill = { port: victim.port, at: 0 };
  const killer = setTimeout(() => {
    kill.at = Date.now();
    victim.child.kill('SIGKILL');
    say(`SIGKILL to server 1 (pid ${victim.child.pid}, :${victim.port})`);
  }, (loadSeconds * 1000) / 2);
  const log: Sent[] = await runLoad(settings, {
    monitors: ['bz-price', 'ah-tcm'],
    firms: ['huatuo', 'shaodu', 'guohe'],
    readers: ['bz-eeb', 'park', 'lvyuan', 'admin'],
  });
  clearTimeout(killer);
  const loadMs = Date.now() - loadStart;
  say(`load done: ${log.length} requests in ${(loadMs / 1000).toFixed(1)} s`);

  // 4. Let the webhook job drain the outbox (a delivery claimed by the killed process waits for
  // its lease), then stop the survivors gracefully.
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await waitForDeliveries(db, subscriptionIds, 60_000);
    await sleep(slots['bulletin-webhooks'] * 2000);
    const stopAt = Date.now();
    for (const s of servers) if (s.isRunning()) s.child.kill('SIGTERM');
    const exits = await Promise.all(servers.map((s) => s.exited));
    await proxy.stop();
    say(`servers stopped (${exits.join(', ')})`);

    // 5. Verdicts (the records they read stay in the directory when one fails).
    fs.writeFileSync(path.join(dir, 'receipts.json'), JSON.stringify({ killAt: kill.at, receipts: receiver.receipts }, null, 1));
    fs.writeFileSync(path.join(dir, 'requests.json'), JSON.stringify(log, null, 1));
    const entries = readAccessLog(proxy.accessLog);
    const lines: SlotLine[] = servers.flatMap((s) => readSlotLines(s.logFile, s.index));
    const from = Math.max(...servers.map((s) => s.readyAt)) + 1000;
    const findings: Finding[] = [
      {
        name: 'server 1 died of SIGKILL half-way; the others stopped cleanly on SIGTERM',
        ok: kill.at > 0 && exits[1] === 'SIGKILL' && exits[0] === 0 && exits[2] === 0,
        detail: `exits: ${exits.join(', ')}`,
      },
      ...(await checkWrites(db, log, settings.herbCode)),
      ...(await checkDeliveries(db, subscriptionIds, receiver.receipts, kill.at)),
      ...(await checkJobs(
        db,
        Object.entries(slots).map(([job, s]) => ({ job, everyMs: s * 1000, from, to: stopAt })),
        lines,
        `${os.hostname()}/${victim.child.pid}`,
      )),
    ];
    const proxyCheck = checkProxy(entries, log, kill);
    const sessionCheck = checkSessions(entries, log);
    findings.push(...proxyCheck.findings, ...sessionCheck.findings);

    // 6. Summary.
    const latencies = log.filter(isAcked).map((s) => s.t1 - s.t0);
    const kinds = [...new Set(log.map((s) => s.kind))];
    say(`summary (2-core machine shared with other work: latencies are inflated)`);
    for (const k of kinds) {
      const of = log.filter((s) => s.kind === k);
      say(`  ${k.padEnd(17)} ${String(of.length).padStart(5)} sent, ${String(of.filter(isAcked).length).padStart(5)} acknowledged${writeKinds.includes(k) ? ' (write)' : ''}`);
    }
    const perUpstream = new Map<string, number>();
    for (const e of entries) perUpstream.set(e.up.split(',').at(-1)!.trim(), (perUpstream.get(e.up.split(',').at(-1)!.trim()) ?? 0) + 1);
    say(`  ${log.length} requests, ${(log.length / (loadMs / 1000)).toFixed(1)} req/s; latency p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, max ${percentile(latencies, 100)} ms`);
    say(`  served by: ${[...perUpstream].map(([u, n]) => `${u} ${n}`).join(', ')}`);
    say(`  proxy errors ${proxyCheck.errors}, in flight on the killed process ${proxyCheck.inFlight}; sessions ${sessionCheck.sessions}, used on another process ${sessionCheck.crossUses} times`);
    say(`  webhook receipts ${receiver.receipts.length}; job slot attempts logged ${lines.length}`);
    for (const f of findings) say(`${f.ok ? 'PASS' : 'FAIL'} ${f.name}: ${f.detail}`);
    const passed = findings.every((f) => f.ok);
    say(`${passed ? 'passed' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return passed;
  } finally {
    await db.end();
  }
}

let passed = false;
try {
  passed = await main();
} catch (error) {
  say(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  clearTimeout(overall);
  await cleanup(passed);
}
process.exit(passed ? 0 : 1);
