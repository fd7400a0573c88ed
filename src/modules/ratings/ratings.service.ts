import type { Executor, Trx } from '../../db/database';
import { actorOf, type ServiceContext, type Viewer } from '../../platform/viewer';
import { recordAudit } from '../../platform/audit';
import { notify } from '../notifications';
import { regulatorsCovering } from '../organisations';
import { errors } from '../../platform/errors';
import { type OwnerRef, permit } from '../../platform/policy-rules';
import { DEFAULT_FULFILMENT_RULES, gradeFloors, gradeRank, type Grade } from './engine';
import { ratingsSettings } from './ratings.config';
import { ratingsPolicy } from './ratings.policy';
import { organisationRef, presentAppeal, presentCurrent, presentSummary } from './ratings.presenter';
import * as repo from './ratings.repository';
import type { MethodView, RatingDetailView, RatingSummaryView } from './ratings.schema';

const HISTORY_DAYS = 3 * 365;
const ownerOf = (o: repo.RatedOrganisation): OwnerRef => ({ organisationId: o.id, regionCode: o.region_code });
const regionMatches = (filter: string, code: string) => code.startsWith(filter.replace(/(00)+$/, ''));

/** The published method's numbers as this deployment applies them. */
export function ratingMethod(viewer: Viewer): MethodView {
  permit(viewer, ratingsPolicy.method(viewer));
  const { policy, edition, due } = ratingsSettings();
  return {
    edition,
    halfLifeDays: policy.halfLifeDays,
    horizonDays: policy.horizonDays,
    weights: policy.weights,
    priorRate: policy.priorRate,
    priorWeight: policy.priorWeight,
    disputeLostPoints: policy.disputeLostPoints,
    findingPoints: policy.findingPoints,
    seriousFindingCap: policy.seriousFindingCap,
    suspendBelow: policy.suspendBelow,
    gradeFloors,
    fulfilment: DEFAULT_FULFILMENT_RULES,
    manifestDue: due,
  };
}

export async function listRatings(db: Executor, viewer: Viewer, filter: { region?: string | undefined; grade?: Grade | undefined; suspended?: boolean | undefined }): Promise<{ items: RatingSummaryView[]; suspendBelow: Grade; policyEdition: string }> {
  permit(viewer, ratingsPolicy.list(viewer));
  const orgs = (await repo.ratedOrganisations(db)).filter((o) => !filter.region || regionMatches(filter.region, o.region_code));
  const ratings = new Map((await repo.latestRatings(db, orgs.map((o) => o.id))).map((r) => [r.organisation_id, r]));
  const suspended = new Set((await repo.latestSuspensions(db, orgs.map((o) => o.id))).filter((s) => s.lifted_at === null).map((s) => s.organisation_id));
  const appeals = await repo.openAppealCounts(db);
  const items: RatingSummaryView[] = [];
  for (const o of orgs) {
    const r = ratings.get(o.id);
    if (!r) continue;
    if (filter.grade && r.grade !== filter.grade) continue;
    if (filter.suspended !== undefined && suspended.has(o.id) !== filter.suspended) continue;
    items.push(presentSummary(o, r, suspended.has(o.id), ratingsPolicy.readDetail(viewer, ownerOf(o)), (appeals.get(o.id) ?? 0) > 0));
  }
  // Worst first: what a regulator looks at.
  items.sort((a, b) => gradeRank(b.grade) - gradeRank(a.grade) || (a.score ?? 0) - (b.score ?? 0) || a.organisation.nameZh.localeCompare(b.organisation.nameZh));
  const settings = ratingsSettings();
  return { items, suspendBelow: settings.policy.suspendBelow, policyEdition: settings.edition };
}

async function ratedOrNotFound(db: Executor, organisationId: string): Promise<repo.RatedOrganisation> {
  const o = await repo.ratedOrganisation(db, organisationId);
  if (!o) throw errors.notFound('Rated organisation', organisationId);
  return o;
}

