/**
 * The cluster test's verdicts, from four independent records: what the clients saw, the proxy's
 * access log, the servers' logs and the database.
 */
import fs from 'node:fs';
import type pg from 'pg';
import { isAcked, type Sent } from './load';
import type { Receipt } from './processes';

export interface Finding {
  name: string;
  ok: boolean;
  detail: string;
}

export interface AccessEntry {
  /** end, seconds since the epoch */
  t: number;
  /** duration, seconds */
  rt: number;
  s: number;
  m: string;
  u: string;
  up: string;
  us: string;
  c: string;
  rid: string;
}

export function readAccessLog(file: string): AccessEntry[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as AccessEntry);
}

export interface SlotLine {
  job: string;
  slot: string;
  outcome: string;
  server: number;
}

export function readSlotLines(logFile: string, server: number): SlotLine[] {
  const lines: SlotLine[] = [];
  for (const l of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!l.includes('scheduled job slot')) continue;
    try {
      const o = JSON.parse(l) as { job: string; slot: string; outcome: string };
      lines.push({ job: o.job, slot: o.slot, outcome: o.outcome, server });
    } catch {
      // a line cut by SIGKILL
    }
  }
  return lines;
}

const count = <T>(items: T[], key: (t: T) => string) => {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
};

function finding(name: string, problems: string[], okDetail: string): Finding {
  return { name, ok: problems.length === 0, detail: problems.length === 0 ? okDetail : `${problems.length} problem(s): ${problems.slice(0, 8).join('; ')}` };
}

