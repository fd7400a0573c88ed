/**
 * Client of the issue-3 supply APIs (herb prices, formula cost Y/P, what-if, exposure, forecast,
 * price index). Types come from the server's Zod schemas (type-only imports).
 */
import type { z } from 'zod';
import type {
  aliasView,
  exposureView,
  herbCreateBody,
  herbForecastView,
  ingredientSeriesView,
  marketCreateBody,
  specView,
  forecastView,
  formulaDetailView,
  formulaSummaryView,
  herbView,
  indexView,
  marketView,
  observationView,
  ratioReportView,
  whatIfView,
} from '../../../../src/modules/supply/supply.schema';
import { getSeverityLevels, type SeverityLevelsView } from '../../../../src/modules/supply/supply.contract';
import { api } from '../../api/client';
import { call } from '../../api/call';

const v1 = '/api/v1/supply';

export type FormulaSummary = z.infer<typeof formulaSummaryView>;
export type SeverityLevels = SeverityLevelsView;
export type FormulaDetail = z.infer<typeof formulaDetailView>;
export type RatioReport = z.infer<typeof ratioReportView>;
export type WhatIf = z.infer<typeof whatIfView>;
export type Herb = z.infer<typeof herbView>;
export type Market = z.infer<typeof marketView>;
export type Observation = z.infer<typeof observationView>;
export type Exposure = z.infer<typeof exposureView>;
export type Forecast = z.infer<typeof forecastView>;
export type PriceIndex = z.infer<typeof indexView>;
export type HerbForecast = z.infer<typeof herbForecastView>;
export type IngredientSeries = z.infer<typeof ingredientSeriesView>;
export type Alias = z.infer<typeof aliasView>;
export type Spec = z.infer<typeof specView>;
export type HerbBody = z.input<typeof herbCreateBody>;
export type MarketBody = z.input<typeof marketCreateBody>;
export interface AliasBody {
  alias: string;
  factor: number;
  kind: Alias['kind'];
}

export interface WhatIfInput {
  prices?: Record<string, number>;
  priceCap?: number;
  date?: string;
}

const seg = encodeURIComponent;

export const supplyApi = {
  /** The engine's severity lines relative to a band (so the web does not restate them). */
  levels: () => call(getSeverityLevels),
  formulas: () => api.get<{ items: FormulaSummary[] }>(`${v1}/formulas`),
  formula: (code: string) => api.get<FormulaDetail>(`${v1}/formulas/${seg(code)}`),
  ratio: (code: string, from?: string, to?: string) => api.get<RatioReport>(`${v1}/formulas/${seg(code)}/ratio`, { from, to }),
  whatIf: (code: string, body: WhatIfInput) => api.post<WhatIf>(`${v1}/formulas/${seg(code)}/whatif`, { prices: body.prices ?? {}, ...(body.priceCap ? { priceCap: body.priceCap } : {}), ...(body.date ? { date: body.date } : {}) }),
  forecast: (code: string, weeks: number) => api.get<Forecast>(`${v1}/formulas/${seg(code)}/forecast`, { weeks }),
  herbs: () => api.get<{ items: Herb[] }>(`${v1}/herbs`),
  markets: () => api.get<{ items: Market[] }>(`${v1}/markets`),
  prices: (q: { herb: string; market?: string; spec?: string; status?: Observation['status']; from?: string; to?: string; limit?: number }) =>
    api.get<{ items: Observation[]; total: number }>(`${v1}/prices`, { ...q, limit: q.limit ?? 500 }),
  exposure: (herb: string, shock?: number) => api.get<Exposure>(`${v1}/herbs/${seg(herb)}/exposure`, { shock }),
  index: (from?: string) => api.get<PriceIndex>(`${v1}/index`, { from }),
  ingredients: (code: string, q: { from?: string; to?: string; every?: number } = {}) => api.get<IngredientSeries>(`${v1}/formulas/${seg(code)}/ingredients`, q),
  confirm: (items: { herb: string; spec: string; market: string; date: string }[]) => api.post<{ confirmed: number; notHeld: number }>(`${v1}/prices/confirm`, { items }),
  herbForecast: (herb: string, weeks: number, spec?: string) => api.get<HerbForecast>(`${v1}/herbs/${seg(herb)}/forecast`, { weeks, spec }),
  searchHerbs: (q: { q?: string; category?: string }) => api.get<{ items: Herb[] }>(`${v1}/herbs`, q),
  searchMarkets: (q?: string) => api.get<{ items: Market[] }>(`${v1}/markets`, { q }),
  createHerb: (body: HerbBody) => api.post<Herb>(`${v1}/herbs`, body),
  updateHerb: (code: string, body: Partial<HerbBody>) => api.patch<Herb>(`${v1}/herbs/${seg(code)}`, body),
  addAlias: (herb: string, body: AliasBody) => api.post<Alias>(`${v1}/herbs/${seg(herb)}/aliases`, body),
  updateAlias: (alias: string, body: Partial<AliasBody> & { herb?: string }) => api.patch<Alias>(`${v1}/aliases/${seg(alias)}`, body),
  deleteAlias: (alias: string) => api.delete<null>(`${v1}/aliases/${seg(alias)}`),
  specs: (herb: string) => api.get<{ items: Spec[] }>(`${v1}/herbs/${seg(herb)}/specs`),
  addSpec: (herb: string, name: string) => api.post<Spec>(`${v1}/herbs/${seg(herb)}/specs`, { name }),
  renameSpec: (id: number, name: string) => api.patch<Spec>(`${v1}/specs/${id}`, { name }),
  createMarket: (body: MarketBody) => api.post<Market>(`${v1}/markets`, body),
  updateMarket: (code: string, body: Partial<MarketBody>) => api.patch<Market>(`${v1}/markets/${seg(code)}`, body),
};
