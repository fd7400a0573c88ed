/**
 * Client of the supply APIs (herb prices, formula cost Y/P, what-if, exposure, forecast, price
 * index, catalogue). Every call goes through the route's contract, so paths, queries, bodies and
 * responses are the server's; nothing is cast.
 */
import { type BodyIn, type QueryIn, type ResponseOf } from '../../../../src/shared/contract';
import * as supply from '../../../../src/modules/supply/supply.contract';
import { call } from '../../api/call';

export type FormulaSummary = ResponseOf<typeof supply.listFormulas>['items'][number];
export type SeverityLevels = supply.SeverityLevelsView;
export type FormulaDetail = ResponseOf<typeof supply.getFormula>;
export type RatioReport = ResponseOf<typeof supply.formulaRatio>;
export type WhatIf = ResponseOf<typeof supply.formulaWhatIf>;
export type Herb = ResponseOf<typeof supply.getHerb>;
export type Market = ResponseOf<typeof supply.searchMarkets>['items'][number];
export type Observation = ResponseOf<typeof supply.listPrices>['items'][number];
export type Exposure = ResponseOf<typeof supply.herbExposure>;
export type Forecast = ResponseOf<typeof supply.formulaForecast>;
export type PriceIndex = ResponseOf<typeof supply.priceIndex>;
export type HerbForecast = ResponseOf<typeof supply.herbForecast>;
export type IngredientSeries = ResponseOf<typeof supply.formulaIngredients>;
export type Alias = ResponseOf<typeof supply.addAlias>;
export type Spec = ResponseOf<typeof supply.addSpec>;
export type HerbBody = BodyIn<typeof supply.createHerb>;
export type MarketBody = BodyIn<typeof supply.createMarket>;
export type AliasBody = Required<Pick<BodyIn<typeof supply.addAlias>, 'alias' | 'factor' | 'kind'>>;
type AliasPatch = BodyIn<typeof supply.updateAlias>;
type PriceQuery = NonNullable<QueryIn<typeof supply.listPrices>>;
type CatalogQuery = NonNullable<QueryIn<typeof supply.searchHerbs>>;
type RatioQuery = NonNullable<QueryIn<typeof supply.formulaRatio>>;
type IngredientsQuery = NonNullable<QueryIn<typeof supply.formulaIngredients>>;
export type WhatIfInput = Omit<BodyIn<typeof supply.formulaWhatIf>, 'prices'> & { prices?: Record<string, number> };

/** A price list's default page: the herb page draws a whole series. */
const PRICE_PAGE = 500;

export const supplyApi = {
  /** The engine's severity lines relative to a band (so the web does not restate them). */
  levels: () => call(supply.getSeverityLevels),
  formulas: () => call(supply.listFormulas),
  formula: (code: string) => call(supply.getFormula, { params: { formula: code } }),
  /** Weekly over the whole history unless a range and `resolution: 'day'` are asked for (a zoomed chart). */
  ratio: (code: string, q: RatioQuery = {}) => call(supply.formulaRatio, { params: { formula: code }, query: q }),
  whatIf: (code: string, input: WhatIfInput) =>
    call(supply.formulaWhatIf, {
      params: { formula: code },
      body: { prices: input.prices ?? {}, ...(input.priceCap ? { priceCap: input.priceCap } : {}), ...(input.date ? { date: input.date } : {}) },
    }),
  forecast: (code: string, weeks: number) => call(supply.formulaForecast, { params: { formula: code }, query: { weeks } }),
  herbs: () => call(supply.searchHerbs),
  markets: () => call(supply.searchMarkets),
  prices: (q: Omit<PriceQuery, 'herb'> & { herb: string }) => call(supply.listPrices, { query: { ...q, limit: q.limit ?? PRICE_PAGE } }),
  exposure: (herb: string, shock?: number) => call(supply.herbExposure, { params: { herb }, query: { shock } }),
  index: (from?: string) => call(supply.priceIndex, { query: { from } }),
  ingredients: (code: string, q: IngredientsQuery = {}) => call(supply.formulaIngredients, { params: { formula: code }, query: q }),
  confirm: (items: BodyIn<typeof supply.confirmPrices>['items']) => call(supply.confirmPrices, { body: { items } }),
  weeklyPrices: (herb: string, spec?: string) => call(supply.weeklyHerbPrices, { params: { herb }, query: { spec } }),
  herbForecast: (herb: string, weeks: number, spec?: string) => call(supply.herbForecast, { params: { herb }, query: { weeks, spec } }),
  searchHerbs: (q: CatalogQuery) => call(supply.searchHerbs, { query: q }),
  searchMarkets: (q?: string) => call(supply.searchMarkets, { query: { q } }),
  createHerb: (body: HerbBody) => call(supply.createHerb, { body }),
  updateHerb: (code: string, body: BodyIn<typeof supply.updateHerb>) => call(supply.updateHerb, { params: { herb: code }, body }),
  addAlias: (herb: string, body: AliasBody) => call(supply.addAlias, { params: { herb }, body }),
  updateAlias: (alias: string, body: AliasPatch) => call(supply.updateAlias, { params: { alias }, body }),
  deleteAlias: (alias: string) => call(supply.deleteAlias, { params: { alias } }),
  specs: (herb: string) => call(supply.listSpecs, { params: { herb } }),
  addSpec: (herb: string, name: string) => call(supply.addSpec, { params: { herb }, body: { name } }),
  renameSpec: (id: number, name: string) => call(supply.renameSpec, { params: { id }, body: { name } }),
  createMarket: (body: MarketBody) => call(supply.createMarket, { body }),
  updateMarket: (code: string, body: BodyIn<typeof supply.updateMarket>) => call(supply.updateMarket, { params: { market: code }, body }),
};
