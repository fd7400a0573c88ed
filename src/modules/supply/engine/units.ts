/**
 * Units of the supply domain. Prices are normalised to 元/kg and amounts to kg before any
 * arithmetic, so that the cost model never has to know how a market quoted a price.
 */

export type PriceUnit = '元/kg' | '元/g' | '元/斤';
export type AmountUnit = 'g' | 'kg';
/** Area units used in cultivation economics: 亩 (mu) and hectare; 1 hm² = 15 亩. */
export type AreaUnit = 'mu' | 'hm2';

export const MU_PER_HECTARE = 15;
export const KG_PER_JIN = 0.5;

/** Price in 元/kg of a price quoted in `unit`. */
export function pricePerKg(price: number, unit: PriceUnit): number {
  switch (unit) {
    case '元/kg':
      return price;
    case '元/g':
      return price * 1000;
    case '元/斤':
      // 1 斤 = 0.5 kg, so a price per 斤 buys half a kilogram.
      return price / KG_PER_JIN;
    default:
      return assertNever(unit);
  }
}

/** Amount in kg of an amount given in `unit`. */
export function amountInKg(amount: number, unit: AmountUnit): number {
  switch (unit) {
    case 'g':
      return amount / 1000;
    case 'kg':
      return amount;
    default:
      return assertNever(unit);
  }
}

/** Value per 亩 of a value stated per `unit` of area (e.g. 元/hm² → 元/亩). */
export function perMu(value: number, unit: AreaUnit): number {
  switch (unit) {
    case 'mu':
      return value;
    case 'hm2':
      return value / MU_PER_HECTARE;
    default:
      return assertNever(unit);
  }
}

const PRICE_UNIT_SPELLINGS: Readonly<Record<string, PriceUnit>> = {
  '元/kg': '元/kg',
  '元/千克': '元/kg',
  '元/公斤': '元/kg',
  'yuan/kg': '元/kg',
  'cny/kg': '元/kg',
  '元/g': '元/g',
  '元/克': '元/g',
  'yuan/g': '元/g',
  'cny/g': '元/g',
  '元/斤': '元/斤',
  'yuan/jin': '元/斤',
  'cny/jin': '元/斤',
};

/** The unit named by an import file's text (several common spellings), or null if unknown. */
export function parsePriceUnit(text: string): PriceUnit | null {
  return PRICE_UNIT_SPELLINGS[text.trim().toLowerCase().replace(/\s+/g, '')] ?? null;
}

/**
 * A processed or decoction-piece name (饮片/炮制品, e.g. 酒萸肉) that stands for a herb
 * (山茱萸). `factor` is the kg of the herb that one kg of the aliased material represents
 * (default 1), so processing losses can be priced at the herb's reference price.
 */
export interface HerbAlias {
  alias: string;
  herb: string;
  factor?: number;
}

export interface ResolvedHerb {
  herb: string;
  factor: number;
}

/**
 * The herb a name refers to: the herb itself when `name` is one of `herbs`, else through
 * an alias; undefined when neither knows it.
 */
export function resolveHerbName(
  name: string,
  herbs: ReadonlySet<string>,
  aliases: readonly HerbAlias[],
): ResolvedHerb | undefined {
  if (herbs.has(name)) return { herb: name, factor: 1 };
  const a = aliases.find((x) => x.alias === name);
  if (a === undefined) return undefined;
  return { herb: a.herb, factor: a.factor ?? 1 };
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${String(x)}`);
}
