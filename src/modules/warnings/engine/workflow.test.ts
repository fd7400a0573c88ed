import { describe, expect, it } from 'vitest';
import { warningCaseStatuses } from '../../../shared/warnings';
import { CLOSE_UNTOUCHED_AFTER_DAYS, nextStatus, shouldClose, type CaseAction, type CaseStatus } from './workflow';

const next = (s: CaseStatus, a: CaseAction) => {
  const r = nextStatus(s, a);
  return r.ok ? r.next : `refused: ${r.reason}`;
};

describe('warning case workflow', () => {
  it('open → analysing by a note or a claim; analysing → decided-publish | dismissed; decided-publish → published', () => {
    expect(next('open', { kind: 'note' })).toBe('analysing');
    expect(next('open', { kind: 'assign' })).toBe('analysing');
    expect(next('analysing', { kind: 'assign' })).toBe('analysing');
    expect(next('analysing', { kind: 'decide', decision: 'publish', notes: 1 })).toBe('decided-publish');
    expect(next('analysing', { kind: 'decide', decision: 'dismiss', notes: 0 })).toBe('dismissed');
    expect(next('decided-publish', { kind: 'publish' })).toBe('published');
    // Notes may follow the decision (until the case is closed) and do not change the status.
    expect(next('decided-publish', { kind: 'note' })).toBe('decided-publish');
    expect(next('dismissed', { kind: 'note' })).toBe('dismissed');
  });

  it('refuses illegal steps with a reason naming the status', () => {
    expect(next('open', { kind: 'decide', decision: 'dismiss', notes: 0 })).toMatch(/refused: the case is open/);
    expect(next('analysing', { kind: 'decide', decision: 'publish', notes: 0 })).toMatch(/refused: publishing needs at least one expert note/);
    expect(next('dismissed', { kind: 'decide', decision: 'publish', notes: 3 })).toMatch(/refused: the case is dismissed/);
    expect(next('decided-publish', { kind: 'assign' })).toMatch(/refused/);
    for (const s of ['open', 'analysing', 'dismissed', 'published'] as const) expect(next(s, { kind: 'publish' })).toMatch(/refused/);
    for (const a of [{ kind: 'note' }, { kind: 'assign' }, { kind: 'publish' }, { kind: 'decide', decision: 'dismiss', notes: 1 }] as CaseAction[]) {
      expect(next('closed', a)).toMatch(/refused: the case is closed/);
    }
  });

  it('every status is handled; closing needs an ended episode and a settled case', () => {
    for (const s of warningCaseStatuses) expect(typeof nextStatus(s, { kind: 'note' }).ok).toBe('boolean');
    expect(shouldClose('dismissed', '2015-10-11')).toBe(true);
    expect(shouldClose('published', '2015-10-11')).toBe(true);
    expect(shouldClose('published', null)).toBe(false);
    // Decided for publication but not yet in a bulletin: stays, so the bulletin can still take it.
    expect(shouldClose('decided-publish', '2015-10-11')).toBe(false);
    expect(shouldClose('analysing', '2015-10-11')).toBe(false);
  });
});

describe('closing untouched cases of ended episodes', () => {
  it('closes an open case once its episode ended the rule\'s days before the last prices, and not a day earlier', () => {
    expect(CLOSE_UNTOUCHED_AFTER_DAYS).toBe(90);
    expect(shouldClose('open', '2022-03-01', '2022-05-30')).toBe(true);
    expect(shouldClose('open', '2022-03-01', '2022-05-29')).toBe(false);
    expect(shouldClose('open', '2022-03-01')).toBe(false);
  });
  it('leaves running episodes and cases someone works on', () => {
    expect(shouldClose('open', null, '2026-11-20')).toBe(false);
    expect(shouldClose('analysing', '2022-03-01', '2026-11-20')).toBe(false);
    expect(shouldClose('decided-publish', '2022-03-01', '2026-11-20')).toBe(false);
  });
});
