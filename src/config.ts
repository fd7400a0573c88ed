import path from 'node:path';

/**
 * Runtime configuration from the environment. Read once at start-up; everything else receives
 * the parsed object so tests can build apps with their own settings.
 */
export interface AppConfig {
  host: string;
  port: number;
  /** node-postgres connection string; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  sessionIdleHours: number;
  sessionMaxDays: number;
  /** Secure cookies need HTTPS; a local `npm start` on http://127.0.0.1 must still log in. */
  secureCookies: boolean;
  logLevel: string;
  bodyLimitBytes: number;
  trustProxy: boolean;
  loginRateLimit: { maxPerUser: number; maxPerIp: number; windowSeconds: number };
  /** Where people reach the web app: absolute links in feeds, webhook payloads and PDFs. */
  publicUrl: string;
  /**
   * The base of the URL a load label's QR code carries (`<base>/m/<token>`,
   * HERBLOOP_LABEL_BASE_URL): a short host keeps the code small; default `publicUrl`.
   */
  labelBaseUrl: string;
  /** Bulletin webhooks: https only, except http to a loopback address when allowed (tests, local receivers). */
  webhooks: {
    allowHttpLoopback: boolean;
    maxAttempts: number;
    backoffSeconds: number;
    timeoutMs: number;
    /**
     * How long past the slowest possible send a claimed delivery stays leased before another
     * process may take it (default 60): covers clock differences between hosts and slow commits.
     */
    leaseMarginSeconds?: number;
  };
  /** Slot lengths of the scheduled jobs (src/platform/jobs.ts), in seconds. */
  jobs: { warningsScanSeconds: number; webhookSeconds: number; housekeepingSeconds: number; auctionCloseSeconds: number; priceIndexSeconds: number; listingCloseSeconds: number };
  /**
   * The secret sealed auction bids are encrypted under (HERBLOOP_SEALED_BID_SECRET, at least 32
   * characters); unset: a key file in the data directory (one process), see docs/security.md.
   */
  sealedBidSecret: string | undefined;
  /** A CJK font file for bulletin PDFs (`file.ttc#PostScriptName` for a collection member); unset: the packaged one. */
  pdfFont: string | undefined;
  /**
   * The base map of the market page (HERBLOOP_MAP_TILE_URL, HERBLOOP_MAP_TILE_ATTRIBUTION,
   * HERBLOOP_MAP_TILE_SUBDOMAINS); unset: the plain coordinate canvas, nothing fetched from outside.
   */
  mapTiles: MapTilesConfig | undefined;
  /**
   * Days a load's GPS track is kept (HERBLOOP_TRACK_RETENTION_DAYS, default 180): drivers'
   * tracks are personal information (PIPL), kept only while a dispute over the trip may arise.
   */
  trackRetentionDays: number;
}

/** A Web Mercator XYZ tile source, e.g. 天地图 `vec_w` with its browser key `tk=` in the URL. */
export interface MapTilesConfig {
  /** `{z}`, `{x}`, `{y}` and optionally `{s}` (one of `subdomains`) are filled in per tile. */
  urlTemplate: string;
  /** Shown under the map: the provider's name and the 审图号 it publishes for its map. */
  attribution: string;
  subdomains: string[];
}

/**
 * Reads the tile source; a template that cannot work (no `{x}`/`{y}`/`{z}`, not http(s), `{s}`
 * without subdomains) stops the start rather than showing a broken map later.
 */
