/**
 * Warning-case rows → API views. Which cases an actor sees is the policy's call (the service
 * filters); within a visible case the figures are internal and shown to every viewer, who works
 * on it (assignee, decider, note authors) is confidential and shown to supply monitors and
 * platform admins only, so a manufacturer reading its own product's case sees the analysis and
 * the notes but not the names of the monitors.
 */
import type { Viewer } from '../../platform/viewer';
import type { CurrentLevel } from '../supply';
import { nextStatus } from './engine/workflow';
import { warningsPolicy } from './warnings.policy';
import type { ListedCase, NoteRow } from './warnings.repository';
import type { CaseDetailView, CaseSummaryView } from './warnings.schema';

/** Monitors and platform admins see who works on a case; the firm concerned does not. */
function seesPeople(viewer: Viewer): boolean {
  return warningsPolicy.seesPeople(viewer);
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function person(show: boolean, id: string | null, username: string | null, displayName: string | null) {
  return show && id !== null && username !== null ? { id, username, displayName: displayName ?? username } : null;
}

function presentCurrent(c: CurrentLevel | undefined): CaseSummaryView['current'] {
  return c === undefined ? null : { date: c.date, ratio: c.ratio, level: c.level, levelRule: c.levelRule };
}

export function presentCaseSummary(c: ListedCase, viewer: Viewer, current: ReadonlyMap<string, CurrentLevel>): CaseSummaryView {
  const people = seesPeople(viewer);
  return {
    id: c.id,
    kind: c.kind,
    formula: { code: c.formula_code, nameZh: c.formula_name_zh, nameEn: c.formula_name_en, ownerOrganisationId: c.owner_organisation_id },
    direction: c.direction,
    episodeStart: c.episode_start,
    episodeEnd: c.episode_end,
    level: c.level,
    peakDate: c.peak_date,
    peakRatio: Number(c.peak_ratio),
    latestDate: c.latest_date,
    latestRatio: Number(c.latest_ratio),
    latestLevel: c.latest_level,
    probability: c.probability === null ? null : Number(c.probability),
    status: c.status,
    assignee: person(people, c.assignee_user_id, c.assignee_username, c.assignee_display_name),
    decision: c.decision,
    bulletinId: c.bulletin_id,
    bulletinNumber: c.bulletin_number,
    current: presentCurrent(current.get(c.formula_id)),
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
  };
}

export function presentCaseDetail(c: ListedCase, notes: readonly NoteRow[], viewer: Viewer, current: ReadonlyMap<string, CurrentLevel>): CaseDetailView {
  const people = seesPeople(viewer);
  const work = warningsPolicy.work(viewer);
  const allowed = (action: Parameters<typeof nextStatus>[1]) => work && nextStatus(c.status, action).ok;
  return {
    ...presentCaseSummary(c, viewer, current),
    decisionReason: c.decision_reason,
    decidedBy: person(people, c.decided_by, c.decided_by_username, c.decided_by_display_name),
    decidedAt: iso(c.decided_at),
    publishedAt: iso(c.published_at),
    closedAt: iso(c.closed_at),
    analysedAt: c.analysed_at.toISOString(),
    analysis: storedAnalysis(c.analysis),
    notes: notes.map((n) => ({
      id: n.id,
      cause: n.cause,
      expectedWeeks: n.expected_weeks,
      text: n.text,
      author: person(people, n.author_user_id, n.author_username, n.author_display_name),
      organisation: people ? n.organisation_name_zh : null,
      createdAt: n.created_at.toISOString(),
    })),
    can: {
      work,
      note: allowed({ kind: 'note' }),
      assign: allowed({ kind: 'assign' }),
      // Whether publishing also has its note is checked on submit; the form is shown when a decision may be made.
      decide: allowed({ kind: 'decide', decision: 'dismiss', notes: notes.length }),
    },
  };
}

/**
 * The snapshot is a CaseAnalysis written by JSON.stringify, which stores NaN (no price or no cap
 * yet on a day) as null; the view's schema allows exactly that, so the stored JSON is the view.
 */
function storedAnalysis(a: unknown): CaseDetailView['analysis'] {
  return a as CaseDetailView['analysis'];
}