/** Every acknowledged write is stored exactly once; an unacknowledged one at most once. */
export async function checkWrites(db: pg.Client, log: Sent[], herbCode: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  const writes = log.filter((s) => s.kind !== 'read' && s.kind !== 'login');
  const audited = await db.query<{ request_id: string; n: string }>('select request_id, count(*) as n from audit_log where request_id = any($1) group by request_id', [
    writes.map((w) => w.rid),
  ]);
  const auditCount = new Map(audited.rows.map((r) => [r.request_id, Number(r.n)]));
  const auditProblems: string[] = [];
  for (const w of writes) {
    const n = auditCount.get(w.rid) ?? 0;
    if (isAcked(w) ? n !== 1 : n > 1) auditProblems.push(`${w.kind} ${w.rid}: ${n} audit records (${isAcked(w) ? 'acknowledged' : `status ${w.status ?? w.error}`})`);
  }
  const unknown = writes.filter((w) => !isAcked(w));
  const unknownStored = unknown.filter((w) => auditCount.get(w.rid) === 1).length;
  findings.push(
    finding(
      'each write request is audited once (acknowledged: exactly 1; unknown: at most 1)',
      auditProblems,
      `${writes.length} write requests, ${writes.length - unknown.length} acknowledged; of the ${unknown.length} unacknowledged, ${unknownStored} stored, ${unknown.length - unknownStored} not`,
    ),
  );

  // Prices: every acknowledged observation stored once with its price.
  const stored = await db.query<{ day: string; price: string; n: string }>(
    `select o.day::text as day, min(o.price)::text as price, count(*) as n
       from price_observations o join herbs h on h.id = o.herb_id where h.code = $1 group by o.day`,
    [herbCode],
  );
  const byDay = new Map(stored.rows.map((r) => [r.day, r]));
  const priceProblems: string[] = [];
  let observations = 0;
  for (const w of log.filter((s) => s.kind === 'prices')) {
    for (const o of (w.payload?.observations ?? []) as { date: string; price: number }[]) {
      const row = byDay.get(o.date);
      if (isAcked(w)) {
        observations += 1;
        if (!row || Number(row.n) !== 1 || Number(row.price) !== o.price) priceProblems.push(`${o.date}: ${row ? `${row.n} rows at ${row.price}` : 'missing'}`);
      } else if (row && Number(row.n) > 1) priceProblems.push(`${o.date}: ${row.n} rows`);
    }
  }
  findings.push(finding('acknowledged price observations stored once', priceProblems, `${observations} observations`));

  // Streams: created once, last acknowledged edit and records present.
  const codes = log.filter((s) => s.kind === 'stream-create').map((s) => String(s.payload?.code));
  const streams = await db.query<{ code: string; n: string; tpy: string }>(
    'select code, count(*) as n, max(tonnes_per_year)::text as tpy from byproduct_streams where code = any($1) group by code',
    [codes],
  );
  const streamBy = new Map(streams.rows.map((r) => [r.code, r]));
  const records = await db.query<{ code: string; period: string; generated_t: string }>(
    `select s.code, r.period, r.generated_t::text as generated_t from byproduct_records r join byproduct_streams s on s.id = r.stream_id where s.code = any($1)`,
    [codes],
  );
  const recordBy = new Map(records.rows.map((r) => [`${r.code}|${r.period}`, r]));
  const streamProblems: string[] = [];
  for (const w of log.filter((s) => s.kind === 'stream-create')) {
    const row = streamBy.get(String(w.payload?.code));
    if (isAcked(w) ? Number(row?.n ?? 0) !== 1 : Number(row?.n ?? 0) > 1) streamProblems.push(`stream ${String(w.payload?.code)}: ${row?.n ?? 0} rows`);
  }
  for (const w of log.filter((s) => s.kind === 'stream-edit' && isAcked(s))) {
    const row = streamBy.get(String(w.payload?.code));
    if (Number(row?.tpy) !== w.payload?.tonnesPerYear) streamProblems.push(`edit of ${String(w.payload?.code)}: stored ${row?.tpy}, acknowledged ${String(w.payload?.tonnesPerYear)}`);
  }
  for (const w of log.filter((s) => s.kind === 'record-put' && isAcked(s))) {
    const row = recordBy.get(`${String(w.payload?.code)}|${String(w.payload?.period)}`);
    if (Number(row?.generated_t) !== w.payload?.generatedT) streamProblems.push(`record ${String(w.payload?.code)} ${String(w.payload?.period)}: ${row?.generated_t ?? 'missing'}`);
  }
  findings.push(finding('streams created once; acknowledged edits and monthly records stored', streamProblems, `${codes.length} streams tried`));

  // Bulletins: created once, published once, numbers unique.
  const titles = log.filter((s) => s.kind === 'bulletin-create').map((s) => String(s.payload?.title));
  const bulletins = await db.query<{ id: string; title: string; status: string; number: string | null }>('select id, title, status, number from bulletins where title = any($1)', [titles]);
  const bulletinProblems: string[] = [];
  const perTitle = count(bulletins.rows, (r) => r.title);
  for (const w of log.filter((s) => s.kind === 'bulletin-create')) {
    const n = perTitle.get(String(w.payload?.title)) ?? 0;
    if (isAcked(w) ? n !== 1 : n > 1) bulletinProblems.push(`bulletin "${String(w.payload?.title)}": ${n} rows`);
  }
  for (const w of log.filter((s) => s.kind === 'bulletin-publish' && isAcked(s))) {
    const row = bulletins.rows.find((b) => b.id === w.payload?.id);
    if (row?.status !== 'published' || !row.number) bulletinProblems.push(`publication of ${String(w.payload?.id)}: ${row?.status ?? 'missing'}`);
  }
  const all = await db.query<{ number: string; n: string }>('select number, count(*) as n from bulletins where number is not null group by number having count(*) > 1');
  for (const r of all.rows) bulletinProblems.push(`number ${r.number} used ${r.n} times`);
  findings.push(
    finding('bulletins created once, acknowledged publications published, numbers unique', bulletinProblems, `${bulletins.rows.filter((b) => b.status === 'published').length} published`),
  );
  return findings;
}

