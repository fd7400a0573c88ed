/**
 * Circularity figures of the super-circular system (seed 000 §3.2.2: resource, value and
 * ecological chains) — the one place they are defined, so the API, exports and pages agree.
 * Pure computation over monthly stream records; see README.md §circularity for the formulas.
 */
import type { CompositionClassId, DisposalHandlingId, ModeId, PhysicalStateId, SourceStageId } from './taxonomy';
import { DISPOSAL_HANDLING_IDS, MODE_IDS } from './taxonomy';

export type ScopeLevel = 'stream' | 'site' | 'firm' | 'park' | 'region';
export type UtilisationMode = ModeId | 'unspecified';

/** One stream in one month. */
export interface StreamPeriodRecord {
  streamId: string;
  siteId: string;
  firmId: string;
  parkId: string;
  regionId: string;
  /** YYYY-MM */
  period: string;
  generatedT: number;
  /** % water of the generated mass; default 65 (solids) / 97 (liquids). */
  moisture?: number;
  state?: PhysicalStateId;
  /** For the "generation by stage / by class" charts. */
  stage?: SourceStageId;
  /** The stream's first composition class. */
  compositionClass?: CompositionClassId;
  /** mg/L, for discharged liquids; default 20 000. */
  cod?: number;
  utilised: { mode: UtilisationMode; tonnes: number; valueYuan: number; pathwayId?: string; co2eAvoidedPerDryTonne?: number }[];
  disposed: { route: DisposalHandlingId; tonnes: number; costYuan?: number }[];
  /** Change of on-site stock over the period (positive = stock grew). */
  stockChangeT?: number;
}

/**
 * Emission factors. Global warming potentials: IPCC AR6 WG1 Table 7.15 (CH4 of biogenic origin
 * 27.0, N2O 273). Biogenic CO2 is not counted (IPCC 2006 vol. 5 §5.2.1).
 */
export const EMISSION_FACTORS = {
  gwp: { ch4: 27.0, n2o: 273, source: 'IPCC AR6 WG1 (2021) Table 7.15, GWP100, non-fossil CH4' },
  landfill: {
    /** Degradable organic carbon of dry matter: garden and park waste default. */
    docDry: 0.49,
    /** Fraction of DOC that decomposes. */
    docF: 0.5,
    /** Methane correction factor: managed anaerobic site. */
    mcf: 1.0,
    /** Fraction of CH4 in landfill gas. */
    f: 0.5,
    /** Fraction of CH4 recovered: gas collection required by GB 16889-2008; 0.6 is herbloop's assumption of its efficiency. */
    recovery: 0.6,
    /** Oxidation in cover soil, managed site. */
    ox: 0.1,
    source: 'IPCC 2006 Guidelines vol. 5 ch. 3 (FOD, total eventual emission) and Table 2.4; GB 16889-2008; recovery 0.6 assumed',
  },
  incineration: { n2oPerWetTonne: 0.00005, source: 'IPCC 2006 vol. 5 ch. 5 Table 5.6 (MSW, continuous incineration: 50 g N2O/t wet); biogenic CO2 excluded' },
  discharge: { b0: 0.25, mcf: 0.11, defaultCodMgPerL: 20000, source: 'IPCC 2019 Refinement vol. 5 ch. 6 (B0 0.25 kg CH4/kg COD; MCF 0.11 for discharge to aquatic environments)' },
  harmlessTreatment: { ch4PerWetTonne: 0.004, n2oPerWetTonne: 0.0003, source: 'IPCC 2006 vol. 5 ch. 4 Table 4.1 (composting: 4 g CH4 and 0.3 g N2O per kg wet waste)' },
  /** Credit for utilised mass when a record gives no pathway figure: mean of the knowledge base per mode, t CO2e per t dry matter vs landfill. */
  utilisationDefaultPerDryTonne: { 'low-value-conversion': 0.9, 'reduce-efficiency': 1.15, 'value-added': 1.5, unspecified: 0.9 } as Record<UtilisationMode, number>,
} as const;

