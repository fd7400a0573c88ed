import type { Executor } from '../../db/database';

/**
 * Which firms' own formulas need a herb, and which formulas a firm owns: the symbiosis module's
 * shocks (issue 14: a herb shortage halts the manufacturers whose formulas use the herb; a
 * price fall of a product halts the firm that makes it). Only formulas with an owner count:
 * the shared reference formulas belong to no firm. No policy here: the caller (the symbiosis
 * service, for the park administration) decides who may ask.
 */
export interface HerbUser {
  organisationId: string;
  formulas: { code: string; nameZh: string; nameEn: string }[];
}

/** The herb by code, Chinese name or pinyin (exact), or undefined. */
export async function findHerbByName(db: Executor, text: string): Promise<{ id: number; code: string; nameZh: string } | undefined> {
  const row = await db
    .selectFrom('herbs')
    .select(['id', 'code', 'name_zh'])
    .where((eb) => eb.or([eb('code', '=', text), eb('name_zh', '=', text), eb('pinyin', '=', text)]))
    .orderBy('id')
    .executeTakeFirst();
  return row ? { id: row.id, code: row.code, nameZh: row.name_zh } : undefined;
}

/** Firms among `organisationIds` owning a formula with the herb as an ingredient. */
export async function herbUsers(db: Executor, herbId: number, organisationIds: readonly string[]): Promise<HerbUser[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom('formulas as f')
    .innerJoin('formula_ingredients as i', 'i.formula_id', 'f.id')
    .where('i.herb_id', '=', herbId)
    .where('f.owner_organisation_id', 'in', [...organisationIds])
    .select(['f.owner_organisation_id', 'f.code', 'f.name_zh', 'f.name_en'])
    .distinct()
    .orderBy('f.code')
    .execute();
  return groupByOwner(rows);
}

/** Firms among `organisationIds` owning the formula (a product) of this code or name. */
export async function productMakers(db: Executor, product: string, organisationIds: readonly string[]): Promise<HerbUser[]> {
  if (organisationIds.length === 0) return [];
  // Named by its code or by its name in either language (a park office knows products by name).
  const rows = await db
    .selectFrom('formulas as f')
    .where((eb) => eb.or([eb('f.code', '=', product), eb('f.name_zh', '=', product), eb('f.name_en', '=', product)]))
    .where('f.owner_organisation_id', 'in', [...organisationIds])
    .select(['f.owner_organisation_id', 'f.code', 'f.name_zh', 'f.name_en'])
    .execute();
  return groupByOwner(rows);
}

/** How many formulas each of these firms owns (its products): a price fall's weight in its revenue. */
export async function ownedFormulaCounts(db: Executor, organisationIds: readonly string[]): Promise<Map<string, number>> {
  if (organisationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('formulas')
    .where('owner_organisation_id', 'in', [...organisationIds])
    .select((eb) => ['owner_organisation_id', eb.fn.countAll<string>().as('n')])
    .groupBy('owner_organisation_id')
    .execute();
  return new Map(rows.flatMap((r) => (r.owner_organisation_id === null ? [] : [[r.owner_organisation_id, Number(r.n)] as const])));
}

function groupByOwner(rows: readonly { owner_organisation_id: string | null; code: string; name_zh: string; name_en: string }[]): HerbUser[] {
  const byOwner = new Map<string, HerbUser>();
  for (const r of rows) {
    if (r.owner_organisation_id === null) continue;
    const u = byOwner.get(r.owner_organisation_id) ?? { organisationId: r.owner_organisation_id, formulas: [] };
    u.formulas.push({ code: r.code, nameZh: r.name_zh, nameEn: r.name_en });
    byOwner.set(r.owner_organisation_id, u);
  }
  return [...byOwner.values()];
}
