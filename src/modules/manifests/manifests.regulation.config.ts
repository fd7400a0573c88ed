/**
 * Deployment settings of the manifests' regulation, from the environment:
 *
 * - `HERBLOOP_MANIFEST_RECEIPT_HOURS`: hours after pickup before an unreceived load is overdue,
 *   for waste lists without a rule in `manifest_deadline_rules` (default 48);
 * - `HERBLOOP_MANIFEST_PROCESSING_DAYS`: days after receipt before an unprocessed load is
 *   overdue, likewise (default 30);
 * - `HERBLOOP_MANIFEST_REGULATION_MINUTES`: how often the overdue and queue jobs run (default 15).
 *
 * The defaults are herbloop's operating choices, not published rules.
 */
export interface RegulationConfig {
  receiptHours: number;
  processingHours: number;
  everyMs: number;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new Error(`${name} must be a whole number from 1 to 100000, got "${raw}"`);
  return n;
}

export function regulationConfig(env: NodeJS.ProcessEnv = process.env): RegulationConfig {
  return {
    receiptHours: positive(env, 'HERBLOOP_MANIFEST_RECEIPT_HOURS', 48),
    processingHours: positive(env, 'HERBLOOP_MANIFEST_PROCESSING_DAYS', 30) * 24,
    everyMs: positive(env, 'HERBLOOP_MANIFEST_REGULATION_MINUTES', 15) * 60_000,
  };
}

export const DEFAULT_DEADLINE_SOURCE = 'herbloop default setting (HERBLOOP_MANIFEST_RECEIPT_HOURS / HERBLOOP_MANIFEST_PROCESSING_DAYS)';