const DEFAULT_MOISTURE: Record<PhysicalStateId, number> = { solid: 65, liquid: 97, gas: 0 };

/** t CO2e per wet tonne landfilled at the given moisture (%). */
export function landfillFactorPerWetTonne(moisture: number): number {
  const l = EMISSION_FACTORS.landfill;
  const ch4 = (1 - moisture / 100) * l.docDry * l.docF * l.mcf * l.f * (16 / 12) * (1 - l.recovery) * (1 - l.ox);
  return ch4 * EMISSION_FACTORS.gwp.ch4;
}

/** t CO2e per wet tonne (m³) of untreated liquid discharged at the given COD (mg/L). */
export function dischargeFactorPerWetTonne(codMgPerL: number): number {
  const d = EMISSION_FACTORS.discharge;
  return (codMgPerL / 1e6) * d.b0 * d.mcf * EMISSION_FACTORS.gwp.ch4;
}

export function disposalFactorPerWetTonne(route: DisposalHandlingId, moisture: number, codMgPerL: number): number {
  switch (route) {
    case 'landfill':
      return landfillFactorPerWetTonne(moisture);
    case 'incineration':
      return EMISSION_FACTORS.incineration.n2oPerWetTonne * EMISSION_FACTORS.gwp.n2o;
    case 'discharge':
      return dischargeFactorPerWetTonne(codMgPerL);
    case 'harmless-treatment':
      return (
        EMISSION_FACTORS.harmlessTreatment.ch4PerWetTonne * EMISSION_FACTORS.gwp.ch4 +
        EMISSION_FACTORS.harmlessTreatment.n2oPerWetTonne * EMISSION_FACTORS.gwp.n2o
      );
  }
}

export interface CircularityFigures {
  scope: ScopeLevel;
  id: string;
  period: string;
  records: number;
  /** Resource chain. */
  generatedT: number;
  utilisedT: number;
  utilisedByModeT: Record<UtilisationMode, number>;
  /** utilised / generated; null when nothing was generated. */
  utilisationRate: number | null;
  /** Value chain: 元 of products made from the by-products. */
  valueCreatedYuan: number;
  /** Ecological chain. */
  disposedT: number;
  disposalMix: Record<DisposalHandlingId, { tonnes: number; share: number | null }>;
  disposalCostYuan: number;
  co2eAvoidedT: number;
  co2eFromDisposalT: number;
  /** generated − utilised − disposed − stock change: should be ~0; non-zero flags incomplete records. */
  unaccountedT: number;
}

function scopeKey(record: StreamPeriodRecord, level: ScopeLevel): string {
  switch (level) {
    case 'stream': return record.streamId;
    case 'site': return record.siteId;
    case 'firm': return record.firmId;
    case 'park': return record.parkId;
    case 'region': return record.regionId;
  }
}

/** A period is a year (YYYY) or a month (YYYY-MM); records are monthly. */
export function periodContains(period: string, recordPeriod: string): boolean {
  return period.length === 4 ? recordPeriod.startsWith(`${period}-`) : recordPeriod === period;
}