export async function showRating(db: Executor, viewer: Viewer, organisationId: string, today = new Date()): Promise<RatingDetailView> {
  permit(viewer, ratingsPolicy.list(viewer));
  const o = await ratedOrNotFound(db, organisationId);
  const owner = ownerOf(o);
  const detail = ratingsPolicy.readDetail(viewer, owner);
  const [latest] = await repo.latestRatings(db, [o.id]);
  const [suspension] = await repo.latestSuspensions(db, [o.id]);
  const since = new Date(today.getTime() - HISTORY_DAYS * 86_400_000).toISOString().slice(0, 10);
  const history = await repo.ratingHistory(db, o.id, since);
  return {
    organisation: organisationRef(o),
    current: latest ? presentCurrent(latest, detail) : null,
    suspension: suspension && suspension.lifted_at === null ? { since: new Date(suspension.started_at).toISOString(), grade: suspension.grade } : null,
    appealHolds: suspension && suspension.lifted_because === 'appeal-upheld' ? suspension.grade : null,
    history: history.map((h) => ({ ratedOn: h.rated_on, grade: h.grade, score: detail ? Number(h.score) : null })),
    appeals: detail ? (await repo.appealsOf(db, o.id)).map(presentAppeal) : null,
    findings: detail ? (await repo.findingsOf(db, o.id)).map((f) => ({ id: f.id, severity: f.severity, foundOn: f.found_on, summary: f.summary })) : null,
    disputes: detail ? (await repo.disputesOf(db, o.id)).map((d) => ({ id: d.id, outcome: d.outcome, decidedOn: d.decided_on, summary: d.summary })) : null,
    can: {
      appeal: latest !== undefined && ratingsPolicy.appeal(viewer, owner),
      decide: ratingsPolicy.decide(viewer, owner),
      recordFinding: ratingsPolicy.recordFinding(viewer, owner),
      recordDispute: ratingsPolicy.recordDispute(viewer, owner),
    },
  };
}

/** The firm appeals its current grade (and suspension, if any) with a statement; one open appeal at a time. */
export async function appealRating(trx: Trx, ctx: ServiceContext, organisationId: string, body: { statement: string }): Promise<{ id: string }> {
  const o = await ratedOrNotFound(trx, organisationId);
  permit(ctx.viewer, ratingsPolicy.appeal(ctx.viewer, ownerOf(o)), 'A member of the rated firm appeals its rating.');
  const [latest] = await repo.latestRatings(trx, [o.id]);
  if (!latest) throw errors.conflict('The firm has no rating yet: there is nothing to appeal.', [{ field: 'organisationId', message: 'not rated yet', code: 'ratings.notRated' }]);
  const suspended = await repo.isSuspended(trx, o.id);
  const row = await repo.insertAppeal(trx, { organisation_id: o.id, rating_id: latest.id, grade: latest.grade, suspended, statement: body.statement, created_by: actorOf(ctx.viewer)?.userId ?? null });
  if (!row) throw errors.conflict('An appeal of this firm is already waiting for the regulator’s decision.', [{ field: 'statement', message: 'an appeal is open', code: 'ratings.appealOpen' }]);
  await recordAudit(trx, ctx, { action: 'ratings.appealed', entityType: 'rating_appeals', entityId: row.id, organisationId: o.id, after: { grade: row.grade, suspended, statement: row.statement } });
  // The regulators of the firm's region decide it: they hear of it (the statement stays on the rating page).
  const regulators = await regulatorsCovering(trx, o.region_code);
  await notify(trx, ctx, {
    event: 'ratings.appeal.filed',
    subject: { type: 'rating_appeals', id: row.id },
    recipients: { organisationIds: regulators.map((r) => r.id) },
    params: { firmZh: o.name_zh, firmEn: o.name_en, grade: row.grade },
    link: `/ratings/${o.id}`,
    data: { appealId: row.id, organisationId: o.id, grade: row.grade, suspended },
  });
  return { id: row.id };
}

/** The decision's name quoted by the firm's notification (`{{outcome}}` in both languages). */
const outcomeNames: Record<'upheld' | 'rejected', [zh: string, en: string]> = { upheld: ['予以支持', 'upheld'], rejected: ['未予支持', 'rejected'] };

/**
 * A regulator of the firm's region decides an open appeal with a reason. Upheld, it lifts the
 * firm's open suspension, and the firm stays out of suspension while its grade is no worse than
 * the one appealed against.
 */
