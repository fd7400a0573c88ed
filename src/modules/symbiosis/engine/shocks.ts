/**
 * Which makers a price fall of a product halts (issue 14, "firm stops" shocks). The platform
 * knows which formulas (products) each firm owns but not what it sells of each, so a product is
 * weighted as an equal share of its maker's products: a fall f of the price of a product that is
 * k of the maker's m formulas costs the maker f · k / m of its revenue. The maker stops when that
 * lost share exceeds its stop threshold — the same stored threshold (50 % by default) that
 * decides when lost inputs stop it: a fall of 40 % halts a maker of that product alone only if
 * its threshold is below 0.4, and a maker of four products needs a fall above its threshold × 4.
 */
import { DEFAULT_STOP_THRESHOLD } from './cascade-input';

export interface ProductMaker {
  firm: string;
  /** Formulas of the product (its code) the firm owns: at least 1. */
  productFormulas: number;
  /** All formulas the firm owns (≥ productFormulas). */
  ownedFormulas: number;
  /** Share of revenue (0–1) whose loss the firm survives; default 0.5. */
  threshold?: number | undefined;
}

export interface PriceFallOutcome {
  firm: string;
  /** fall × productFormulas ÷ ownedFormulas. */
  lostRevenueShare: number;
  threshold: number;
  stops: boolean;
}

export function priceFallStops(makers: readonly ProductMaker[], fall: number): PriceFallOutcome[] {
  return makers.map((m) => {
    const owned = Math.max(m.ownedFormulas, m.productFormulas, 1);
    const lostRevenueShare = fall * (Math.max(m.productFormulas, 0) / owned);
    const threshold = m.threshold ?? DEFAULT_STOP_THRESHOLD;
    return { firm: m.firm, lostRevenueShare, threshold, stops: lostRevenueShare > threshold };
  });
}