export function mapTilesFromEnv(env: NodeJS.ProcessEnv): MapTilesConfig | undefined {
  const urlTemplate = env.HERBLOOP_MAP_TILE_URL?.trim();
  if (!urlTemplate) return undefined;
  const subdomains = (env.HERBLOOP_MAP_TILE_SUBDOMAINS ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const attribution = env.HERBLOOP_MAP_TILE_ATTRIBUTION?.trim() ?? '';
  const fail = (why: string) => new Error(`Environment variable HERBLOOP_MAP_TILE_URL ${why}, got "${urlTemplate}"`);
  for (const part of ['{x}', '{y}', '{z}']) if (!urlTemplate.includes(part)) throw fail(`must contain ${part}`);
  if (urlTemplate.includes('{s}') && subdomains.length === 0) throw fail('uses {s}: set HERBLOOP_MAP_TILE_SUBDOMAINS (e.g. t0,t1,t2)');
  if (!/^https?:\/\//.test(urlTemplate)) throw fail('must be an http(s) URL');
  // A published map of China must show its approval number (审图号); refuse a silent map.
  if (attribution === '') throw new Error('HERBLOOP_MAP_TILE_URL needs HERBLOOP_MAP_TILE_ATTRIBUTION (the provider and its 审图号)');
  return { urlTemplate, attribution, subdomains };
}

/** The origins tiles come from (one per subdomain), for the Content-Security-Policy `img-src`. */
export function mapTileOrigins(tiles: MapTilesConfig | undefined): string[] {
  if (!tiles) return [];
  const fills = tiles.subdomains.length > 0 ? tiles.subdomains : [''];
  const origins = fills.map((s) => new URL(tiles.urlTemplate.replaceAll('{s}', s).replace(/\{[xyz]\}/g, '0')).origin);
  return [...new Set(origins)];
}

function positiveIntFromEnv(name: string, fallback: number): number {
  const value = intFromEnv(name, fallback);
  if (value < 1) throw new Error(`Environment variable ${name} must be at least 1, got "${process.env[name] ?? ''}"`);
  return value;
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`Environment variable ${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

/** An absolute http(s) URL without its trailing slashes (labels are printed: a bad base is refused at start). */
function baseUrlFromEnv(name: string, raw: string | undefined, fallback: string): string {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(value)) throw new Error(`Environment variable ${name} must be an http(s) URL without query or fragment, got "${raw}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const publicUrl = (env.HERBLOOP_PUBLIC_URL || `http://${env.HOST ?? '127.0.0.1'}:${intFromEnv('PORT', 8080)}`).replace(/\/+$/, '');
  return {
    host: env.HOST ?? '127.0.0.1',
    port: intFromEnv('PORT', 8080),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.HERBLOOP_DATA_DIR ?? './data'),
    sessionIdleHours: intFromEnv('HERBLOOP_SESSION_IDLE_HOURS', 12),
    sessionMaxDays: intFromEnv('HERBLOOP_SESSION_MAX_DAYS', 7),
    secureCookies: env.HERBLOOP_SECURE_COOKIES === '1',
    logLevel: env.LOG_LEVEL ?? 'info',
    bodyLimitBytes: intFromEnv('HERBLOOP_BODY_LIMIT', 2 * 1024 * 1024),
    trustProxy: env.HERBLOOP_TRUST_PROXY === '1',
    loginRateLimit: {
      maxPerUser: intFromEnv('HERBLOOP_LOGIN_MAX_PER_USER', 10),
      maxPerIp: intFromEnv('HERBLOOP_LOGIN_MAX_PER_IP', 50),
      windowSeconds: intFromEnv('HERBLOOP_LOGIN_WINDOW_SECONDS', 900),
    },
    publicUrl,
    labelBaseUrl: baseUrlFromEnv('HERBLOOP_LABEL_BASE_URL', env.HERBLOOP_LABEL_BASE_URL, publicUrl),
    webhooks: {
      allowHttpLoopback: env.HERBLOOP_WEBHOOK_ALLOW_HTTP_LOOPBACK === '1',
      maxAttempts: intFromEnv('HERBLOOP_WEBHOOK_MAX_ATTEMPTS', 8),
      backoffSeconds: intFromEnv('HERBLOOP_WEBHOOK_BACKOFF_SECONDS', 30),
      timeoutMs: intFromEnv('HERBLOOP_WEBHOOK_TIMEOUT_MS', 10_000),
      leaseMarginSeconds: intFromEnv('HERBLOOP_WEBHOOK_LEASE_MARGIN_SECONDS', 60),
    },
    jobs: {
      warningsScanSeconds: positiveIntFromEnv('HERBLOOP_WARNINGS_SCAN_SECONDS', 6 * 3600),
      webhookSeconds: positiveIntFromEnv('HERBLOOP_WEBHOOK_EVERY_SECONDS', 5),
      housekeepingSeconds: positiveIntFromEnv('HERBLOOP_HOUSEKEEPING_SECONDS', 600),
      auctionCloseSeconds: positiveIntFromEnv('HERBLOOP_AUCTION_CLOSE_SECONDS', 5),
      priceIndexSeconds: positiveIntFromEnv('HERBLOOP_PRICE_INDEX_SECONDS', 3600),
      listingCloseSeconds: positiveIntFromEnv('HERBLOOP_LISTING_CLOSE_SECONDS', 900),
    },
    sealedBidSecret: env.HERBLOOP_SEALED_BID_SECRET || undefined,
    pdfFont: env.HERBLOOP_PDF_FONT || undefined,
    mapTiles: mapTilesFromEnv(env),
    trackRetentionDays: positiveIntFromEnv('HERBLOOP_TRACK_RETENTION_DAYS', 180),
  };
}