/** Each delivery of each publication reaches its subscriber once, signed. */
export async function checkDeliveries(db: pg.Client, subscriptionIds: string[], receipts: Receipt[], killAt: number): Promise<Finding[]> {
  const rows = await db.query<{ id: string; status: string; attempts: number; bulletin_id: string; subscription_id: string }>(
    `select d.id, d.status, d.attempts, d.subject_id as bulletin_id, d.subscription_id from webhook_deliveries d where d.subscription_id = any($1)`,
    [subscriptionIds],
  );
  const published = await db.query<{ id: string }>(`select id from bulletins where status = 'published' and title like '集群测试通报 %'`);
  const problems: string[] = [];
  const perBulletin = count(rows.rows, (r) => r.bulletin_id);
  for (const b of published.rows) if ((perBulletin.get(b.id) ?? 0) !== subscriptionIds.length) problems.push(`bulletin ${b.id}: ${perBulletin.get(b.id) ?? 0} deliveries`);
  for (const r of rows.rows) if (r.status !== 'delivered') problems.push(`delivery ${r.id}: ${r.status} after ${r.attempts} attempts`);
  const received = new Map<string, Receipt[]>();
  for (const r of receipts) received.set(r.delivery, [...(received.get(r.delivery) ?? []), r]);
  let repeatedInFlight = 0;
  for (const r of rows.rows) {
    const got = received.get(r.id) ?? [];
    if (got.length === 0) problems.push(`delivery ${r.id} never received`);
    else if (got.length > 1) {
      // The one repeat a crash may cause: sent by the process killed before it recorded the answer,
      // then again when its lease ended. The receiver (in this busy harness process) may note the
      // first one up to a moment after the kill.
      if (got.length === 2 && got[0]!.at <= killAt + 2000 && got[1]!.at > killAt + 2000) repeatedInFlight += 1;
      else problems.push(`delivery ${r.id} received ${got.length} times`);
    }
  }
  for (const r of receipts) if (!r.signatureOk) problems.push(`delivery ${r.delivery}: bad signature`);
  const stray = receipts.filter((r) => !rows.rows.some((d) => d.id === r.delivery));
  for (const r of stray) problems.push(`unknown delivery ${r.delivery} received`);
  return [
    finding(
      'webhook deliveries: one per publication and subscriber, each received once and signed',
      problems,
      `${rows.rows.length} deliveries, ${receipts.length} receipts${repeatedInFlight ? ` (${repeatedInFlight} repeated: in flight on the killed process)` : ''}`,
    ),
  ];
}

export interface JobWindow {
  job: string;
  everyMs: number;
  /** first and last ms of the window in which the slots are checked */
  from: number;
  to: number;
}

/**
 * Every scheduled slot ran once in the cluster. A slot in the window may go without a run only
 * when a run of the same job held the lock the whole slot long (runs never overlap).
 */
export async function checkJobs(db: pg.Client, windows: JobWindow[], lines: SlotLine[], killedRunner: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const w of windows) {
    const runs = await db.query<{ slot_start: Date; runner: string; started_at: Date; finished_at: Date | null }>(
      'select slot_start, runner, started_at, finished_at from job_runs where job = $1 order by slot_start',
      [w.job],
    );
    const problems: string[] = [];
    const ranLines = count(
      lines.filter((l) => l.job === w.job && l.outcome === 'ran'),
      (l) => l.slot,
    );
    const attempted = new Set(lines.filter((l) => l.job === w.job).map((l) => l.slot));
    const bySlot = new Map(runs.rows.map((r) => [r.slot_start.toISOString(), r]));
    let expected = 0;
    let ran = 0;
    let covered = 0;
    const first = Math.ceil(w.from / w.everyMs) * w.everyMs;
    for (let t = first; t + w.everyMs <= w.to; t += w.everyMs) {
      expected += 1;
      const slot = new Date(t).toISOString();
      const row = bySlot.get(slot);
      const logged = ranLines.get(slot) ?? 0;
      if (logged > 1) problems.push(`${slot}: ran ${logged} times`);
      if (row) {
        ran += 1;
        if (logged === 0 && row.runner !== killedRunner) problems.push(`${slot}: claimed by ${row.runner} but no process logged the run`);
        continue;
      }
      // No run: only acceptable when the previous run was still going through the whole slot.
      const blocker = runs.rows.find((r) => r.started_at.getTime() <= t && (r.finished_at?.getTime() ?? Infinity) >= t + w.everyMs);
      if (blocker) {
        covered += 1;
        continue;
      }
      problems.push(`${slot}: no run (${attempted.has(slot) ? 'attempted' : 'no process ticked in it'})`);
    }
    for (const [slot, n] of ranLines) if (n > 1) problems.push(`${slot}: ran ${n} times`);
    findings.push(
      finding(`job ${w.job}: each ${w.everyMs / 1000} s slot ran exactly once`, [...new Set(problems)], `${ran} of ${expected} slots ran once${covered ? `, ${covered} covered by a longer run` : ''}`),
    );
  }
  return findings;
}

