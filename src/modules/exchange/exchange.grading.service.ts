import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { gradeLot, type GradingStandard, type LotGrading, standardProblems } from './engine/grading';
import type { z } from 'zod';
import type { reviseStandardBody, standardView } from './exchange.market.schema';
import { exchangePolicy } from './exchange.policy';
import { presentStandard } from './exchange.presenter';
import * as repo from './exchange.repository';

/** Grading standards: versioned data (the current version per class), audited revisions, grading of lots. */

type StandardView = z.infer<typeof standardView>;

function toEngine(row: repo.StandardRow): GradingStandard {
  return { class: row.class as GradingStandard['class'], version: row.version, criteria: row.criteria };
}

export async function listStandards(db: Executor): Promise<{ items: StandardView[] }> {
  return { items: (await repo.currentStandards(db)).map(presentStandard) };
}

export async function standardHistory(db: Executor, cls: string): Promise<{ items: StandardView[] }> {
  const rows = await repo.standardVersions(db, cls);
  if (rows.length === 0) throw errors.notFound('Grading standard', cls);
  return { items: rows.map(presentStandard) };
}

/** The current standard of a class, or null when the class has none (its lots cannot be graded). */
export async function currentStandard(db: Executor, cls: string): Promise<{ row: repo.StandardRow; standard: GradingStandard } | null> {
  const row = (await repo.currentStandards(db)).find((r) => r.class === cls);
  return row ? { row, standard: toEngine(row) } : null;
}

export async function gradeWithCurrent(db: Executor, cls: string, assays: Readonly<Record<string, number>>): Promise<LotGrading | null> {
  const current = await currentStandard(db, cls);
  return current ? gradeLot(current.standard, assays) : null;
}

export async function reviseStandard(trx: Trx, ctx: ServiceContext, cls: string, body: z.infer<typeof reviseStandardBody>): Promise<StandardView> {
  permit(ctx.viewer, exchangePolicy.editStandards(ctx.viewer), 'Only platform administrators revise grading standards.');
  const version = (await repo.lockStandard(trx, cls)) + 1;
  const candidate: GradingStandard = { class: cls as GradingStandard['class'], version, criteria: body.criteria };
  const problems = standardProblems(candidate);
  if (problems.length > 0) {
    throw errors.validation(
      'The standard is not sound.',
      problems.map((message) => ({ field: message.startsWith('criteria[') ? message.slice(0, message.indexOf(':')) : 'criteria', message })),
    );
  }
  const row = await repo.insertStandardVersion(trx, cls, version, body.criteria, body.note ?? null, actorOf(ctx.viewer)?.userId ?? null);
  await recordAudit(trx, ctx, { action: 'exchange_grading_standard.revise', entityType: 'exchange_grading_standard_versions', entityId: `${cls}@${version}`, organisationId: null, after: { ...row } });
  return presentStandard(row);
}
