import { DEFAULT_RATING_POLICY, isGrade, type RatingPolicy } from './engine';

/**
 * The ratings' deployment settings, from the environment:
 *
 * - `HERBLOOP_RATINGS_SUSPEND_BELOW`: firms graded below this grade are suspended from exchange
 *   auctions (default `B`, the published method's value);
 * - `HERBLOOP_RATINGS_PICKUP_HOURS`: hours after a manifest is sealed by which the first
 *   transporter should pick up (default 48; manifests carry no planned pickup time of their own);
 * - `HERBLOOP_RATINGS_RECEIPT_HOURS`: hours after pickup by which the receiver should sign the
 *   receipt (default 72, the manifests' overdue rule when none is configured).
 *
 * The stored ratings record the policy edition they were computed under: the published method's
 * edition, with the suspension grade appended when a deployment changed it.
 */
export interface RatingsSettings {
  policy: RatingPolicy;
  edition: string;
  due: { pickupHours: number; receiptHours: number };
}

export const METHOD_EDITION = 'herbloop-2026-12';

const hours = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 24 * 365) throw new Error(`${name} must be a positive number of hours, got "${raw}"`);
  return n;
};

export function ratingsSettings(env: NodeJS.ProcessEnv = process.env): RatingsSettings {
  const below = env.HERBLOOP_RATINGS_SUSPEND_BELOW || DEFAULT_RATING_POLICY.suspendBelow;
  if (!isGrade(below)) throw new Error(`HERBLOOP_RATINGS_SUSPEND_BELOW must be a grade AAA…C, got "${below}"`);
  const policy: RatingPolicy = { ...DEFAULT_RATING_POLICY, suspendBelow: below };
  const edition = below === DEFAULT_RATING_POLICY.suspendBelow ? METHOD_EDITION : `${METHOD_EDITION}/suspend-below-${below}`;
  return { policy, edition, due: { pickupHours: hours(env, 'HERBLOOP_RATINGS_PICKUP_HOURS', 48), receiptHours: hours(env, 'HERBLOOP_RATINGS_RECEIPT_HOURS', 72) } };
}
