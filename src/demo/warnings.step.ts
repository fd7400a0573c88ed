/**
 * Demo step of the warning cases: the scan over the demo price history opens a case per signal
 * episode (and the firing pre-warnings), and the supply monitor of 安徽省中医药管理局 works the
 * seed-003 case — 复方丹参片's 2010 episode — through notes to a decision to publish, so the
 * inbox and the bulletin editor have something to show. Notes follow seed 003 §6.3.
 */
import type { Trx } from '../db/database';
import { AppError } from '../platform/errors';
import { actorViewer, systemServiceContext } from '../platform/viewer';
import { actorForUser, addNote, assignCase, decideCase, listCases, openWarningCases } from '../modules/warnings';
import type { DemoStep } from './step';

const DEMO_EXPERT = 'ah-tcm';

export const warningsStep: DemoStep = {
  id: 'warnings',
  name: 'warnings: cases from the demo signals, the 复方丹参片 2010 case noted and decided',
  async load(trx: Trx, report) {
    const system = systemServiceContext('demo');
    await openWarningCases(trx, system);
    report(1, 2);
    const cases = await listCases(trx, system.viewer, { formula: 'FFDSP', kind: 'signal' }).catch((error: unknown) => {
      // A demo without that formula has no case to work.
      if (error instanceof AppError && error.code === 'not_found') return [];
      throw error;
    });
    const first = cases.find((c) => c.episode_start.startsWith('2010-'));
    if (!first) return;
    const ctx = { viewer: actorViewer(await actorForUser(trx, DEMO_EXPERT)), requestId: 'demo' };
    await assignCase(trx, ctx, first.id);
    await addNote(trx, ctx, first.id, {
      cause: 'natural-disaster',
      expectedWeeks: 104,
      text: '云南三七主产区 2009—2010 年连续干旱，存园量下降；三七种植周期 3 年，减产要到 2012 年后才能由新种植面积补上。',
    });
    await addNote(trx, ctx, first.id, {
      cause: 'speculation',
      expectedWeeks: 156,
      text: '三七价格上升由自然灾害、需求增加、游资炒作等多个因素引起，其中炒作因素占据了不小的比例。去除炒作因素后价格将有所回落，但回落幅度有限：按药农每年 75 000 元/hm² 的利润，三七价格仍维持在约 300 元/kg，复方丹参片 Y/P 依然超出 30% 上限。',
    });
    await decideCase(trx, ctx, first.id, {
      decision: 'publish',
      reason: 'Y/P 自 2010 年 3 月突破 30% 预警上限并一度超过 100%，三七占原料成本 90% 以上；即使按成本底价，Y/P 仍高于上限。建议向基本药物价格主管部门、基本药物管理部门、中医药管理部门通报，采取价格补贴、提价等措施。',
    });
    // The next scan, as the scheduled job would run it: the cases nobody took up whose episode
    // ended long ago close by the documented rule, so the inbox starts with what needs someone.
    await openWarningCases(trx, system);
    report(2, 2);
  },
};
