/**
 * Signed webhooks for every platform event (notifications.events.ts). The change that causes an
 * event writes one delivery per matching subscription into the outbox (`webhook_deliveries`) in
 * its own transaction (`notify`, or the bulletins module for bulletin events); the one scheduled
 * job below sends them for the whole cluster.
 *
 * Each request is a POST of the stored JSON body with
 *   X-Herbloop-Event:     the event (bulletin.published, exchange.proposal.made, …)
 *   X-Herbloop-Delivery:  <delivery uuid>   (the same on every retry: receivers dedupe by it)
 *   X-Herbloop-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
 * A receiver recomputes the HMAC over the raw body bytes with the subscription's secret,
 * compares in constant time and rejects timestamps older than a few minutes (replays).
 * Any 2xx answer is a delivery; anything else (or no answer within the timeout) is retried
 * with exponential backoff (backoff × 2^(attempt−1), at most 6 h) up to the maximum attempts,
 * then the delivery is `failed`. Redirects are not followed.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../../config';
import type { DB, Executor } from '../../db/database';
import type { DeliveryStatus } from './notifications.tables';
import type { Job } from '../../platform/jobs';
import { version } from '../../version';
import * as repo from './notifications.webhooks.repository';

const SIGNATURE_HEADER = 'x-herbloop-signature';
const DELIVERY_HEADER = 'x-herbloop-delivery';
const EVENT_HEADER = 'x-herbloop-event';
/** The job's name predates the generalisation: kept so `job_runs` and the advisory lock stay one history. */
export const WEBHOOK_JOB = 'bulletin-webhooks';
const MAX_BACKOFF_SECONDS = 6 * 3600;
const BATCH = 20;
const CONCURRENCY = 4;

export type WebhookConfig = AppConfig['webhooks'];

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** What a receiver does (and the tests do): true when the header signs this body recently enough. */
export function verifySignature(secret: string, header: string, body: string, opts: { toleranceSeconds?: number; now?: Date } = {}): boolean {
  const parts = new Map(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const now = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - t) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

/** A new subscription's signing key, shown once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Why a webhook URL is refused, or null: https always; http only to loopback when the flag allows it. */
export function webhookUrlProblem(raw: string, allowHttpLoopback: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.username || url.password) return 'must not contain credentials';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) {
    return allowHttpLoopback ? null : 'http is allowed only to a loopback address with HERBLOOP_WEBHOOK_ALLOW_HTTP_LOOPBACK=1; use https';
  }
  return 'must be an https URL';
}

export function backoffSeconds(config: WebhookConfig, attempts: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, config.backoffSeconds * 2 ** Math.max(0, attempts - 1));
}

interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

async function send(d: repo.ClaimedDelivery, config: WebhookConfig, now: Date): Promise<SendOutcome> {
  const problem = webhookUrlProblem(d.url, config.allowHttpLoopback);
  if (problem) return { ok: false, statusCode: null, error: `URL refused: ${problem}` };
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(config.timeoutMs),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': `herbloop-webhooks/${version}`,
        [EVENT_HEADER]: d.event,
        [DELIVERY_HEADER]: d.id,
        [SIGNATURE_HEADER]: signatureHeader(d.secret, d.body, Math.floor(now.getTime() / 1000)),
      },
      body: d.body,
    });
    // The answer's body is not needed; reading it frees the connection.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, statusCode: res.status, error: null };
    return { ok: false, statusCode: res.status, error: `HTTP ${res.status}` };
  } catch (error) {
    const message = error instanceof Error ? (error.name === 'TimeoutError' ? `no answer within ${config.timeoutMs} ms` : error.message) : String(error);
    return { ok: false, statusCode: null, error: message.slice(0, 500) };
  }
}

export interface DeliveryRunOptions {
  config: WebhookConfig;
  /** The clock (tests move it to retry without waiting). */
  now?: () => Date;
}

/** Claims due deliveries under the caller's lock; the returned function sends them after the commit. */
async function claimDeliveries(trx: Executor, opts: DeliveryRunOptions): Promise<((db: DB) => Promise<void>) | undefined> {
  const now = (opts.now ?? (() => new Date()))();
  // The lease outlasts the slowest possible run of the batch, so no one else takes a row meanwhile;
  // a delivery claimed by a process that died goes out when its lease ends.
  const margin = (opts.config.leaseMarginSeconds ?? 60) * 1000;
  const lease = new Date(now.getTime() + Math.ceil(BATCH / CONCURRENCY) * opts.config.timeoutMs + margin);
  const claimed = await repo.claimDueDeliveries(trx, now, lease, BATCH);
  if (claimed.length === 0) return undefined;
  return async (db: DB) => {
    const queue = [...claimed];
    const worker = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        const sentAt = (opts.now ?? (() => new Date()))();
        const r = await send(d, opts.config, sentAt);
        const status: Exclude<DeliveryStatus, 'sending'> = r.ok ? 'delivered' : d.attempts >= opts.config.maxAttempts ? 'failed' : 'pending';
        await repo.recordDeliveryOutcome(db, d.id, {
          status,
          statusCode: r.statusCode,
          error: r.error,
          deliveredAt: r.ok ? sentAt : null,
          nextAttemptAt: status === 'pending' ? new Date(sentAt.getTime() + backoffSeconds(opts.config, d.attempts) * 1000) : null,
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, worker));
  };
}

/** The scheduled job (src/server/serve.ts schedules it): one run per 5 s slot in the cluster, under its advisory lock. */
export function webhookDeliveryJob(opts: DeliveryRunOptions, everyMs = 5000): Job {
  return { name: WEBHOOK_JOB, everyMs, run: (trx) => claimDeliveries(trx, opts) };
}
