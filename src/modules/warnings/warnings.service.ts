/**
 * Warning cases (issue 3, seed 003 stages 3–4): a scan opens one case per signal episode of every
 * formula (and per forecast pre-warning) from the supply computation, with an automatic analysis
 * snapshot; supply monitors then take notes (coded cause, expected duration), claim or assign,
 * and decide to publish or dismiss; bulletins mark the published ones. Every write records its
 * audit entry in the caller's transaction.
 */
import type { Executor, Trx } from '../../db/database';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext, type Viewer } from '../../platform/viewer';
import { rowToActor } from '../auth';
import { computeFormulas, currentLevels, findFormula, type Computation, type CurrentLevel } from '../supply';
import { dayToIso, fitReferenceSeries, isoToDay, ratioForecastFromFits, weeklyRatio, DEFAULT_RATIO_FORECAST, type EtsFit, type RatioForecast } from '../supply/engine';
import {
  caseAnalysis,
  caseKey,
  changedFacts,
  episodeRefs,
  signalCaseFacts,
  type CaseAnalysis,
  type CaseFacts,
  type EpisodeRef,
  type ForecastSummary,
} from './engine/analysis';
import { nextStatus, shouldClose, CLOSE_UNTOUCHED_AFTER_DAYS, type CaseAction, type CaseStatus } from './engine/workflow';
import * as repo from './warnings.repository';
import type { CaseRow } from './warnings.repository';
import { assignable, warningsPolicy } from './warnings.policy';
import type { DecideBody, NoteBody, ScanView } from './warnings.schema';
import type { WarningCaseStatus } from './warnings.tables';

type Ctx = ServiceContext;
const INBOX_DENIED = 'Warning cases are for supply monitors, the manufacturers concerned and their regulators.';

export interface ScanOptions {
  /** Forecast horizon N of the pre-warning, in weeks. */
  preWarningWeeks: number;
  /** A pre-warning case opens when P(Y/P leaves the band within N weeks) reaches this. */
  preWarningThreshold: number;
  /** Monte-Carlo paths per formula forecast. */
  paths: number;
  /** An untouched case closes once its episode ended this many days before the last prices. */
  closeUntouchedAfterDays: number;
}

export const DEFAULT_SCAN: ScanOptions = {
  preWarningWeeks: DEFAULT_RATIO_FORECAST.horizonWeeks,
  preWarningThreshold: DEFAULT_RATIO_FORECAST.probabilityThreshold,
  paths: DEFAULT_RATIO_FORECAST.paths,
  closeUntouchedAfterDays: CLOSE_UNTOUCHED_AFTER_DAYS,
};

const toNumber = (s: string | null) => (s === null ? null : Number(s));

function storedFacts(r: repo.CaseFactsRow): CaseFacts {
  return {
    kind: r.kind,
    direction: r.direction,
    episodeStart: r.episode_start,
    episodeEnd: r.episode_end,
    level: r.level,
    peakDate: r.peak_date,
    peakRatio: Number(r.peak_ratio),
    latestDate: r.latest_date,
    latestRatio: Number(r.latest_ratio),
    latestLevel: r.latest_level,
    probability: toNumber(r.probability),
  };
}

function factColumns(f: CaseFacts) {
  return {
    direction: f.direction,
    episode_end: f.episodeEnd,
    level: f.level,
    peak_date: f.peakDate,
    peak_ratio: f.peakRatio,
    latest_date: f.latestDate,
    latest_ratio: f.latestRatio,
    latest_level: f.latestLevel,
    probability: f.probability,
  };
}

function auditFacts(f: CaseFacts): Record<string, unknown> {
  return { kind: f.kind, direction: f.direction, episode_start: f.episodeStart, episode_end: f.episodeEnd, level: f.level, peak_date: f.peakDate, peak_ratio: f.peakRatio, latest_level: f.latestLevel, probability: f.probability };
}

