/**
 * What the public page of a load (opened from its label's QR code) may say about a manifest,
 * without confidential details: the quantity as a band rather than the declared tonnes, places
 * no finer than the city (GB/T 2260: the prefecture's code ends in 00). No clock, no I/O.
 */
import { toMilli } from './quantity';

/** Upper edges of the quantity bands, in tonnes: [0, 1), [1, 5), …, [50, ∞). */
export const QUANTITY_BAND_EDGES = [1, 5, 10, 20, 50] as const;

export interface QuantityBand {
  /** Tonnes, inclusive. */
  from: number;
  /** Tonnes, exclusive; null: open-ended. */
  to: number | null;
}

/** The band of a load of `tonnes` (a decimal string). */
export function quantityBand(tonnes: string): QuantityBand {
  const milli = toMilli(tonnes);
  let from = 0;
  for (const edge of QUANTITY_BAND_EDGES) {
    if (milli < edge * 1000) return { from, to: edge };
    from = edge;
  }
  return { from, to: null };
}

/** The codes to try for a region's city, finest first: the prefecture, then the province. */
export function cityCodes(regionCode: string): string[] {
  if (!/^\d{6}$/.test(regionCode)) return [];
  const city = `${regionCode.slice(0, 4)}00`;
  const province = `${regionCode.slice(0, 2)}0000`;
  return city === province ? [province] : [city, province];
}
