/**
 * Catalogue administration of the supply module (service layer): herbs with their resource
 * facts, aliases (饮片/炮制品 names with a conversion factor, e.g. 酒萸肉 → 山茱萸), specifications
 * and markets. Supply monitors and platform administrators edit them; every command takes the
 * caller's transaction and writes its audit record there.
 *
 * Names resolve through one namespace (herb code, Chinese name, alias: see loadCatalog), so a
 * new code, name or alias must not collide with any of them; collisions are `conflict` errors
 * naming the field, checked before writing (the unique indexes still catch races).
 */
import type { Executor, Trx } from '../../db/database';
import type { HerbRow, MarketRow } from './supply.tables';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import type { z } from 'zod';
import { DEFAULT_SPEC, DEFAULT_SPEC_EN, loadCatalog, resolveHerb, resolveMarket, type Catalog } from './supply.catalog';
import { rebuildMonitor } from './supply.monitor.service';
import { supplyPolicy } from './supply.policy';
import * as repo from './supply.repository';
import type { aliasBody, aliasPatchBody, catalogQuery, HerbCreateBody, HerbPatchBody, marketCreateBody, marketPatchBody } from './supply.schema';
import type { HerbAliasRow } from './supply.tables';

const DENIED = 'Only supply-monitor organisations and platform administrators edit the herb catalogue.';

function manager(ctx: ServiceContext) {
  permit(ctx.viewer, supplyPolicy.manageCatalog(ctx.viewer), DENIED);
}

function reader(ctx: ServiceContext) {
  permit(ctx.viewer, supplyPolicy.read(ctx.viewer));
}

function herbOrNotFound(cat: Catalog, name: string): number {
  const h = resolveHerb(cat, name);
  if (!h) throw errors.notFound('Herb', name);
  return h.herbId;
}

/** Which existing entry a name already stands for (herb code, herb name or alias), if any. */
function nameTaken(cat: Catalog, name: string, exceptHerbId?: number): string | null {
  const t = name.trim();
  const hit = cat.herbNames.get(t) ?? cat.herbNames.get(t.toLowerCase());
  if (!hit || hit.herbId === exceptHerbId) return null;
  const h = cat.herbs.get(hit.herbId)!;
  if (h.nameZh === t) return `the name of herb ${h.code}`;
  if (h.code.toLowerCase() === t.toLowerCase()) return `the code of herb ${h.nameZh}`;
  return `an alias of ${h.nameZh}`;
}

function herbValues(b: HerbPatchBody): Partial<repo.HerbValues> {
  const v: Partial<repo.HerbValues> = {};
  if (b.code !== undefined) v.code = b.code;
  if (b.nameZh !== undefined) v.name_zh = b.nameZh;
  if (b.nameEn !== undefined) v.name_en = b.nameEn || null;
  if (b.pinyin !== undefined) v.pinyin = b.pinyin;
  if (b.latinName !== undefined) v.latin_name = b.latinName || null;
  if (b.category !== undefined) v.category = b.category;
  if (b.cultivation !== undefined) v.cultivation = b.cultivation;
  if (b.growthCycleYears !== undefined) v.growth_cycle_years = b.growthCycleYears;
  if (b.producingAreas !== undefined) v.producing_areas = [...new Set(b.producingAreas)];
  if (b.reservesTonnes !== undefined) v.reserves_tonnes = b.reservesTonnes;
  return v;
}

function checkHerbNames(cat: Catalog, b: HerbPatchBody, exceptHerbId?: number): void {
  const issues = [];
  if (b.code !== undefined) {
    const taken = nameTaken(cat, b.code, exceptHerbId);
    if (taken) issues.push({ field: 'body.code', message: `already taken: ${taken}` });
  }
  if (b.nameZh !== undefined) {
    const taken = nameTaken(cat, b.nameZh, exceptHerbId);
    if (taken) issues.push({ field: 'body.nameZh', message: `already taken: ${taken}` });
  }
  if (issues.length > 0) throw errors.conflict(`A herb with this ${issues.map((i) => i.field.slice(5)).join(' and ')} exists already.`, issues);
}

