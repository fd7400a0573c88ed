/**
 * Duties per waste class as versioned data (issue 13, "the law"): editions listed with the one in
 * force, added and corrected by platform admins with an audit record; what a load owes on a day
 * (`dutiesFor`), read by manifest creation, pickup and deletion instead of branches in code; and
 * the deletion of a manifest record, refused inside its retention period.
 */
import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { type DutyEdition, dutiesOf, type LoadDuties, type LoadLine, retainedUntil } from './engine/duties';
import * as lawRepo from './manifests.law.repository';
import { lawPolicy } from './manifests.law.policy';
import type { DutyBody, DutyView } from './manifests.law.schema';
import type { ManifestDutyRow } from './manifests.law.tables';
import * as repo from './manifests.repository';

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

export function toEdition(r: ManifestDutyRow): DutyEdition {
  return { id: r.id, wasteList: r.waste_list, category: r.category, edition: r.edition, inForceFrom: r.in_force_from, maxCategories: r.max_categories, retentionYears: r.retention_years, permits: r.permits, rule: r.rule, unverified: r.unverified };
}

function presentDuties(rows: readonly ManifestDutyRow[], day: string): DutyView[] {
  return rows.map((r) => {
    const later = rows.filter((o) => o.waste_list === r.waste_list && o.category === r.category && o.in_force_from > r.in_force_from).map((o) => o.in_force_from).sort();
    const replacedOn = later[0] ?? null;
    return {
      id: r.id,
      wasteList: r.waste_list,
      category: r.category,
      edition: r.edition,
      inForceFrom: r.in_force_from,
      replacedOn,
      inForce: r.in_force_from <= day && (replacedOn === null || replacedOn > day),
      maxCategories: r.max_categories,
      retentionYears: r.retention_years,
      permits: r.permits,
      rule: r.rule,
      unverified: r.unverified,
      updatedAt: r.updated_at.toISOString(),
    };
  });
}

/** Every edition, with the one in force on `on` (today by default) marked: public reference data. */
export async function listDuties(db: Executor, on: string | undefined, now = new Date()): Promise<DutyView[]> {
  return presentDuties(await lawRepo.listDuties(db), on ?? dayOf(now));
}

/** What a load of these lines owes on `day`. */
export async function dutiesFor(db: Executor, lines: readonly LoadLine[], day: string): Promise<LoadDuties> {
  return dutiesOf(lines, (await lawRepo.listDuties(db)).map(toEdition), day);
}

function checkBody(body: DutyBody): void {
  const prefix = body.wasteList === 'hazardous' ? 'HW' : 'SW';
  if (body.category !== '' && !body.category.startsWith(prefix)) {
    throw errors.validation(`A ${body.wasteList} duty names a ${prefix} category.`, [{ field: 'category', message: `must start with ${prefix}`, code: 'manifests.duty.categoryList', params: { prefix } }]);
  }
}

const editionTaken = (body: DutyBody) =>
  errors.conflict('An edition of this class and category already starts that day.', [{ field: 'inForceFrom', message: 'another edition starts that day', code: 'manifests.duty.editionExists', params: { inForceFrom: body.inForceFrom } }]);

const columns = (body: DutyBody) => ({
  waste_list: body.wasteList,
  category: body.category,
  edition: body.edition,
  in_force_from: body.inForceFrom,
  max_categories: body.maxCategories,
  retention_years: body.retentionYears,
  permits: [...new Set(body.permits)],
  rule: body.rule,
  unverified: body.unverified,
});

/** A new edition: the earlier ones stay (a manifest is judged by the edition in force on its day). */
export async function addDuty(trx: Trx, ctx: ServiceContext, body: DutyBody, now = new Date()): Promise<DutyView> {
  permit(ctx.viewer, lawPolicy.manageDuties(ctx.viewer), 'Only platform administrators edit the duties.');
  checkBody(body);
  if (await lawRepo.findEdition(trx, body.wasteList, body.category, body.inForceFrom)) throw editionTaken(body);
  const row = await lawRepo.insertDuty(trx, { ...columns(body), created_at: now, updated_at: now });
  await recordAudit(trx, ctx, { action: 'manifest.duty.create', entityType: 'manifest_duties', entityId: row.id, organisationId: null, after: row });
  return presentDuties(await lawRepo.listDuties(trx), dayOf(now)).find((d) => d.id === row.id)!;
}

/** A correction of one edition (a value checked against the published text, a typo): audited with before and after. */
export async function updateDuty(trx: Trx, ctx: ServiceContext, id: string, body: DutyBody, now = new Date()): Promise<DutyView> {
  permit(ctx.viewer, lawPolicy.manageDuties(ctx.viewer), 'Only platform administrators edit the duties.');
  const before = await lawRepo.findDuty(trx, id);
  if (!before) throw errors.notFound('Duty', id);
  checkBody(body);
  const other = await lawRepo.findEdition(trx, body.wasteList, body.category, body.inForceFrom);
  if (other && other.id !== id) throw editionTaken(body);
  const row = await lawRepo.updateDuty(trx, id, { ...columns(body), updated_at: now });
  await recordAudit(trx, ctx, { action: 'manifest.duty.update', entityType: 'manifest_duties', entityId: id, organisationId: null, before, after: row });
  return presentDuties(await lawRepo.listDuties(trx), dayOf(now)).find((d) => d.id === id)!;
}

/**
 * Deletes a manifest record once its retention period is over: the longest retention of the
 * duties in force today for its lines' classes, counted from its last change. Inside it the
 * answer is 409 `manifests.retention` with the day it ends, and nothing is removed.
 */
export async function deleteManifest(trx: Trx, ctx: ServiceContext, id: string, reason: string, now = new Date()): Promise<{ id: string; number: string; retainedUntil: string }> {
  permit(ctx.viewer, lawPolicy.deleteManifest(ctx.viewer), 'Only platform administrators delete manifest records.');
  const m = await repo.lockManifest(trx, id);
  if (!m) throw errors.notFound('Manifest', id);
  const lines = await lawRepo.lineClasses(trx, id);
  const duties = await dutiesFor(trx, lines.map((l) => ({ wasteList: l.list, category: l.category })), dayOf(now));
  const until = retainedUntil(m.updated_at, duties.retentionYears);
  if (dayOf(now) < until) {
    const editions = duties.editions.map((e) => e.edition).join('; ');
    throw errors.conflict(`The record is kept until ${until} (${duties.retentionYears} years, ${editions}).`, [
      { field: 'id', message: `kept until ${until}`, code: 'manifests.retention', params: { until, years: duties.retentionYears } },
    ]);
  }
  await recordAudit(trx, ctx, {
    action: 'manifest.delete',
    entityType: 'manifests',
    entityId: id,
    organisationId: m.generator_id,
    before: { number: m.number, status: m.status, event_count: m.event_count, head_hash: m.head_hash, updated_at: m.updated_at, retained_until: until, reason },
  });
  await lawRepo.purgeManifest(trx, id);
  return { id, number: m.number, retainedUntil: until };
}
