/**
 * Cost-floor price of a cultivated herb (seed 003 §6.3): the price at which a grower
 * recovers the input and earns the target profit over a whole growth cycle.
 *
 *   floor (元/kg) = cycleYears × (annual input per 亩 + annual profit per 亩) / yield per 亩 per cycle
 *
 * Seed case, 三七: 3 years, 10 000 元/亩 a year, 150 kg/亩, 75 000 元/hm² a year profit
 * (= 5 000 元/亩): (3 × 10 000 + 3 × 5 000) / 150 = 300 元/kg.
 */
import { perMu, type AreaUnit } from './units';

export interface CultivationEconomics {
  cycleYears: number;
  /** Input per area unit per year, 元. */
  annualInput: number;
  /** Harvest per area unit per growth cycle, kg. */
  yieldPerCycle: number;
  /** Area unit of `annualInput` and `yieldPerCycle`. */
  areaUnit: AreaUnit;
  /** Target profit per area unit per year, 元. */
  annualProfit: number;
  profitAreaUnit: AreaUnit;
}

export function costFloorPrice(e: CultivationEconomics): number {
  const inputPerMu = perMu(e.annualInput, e.areaUnit);
  const yieldPerMu = perMu(e.yieldPerCycle, e.areaUnit);
  const profitPerMu = perMu(e.annualProfit, e.profitAreaUnit);
  return (e.cycleYears * inputPerMu + e.cycleYears * profitPerMu) / yieldPerMu;
}