function forecastSummary(fc: RatioForecast, threshold: number): ForecastSummary {
  return {
    asOf: dayToIso(fc.asOf),
    horizonWeeks: fc.weeks.length,
    threshold,
    probabilityLeaveBand: fc.probabilityLeaveBand,
    weeks: fc.weeks.map((w) => ({ date: dayToIso(fc.asOf + 7 * w.week), p05: w.p05, p50: w.p50, p95: w.p95, probabilityLeftBy: w.probabilityLeftBy })),
  };
}

/** The side a pre-warning points to: where the forecast fan leaves the band further. */
function forecastDirection(fc: RatioForecast, band: { low: number; high: number }): 'above' | 'below' {
  const last = fc.weeks.at(-1);
  if (!last) return 'above';
  const up = (last.p95 - band.high) / band.high;
  const down = (band.low - last.p05) / band.low;
  return up >= down ? 'above' : 'below';
}

interface ScanContext {
  comp: Computation;
  episodes: EpisodeRef[];
}

function scanContext(comp: Computation): ScanContext {
  const episodes = episodeRefs(
    comp.compiled.map((f, i) => ({ formula: f, name: comp.models[i]!.row.name_zh, signals: comp.result.formulas[i]! })),
    comp.result.references,
  );
  return { comp, episodes };
}

function analyseSignal(sc: ScanContext, i: number, facts: CaseFacts): CaseAnalysis {
  const { comp } = sc;
  return caseAnalysis({
    formula: comp.compiled[i]!,
    signals: comp.result.formulas[i]!,
    refs: comp.result.references,
    lastDay: comp.lastDay,
    start: isoToDay(facts.episodeStart),
    peak: isoToDay(facts.peakDate),
    end: facts.episodeEnd === null ? null : isoToDay(facts.episodeEnd),
    direction: facts.direction,
    episodes: sc.episodes,
  });
}

function analysePreWarning(sc: ScanContext, i: number, facts: CaseFacts, forecast: ForecastSummary | null): CaseAnalysis {
  const { comp } = sc;
  const day = isoToDay(facts.latestDate);
  return caseAnalysis({
    formula: comp.compiled[i]!,
    signals: comp.result.formulas[i]!,
    refs: comp.result.references,
    lastDay: comp.lastDay,
    start: isoToDay(facts.episodeStart),
    peak: day,
    end: day,
    direction: facts.direction,
    episodes: sc.episodes,
    forecast,
  });
}

/**
 * Forecasts of the formulas that are inside their band on the last day (a pre-warning is about
 * leaving the band). Each herb series is fitted once and shared by every formula using it.
 */
function preWarningForecasts(comp: Computation, opts: ScanOptions): { byFormula: Map<number, RatioForecast>; skipped: number } {
  const fits = new Map<number, EtsFit | null>();
  const byFormula = new Map<number, RatioForecast>();
  const refs = comp.result.references;
  const asOf = comp.lastDay;
  let skipped = 0;
  comp.compiled.forEach((f, i) => {
    const s = comp.result.formulas[i]!;
    const last = s.levels.length - 1;
    if (last < 0 || s.levels[last] !== 0) return;
    const own = new Map<number, EtsFit>();
    for (const si of f.seriesIndex) {
      if (!fits.has(si)) fits.set(si, fitReferenceSeries(refs[si]!, asOf, DEFAULT_RATIO_FORECAST.fitWeeks));
      const fit = fits.get(si);
      if (fit) own.set(si, fit);
    }
    if (own.size !== new Set(f.seriesIndex).size) {
      skipped++;
      return;
    }
    const current = weeklyRatio(f, refs, asOf);
    if (!Number.isFinite(current)) {
      skipped++;
      return;
    }
    byFormula.set(i, ratioForecastFromFits(f, own, asOf, current, { ...DEFAULT_RATIO_FORECAST, horizonWeeks: opts.preWarningWeeks, probabilityThreshold: opts.preWarningThreshold, paths: opts.paths }));
  });
  return { byFormula, skipped };
}

