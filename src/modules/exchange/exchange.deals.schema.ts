/**
 * Zod schemas of matching runs, proposals, contracts and deliveries of the stored market.
 */
import { z } from 'zod';
import { boundedNumber } from '../../shared/fields';
import { compositionClass, deliveryTerms, grade, isoDate, loadType, MAX_PRICE, MAX_TONNES, orgRef, quantityKind } from './exchange.market.schema';

const ref = z.string().trim().min(1).max(100);
const rate = boundedNumber({ min: 0, max: 1_000 });

// ---- matching ---------------------------------------------------------------------------------

export const transportBody = z
  .object({
    /** 元 per tonne·km by load type. */
    costPerTonneKm: z.object({ bulk: rate, liquid: rate, hazardous: rate }).strict(),
    roadFactor: boundedNumber({ min: 1, max: 10 }),
  })
  .strict();

export const matchBody = z
  .object({
    /** Only listings and demands of firms in this park (id or code). */
    park: ref.optional(),
    /** Only listings and demands of firms in this region (GB/T 2260 code, prefix rule). */
    region: z.string().regex(/^\d{6}$/, 'a 6-digit region code').optional(),
    transport: transportBody.optional(),
  })
  .strict();
export type MatchBody = z.infer<typeof matchBody>;

export const matchRunView = z.object({
  id: z.uuid(),
  kind: z.enum(['match', 'reoptimise']),
  parkId: z.uuid().nullable(),
  regionCode: z.string().nullable(),
  transport: transportBody,
  objective: z.number(),
  listings: z.number().int(),
  demands: z.number().int(),
  eligiblePairs: z.number().int(),
  proposals: z.number().int(),
  /** Pending proposals of earlier runs that this allocation replaced. */
  superseded: z.number().int(),
  durationMs: z.number().int(),
  createdAt: z.string(),
});
export type MatchRunView = z.infer<typeof matchRunView>;

// ---- proposals --------------------------------------------------------------------------------