/** Figures for one scope (stream, site, firm, park or region) and one period. */
export function circularityFigures(records: readonly StreamPeriodRecord[], level: ScopeLevel, id: string, period: string): CircularityFigures {
  if (!/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(period)) throw new Error(`period must be YYYY or YYYY-MM, got "${period}"`);
  const byMode: Record<UtilisationMode, number> = { 'low-value-conversion': 0, 'reduce-efficiency': 0, 'value-added': 0, unspecified: 0 };
  const mix = Object.fromEntries(DISPOSAL_HANDLING_IDS.map((r) => [r, { tonnes: 0, share: null as number | null }])) as CircularityFigures['disposalMix'];
  let generated = 0;
  let value = 0;
  let disposalCost = 0;
  let co2Avoided = 0;
  let co2Disposal = 0;
  let stock = 0;
  let count = 0;
  // Hoisted: this loop runs over every record of a region for every chart point.
  const yearPrefix = period.length === 4 ? `${period}-` : null;
  for (const r of records) {
    if (scopeKey(r, level) !== id) continue;
    if (yearPrefix === null ? r.period !== period : !r.period.startsWith(yearPrefix)) continue;
    count += 1;
    const state = r.state ?? 'solid';
    const moisture = r.moisture ?? DEFAULT_MOISTURE[state];
    const cod = r.cod ?? EMISSION_FACTORS.discharge.defaultCodMgPerL;
    generated += r.generatedT;
    stock += r.stockChangeT ?? 0;
    for (const u of r.utilised) {
      byMode[u.mode] += u.tonnes;
      value += u.valueYuan;
      const perDry = u.co2eAvoidedPerDryTonne ?? EMISSION_FACTORS.utilisationDefaultPerDryTonne[u.mode];
      co2Avoided += u.tonnes * (1 - moisture / 100) * perDry;
    }
    for (const d of r.disposed) {
      mix[d.route].tonnes += d.tonnes;
      disposalCost += d.costYuan ?? 0;
      co2Disposal += d.tonnes * disposalFactorPerWetTonne(d.route, moisture, cod);
    }
  }
  const utilised = MODE_IDS.reduce((s, m) => s + byMode[m], byMode.unspecified);
  const disposed = DISPOSAL_HANDLING_IDS.reduce((s, route) => s + mix[route].tonnes, 0);
  for (const route of DISPOSAL_HANDLING_IDS) mix[route].share = disposed > 0 ? mix[route].tonnes / disposed : null;
  return {
    scope: level,
    id,
    period,
    records: count,
    generatedT: generated,
    utilisedT: utilised,
    utilisedByModeT: byMode,
    utilisationRate: generated > 0 ? utilised / generated : null,
    valueCreatedYuan: value,
    disposedT: disposed,
    disposalMix: mix,
    disposalCostYuan: disposalCost,
    co2eAvoidedT: co2Avoided,
    co2eFromDisposalT: co2Disposal,
    unaccountedT: generated - utilised - disposed - stock,
  };
}

export type GenerationDimension = 'stage' | 'class' | 'state';

/**
 * Generated tonnes split by source stage, composition class or state for one scope and period
 * (dashboard charts). Records without the dimension count under "unknown".
 */
export function generationBreakdown(
  records: readonly StreamPeriodRecord[],
  level: ScopeLevel,
  id: string,
  period: string,
  by: GenerationDimension,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) {
    if (scopeKey(r, level) !== id || !periodContains(period, r.period)) continue;
    let key: string | undefined;
    switch (by) {
      case 'stage': key = r.stage; break;
      case 'class': key = r.compositionClass; break;
      case 'state': key = r.state ?? 'solid'; break;
    }
    const k = key ?? 'unknown';
    out[k] = (out[k] ?? 0) + r.generatedT;
  }
  return out;
}

/** Figures per month for a year (for the trend charts). */
export function monthlyCircularitySeries(records: readonly StreamPeriodRecord[], level: ScopeLevel, id: string, year: string): CircularityFigures[] {
  return Array.from({ length: 12 }, (_, i) => circularityFigures(records, level, id, `${year}-${String(i + 1).padStart(2, '0')}`));
}

/**
 * Inputs of the Ellen MacArthur Foundation Material Circularity Indicator (Circularity
 * Indicators methodology, 2015; 2019 update adds the biological terms F_S, C_C, C_E).
 * Fractions are of M.
 */