/**
 * Opens a case for every signal episode of every formula and for every firing pre-warning, and
 * updates the cases found before (idempotent: keyed by formula, kind and episode start). Takes the
 * scan lock, so concurrent scans (two server processes, the job and an API call) run one after
 * the other and the second finds nothing new. The analysis snapshot is taken when a case opens;
 * later scans update only the figures the scan owns (end, peak, latest level and ratio).
 */
export async function openWarningCases(trx: Trx, ctx: Ctx, options: Partial<ScanOptions> = {}): Promise<ScanView> {
  const started = performance.now();
  permit(ctx.viewer, warningsPolicy.scan(ctx.viewer), 'Only supply monitors and platform administrators scan for warning cases.');
  const opts: ScanOptions = { ...DEFAULT_SCAN, ...options };
  await repo.lockScan(trx);
  // Scanners (supply monitors, platform admins, the system) see every formula.
  const { models, comp } = await computeFormulas(trx, ctx.viewer);
  const outcome: ScanView = {
    asOf: comp ? dayToIso(comp.lastDay) : null,
    formulas: models.length,
    episodes: 0,
    opened: 0,
    updated: 0,
    closed: 0,
    unchanged: 0,
    preWarnings: { evaluated: 0, firing: 0, skipped: 0, weeks: opts.preWarningWeeks, threshold: opts.preWarningThreshold },
    openedIds: [],
    durationMs: 0,
  };
  if (!comp) {
    outcome.durationMs = performance.now() - started;
    return outcome;
  }
  const sc = scanContext(comp);
  const existing = new Map((await repo.casesOfFormulas(trx)).map((r) => [caseKey(r.formula_id, r.kind, r.episode_start), r]));
  const seen = new Set<string>();

  // New cases are inserted together at the end (one statement per batch: their analysis JSON is
  // the bulk of what a first scan writes); updates are few and go one by one.
  const fresh: repo.NewCase[] = [];
  const freshFacts: CaseFacts[] = [];
  const upsert = async (formulaId: string, facts: CaseFacts, analyse: () => CaseAnalysis) => {
    const key = caseKey(formulaId, facts.kind, facts.episodeStart);
    const prior = existing.get(key);
    if (!prior) {
      if (seen.has(key)) return;
      fresh.push({ formula_id: formulaId, kind: facts.kind, episode_start: facts.episodeStart, ...factColumns(facts), analysis: JSON.stringify(analyse()) });
      freshFacts.push(facts);
      seen.add(key);
      return;
    }
    seen.add(key);
    if (prior.status === 'closed') {
      outcome.unchanged++;
      return;
    }
    const changed = changedFacts(storedFacts(prior), facts);
    if (changed.length === 0) {
      outcome.unchanged++;
      return;
    }
    const row = await repo.updateCase(trx, prior.id, factColumns(facts));
    await recordAudit(trx, ctx, { action: 'warning.case.update', entityType: 'warning_cases', entityId: prior.id, organisationId: null, before: auditFacts(storedFacts(prior)), after: { ...auditFacts(facts), changed } });
    existing.set(key, row);
    outcome.updated++;
  };

  for (let i = 0; i < comp.compiled.length; i++) {
    const signals = comp.result.formulas[i]!;
    const formulaId = comp.models[i]!.row.id;
    for (const e of signals.episodes) {
      outcome.episodes++;
      const facts = signalCaseFacts(signals, e, comp.lastDay);
      await upsert(formulaId, facts, () => analyseSignal(sc, i, facts));
    }
  }

  // Pre-warnings: one case per run of scans in which the forecast fires for a formula inside its band.
  const { byFormula, skipped } = preWarningForecasts(comp, opts);
  outcome.preWarnings.skipped = skipped;
  outcome.preWarnings.evaluated = byFormula.size;
  for (let i = 0; i < comp.compiled.length; i++) {
    const formulaId = comp.models[i]!.row.id;
    const running = [...existing.values()].find((r) => r.formula_id === formulaId && r.kind === 'pre-warning' && r.episode_end === null && r.status !== 'closed');
    const fc = byFormula.get(i);
    if (fc?.preWarning) {
      outcome.preWarnings.firing++;
      const direction = forecastDirection(fc, comp.compiled[i]!.band);
      const prior = running ? storedFacts(running) : null;
      const more = (r: number, than: number) => (direction === 'above' ? r > than : r < than);
      const peakKept = prior !== null && prior.direction === direction && !more(fc.currentRatio, prior.peakRatio);
      const facts: CaseFacts = {
        kind: 'pre-warning',
        direction,
        episodeStart: prior?.episodeStart ?? dayToIso(comp.lastDay),
        episodeEnd: null,
        level: null,
        peakDate: peakKept ? prior.peakDate : dayToIso(comp.lastDay),
        peakRatio: peakKept ? prior.peakRatio : fc.currentRatio,
        latestDate: dayToIso(comp.lastDay),
        latestRatio: fc.currentRatio,
        latestLevel: 'normal',
        probability: fc.probabilityLeaveBand,
      };
      await upsert(formulaId, facts, () => analysePreWarning(sc, i, facts, forecastSummary(fc, opts.preWarningThreshold)));
    } else if (running) {
      // The pre-warning no longer fires (the forecast calmed down, or a signal took over): its
      // "episode" ended on the last day it was in force.
      const facts = { ...storedFacts(running), episodeEnd: running.latest_date, probability: fc ? fc.probabilityLeaveBand : toNumber(running.probability) };
      await upsert(formulaId, facts, () => analysePreWarning(sc, i, facts, null));
    }
  }

  const inserted = await repo.insertCases(trx, fresh);
  const factsOf = new Map(freshFacts.map((f, k) => [caseKey(fresh[k]!.formula_id, f.kind, f.episodeStart), f]));
  for (const row of inserted) {
    const facts = factsOf.get(caseKey(row.formula_id, row.kind, row.episode_start))!;
    await recordAudit(trx, ctx, { action: 'warning.case.open', entityType: 'warning_cases', entityId: row.id, organisationId: null, after: auditFacts(facts) });
    outcome.openedIds.push(row.id);
  }
  outcome.opened = inserted.length;

  for (const row of existing.values()) {
    if (shouldClose(row.status, row.episode_end, outcome.asOf ?? undefined, opts.closeUntouchedAfterDays)) {
      await closeCase(trx, ctx, row);
      outcome.closed++;
    }
  }
  outcome.durationMs = performance.now() - started;
  await recordAudit(trx, ctx, {
    action: 'warning.scan',
    entityType: 'warning_cases',
    entityId: null,
    organisationId: actorOf(ctx.viewer)?.organisationId ?? null,
    after: { asOf: outcome.asOf, formulas: outcome.formulas, episodes: outcome.episodes, opened: outcome.opened, updated: outcome.updated, closed: outcome.closed, preWarnings: outcome.preWarnings },
  });
  return outcome;
}