export async function decideRatingAppeal(trx: Trx, ctx: ServiceContext, appealId: string, body: { outcome: 'upheld' | 'rejected'; reason: string }): Promise<{ id: string }> {
  const peek = await repo.getAppeal(trx, appealId);
  if (!peek) throw errors.notFound('Appeal', appealId);
  const o = await ratedOrNotFound(trx, peek.organisation_id);
  permit(ctx.viewer, ratingsPolicy.decide(ctx.viewer, ownerOf(o)), 'A regulator of the firm’s region decides its appeal.');
  const appeal = (await repo.lockAppeal(trx, appealId))!;
  if (appeal.status !== 'open') throw errors.conflict('This appeal has already been decided.', [{ field: 'outcome', message: 'already decided', code: 'ratings.appealDecided' }]);
  const actor = actorOf(ctx.viewer);
  const now = new Date();
  const decided = await repo.decideAppeal(trx, appeal.id, { status: body.outcome, decided_by: actor?.userId ?? null, decided_by_organisation_id: actor?.organisationId ?? null, decision_reason: body.reason, decided_at: now });
  const lifted = body.outcome === 'upheld' ? await repo.liftSuspensions(trx, [o.id], 'appeal-upheld', now, appeal.id) : [];
  await recordAudit(trx, ctx, { action: `ratings.appeal-${body.outcome}`, entityType: 'rating_appeals', entityId: appeal.id, organisationId: o.id, before: { status: 'open' }, after: { status: decided.status, reason: body.reason, suspension_lifted: lifted.length > 0 } });
  const [outcomeZh, outcomeEn] = outcomeNames[body.outcome];
  await notify(trx, ctx, {
    event: 'ratings.appeal.decided',
    subject: { type: 'rating_appeals', id: appeal.id },
    recipients: { organisationIds: [o.id] },
    params: { outcomeZh, outcomeEn },
    link: `/ratings/${o.id}`,
    data: { appealId: appeal.id, organisationId: o.id, outcome: body.outcome, suspensionLifted: lifted.length > 0 },
    at: now,
  });
  return { id: appeal.id };
}

export async function recordFinding(trx: Trx, ctx: ServiceContext, organisationId: string, body: { severity: 'minor' | 'major' | 'serious'; foundOn: string; summary: string }): Promise<{ id: string }> {
  const o = await ratedOrNotFound(trx, organisationId);
  permit(ctx.viewer, ratingsPolicy.recordFinding(ctx.viewer, ownerOf(o)), 'A regulator of the firm’s region records findings.');
  const actor = actorOf(ctx.viewer);
  const row = await repo.insertFinding(trx, { organisation_id: o.id, severity: body.severity, found_on: body.foundOn, summary: body.summary, recorded_by: actor?.userId ?? null, recorded_by_organisation_id: actor?.organisationId ?? null });
  await recordAudit(trx, ctx, { action: 'ratings.finding-recorded', entityType: 'rating_findings', entityId: row.id, organisationId: o.id, after: { severity: body.severity, found_on: body.foundOn, summary: body.summary } });
  return row;
}

export async function recordDispute(trx: Trx, ctx: ServiceContext, organisationId: string, body: { outcome: 'lost' | 'won' | 'settled' | 'open'; decidedOn: string; contractId?: string | undefined; summary: string }): Promise<{ id: string }> {
  const o = await ratedOrNotFound(trx, organisationId);
  permit(ctx.viewer, ratingsPolicy.recordDispute(ctx.viewer, ownerOf(o)), 'A regulator of the firm’s region or a platform administrator records dispute outcomes.');
  const actor = actorOf(ctx.viewer);
  const row = await repo.insertDispute(trx, { organisation_id: o.id, contract_id: body.contractId ?? null, outcome: body.outcome, decided_on: body.decidedOn, summary: body.summary, recorded_by: actor?.userId ?? null, recorded_by_organisation_id: actor?.organisationId ?? null });
  await recordAudit(trx, ctx, { action: 'ratings.dispute-recorded', entityType: 'rating_disputes', entityId: row.id, organisationId: o.id, after: { outcome: body.outcome, decided_on: body.decidedOn, contract_id: body.contractId ?? null } });
  return row;
}

/** The exchange's bid path: suspended from auctions now. */
export async function isSuspended(db: Executor, organisationId: string): Promise<boolean> {
  return repo.isSuspended(db, organisationId);
}

/** The firm's latest score, for auctions with a minimum rating; null while it has none. */
export async function latestScore(db: Executor, organisationId: string): Promise<number | null> {
  const [r] = await repo.latestRatings(db, [organisationId]);
  return r ? Number(r.score) : null;
}

/**
 * The current credit grade of each organisation that has one (grades only: scores and reasons
 * stay with the firm and its overseers). For showing a counterparty's grade in the exchange.
 */
export async function currentGrades(db: Executor, organisationIds: readonly string[]): Promise<Map<string, Grade>> {
  const rows = await repo.latestRatings(db, [...new Set(organisationIds)]);
  return new Map(rows.map((r) => [r.organisation_id, r.grade]));
}
