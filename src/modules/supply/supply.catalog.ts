/**
 * The supply catalogue in memory (small: hundreds of herbs, a few thousand specs): how every
 * service resolves the names people write (herb code, Chinese name, pinyin, alias; market code
 * or name) to ids.
 */
import type { Executor } from '../../db/database';
import { errors } from '../../platform/errors';
import * as repo from './supply.repository';

export interface HerbEntry {
  id: number;
  code: string;
  nameZh: string;
  category: string;
}

/** Master data in memory (small: hundreds of herbs, a few thousand specs). */
export interface Catalog {
  herbs: Map<number, HerbEntry>;
  /** code, Chinese name, pinyin (lower case) and aliases → herb id and factor. */
  herbNames: Map<string, { herbId: number; factor: number }>;
  markets: Map<string, { id: number; code: string; nameZh: string }>;
  marketById: Map<number, { id: number; code: string; nameZh: string }>;
  /** `${herbId}|${spec name}` → spec id */
  specs: Map<string, number>;
  specById: Map<number, { herbId: number; name: string }>;
  /** The spec a formula ingredient without a spec is priced by: 统货 if the herb has it, else its first spec. */
  defaultSpec: Map<number, number>;
}

export const DEFAULT_SPEC = '统货';
/** The default spec's English name: ungraded (market run) material. */
export const DEFAULT_SPEC_EN = 'ungraded';

export async function loadCatalog(db: Executor): Promise<Catalog> {
  const [herbs, aliases, markets, specs] = await Promise.all([repo.listHerbs(db), repo.listAliases(db), repo.listMarkets(db), repo.listSpecs(db)]);
  const c: Catalog = {
    herbs: new Map(),
    herbNames: new Map(),
    markets: new Map(),
    marketById: new Map(),
    specs: new Map(),
    specById: new Map(),
    defaultSpec: new Map(),
  };
  for (const h of herbs) {
    c.herbs.set(h.id, { id: h.id, code: h.code, nameZh: h.name_zh, category: h.category });
    c.herbNames.set(h.code.toLowerCase(), { herbId: h.id, factor: 1 });
    c.herbNames.set(h.name_zh, { herbId: h.id, factor: 1 });
  }
  for (const a of aliases) if (!c.herbNames.has(a.alias)) c.herbNames.set(a.alias, { herbId: a.herb_id, factor: Number(a.factor) });
  for (const m of markets) {
    const e = { id: m.id, code: m.code, nameZh: m.name_zh };
    c.marketById.set(m.id, e);
    for (const k of [m.code.toLowerCase(), m.name_zh, m.name_en.toLowerCase()]) c.markets.set(k, e);
  }
  for (const s of specs) {
    c.specs.set(`${s.herb_id}|${s.name}`, s.id);
    c.specById.set(s.id, { herbId: s.herb_id, name: s.name });
    if (s.name === DEFAULT_SPEC || !c.defaultSpec.has(s.herb_id)) {
      if (s.name === DEFAULT_SPEC || c.specs.get(`${s.herb_id}|${DEFAULT_SPEC}`) === undefined) c.defaultSpec.set(s.herb_id, s.id);
    }
  }
  return c;
}

export function resolveHerb(c: Catalog, name: string): { herbId: number; factor: number } | undefined {
  const t = name.trim();
  return c.herbNames.get(t) ?? c.herbNames.get(t.toLowerCase());
}

export function resolveMarket(c: Catalog, name: string) {
  const t = name.trim();
  return c.markets.get(t) ?? c.markets.get(t.toLowerCase());
}

export function herbOrThrow(c: Catalog, name: string) {
  const r = resolveHerb(c, name);
  if (!r) throw errors.notFound('Herb', name);
  return { ...r, herb: c.herbs.get(r.herbId)! };
}
