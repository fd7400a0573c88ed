/**
 * HTTP load generator for the served-performance bench, run in its own process (so the server's
 * event loop and the generator's do not share a core's time slices in one process):
 * `node --import tsx bench/loadgen.ts` reads a JSON LoadSpec on stdin and prints one JSON LoadReport line.
 * Closed loop: `connections` keep-alive sockets, each sends its next request when the previous
 * answer arrived (optionally after `pauseMs`). No dependency: node:http only, so CI needs nothing.
 */
import http from 'node:http';

export interface PricePair {
  herb: string;
  spec: string;
  market: string;
  price: number;
}

export interface LoadSpec {
  port: number;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  pauseMs?: number;
  /** POST price batches: batch b posts `batch` pairs of day firstDay + ⌊b / batchesPerDay⌋. */
  prices?: { pairs: PricePair[]; firstDay: string; batch: number };
}

export interface LoadReport {
  requests: number;
  ok: number;
  statuses: Record<string, number>;
  seconds: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Observations in batches answered 200 (price posting). */
  observations: number;
  /** Last day posted (price posting). */
  lastDay: string | null;
  firstError: string | null;
}

const DAY_MS = 86_400_000;

function priceBody(spec: NonNullable<LoadSpec['prices']>, b: number): { body: string; count: number; day: string } {
  const perDay = Math.max(1, Math.floor(spec.pairs.length / spec.batch));
  const day = new Date(Date.parse(`${spec.firstDay}T00:00:00Z`) + Math.floor(b / perDay) * DAY_MS).toISOString().slice(0, 10);
  const from = (b % perDay) * spec.batch;
  const slice = spec.pairs.slice(from, from + spec.batch);
  // Small day-to-day moves, far inside the outlier screen.
  const wiggle = 1 + 0.004 * Math.sin(b / 7);
  const observations = slice.map((p) => ({ herb: p.herb, spec: p.spec, market: p.market, date: day, price: Math.round(p.price * wiggle * 100) / 100 }));
  return { body: JSON.stringify({ observations }), count: observations.length, day };
}

async function run(spec: LoadSpec): Promise<LoadReport> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let observations = 0;
  let nextBatch = 0;
  let lastDay: string | null = null;
  let firstError: string | null = null;
  const t0 = performance.now();
  const deadline = t0 + spec.seconds * 1000;

  const once = () =>
    new Promise<void>((resolve) => {
      let payload: { body: string; count: number; day: string } | undefined;
      if (spec.prices) payload = priceBody(spec.prices, nextBatch++);
      const headers: Record<string, string> = { ...spec.headers };
      if (payload) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(payload.body));
      }
      const start = performance.now();
      const req = http.request({ host: '127.0.0.1', port: spec.port, path: spec.path, method: spec.method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          latencies.push(performance.now() - start);
          const status = res.statusCode ?? 0;
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === 200) {
            ok++;
            if (payload) {
              observations += payload.count;
              if (lastDay === null || payload.day > lastDay) lastDay = payload.day;
            }
          } else if (firstError === null) {
            firstError = `${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`;
          }
          resolve();
        });
      });
      req.on('error', (error) => {
        statuses.error = (statuses.error ?? 0) + 1;
        firstError ??= error.message;
        resolve();
      });
      req.end(payload?.body);
    });

  const worker = async () => {
    while (performance.now() < deadline) {
      await once();
      if (spec.pauseMs) await new Promise((r) => setTimeout(r, spec.pauseMs));
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  return {
    requests: latencies.length,
    ok,
    statuses,
    seconds,
    perSecond: ok / seconds,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: latencies.at(-1) ?? Number.NaN,
    observations,
    lastDay,
    firstError,
  };
}

// Run only as the child process (the bench imports the types).
if (process.argv[1]?.endsWith('loadgen.ts')) {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const report = await run(JSON.parse(Buffer.concat(chunks).toString('utf8')) as LoadSpec);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
