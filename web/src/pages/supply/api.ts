/**
 * Client of the issue-3 supply APIs (herb prices, formula cost Y/P, what-if, exposure, forecast,
 * price index). Types come from the server's Zod schemas (type-only imports).
 */
import type { z } from 'zod';
import type {
  exposureView,
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
import { api } from '../../api/client';

const v1 = '/api/v1/supply';

export type FormulaSummary = z.infer<typeof formulaSummaryView>;
export type FormulaDetail = z.infer<typeof formulaDetailView>;
export type RatioReport = z.infer<typeof ratioReportView>;
export type WhatIf = z.infer<typeof whatIfView>;
export type Herb = z.infer<typeof herbView>;
export type Market = z.infer<typeof marketView>;
export type Observation = z.infer<typeof observationView>;
export type Exposure = z.infer<typeof exposureView>;
export type Forecast = z.infer<typeof forecastView>;
export type PriceIndex = z.infer<typeof indexView>;

export interface WhatIfInput {
  prices?: Record<string, number>;
  priceCap?: number;
  date?: string;
}

const seg = encodeURIComponent;

export const supplyApi = {
  formulas: () => api.get<{ items: FormulaSummary[] }>(`${v1}/formulas`),
  formula: (code: string) => api.get<FormulaDetail>(`${v1}/formulas/${seg(code)}`),
  ratio: (code: string, from?: string, to?: string) => api.get<RatioReport>(`${v1}/formulas/${seg(code)}/ratio`, { from, to }),
  whatIf: (code: string, body: WhatIfInput) => api.post<WhatIf>(`${v1}/formulas/${seg(code)}/whatif`, { prices: body.prices ?? {}, ...(body.priceCap ? { priceCap: body.priceCap } : {}), ...(body.date ? { date: body.date } : {}) }),
  forecast: (code: string, weeks: number) => api.get<Forecast>(`${v1}/formulas/${seg(code)}/forecast`, { weeks }),
  herbs: () => api.get<{ items: Herb[] }>(`${v1}/herbs`),
  markets: () => api.get<{ items: Market[] }>(`${v1}/markets`),
  prices: (q: { herb: string; market?: string; spec?: string; from?: string; to?: string; limit?: number }) =>
    api.get<{ items: Observation[]; total: number }>(`${v1}/prices`, { ...q, limit: q.limit ?? 500 }),
  exposure: (herb: string, shock?: number) => api.get<Exposure>(`${v1}/herbs/${seg(herb)}/exposure`, { shock }),
  index: (from?: string) => api.get<PriceIndex>(`${v1}/index`, { from }),
};

/**
 * Cost shares over time. The API has no per-herb reference-price series, so the page samples
 * the what-if endpoint (no overrides) on a few dates: shares and, with the formula's amounts,
 * the reference price of each herb on those dates.
 */
export function sampleDates(first: string, last: string, stepMonths: number): string[] {
  const out: string[] = [];
  const [y0, m0] = first.split('-').map(Number) as [number, number];
  let y = y0;
  let m = m0;
  for (;;) {
    const d = `${y}-${String(m).padStart(2, '0')}-${m === m0 && y === y0 ? first.slice(8, 10) : '01'}`;
    if (d > last) break;
    out.push(d);
    m += stepMonths;
    while (m > 12) {
      m -= 12;
      y += 1;
    }
  }
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
