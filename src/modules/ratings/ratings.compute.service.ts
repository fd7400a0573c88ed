import type { Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { deliveryFactsSince } from '../exchange';
import { manifestFactsSince } from '../manifests';
import { DEFAULT_FULFILMENT_RULES, fulfilmentRecord, gradeRank, manifestRecord, mergeRecords, rateParticipant, type RecordEntry } from './engine';
import { ratingsSettings, type RatingsSettings } from './ratings.config';
import { ratingsPolicy } from './ratings.policy';
import * as repo from './ratings.repository';

const DAY_MS = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);

export interface ComputeOptions {
  /** The rating day's moment (default now). */
  asOf?: Date;
  /**
   * Earlier days to rate as well, from the record as it stands with entries dated up to each
   * day (the demo's history); suspensions follow only the rating of `asOf`.
   */
  backfill?: readonly string[];
  settings?: RatingsSettings;
}

export interface ComputeOutcome {
  ratedOn: string;
  organisations: number;
  /** Graded below the suspension grade today (an upheld appeal may keep some of them bidding). */
  belowGrade: number;
  suspensionsStarted: number;
  suspensionsLifted: number;
}

/** The whole platform's record, per organisation: deliveries, manifests, findings, disputes. */
async function readRecord(trx: Trx, asOf: Date, settings: RatingsSettings): Promise<Map<string, RecordEntry[]>> {
  const { policy } = settings;
  // The horizon, plus the grace of a delivery that ran out inside it.
  const since = day(new Date(asOf.getTime() - (policy.horizonDays + DEFAULT_FULFILMENT_RULES.graceDays + 1) * DAY_MS));
  const asOfIso = asOf.toISOString();
  const deliveries = await deliveryFactsSince(trx, since, DEFAULT_FULFILMENT_RULES.minShare);
  const manifests = await manifestFactsSince(trx, since, settings.due);
  const findings = await repo.findingsSince(trx, since);
  const disputes = await repo.disputesSince(trx, since);
  const extra = new Map<string, RecordEntry[]>();
  const add = (org: string, e: RecordEntry) => extra.set(org, [...(extra.get(org) ?? []), e]);
  for (const f of findings) add(f.organisation_id, { kind: 'finding', severity: f.severity, at: `${f.found_on}T00:00:00.000Z`, ref: `finding:${f.found_on}`, count: f.n });
  for (const d of disputes) add(d.organisation_id, { kind: 'dispute', outcome: d.outcome, at: `${d.decided_on}T00:00:00.000Z`, ref: `dispute:${d.decided_on}`, count: d.n });
  return mergeRecords(fulfilmentRecord(deliveries, asOfIso), manifestRecord(manifests, asOfIso), extra);
}

/**
 * Rates every participant from its record and stores the day's ratings (one statement); opens
 * a suspension for each firm newly graded below the policy's grade and lifts the open ones of
 * firms that recovered. An appeal upheld for a grade keeps the firm out of suspension while its
 * grade is no worse than the one appealed against. One audit record for the run, one per
 * suspension started or lifted.
 */
export async function computeRatings(trx: Trx, ctx: ServiceContext, options: ComputeOptions = {}): Promise<ComputeOutcome> {
  permit(ctx.viewer, ratingsPolicy.recompute(ctx.viewer), 'Platform administrators recompute ratings.');
  const settings = options.settings ?? ratingsSettings();
  const asOf = options.asOf ?? new Date();
  const orgs = await repo.ratedOrganisations(trx);
  const record = await readRecord(trx, asOf, settings);
  const ratedOn = day(asOf);

  const rows: repo.NewRating[] = [];
  for (const past of options.backfill ?? []) {
    if (past >= ratedOn) continue;
    const at = `${past}T23:59:59.999Z`;
    for (const o of orgs) {
      const r = rateParticipant((record.get(o.id) ?? []).filter((e) => e.at <= at), at, settings.policy);
      rows.push({ organisation_id: o.id, rated_on: past, grade: r.grade, score: r.score, suspended: r.suspended, records: r.records, dimensions: r.dimensions, reasons: r.reasons, policy_edition: settings.edition, computed_at: asOf });
    }
  }
  const current = new Map(orgs.map((o) => [o.id, rateParticipant(record.get(o.id) ?? [], asOf.toISOString(), settings.policy)]));
  for (const [id, r] of current) rows.push({ organisation_id: id, rated_on: ratedOn, grade: r.grade, score: r.score, suspended: r.suspended, records: r.records, dimensions: r.dimensions, reasons: r.reasons, policy_edition: settings.edition, computed_at: asOf });
  const stored = await repo.upsertRatings(trx, rows);
  // The current day's rows come last: later ids win.
  const ratingIds = new Map(stored.map((s) => [s.organisation_id, s.id]));

  const latest = new Map((await repo.latestSuspensions(trx)).map((s) => [s.organisation_id, s]));
  const start: { organisation_id: string; rating_id: string; grade: (typeof rows)[number]['grade']; started_at: Date }[] = [];
  const lift: string[] = [];
  for (const [id, r] of current) {
    const last = latest.get(id);
    const open = last !== undefined && last.lifted_at === null;
    if (r.suspended) {
      const coveredByAppeal = last?.lifted_because === 'appeal-upheld' && gradeRank(r.grade) <= gradeRank(last.grade);
      if (!open && !coveredByAppeal) start.push({ organisation_id: id, rating_id: ratingIds.get(id)!, grade: r.grade, started_at: asOf });
    } else if (open) {
      lift.push(id);
    }
  }
  await repo.insertSuspensions(trx, start);
  const lifted = await repo.liftSuspensions(trx, lift, 'recovered', asOf);
  for (const s of start) {
    await recordAudit(trx, ctx, { action: 'ratings.suspended', entityType: 'rating_suspensions', entityId: null, organisationId: s.organisation_id, after: { grade: s.grade, rating_id: s.rating_id, policy_edition: settings.edition } });
  }
  for (const s of lifted) {
    await recordAudit(trx, ctx, { action: 'ratings.suspension-lifted', entityType: 'rating_suspensions', entityId: s.id, organisationId: s.organisation_id, before: { grade: s.grade }, after: { lifted_because: 'recovered' } });
  }
  const belowGrade = [...current.values()].filter((r) => r.suspended).length;
  const outcome: ComputeOutcome = { ratedOn, organisations: orgs.length, belowGrade, suspensionsStarted: start.length, suspensionsLifted: lifted.length };
  await recordAudit(trx, ctx, { action: 'ratings.computed', entityType: 'ratings', entityId: null, organisationId: null, after: { ...outcome, policy_edition: settings.edition, backfilled_days: options.backfill?.length ?? 0 } });
  return outcome;
}