async function closeCase(trx: Trx, ctx: Ctx, row: { id: string; status: CaseStatus; episode_end: string | null }): Promise<void> {
  await repo.updateCase(trx, row.id, { status: 'closed', closed_at: new Date() });
  // An open case closes only by the rule for untouched cases of ended episodes; the audit says which rule.
  const rule = row.status === 'open' ? 'untouched-after-episode-end' : 'settled-episode-ended';
  await recordAudit(trx, ctx, { action: 'warning.case.close', entityType: 'warning_cases', entityId: row.id, organisationId: null, before: { status: row.status }, after: { status: 'closed', episode_end: row.episode_end, rule } });
}

// ---------------------------------------------------------------- reading

type ListedCase = repo.ListedCase;

function canRead(viewer: Viewer, c: ListedCase): boolean {
  const owner = c.owner_organisation_id === null ? null : { organisationId: c.owner_organisation_id, regionCode: c.owner_region_code ?? '' };
  return warningsPolicy.readCase(viewer, owner);
}

export interface CaseFilter {
  status?: readonly WarningCaseStatus[] | undefined;
  level?: readonly string[] | undefined;
  kind?: 'signal' | 'pre-warning' | undefined;
  formula?: string | undefined;
}

/** The cases the actor may see (403 for organisation types that have no inbox). */
export async function listCases(db: Executor, viewer: Viewer, filter: CaseFilter = {}): Promise<ListedCase[]> {
  permit(viewer, warningsPolicy.inbox(viewer), INBOX_DENIED);
  const formulaId = filter.formula === undefined ? undefined : (await findFormula(db, viewer, filter.formula)).id;
  const rows = await repo.listCases(db, { status: filter.status, level: filter.level, kind: filter.kind, formulaId });
  return rows.filter((r) => canRead(viewer, r));
}

