import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { type ResourceKind, unitConversionFactor } from './engine';
import { accountsPolicy } from './accounts.policy';
import * as repo from './accounts.repository';
import type { CatalogueCreateBody, CatalogueUpdateBody } from './accounts.schema';

const EDIT_REFUSED = 'National kinds are changed by platform admins; a region’s own kinds by the admins of its statistics office.';

/** The catalogue: categories, kinds and conversion factors (published). */
export async function resourceCatalogue(db: Executor, ctx: ServiceContext) {
  permit(ctx.viewer, accountsPolicy.readPublished(ctx.viewer));
  return repo.loadCatalogue(db);
}

/**
 * A unit change must leave every stored row of the kind convertible, or the kind's history would
 * turn into unit-mismatch errors: refused with the units that would break.
 */
async function checkUnitChange(trx: Trx, kind: ResourceKind, unit: string): Promise<void> {
  const broken = (await repo.unitsInUse(trx, kind.code)).filter((u) => unitConversionFactor(u.unit, { ...kind, unit }) === null);
  if (broken.length > 0) {
    throw errors.conflict(
      `Stored rows of ${kind.code} use units that do not convert to ${unit}; nothing was changed.`,
      broken.map((u) => ({
        field: 'body.unit',
        message: `${u.rows} stored row(s) in ${u.unit} would not convert to ${unit}`,
        code: 'accounts.unitChangeBreaksRows',
        params: { rows: u.rows, unit: u.unit, expected: unit },
      })),
    );
  }
}

/** The region of a new kind: as given, else the office's own region, else national. */
function regionOfNewKind(ctx: ServiceContext, body: CatalogueCreateBody): string | null {
  if (body.region !== undefined) return body.region;
  const actor = actorOf(ctx.viewer);
  return actor?.organisationType === 'statistics-office' ? actor.regionCode : null;
}

export async function createResourceKind(trx: Trx, ctx: ServiceContext, body: CatalogueCreateBody) {
  const region = regionOfNewKind(ctx, body);
  permit(ctx.viewer, accountsPolicy.editCatalogue(ctx.viewer, region), EDIT_REFUSED);
  if (await repo.lockResourceKind(trx, body.code)) {
    throw errors.conflict(`Resource kind ${body.code} exists.`, [{ field: 'body.code', message: `${body.code} exists`, code: 'accounts.kindExists', params: { kind: body.code } }]);
  }
  const row = await repo.insertResourceKind(trx, { ...body, region });
  await recordAudit(trx, ctx, { action: 'resource_kind.create', entityType: 'resource_kinds', entityId: row.code, organisationId: actorOf(ctx.viewer)?.organisationId ?? null, after: row });
  return repo.resourceKindOfRow(row);
}

export async function updateResourceKind(trx: Trx, ctx: ServiceContext, code: string, b: CatalogueUpdateBody) {
  const before = await repo.lockResourceKind(trx, code);
  if (!before) throw errors.notFound('Resource kind', code);
  permit(ctx.viewer, accountsPolicy.editCatalogue(ctx.viewer, before.region_code), EDIT_REFUSED);
  // The 14 national kinds belong to fixed categories (the sub-indicators of seed 004).
  if (b.category !== undefined && b.category !== before.category && before.national) {
    throw errors.conflict(`${code} is a national resource kind; its category is fixed.`, [
      { field: 'body.category', message: 'the category of a national kind is fixed', code: 'accounts.nationalCategoryFixed', params: { kind: code } },
    ]);
  }
  if (b.unit !== undefined && b.unit !== before.unit) await checkUnitChange(trx, repo.resourceKindOfRow(before), b.unit);
  const after = await repo.updateResourceKind(trx, code, {
    ...(b.nameZh !== undefined ? { name_zh: b.nameZh } : {}),
    ...(b.nameEn !== undefined ? { name_en: b.nameEn } : {}),
    ...(b.category !== undefined ? { category: b.category } : {}),
    ...(b.unit !== undefined ? { unit: b.unit } : {}),
    ...(b.toTonnes !== undefined ? { to_tonnes: String(b.toTonnes) } : {}),
    ...(b.primaryEquivalent !== undefined ? { primary_equivalent: String(b.primaryEquivalent) } : {}),
    ...(b.basis !== undefined ? { basis: b.basis } : {}),
  });
  await recordAudit(trx, ctx, { action: 'resource_kind.update', entityType: 'resource_kinds', entityId: code, organisationId: actorOf(ctx.viewer)?.organisationId ?? null, before, after });
  return repo.resourceKindOfRow(after);
}

export async function deleteResourceKind(trx: Trx, ctx: ServiceContext, code: string): Promise<void> {
  const before = await repo.lockResourceKind(trx, code);
  if (!before) throw errors.notFound('Resource kind', code);
  permit(ctx.viewer, accountsPolicy.editCatalogue(ctx.viewer, before.region_code), EDIT_REFUSED);
  if (before.national) {
    throw errors.conflict(`${code} is one of the 14 national resource kinds; it cannot be deleted.`, [
      { field: 'code', message: 'national kinds cannot be deleted', code: 'accounts.nationalKindKept', params: { kind: code } },
    ]);
  }
  const used = (await repo.unitsInUse(trx, code)).reduce((n, u) => n + u.rows, 0);
  if (used > 0) {
    throw errors.conflict(`${used} stored row(s) use ${code}; it cannot be deleted.`, [
      { field: 'code', message: `${used} stored row(s) use this kind`, code: 'accounts.kindInUse', params: { kind: code, rows: used } },
    ]);
  }
  await repo.deleteResourceKind(trx, code);
  await recordAudit(trx, ctx, { action: 'resource_kind.delete', entityType: 'resource_kinds', entityId: code, organisationId: actorOf(ctx.viewer)?.organisationId ?? null, before });
}