export async function createHerb(trx: Trx, ctx: ServiceContext, body: HerbCreateBody): Promise<HerbRow> {
  manager(ctx);
  const cat = await loadCatalog(trx);
  checkHerbNames(cat, body);
  const row = await repo.insertHerb(trx, {
    code: body.code,
    name_zh: body.nameZh,
    name_en: body.nameEn || null,
    pinyin: body.pinyin,
    latin_name: body.latinName || null,
    category: body.category,
    cultivation: body.cultivation,
    growth_cycle_years: body.growthCycleYears ?? null,
    producing_areas: [...new Set(body.producingAreas ?? [])],
    reserves_tonnes: body.reservesTonnes ?? null,
  });
  // Prices of a new herb need a spec; 统货 (ungraded) is what an import without a spec uses.
  await repo.insertSpec(trx, row.id, DEFAULT_SPEC, DEFAULT_SPEC_EN);
  await recordAudit(trx, ctx, { action: 'supply.herb.create', entityType: 'herbs', entityId: String(row.id), organisationId: null, after: { ...row } });
  return row;
}

export async function updateHerb(trx: Trx, ctx: ServiceContext, herbName: string, body: HerbPatchBody): Promise<HerbRow> {
  manager(ctx);
  const cat = await loadCatalog(trx);
  const id = herbOrNotFound(cat, herbName);
  const before = (await repo.lockHerb(trx, id))!;
  checkHerbNames(cat, body, id);
  const after = await repo.updateHerb(trx, id, herbValues(body));
  await recordAudit(trx, ctx, { action: 'supply.herb.update', entityType: 'herbs', entityId: String(id), organisationId: null, before: { ...before }, after: { ...after } });
  return after;
}

export async function addAlias(trx: Trx, ctx: ServiceContext, herbName: string, body: z.infer<typeof aliasBody>) {
  manager(ctx);
  const cat = await loadCatalog(trx);
  const herbId = herbOrNotFound(cat, herbName);
  const taken = nameTaken(cat, body.alias);
  if (taken) throw errors.conflict(`${body.alias} is already ${taken}.`, [{ field: 'body.alias', message: `already taken: ${taken}` }]);
  const row = await repo.insertAlias(trx, { alias: body.alias, herb_id: herbId, factor: body.factor, kind: body.kind });
  await recordAudit(trx, ctx, { action: 'supply.alias.create', entityType: 'herb_aliases', entityId: row.alias, organisationId: null, after: { ...row } });
  return row;
}

export async function updateAlias(trx: Trx, ctx: ServiceContext, alias: string, body: z.infer<typeof aliasPatchBody>) {
  manager(ctx);
  const before = await repo.findAlias(trx, alias);
  if (!before) throw errors.notFound('Alias', alias);
  const cat = await loadCatalog(trx);
  const herbId = body.herb === undefined ? undefined : herbOrNotFound(cat, body.herb);
  const row = await repo.updateAlias(trx, alias, {
    ...(herbId !== undefined ? { herb_id: herbId } : {}),
    ...(body.factor !== undefined ? { factor: body.factor } : {}),
    ...(body.kind !== undefined ? { kind: body.kind } : {}),
  });
  // Formula ingredients written with this alias keep the factor they were imported with; the
  // new factor applies to imports from now on (a cost history must not change retroactively).
  await recordAudit(trx, ctx, { action: 'supply.alias.update', entityType: 'herb_aliases', entityId: alias, organisationId: null, before: { ...before }, after: { ...row } });
  return row;
}

export async function removeAlias(trx: Trx, ctx: ServiceContext, alias: string): Promise<void> {
  manager(ctx);
  const before = await repo.findAlias(trx, alias);
  if (!before) throw errors.notFound('Alias', alias);
  await repo.deleteAlias(trx, alias);
  await recordAudit(trx, ctx, { action: 'supply.alias.delete', entityType: 'herb_aliases', entityId: alias, organisationId: null, before: { ...before } });
}

/** A herb's default spec prices its ingredients without a spec: when it changes, the monitor state is rebuilt. */
async function afterDefaultSpecMaybeChanged(trx: Trx, herbId: number, before: number | undefined): Promise<void> {
  if ((await loadCatalog(trx)).defaultSpec.get(herbId) !== before) await rebuildMonitor(trx);
}