/**
 * The monitor state's current level of the cases' formulas (the one definition the list and the
 * product page show), for the views; asked after the caller's visibility check.
 */
export async function currentOfCases(db: Executor, rows: readonly ListedCase[]): Promise<Map<string, CurrentLevel>> {
  return currentLevels(db, [...new Set(rows.map((r) => r.formula_id))]);
}

/** One case the actor may see; 404 otherwise (its existence is not revealed). */
export async function findVisibleCase(db: Executor, viewer: Viewer, id: string): Promise<ListedCase> {
  permit(viewer, warningsPolicy.inbox(viewer), INBOX_DENIED);
  const c = await repo.findCase(db, id);
  if (!c || !canRead(viewer, c)) throw errors.notFound('Warning case', id);
  return c;
}

/** One case the viewer may see with its notes (404 otherwise). */
export async function caseDetail(db: Executor, viewer: Viewer, id: string): Promise<{ case: ListedCase; notes: repo.NoteRow[] }> {
  const c = await findVisibleCase(db, viewer, id);
  return { case: c, notes: await repo.notesOf(db, id) };
}

// ---------------------------------------------------------------- the expert workflow

/** Locks a case for a workflow step after checking the actor may see it and do the work. */
async function caseForWork(trx: Trx, ctx: Ctx, id: string, message: string): Promise<CaseRow> {
  await findVisibleCase(trx, ctx.viewer, id);
  permit(ctx.viewer, warningsPolicy.work(ctx.viewer), message);
  const row = await repo.lockCase(trx, id);
  if (!row) throw errors.notFound('Warning case', id);
  return row;
}

function transitionOrThrow(status: CaseStatus, action: CaseAction): CaseStatus {
  const r = nextStatus(status, action);
  if (!r.ok) throw errors.illegalTransition(`Not allowed: ${r.reason}.`);
  return r.next;
}

/** An expert note (coded cause, expected duration in weeks, text); an open case becomes analysing. */
export async function addNote(trx: Trx, ctx: Ctx, id: string, body: NoteBody): Promise<string> {
  const row = await caseForWork(trx, ctx, id, 'Only supply monitors add notes to warning cases.');
  const next = transitionOrThrow(row.status, { kind: 'note' });
  const note = await repo.insertNote(trx, {
    case_id: id,
    author_user_id: actorOf(ctx.viewer)?.userId ?? null,
    organisation_id: actorOf(ctx.viewer)?.organisationId ?? null,
    cause: body.cause,
    expected_weeks: body.expectedWeeks ?? null,
    text: body.text,
  });
  // The first expert to write on an unassigned case takes it up.
  const assignee = row.assignee_user_id ?? actorOf(ctx.viewer)?.userId ?? null;
  await repo.updateCase(trx, id, { status: next, assignee_user_id: assignee });
  await recordAudit(trx, ctx, {
    action: 'warning.case.note',
    entityType: 'warning_cases',
    entityId: id,
    organisationId: actorOf(ctx.viewer)?.organisationId ?? null,
    before: { status: row.status, assignee_user_id: row.assignee_user_id },
    after: { status: next, assignee_user_id: assignee, note_id: note.id, cause: body.cause, expected_weeks: body.expectedWeeks ?? null },
  });
  return note.id;
}