export interface KillInfo {
  port: number;
  /** ms since the epoch */
  at: number;
}

/** The proxy's errors are only requests that were in flight on the killed process. */
export function checkProxy(entries: AccessEntry[], log: Sent[], kill: KillInfo): { findings: Finding[]; inFlight: number; errors: number } {
  const killed = `127.0.0.1:${kill.port}`;
  const killAt = kill.at / 1000;
  const firstUpstream = (e: AccessEntry) => e.up.split(',')[0]!.trim();
  // In flight: sent to the killed process before it died and not answered by then. The 0.1 s
  // after the kill cover a request nginx wrote to a kept-alive connection before it saw it close.
  const inFlight = entries.filter((e) => firstUpstream(e) === killed && e.t - e.rt <= killAt + 0.1 && e.t >= killAt - 0.05);
  const errors = entries.filter((e) => e.s >= 500);
  const problems: string[] = [];
  for (const e of errors) if (!e.up.includes(killed)) problems.push(`${e.s} ${e.m} ${e.u} from ${e.up} (not the killed process)`);
  if (errors.length > inFlight.length) problems.push(`${errors.length} errors > ${inFlight.length} requests in flight on the killed process`);
  // What the clients saw agrees with the proxy: no failures the proxy did not log.
  const clientFailures = log.filter((s) => !isAcked(s));
  const unexpected = clientFailures.filter((s) => s.status === null || s.status < 500 || !errors.some((e) => e.rid === s.rid));
  for (const s of unexpected) problems.push(`client ${s.client}: ${s.method} ${s.path} → ${s.status ?? s.error}${s.error ? ` ${s.error.slice(0, 120)}` : ''}`);
  return {
    findings: [finding('proxy errors only for requests in flight on the killed process; every other request answered 2xx', problems, `${errors.length} errors, ${inFlight.length} in flight at the kill`)],
    inFlight: inFlight.length,
    errors: errors.length,
  };
}

/** Sessions are in the database: a session made through one process works on the others. */
export function checkSessions(entries: AccessEntry[], log: Sent[]): { findings: Finding[]; crossUses: number; sessions: number } {
  const byRid = new Map(entries.map((e) => [e.rid, e]));
  const lastUpstream = (e: AccessEntry | undefined) => e?.up.split(',').at(-1)?.trim() ?? '';
  const loginOf = new Map<string, string>();
  for (const s of log) if (s.kind === 'login' && isAcked(s)) loginOf.set(s.session, lastUpstream(byRid.get(s.rid)));
  let crossUses = 0;
  const problems: string[] = [];
  const crossSessions = new Set<string>();
  for (const s of log) {
    if (s.kind === 'login' || !loginOf.has(s.session) || s.path === '/api/health' || s.path.startsWith('/api/v1/public/')) continue;
    const e = byRid.get(s.rid);
    if (!e) {
      if (isAcked(s)) problems.push(`${s.rid}: not in the proxy's access log`);
      continue;
    }
    if (s.status === 401 || s.status === 403) problems.push(`${s.rid}: ${s.status} for a logged-in session on ${lastUpstream(e)}`);
    if (isAcked(s) && lastUpstream(e) !== loginOf.get(s.session)) {
      crossUses += 1;
      crossSessions.add(s.session);
    }
  }
  if (crossUses === 0) problems.push('no session was used on a process other than the one that created it');
  return {
    findings: [finding('sessions created on one process work on the others', problems, `${crossUses} requests in ${crossSessions.size} of ${loginOf.size} sessions served by another process than their login`)],
    crossUses,
    sessions: loginOf.size,
  };
}
