import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { ResourceKindTable } from './accounts.tables';
import type { EconomicAccountRow, MaterialAccountRow, QualityFinding, ResourceKind } from './engine';

type ResourceKindRow = Selectable<ResourceKindTable>;

export function resourceKindOfRow(r: ResourceKindRow): ResourceKind & { national: boolean; region: string | null } {
  return {
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    category: r.category,
    unit: r.unit,
    toTonnes: Number(r.to_tonnes),
    primaryEquivalent: Number(r.primary_equivalent),
    basis: r.basis,
    region: r.region_code,
    national: r.national,
  };
}

export async function loadCatalogue(db: Executor): Promise<(ResourceKind & { national: boolean; region: string | null })[]> {
  const rows = await db.selectFrom('resource_kinds').selectAll().orderBy('category').orderBy('code').execute();
  return rows.map(resourceKindOfRow);
}

export function insertResourceKind(trx: Trx, kind: ResourceKind) {
  return trx
    .insertInto('resource_kinds')
    .values({
      code: kind.code,
      name_zh: kind.nameZh,
      name_en: kind.nameEn,
      category: kind.category,
      unit: kind.unit,
      to_tonnes: String(kind.toTonnes),
      primary_equivalent: String(kind.primaryEquivalent),
      basis: kind.basis,
      region_code: kind.region ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteResourceKind(trx: Trx, code: string): Promise<void> {
  await trx.deleteFrom('resource_kinds').where('code', '=', code).execute();
}

/** Units in which stored account rows and report lines give a kind, with their row counts. */
export async function unitsInUse(db: Executor, code: string): Promise<{ unit: string; rows: number }[]> {
  const accounts = await db.selectFrom('material_accounts').select(['unit', sql<number>`count(*)::int8`.as('rows')]).where('kind', '=', code).groupBy('unit').execute();
  const reports = await db.selectFrom('firm_report_lines').select(['unit', sql<number>`count(*)::int8`.as('rows')]).where('kind', '=', code).groupBy('unit').execute();
  const byUnit = new Map<string, number>();
  for (const r of [...accounts, ...reports]) byUnit.set(r.unit, (byUnit.get(r.unit) ?? 0) + r.rows);
  return [...byUnit].map(([unit, rows]) => ({ unit, rows }));
}

export function lockResourceKind(trx: Trx, code: string) {
  return trx.selectFrom('resource_kinds').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
}

export async function updateResourceKind(
  trx: Trx,
  code: string,
  values: Partial<{ name_zh: string; name_en: string; category: ResourceKind['category']; unit: string; to_tonnes: string; primary_equivalent: string; basis: string }>,
) {
  return trx
    .updateTable('resource_kinds')
    .set({ ...values, updated_at: sql`now()` })
    .where('code', '=', code)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Material and economic rows of some regions (all when `regions` is undefined), as the engine wants them. */
export async function loadAccounts(
  db: Executor,
  regions?: readonly string[],
): Promise<{ materials: MaterialAccountRow[]; economy: (EconomicAccountRow & { baseYear: number })[] }> {
  if (regions && regions.length === 0) return { materials: [], economy: [] };
  const materials = await db
    .selectFrom('material_accounts')
    .selectAll()
    .$if(regions !== undefined, (qb) => qb.where('region_code', 'in', regions!))
    .orderBy('region_code')
    .orderBy('year')
    .orderBy('kind')
    .execute();
  const economy = await db
    .selectFrom('economic_accounts')
    .selectAll()
    .$if(regions !== undefined, (qb) => qb.where('region_code', 'in', regions!))
    .orderBy('region_code')
    .orderBy('year')
    .execute();
  return {
    materials: materials.map((r) => ({
      region: r.region_code,
      year: r.year,
      kind: r.kind,
      unit: r.unit,
      domesticExtraction: Number(r.domestic_extraction),
      imports: Number(r.imports),
      exports: Number(r.exports),
      fromOtherRegions: Number(r.from_other_regions),
      toOtherRegions: Number(r.to_other_regions),
      recycled: Number(r.recycled),
    })),
    economy: economy.map((r) => ({
      region: r.region_code,
      year: r.year,
      baseYear: r.base_year,
      gdpCurrent: Number(r.gdp_current),
      ...(r.gdp_constant !== null ? { gdpConstant: Number(r.gdp_constant) } : {}),
      ...(r.deflator !== null ? { deflator: Number(r.deflator) } : {}),
      population: r.population,
    })),
  };
}

/** Rows are written with the reported digits (numeric), not through binary floats. */
export async function upsertMaterialRows(trx: Trx, rows: (MaterialAccountRow & { importId: string | null })[]): Promise<void> {
  // PostgreSQL allows 65 535 bound parameters per statement; 11 per row.
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    await trx
      .insertInto('material_accounts')
      .values(
        chunk.map((r) => ({
          region_code: r.region,
          year: r.year,
          kind: r.kind,
          unit: r.unit,
          domestic_extraction: String(r.domesticExtraction),
          imports: String(r.imports),
          exports: String(r.exports),
          from_other_regions: String(r.fromOtherRegions),
          to_other_regions: String(r.toOtherRegions),
          recycled: String(r.recycled),
          import_id: r.importId,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['region_code', 'year', 'kind']).doUpdateSet((eb) => ({
          unit: eb.ref('excluded.unit'),
          domestic_extraction: eb.ref('excluded.domestic_extraction'),
          imports: eb.ref('excluded.imports'),
          exports: eb.ref('excluded.exports'),
          from_other_regions: eb.ref('excluded.from_other_regions'),
          to_other_regions: eb.ref('excluded.to_other_regions'),
          recycled: eb.ref('excluded.recycled'),
          import_id: eb.ref('excluded.import_id'),
          updated_at: sql`now()`,
        })),
      )
      .execute();
  }
}

export async function upsertEconomyRows(trx: Trx, rows: (EconomicAccountRow & { baseYear: number; importId: string | null })[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await trx
      .insertInto('economic_accounts')
      .values(
        rows.slice(i, i + 2000).map((r) => ({
          region_code: r.region,
          year: r.year,
          base_year: r.baseYear,
          gdp_current: String(r.gdpCurrent),
          gdp_constant: r.gdpConstant !== undefined ? String(r.gdpConstant) : null,
          deflator: r.deflator !== undefined ? String(r.deflator) : null,
          population: r.population,
          import_id: r.importId,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['region_code', 'year']).doUpdateSet((eb) => ({
          base_year: eb.ref('excluded.base_year'),
          gdp_current: eb.ref('excluded.gdp_current'),
          gdp_constant: eb.ref('excluded.gdp_constant'),
          deflator: eb.ref('excluded.deflator'),
          population: eb.ref('excluded.population'),
          import_id: eb.ref('excluded.import_id'),
          updated_at: sql`now()`,
        })),
      )
      .execute();
  }
}

export async function insertImport(
  trx: Trx,
  values: { organisation_id: string | null; file_name: string; kind: 'materials' | 'economy'; rows: number; created_by: string | null },
) {
  return trx.insertInto('account_imports').values(values).returningAll().executeTakeFirstOrThrow();
}

/**
 * Findings are recomputed for every region touched by an import: the open ones are replaced;
 * findings a person has accepted or resolved are kept, and the same finding is not raised again.
 */
export async function replaceOpenFindings(
  trx: Trx,
  regions: readonly string[],
  findings: (QualityFinding & { fileRow: number | null; importId: string | null })[],
): Promise<number> {
  if (regions.length === 0) return 0;
  await trx.deleteFrom('account_findings').where('region_code', 'in', regions).where('status', '=', 'open').execute();
  const kept = await trx
    .selectFrom('account_findings')
    .select(['region_code', 'year', 'kind', 'rule'])
    .where('region_code', 'in', regions)
    .execute();
  const seen = new Set(kept.map((k) => `${k.region_code}|${k.year}|${k.kind ?? ''}|${k.rule}`));
  const fresh = findings.filter((f) => !seen.has(`${f.region}|${f.year}|${f.kind ?? ''}|${f.rule}`));
  for (let i = 0; i < fresh.length; i += 1000) {
    await trx
      .insertInto('account_findings')
      .values(
        fresh.slice(i, i + 1000).map((f) => ({
          region_code: f.region,
          year: f.year,
          kind: f.kind ?? null,
          rule: f.rule,
          severity: f.severity,
          message: f.message,
          message_code: f.code,
          message_params: JSON.stringify(f.params),
          file_row: f.fileRow,
          import_id: f.importId,
        })),
      )
      .execute();
  }
  return fresh.length;
}

export function listFindings(db: Executor, q: { regionPrefix?: string | undefined; year?: number | undefined; status?: 'open' | 'accepted' | 'resolved' | undefined; limit: number }) {
  return db
    .selectFrom('account_findings')
    .selectAll()
    .$if(q.regionPrefix !== undefined, (qb) => qb.where('region_code', 'like', `${q.regionPrefix!}%`))
    .$if(q.year !== undefined, (qb) => qb.where('year', '=', q.year!))
    .$if(q.status !== undefined, (qb) => qb.where('status', '=', q.status!))
    .orderBy('region_code')
    .orderBy('year')
    .orderBy('severity')
    .limit(q.limit)
    .execute();
}

/** Findings of a region (GB/T 2260 prefix; every region when undefined) per status and severity, counted in SQL. */
export function countFindings(db: Executor, regionPrefix: string | undefined) {
  return db
    .selectFrom('account_findings')
    .select(['status', 'severity', sql<number>`count(*)::int8`.as('n')])
    .$if(regionPrefix !== undefined, (qb) => qb.where('region_code', 'like', `${regionPrefix!}%`))
    .groupBy(['status', 'severity'])
    .execute();
}

export function lockFinding(trx: Trx, id: string) {
  return trx.selectFrom('account_findings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateFinding(trx: Trx, id: string, values: { status: 'open' | 'accepted' | 'resolved'; note?: string | null | undefined }) {
  return trx
    .updateTable('account_findings')
    .set({ status: values.status, ...(values.note !== undefined ? { note: values.note } : {}), updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function regionsWithAccounts(db: Executor) {
  return db
    .selectFrom('economic_accounts as e')
    .innerJoin('regions as r', 'r.code', 'e.region_code')
    .select(['e.region_code', 'r.name_zh', 'r.name_en', sql<number>`min(e.year)`.as('first_year'), sql<number>`max(e.year)`.as('last_year')])
    .groupBy(['e.region_code', 'r.name_zh', 'r.name_en'])
    .orderBy('e.region_code')
    .execute();
}

export type FindingRow = Awaited<ReturnType<typeof listFindings>>[number];
export type RegionWithAccountsRow = Awaited<ReturnType<typeof regionsWithAccounts>>[number];
