/**
 * Seeded random markets for the tests (against HiGHS) and the benchmark (national scale). Sites
 * are spread uniformly over a square of `spanDegrees` around a centre (亳州 by default); classes,
 * grades, prices and reserves vary as real residue markets do (a few hundred 元 per tonne).
 */
import { COMPOSITION_CLASS_IDS } from '../../byproducts/engine';
import { seededRng } from '../../supply/engine';
import { GRADES, LOAD_TYPES, type Grade, type Market, type MarketDemand, type MarketListing } from './match';

export interface RandomMarketOptions {
  listings: number;
  demands: number;
  /** Width and height of the area, in degrees. */
  spanDegrees: number;
  centre?: { lat: number; lon: number };
  /** The demands' maximum road distances are drawn from [0.25, 1] × this. */
  maxDistanceKm?: number;
}

export function randomMarket(seed: number, options: RandomMarketOptions): Market {
  const rng = seededRng(seed);
  const centre = options.centre ?? { lat: 33.84, lon: 115.78 };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng.next() * items.length)]!;
  const site = () => ({ lat: centre.lat + (rng.next() - 0.5) * options.spanDegrees, lon: centre.lon + (rng.next() - 0.5) * options.spanDegrees });
  const maxDistance = options.maxDistanceKm ?? 300;

  const listings: MarketListing[] = Array.from({ length: options.listings }, (_, i) => ({
    id: `L${i + 1}`,
    tonnes: Math.round((5 + rng.next() * 495) * 1000) / 1000,
    ...site(),
    class: pick(COMPOSITION_CLASS_IDS),
    grade: pick(GRADES),
    reservePrice: rng.next() < 0.2 ? null : Math.round(rng.next() * 150),
    loadType: rng.next() < 0.8 ? 'bulk' : pick(LOAD_TYPES),
  }));
  const demands: MarketDemand[] = Array.from({ length: options.demands }, (_, j) => {
    const minGrade: Grade = pick(GRADES);
    const top = 200 + rng.next() * 300;
    const prices: Partial<Record<Grade, number>> = {};
    GRADES.forEach((g, k) => {
      if (rng.next() < 0.9) prices[g] = Math.round((top * (1 - 0.2 * k)) * 100) / 100;
    });
    const accepts = COMPOSITION_CLASS_IDS.filter(() => rng.next() < 0.5);
    return {
      id: `D${j + 1}`,
      capacity: Math.round((10 + rng.next() * 990) * 1000) / 1000,
      ...site(),
      accepts: accepts.length > 0 ? accepts : [pick(COMPOSITION_CLASS_IDS)],
      minGrade,
      prices,
      maxDistanceKm: Math.round(maxDistance * (0.25 + 0.75 * rng.next())),
    };
  });
  return { transport: { costPerTonneKm: { bulk: 0.45, liquid: 0.7, hazardous: 1.6 }, roadFactor: 1.3 }, listings, demands };
}