export const proposalStatus = z.enum(['pending', 'accepted', 'declined', 'superseded', 'contracted']);
export const proposalParams = z.object({ id: z.uuid() });
export const proposalsQuery = z.object({
  status: z.enum(['pending', 'accepted', 'declined', 'superseded', 'contracted', 'open', 'all']).default('open'),
  /** seller: proposals on your listings; buyer: on your demands; default both. */
  role: z.enum(['seller', 'buyer', 'any']).default('any'),
  /** Another organisation's inbox (park administration, regulators, platform admins). */
  organisation: ref.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ProposalsQuery = z.infer<typeof proposalsQuery>;
export const decisionBody = z
  .object({
    /** The side to decide for when the caller could act for both (a delegation, the CLI). */
    side: z.enum(['seller', 'buyer']).optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .optional();
export type DecisionBody = z.infer<typeof decisionBody>;

const partner = z.object({ code: z.string(), title: z.string().nullable(), tonnes: z.number() });

export const proposalView = z.object({
  id: z.uuid(),
  runId: z.uuid(),
  status: proposalStatus,
  listing: z.object({ id: z.uuid(), code: z.string(), title: z.string(), class: compositionClass, quantityKind, windowStart: z.string(), windowEnd: z.string() }),
  demand: z.object({ id: z.uuid(), code: z.string(), title: z.string() }),
  /** null while the seller's offer is anonymised and the deal not yet agreed. */
  seller: orgRef.nullable(),
  buyer: orgRef,
  /** Per month for a monthly listing, for the lot otherwise. */
  tonnes: z.number(),
  per: z.enum(['month', 'lot']),
  grade,
  priceOffered: z.number(),
  reservePrice: z.number().nullable(),
  /** Road distance; rounded to 10 km while the offer is anonymised. */
  distanceKm: z.number(),
  distanceRounded: z.boolean(),
  transportCostPerTonne: z.number(),
  valuePerTonne: z.number(),
  valueTotal: z.number(),
  suggestedPrice: z.number(),
  alternative: z.object({
    objective: z.number(),
    valueLost: z.number(),
    listingPartners: z.array(partner),
    demandPartners: z.array(partner),
  }),
  sellerDecision: z.enum(['accepted', 'declined']).nullable(),
  buyerDecision: z.enum(['accepted', 'declined']).nullable(),
  /** Which side(s) the viewer's organisation is on. */
  myRoles: z.array(z.enum(['seller', 'buyer'])),
  /** The sides the viewer may decide for (own organisation or a delegation). */
  contractId: z.uuid().nullable(),
  createdAt: z.string(),
});
export type ProposalView = z.infer<typeof proposalView>;
export const proposalList = z.object({ items: z.array(proposalView), total: z.number().int() });

export const decisionOutcomeView = z.object({
  proposal: proposalView,
  /** The contract made when this decision completed both acceptances. */
  contractId: z.uuid().nullable(),
  /** The re-optimisation a decline caused (null otherwise). */
  reoptimised: matchRunView.nullable(),
});

// ---- contracts --------------------------------------------------------------------------------

export const priceTier = z
  .object({
    upToTonnesPerMonth: boundedNumber({ above: 0, max: MAX_TONNES }).nullable(),
    pricePerTonne: boundedNumber({ min: 0, max: MAX_PRICE }),
  })
  .strict();

export const createServiceContractBody = z
  .object({
    /** The service provider (default: your organisation). */
    provider: ref.optional(),
    clients: z
      .array(
        z
          .object({
            organisation: ref,
            stream: ref.optional(),
            tonnesPerMonth: boundedNumber({ above: 0, max: MAX_TONNES }),
            /** The recycled product goes back to this firm (its residue becomes its own fertiliser, …). */
            loopBack: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(200),
    /** Tiers by a client's monthly tonnes, in ascending order; the last has upToTonnesPerMonth null. */
    priceSchedule: z.array(priceTier).min(1).max(10),
    /** seller: the client firms pay the provider (a collection fee); buyer: the provider pays them. */
    pricePayer: z.enum(['buyer', 'seller']),
    class: compositionClass.optional(),
    loadType,
    deliveryTerms,
    startsOn: isoDate,
    endsOn: isoDate,
    terms: z.string().trim().max(4000).optional(),
    loopProduct: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type CreateServiceContractBody = z.infer<typeof createServiceContractBody>;

export const contractParams = z.object({ id: ref });
export const contractsQuery = z.object({
  status: z.enum(['active', 'completed', 'cancelled', 'all']).default('all'),
  kind: z.enum(['bilateral', 'service', 'all']).default('all'),
  organisation: ref.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ContractsQuery = z.infer<typeof contractsQuery>;

export const deliveryView = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  from: orgRef,
  plannedOn: z.string(),
  plannedTonnes: z.number(),
  status: z.enum(['planned', 'delivered', 'cancelled']),
  deliveredOn: z.string().nullable(),
  deliveredTonnes: z.number().nullable(),
  manifestId: z.uuid().nullable(),
});

export const contractView = z.object({
  id: z.uuid(),
  number: z.string(),
  kind: z.enum(['bilateral', 'service']),
  source: z.enum(['proposal', 'auction', 'direct']),
  status: z.enum(['active', 'completed', 'cancelled']),
  seller: orgRef.nullable(),
  buyer: orgRef,
  parties: z.array(z.object({ organisation: orgRef, tonnesPerMonth: z.number(), loopBack: z.boolean(), streamCode: z.string().nullable() })),
  class: compositionClass.nullable(),
  grade: grade.nullable(),
  tonnes: z.number(),
  pricePerTonne: z.number().nullable(),
  priceSchedule: z.array(priceTier).nullable(),
  pricePayer: z.enum(['buyer', 'seller']),
  deliveryTerms,
  loadType,
  startsOn: z.string(),
  endsOn: z.string(),
  terms: z.string().nullable(),
  loopBack: z.boolean(),
  loopProduct: z.string().nullable(),
  listing: z.object({ id: z.uuid(), code: z.string(), title: z.string() }).nullable(),
  demand: z.object({ id: z.uuid(), code: z.string(), title: z.string() }).nullable(),
  proposalId: z.uuid().nullable(),
  auctionId: z.uuid().nullable(),
  deliveries: z.array(deliveryView),
  totals: z.object({ plannedTonnes: z.number(), deliveredTonnes: z.number(), deliveries: z.number().int(), delivered: z.number().int() }),
  delegationId: z.uuid().nullable(),
  createdAt: z.string(),
});
export type ContractView = z.infer<typeof contractView>;
export const contractList = z.object({
  items: z.array(contractView.omit({ deliveries: true })),
  total: z.number().int(),
  /** Loops back to the generating firm among the listed contracts' parties. */
  loops: z.object({ contracts: z.number().int(), parties: z.number().int(), deliveredTonnes: z.number() }),
});

export const deliveryParams = z.object({ id: ref, seq: z.coerce.number().int().min(1).max(100_000) });
export const recordDeliveryBody = z
  .object({
    deliveredTonnes: boundedNumber({ min: 0, max: MAX_TONNES }),
    deliveredOn: isoDate,
  })
  .strict();
