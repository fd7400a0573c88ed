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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
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
  };
}