/** Claims the case (no assignee given) or assigns it to a member of a supply-monitor organisation. */
export async function assignCase(trx: Trx, ctx: Ctx, id: string, assignee?: string): Promise<void> {
  const row = await caseForWork(trx, ctx, id, 'Only supply monitors claim or assign warning cases.');
  let userId: string;
  if (assignee === undefined) {
    const actor = actorOf(ctx.viewer);
    if (!actor?.userId) throw errors.validation('Name the assignee.', [{ field: 'assignee', message: 'required when no user acts' }]);
    userId = actor.userId;
  } else {
    const ms = await repo.monitorMembershipsOf(trx, UUID.test(assignee) ? { id: assignee } : { username: assignee });
    const ok = ms.find((m) => !m.disabled && assignable(m.organisation_type, m.role));
    if (!ok) throw errors.validation(`${assignee} is not a member of a supply-monitor organisation.`, [{ field: 'assignee', message: 'not a supply monitor' }]);
    userId = ok.id;
  }
  const next = transitionOrThrow(row.status, { kind: 'assign' });
  await repo.updateCase(trx, id, { status: next, assignee_user_id: userId });
  await recordAudit(trx, ctx, {
    action: assignee === undefined ? 'warning.case.claim' : 'warning.case.assign',
    entityType: 'warning_cases',
    entityId: id,
    organisationId: actorOf(ctx.viewer)?.organisationId ?? null,
    before: { status: row.status, assignee_user_id: row.assignee_user_id },
    after: { status: next, assignee_user_id: userId },
  });
}

/** The decision to publish or dismiss, with its reason; a dismissed case whose episode has ended closes. */
export async function decideCase(trx: Trx, ctx: Ctx, id: string, body: DecideBody): Promise<void> {
  const row = await caseForWork(trx, ctx, id, 'Only supply monitors decide on warning cases.');
  const next = transitionOrThrow(row.status, { kind: 'decide', decision: body.decision, notes: await repo.countNotes(trx, id) });
  const decided = await repo.updateCase(trx, id, { status: next, decision: body.decision, decision_reason: body.reason, decided_by: actorOf(ctx.viewer)?.userId ?? null, decided_at: new Date() });
  await recordAudit(trx, ctx, {
    action: `warning.case.${body.decision}`,
    entityType: 'warning_cases',
    entityId: id,
    organisationId: actorOf(ctx.viewer)?.organisationId ?? null,
    before: { status: row.status },
    after: { status: next, decision: body.decision, decision_reason: body.reason },
  });
  if (shouldClose(decided.status, decided.episode_end)) await closeCase(trx, ctx, decided);
}

/**
 * Called by the bulletin publish command (module `bulletins`) in its transaction: every case must
 * be decided for publication (or already published by this same bulletin, which is a no-op); the
 * status becomes published and the bulletin id is stored. All or nothing: one case that may not
 * be published refuses the whole call. Cases whose episode has ended close right away.
 */
export async function markCasesPublished(trx: Trx, ctx: Ctx, caseIds: readonly string[], bulletinId: string): Promise<{ published: string[]; unchanged: string[] }> {
  permit(ctx.viewer, warningsPolicy.publish(ctx.viewer), 'Only supply monitors and platform administrators publish warning cases.');
  const ids = [...new Set(caseIds)];
  for (const id of ids) await findVisibleCase(trx, ctx.viewer, id);
  const rows = await repo.lockCases(trx, ids);
  const published: string[] = [];
  const unchanged: string[] = [];
  for (const row of rows) {
    if (row.bulletin_id === bulletinId && (row.status === 'published' || row.status === 'closed')) {
      unchanged.push(row.id);
      continue;
    }
    const next = transitionOrThrow(row.status, { kind: 'publish' });
    const updated = await repo.updateCase(trx, row.id, { status: next, bulletin_id: bulletinId, published_at: new Date() });
    await recordAudit(trx, ctx, {
      action: 'warning.case.published',
      entityType: 'warning_cases',
      entityId: row.id,
      organisationId: actorOf(ctx.viewer)?.organisationId ?? null,
      before: { status: row.status },
      after: { status: next, bulletin_id: bulletinId },
    });
    if (shouldClose(updated.status, updated.episode_end)) await closeCase(trx, ctx, updated);
    published.push(row.id);
  }
  return { published, unchanged };
}