export async function addSpec(trx: Trx, ctx: ServiceContext, herbName: string, name: string, nameEn: string | null = null) {
  manager(ctx);
  const cat = await loadCatalog(trx);
  const herbId = herbOrNotFound(cat, herbName);
  if (cat.specs.has(`${herbId}|${name}`)) throw errors.conflict(`${cat.herbs.get(herbId)!.nameZh} has a spec ${name} already.`, [{ field: 'body.name', message: 'already taken' }]);
  const row = await repo.insertSpec(trx, herbId, name, nameEn);
  await afterDefaultSpecMaybeChanged(trx, herbId, cat.defaultSpec.get(herbId));
  await recordAudit(trx, ctx, { action: 'supply.spec.create', entityType: 'herb_specs', entityId: String(row.id), organisationId: null, after: { ...row } });
  return row;
}

export async function renameSpec(trx: Trx, ctx: ServiceContext, id: number, name: string, nameEn?: string | null) {
  manager(ctx);
  const before = await repo.findSpec(trx, id);
  if (!before) throw errors.notFound('Spec', String(id));
  const cat = await loadCatalog(trx);
  const other = cat.specs.get(`${before.herb_id}|${name}`);
  if (other !== undefined && other !== id) throw errors.conflict(`${cat.herbs.get(before.herb_id)!.nameZh} has a spec ${name} already.`, [{ field: 'body.name', message: 'already taken' }]);
  const row = await repo.renameSpec(trx, id, name, nameEn === undefined ? undefined : nameEn || null);
  await afterDefaultSpecMaybeChanged(trx, before.herb_id, cat.defaultSpec.get(before.herb_id));
  await recordAudit(trx, ctx, { action: 'supply.spec.update', entityType: 'herb_specs', entityId: String(id), organisationId: null, before: { ...before }, after: { ...row } });
  return row;
}

export async function specsOfHerb(db: Executor, ctx: ServiceContext, herbName: string) {
  reader(ctx);
  const cat = await loadCatalog(db);
  const herbId = herbOrNotFound(cat, herbName);
  const herb = cat.herbs.get(herbId)!;
  return (await repo.specsOfHerb(db, herbId)).map((s) => ({ id: s.id, herb: herb.nameZh, herbCode: herb.code, name: s.name, nameEn: s.name_en }));
}

async function checkMarket(db: Executor, cat: Catalog, b: z.infer<typeof marketPatchBody>, exceptId?: number): Promise<void> {
  const issues = [];
  for (const [field, value] of [
    ['code', b.code],
    ['nameZh', b.nameZh],
    ['nameEn', b.nameEn],
  ] as const) {
    if (value === undefined) continue;
    const m = resolveMarket(cat, value);
    if (m && m.id !== exceptId) issues.push({ field: `body.${field}`, message: `already taken by market ${m.code}` });
  }
  if (issues.length > 0) throw errors.conflict('A market with this code or name exists already.', issues);
  if (b.regionCode !== undefined && !(await repo.regionExists(db, b.regionCode))) {
    throw errors.validation(`Unknown region ${b.regionCode}.`, [{ field: 'body.regionCode', message: 'not a known GB/T 2260 region code' }]);
  }
}

export async function createMarket(trx: Trx, ctx: ServiceContext, body: z.infer<typeof marketCreateBody>): Promise<MarketRow> {
  manager(ctx);
  const cat = await loadCatalog(trx);
  await checkMarket(trx, cat, body);
  const row = await repo.insertMarket(trx, { code: body.code, name_zh: body.nameZh, name_en: body.nameEn, region_code: body.regionCode });
  await recordAudit(trx, ctx, { action: 'supply.market.create', entityType: 'markets', entityId: String(row.id), organisationId: null, after: { ...row } });
  return row;
}

export async function updateMarket(trx: Trx, ctx: ServiceContext, marketName: string, body: z.infer<typeof marketPatchBody>): Promise<MarketRow> {
  manager(ctx);
  const cat = await loadCatalog(trx);
  const m = resolveMarket(cat, marketName);
  if (!m) throw errors.notFound('Market', marketName);
  await checkMarket(trx, cat, body, m.id);
  const before = (await repo.listMarkets(trx)).find((x) => x.id === m.id)!;
  const row = await repo.updateMarket(trx, m.id, {
    ...(body.code !== undefined ? { code: body.code } : {}),
    ...(body.nameZh !== undefined ? { name_zh: body.nameZh } : {}),
    ...(body.nameEn !== undefined ? { name_en: body.nameEn } : {}),
    ...(body.regionCode !== undefined ? { region_code: body.regionCode } : {}),
  });
  await recordAudit(trx, ctx, { action: 'supply.market.update', entityType: 'markets', entityId: String(m.id), organisationId: null, before: { ...before }, after: { ...row } });
  return row;
}

