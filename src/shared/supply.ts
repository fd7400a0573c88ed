/** Supply-module enumerations the web app's forms use too (the database checks the same lists). */
export const herbCategories = ['root', 'rhizome', 'fruit', 'seed', 'flower', 'leaf', 'whole-herb', 'bark', 'stem', 'resin', 'fungus', 'animal', 'mineral', 'other'] as const;
export const aliasKinds = ['decoction-piece', 'processed', 'synonym'] as const;

/**
 * Limits of the supply fields, the same for every entry point (JSON API, CSV/.xlsx imports, CLI,
 * web forms): a value one of them refuses, all of them refuse.
 */
export const supplyLimits = {
  /** A price (元 per unit) or a price cap (元 per pack). */
  /** Below `min` a price would round to 0 where it is stored (4 decimals) and a Y/P would overflow. */
  price: { min: 0.0001, max: 100_000_000 },
  /** Herb, market or formula names as written in a request or a file. */
  name: { max: 100 },
  spec: { max: 60 },
  priceUnit: { max: 20 },
  formulaCode: { max: 40, pattern: /^[A-Z0-9][A-Z0-9-]*$/ },
  formulaName: { max: 100 },
  formulaNameEn: { max: 200 },
  dosageForm: { max: 40 },
  batchUnit: { max: 20 },
  /**
   * Units a batch yields, packs' units, and ingredient amounts (g or kg). The minimum keeps a
   * formula's cost per pack finite for every price the price field allows (a stored 5e-324 yield
   * would make every later read of the formula fail).
   */
  quantity: { min: 0.000001, max: 1_000_000_000 },
  /** A band bound as a fraction of the cap (10 = 1 000 %). */
  band: { max: 10 },
  source: { max: 500 },
} as const;