/** Recomputes the analysis snapshot of a case from today's data (the scan does not touch it). */
export async function refreshAnalysis(trx: Trx, ctx: Ctx, id: string): Promise<void> {
  const row = await caseForWork(trx, ctx, id, 'Only supply monitors refresh the analysis of warning cases.');
  // Case workers (supply experts, the system) see every formula.
  const { comp } = await computeFormulas(trx, ctx.viewer);
  if (!comp) throw errors.notFound('Herb prices', 'for the analysis');
  const sc = scanContext(comp);
  const i = comp.models.findIndex((m) => m.row.id === row.formula_id);
  if (i < 0) throw errors.notFound('Formula of warning case', id);
  const facts = storedFacts(row);
  let analysis: CaseAnalysis;
  if (row.kind === 'signal') analysis = analyseSignal(sc, i, facts);
  else {
    const previous = row.analysis as CaseAnalysis;
    analysis = analysePreWarning(sc, i, facts, previous.forecast);
  }
  await repo.updateCase(trx, id, { analysis: JSON.stringify(analysis), analysed_at: new Date() });
  await recordAudit(trx, ctx, { action: 'warning.case.analyse', entityType: 'warning_cases', entityId: id, organisationId: actorOf(ctx.viewer)?.organisationId ?? null, after: { as_of: analysis.asOf } });
}

/**
 * A case named on the command line: its id, a unique prefix of it (at least 6 characters), or
 * `FORMULA@YYYY-MM-DD` (formula code or Chinese name and episode start; the signal case when a
 * pre-warning started the same day).
 */
export async function resolveCaseRef(db: Executor, viewer: Viewer, ref: string): Promise<string> {
  const t = ref.trim();
  if (UUID.test(t)) return t;
  const at = /^(.+)@(\d{4}-\d{2}-\d{2})$/.exec(t);
  if (at) {
    const formula = await findFormula(db, viewer, at[1]!);
    const ids = await repo.caseIdsOfEpisode(db, formula.id, at[2]!);
    const pick = ids.find((c) => c.kind === 'signal') ?? ids[0];
    if (!pick) throw errors.notFound('Warning case', t);
    return pick.id;
  }
  if (/^[0-9a-f-]{6,}$/i.test(t)) {
    const ids = await repo.caseIdsByPrefix(db, t);
    if (ids.length === 1) return ids[0]!;
    if (ids.length > 1) throw errors.badRequest(`${t} matches ${ids.length} cases; give more of the id.`);
  }
  throw errors.notFound('Warning case', t);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------- acting as a named user

/**
 * The actor of a named user for the CLI and the demo, who act as a person (notes and decisions
 * are signed): the user's only membership, or the one of organisation `orgCode`.
 */
export async function actorForUser(db: Executor, username: string, orgCode?: string): Promise<Actor> {
  const ms = (await repo.membershipsOf(db, username)).filter((m) => !m.disabled);
  if (ms.length === 0) throw errors.notFound('User', username);
  const pick = orgCode === undefined ? (ms.length === 1 ? ms[0] : undefined) : ms.find((m) => m.organisation_code === orgCode);
  if (!pick) {
    throw errors.badRequest(orgCode === undefined ? `${username} belongs to ${ms.length} organisations; name one (${ms.map((m) => m.organisation_code).join(', ')}).` : `${username} is not a member of ${orgCode}.`);
  }
  return rowToActor(pick, 'user');
}