// ---------------------------------------------------------------- reads for the routes

/** Herbs with their aliases and specs, for presentHerbs. */
export interface HerbsWithNames {
  herbs: HerbRow[];
  aliases: HerbAliasRow[];
  specs: { id: number; herb_id: number; name: string; name_en: string | null }[];
}

async function withNames(db: Executor, herbs: HerbRow[]): Promise<HerbsWithNames> {
  const [aliases, specs] = await Promise.all([repo.listAliases(db), repo.listSpecs(db)]);
  return { herbs, aliases, specs };
}

export async function searchHerbs(db: Executor, ctx: ServiceContext, q: z.infer<typeof catalogQuery>): Promise<HerbsWithNames> {
  reader(ctx);
  return withNames(db, await repo.searchHerbs(db, { text: q.q, category: q.category }));
}

/** One herb by code, Chinese name or alias (404 otherwise). */
export async function getHerb(db: Executor, ctx: ServiceContext, name: string): Promise<HerbsWithNames> {
  reader(ctx);
  const cat = await loadCatalog(db);
  const id = herbOrNotFound(cat, name);
  return herbById(db, id);
}

async function herbById(db: Executor, id: number): Promise<HerbsWithNames> {
  return withNames(db, (await repo.listHerbs(db)).filter((x) => x.id === id));
}

export async function searchMarkets(db: Executor, ctx: ServiceContext, text: string | undefined): Promise<MarketRow[]> {
  reader(ctx);
  return repo.searchMarkets(db, text);
}

/** createHerb with the created herb's aliases and specs (the route's answer). */
export async function createHerbWithNames(trx: Trx, ctx: ServiceContext, body: HerbCreateBody): Promise<HerbsWithNames> {
  return herbById(trx, (await createHerb(trx, ctx, body)).id);
}

export async function updateHerbWithNames(trx: Trx, ctx: ServiceContext, herbName: string, body: HerbPatchBody): Promise<HerbsWithNames> {
  return herbById(trx, (await updateHerb(trx, ctx, herbName, body)).id);
}

/** An alias with the herb it stands for. */
export interface AliasWithHerb {
  alias: HerbAliasRow;
  herb: HerbRow;
}

async function aliasWithHerb(db: Executor, a: HerbAliasRow): Promise<AliasWithHerb> {
  return { alias: a, herb: (await repo.listHerbs(db)).find((x) => x.id === a.herb_id)! };
}

export async function addAliasWithHerb(trx: Trx, ctx: ServiceContext, herbName: string, body: z.infer<typeof aliasBody>): Promise<AliasWithHerb> {
  return aliasWithHerb(trx, await addAlias(trx, ctx, herbName, body));
}

export async function updateAliasWithHerb(trx: Trx, ctx: ServiceContext, alias: string, body: z.infer<typeof aliasPatchBody>): Promise<AliasWithHerb> {
  return aliasWithHerb(trx, await updateAlias(trx, ctx, alias, body));
}

export interface SpecView {
  id: number;
  herb: string;
  herbCode: string;
  name: string;
  nameEn: string | null;
}

export async function addSpecOfHerb(trx: Trx, ctx: ServiceContext, herbName: string, name: string, nameEn: string | null = null): Promise<SpecView> {
  const s = await addSpec(trx, ctx, herbName, name, nameEn || null);
  return (await specsOfHerb(trx, ctx, herbName)).find((x) => x.id === s.id)!;
}

export async function renameSpecOfHerb(trx: Trx, ctx: ServiceContext, id: number, name: string, nameEn?: string | null): Promise<SpecView> {
  const s = await renameSpec(trx, ctx, id, name, nameEn);
  const h = (await repo.listHerbs(trx)).find((x) => x.id === s.herb_id)!;
  return { id: s.id, herb: h.name_zh, herbCode: h.code, name: s.name, nameEn: s.name_en };
}