export interface MciInputs {
  /** Mass of the product / material throughput. */
  M: number;
  /** Feedstock from recycled sources. */
  FR: number;
  /** Feedstock from reused sources. */
  FU: number;
  /** Biological feedstock from sustained production (2019). */
  FS?: number;
  /** Collected for recycling at end of use. */
  CR: number;
  /** Collected for reuse. */
  CU: number;
  /** Composted (2019, biological). */
  CC?: number;
  /** Efficiency of the recycling process that produced the recycled feedstock. */
  EF: number;
  /** Efficiency of the recycling process at end of use. */
  EC: number;
  /** Utility X = (L/L_av)·(U/U_av). */
  X: number;
}

export interface MciResult {
  V: number;
  W0: number;
  WC: number;
  WF: number;
  W: number;
  LFI: number;
  FX: number;
  MCI: number;
}

/**
 * V = M(1 − F_R − F_U − F_S); W_0 = M(1 − C_R − C_U − C_C); W_C = M(1 − E_C)C_R;
 * W_F = M(1 − E_F)F_R/E_F; W = W_0 + (W_F + W_C)/2;
 * LFI = (V + W)/(2M + (W_F − W_C)/2); F(X) = 0.9/X; MCI = max(0, 1 − LFI·F(X)).
 */
export function materialCircularityIndicator(inputs: MciInputs): MciResult {
  const { M, FR, FU, CR, CU, EF, EC, X } = inputs;
  const FS = inputs.FS ?? 0;
  const CC = inputs.CC ?? 0;
  if (!(M > 0)) throw new Error('M must be > 0');
  if (!(X > 0)) throw new Error('X must be > 0');
  if (FR > 0 && !(EF > 0)) throw new Error('EF must be > 0 when FR > 0');
  const V = M * (1 - FR - FU - FS);
  const W0 = M * (1 - CR - CU - CC);
  const WC = M * (1 - EC) * CR;
  const WF = FR > 0 ? (M * (1 - EF) * FR) / EF : 0;
  const W = W0 + (WF + WC) / 2;
  const LFI = (V + W) / (2 * M + (WF - WC) / 2);
  const FX = 0.9 / X;
  return { V, W0, WC, WF, W, LFI, FX, MCI: Math.max(0, 1 - LFI * FX) };
}

/**
 * What a firm declares about its inputs for a period (beyond its by-product records), stored
 * per firm and period. Masses in t; fractions 0..1.
 */
export interface FirmMciInputs {
  /** Virgin herbal raw material processed (F_V part of M). */
  virginFeedstockT: number;
  /** Input from recycled sources, e.g. by-products of other firms used as raw material (F_R·M). */
  recycledFeedstockT: number;
  /** Input from reused sources (F_U·M). */
  reusedFeedstockT: number;
  /** E_F: mass yield of the process that made the recycled input; needed when there is any. */
  recycledFeedstockEfficiency: number | null;
  /** Share of the firm's product collected for recycling after use. */
  productRecycledFraction: number;
  /** Share of the firm's product collected for reuse. */
  productReusedFraction: number;
  /** E_C: mass yield of the recycling of what is collected (utilised by-products, recycled product). */
  recyclingEfficiency: number | null;
  /** X = (L/L_av)·(U/U_av); null = not known. */
  utility: number | null;
}

export type FirmMciReason = 'no-inputs' | 'no-throughput' | 'recycled-feedstock-efficiency-missing' | 'recycling-efficiency-missing';
export type FirmMciAssumption = 'utility-average' | 'year-inputs-pro-rata' | 'byproducts-capped-at-throughput';

export type FirmMci =
  | { value: number; terms: MciInputs & MciResult & { byproductShare: number }; assumptions: FirmMciAssumption[]; reasonCode: null; reason: null }
  | { value: null; terms: null; assumptions: FirmMciAssumption[]; reasonCode: FirmMciReason; reason: string };

