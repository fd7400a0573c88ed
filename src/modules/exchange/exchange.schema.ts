/**
 * Zod schemas of the by-product exchange. `marketFile` is the market an analyst describes in a
 * file for `herbloop exchange match --file` (README, "Exchange"): money in 元, tonnes, degrees.
 */
import { z } from 'zod';
import { COMPOSITION_CLASS_IDS } from '../byproducts/engine';
import { GRADES, LOAD_TYPES, type LoadType, type Market } from './engine/match';

/** The largest quantity, price or distance a market file may state (beyond any real trade). */
const MAX_AMOUNT = 1e9;

const id = z.string().trim().min(1).max(100);
const amount = z.number().finite().min(0).max(MAX_AMOUNT);
const latitude = z.number().finite().min(-90).max(90);
const longitude = z.number().finite().min(-180).max(180);
const grade = z.enum(GRADES);

const costPerTonneKm = z.union([amount, z.object({ bulk: amount, liquid: amount.optional(), hazardous: amount.optional() }).strict()]);

const listing = z
  .object({
    id,
    tonnes: amount,
    lat: latitude,
    lon: longitude,
    class: z.enum(COMPOSITION_CLASS_IDS),
    grade,
    reservePrice: amount.nullable().optional(),
    loadType: z.enum(LOAD_TYPES).optional(),
  })
  .strict();

const demand = z
  .object({
    id,
    capacity: amount,
    lat: latitude,
    lon: longitude,
    accepts: z.array(z.enum(COMPOSITION_CLASS_IDS)).min(1).max(COMPOSITION_CLASS_IDS.length),
    minGrade: grade,
    prices: z.object({ A: amount.optional(), B: amount.optional(), C: amount.optional() }).strict(),
    maxDistanceKm: amount,
  })
  .strict();

/** Ids must be unique within listings and within demands: the output names them. */
function uniqueIds(items: readonly { id: string }[], ctx: z.RefinementCtx, list: string) {
  const seen = new Map<string, number>();
  items.forEach((item, k) => {
    const first = seen.get(item.id);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [list, k, 'id'], message: `"${item.id}" is already the id of ${list}[${first}]` });
    else seen.set(item.id, k);
  });
}

export const marketFile = z
  .object({
    transport: z.object({ costPerTonneKm, roadFactor: z.number().finite().min(1).max(10) }).strict(),
    listings: z.array(listing).max(1_000_000),
    demands: z.array(demand).max(1_000_000),
  })
  .strict()
  .superRefine((m, ctx) => {
    uniqueIds(m.listings, ctx, 'listings');
    uniqueIds(m.demands, ctx, 'demands');
    if (typeof m.transport.costPerTonneKm === 'object') {
      const rates = m.transport.costPerTonneKm;
      m.listings.forEach((l, k) => {
        if (l.loadType !== undefined && rates[l.loadType] === undefined) {
          ctx.addIssue({ code: 'custom', path: ['listings', k, 'loadType'], message: `no transport cost is given for load type "${l.loadType}" (transport.costPerTonneKm.${l.loadType})` });
        }
      });
    }
  })
  .transform((m): Market => {
    const rate = m.transport.costPerTonneKm;
    // A load type without its own rate is never used (checked above); bulk stands in for the type's sake.
    const costPerTonneKm: Record<LoadType, number> =
      typeof rate === 'number' ? { bulk: rate, liquid: rate, hazardous: rate } : { bulk: rate.bulk, liquid: rate.liquid ?? rate.bulk, hazardous: rate.hazardous ?? rate.bulk };
    return {
      transport: { costPerTonneKm, roadFactor: m.transport.roadFactor },
      listings: m.listings.map((l) => ({ ...l, reservePrice: l.reservePrice ?? null, loadType: l.loadType ?? 'bulk' })),
      demands: m.demands,
    };
  });