const FIRM_MCI_REASONS: Record<FirmMciReason, string> = {
  'no-inputs': 'the firm has declared no inputs (virgin and recycled feedstock) for this period',
  'no-throughput': 'the declared feedstock of the period is zero',
  'recycled-feedstock-efficiency-missing': 'recycled feedstock is declared but not the efficiency (E_F) of the process that made it',
  'recycling-efficiency-missing': 'material is collected for recycling but its recycling efficiency (E_C) is not declared',
};

/**
 * Firm-level MCI (EMF formula, see README §circularity). The firm's material throughput is its
 * declared input, M = virgin + recycled + reused feedstock. Its outputs are by-products and
 * product: the by-product share b = min(1, generated / M) of M (wet mass, capped), the product
 * share 1 − b. Collected for recycling: the utilised by-products plus the product share sent to
 * recycling, C_R = min(b, utilised / M) + (1 − b)·productRecycledFraction; collected for reuse
 * C_U = (1 − b)·productReusedFraction. Everything else is unrecoverable waste. Nothing missing
 * is invented: without inputs, or without an efficiency the formula needs, the answer is null
 * with the reason; only utility falls back to the methodology's industry average (X = 1).
 */
export function firmMaterialCircularity(figures: Pick<CircularityFigures, 'generatedT' | 'utilisedT'>, inputs: FirmMciInputs | null, assumptions: FirmMciAssumption[] = []): FirmMci {
  const fail = (reasonCode: FirmMciReason): FirmMci => ({ value: null, terms: null, assumptions, reasonCode, reason: FIRM_MCI_REASONS[reasonCode] });
  if (inputs === null) return fail('no-inputs');
  const M = inputs.virginFeedstockT + inputs.recycledFeedstockT + inputs.reusedFeedstockT;
  if (!(M > 0)) return fail('no-throughput');
  const FR = inputs.recycledFeedstockT / M;
  const FU = inputs.reusedFeedstockT / M;
  if (FR > 0 && !(inputs.recycledFeedstockEfficiency !== null && inputs.recycledFeedstockEfficiency > 0)) return fail('recycled-feedstock-efficiency-missing');
  const own = [...assumptions];
  if (figures.generatedT > M) own.push('byproducts-capped-at-throughput');
  const b = Math.min(1, figures.generatedT / M);
  const CU = (1 - b) * inputs.productReusedFraction;
  const CR = Math.min(1 - CU, Math.min(b, figures.utilisedT / M) + (1 - b) * inputs.productRecycledFraction);
  if (CR > 0 && inputs.recyclingEfficiency === null) return { ...fail('recycling-efficiency-missing'), assumptions: own };
  if (inputs.utility === null) own.push('utility-average');
  const terms: MciInputs = { M, FR, FU, FS: 0, CR, CU, CC: 0, EF: inputs.recycledFeedstockEfficiency ?? 1, EC: inputs.recyclingEfficiency ?? 1, X: inputs.utility ?? 1 };
  const result = materialCircularityIndicator(terms);
  return { value: result.MCI, terms: { ...terms, ...result, byproductShare: b }, assumptions: own, reasonCode: null, reason: null };
}

/**
 * The inputs that apply to a period: those declared for it, or for a month the year's
 * declaration pro rata (1/12 of its masses; the fractions unchanged).
 */
export function firmInputsForPeriod(declared: ReadonlyMap<string, FirmMciInputs>, period: string): { inputs: FirmMciInputs | null; assumptions: FirmMciAssumption[] } {
  const exact = declared.get(period);
  if (exact) return { inputs: exact, assumptions: [] };
  if (period.length === 7) {
    const year = declared.get(period.slice(0, 4));
    if (year) {
      return {
        inputs: { ...year, virginFeedstockT: year.virginFeedstockT / 12, recycledFeedstockT: year.recycledFeedstockT / 12, reusedFeedstockT: year.reusedFeedstockT / 12 },
        assumptions: ['year-inputs-pro-rata'],
      };
    }
  }
  return { inputs: null, assumptions: [] };
}
