import { z } from 'zod';

/**
 * The balance model JSON (README, "Balance model format"). Zod checks shapes and numbers; the
 * engine's validateBalanceModel then checks references (unknown process ids, duplicate ids).
 */
const id = z.string().trim().min(1).max(100);
const quantity = z.object({
  value: z.number().finite().optional(),
  sd: z.number().finite().min(0).optional(),
  sdRelative: z.number().finite().min(0).optional(),
});

const flowKinds = ['product', 'byproduct', 'loss'] as const;
/** Mass units of a model's values; the by-product feed converts them to tonnes. */
export const massUnits = { kg: 0.001, t: 1 } as const;

export const balanceModelSchema = z.object({
  /** Mass unit of all flow and stock values. Default t. */
  unit: z.enum(['kg', 't']).optional(),
  /** The balance period: a month YYYY-MM or a year YYYY (absent: a nominal period such as one batch). */
  period: z.string().regex(/^[0-9]{4}(-(0[1-9]|1[0-2]))?$/, 'YYYY or YYYY-MM').optional(),
  processes: z
    .array(
      z.object({
        id,
        name: z.string().max(200),
        stock: quantity.optional(),
        balanced: z.boolean().optional(),
        layerStocks: z.record(z.string(), quantity).optional(),
      }),
    )
    .min(1)
    .max(20_000),
  flows: z
    .array(
      quantity.extend({
        id,
        from: id.nullable(),
        to: id.nullable(),
        name: z.string().max(200).optional(),
        /**
         * What the flow is, where it matters outside the balance: `product`, `byproduct` (e.g.
         * spent herb residue) or `loss` (dust, exhaust). Unmarked flows are plain material flows.
         * The by-product module reads the reconciled by-product and loss outflows of a firm.
         */
        kind: z.enum(flowKinds).optional(),
        concentrations: z.record(z.string(), quantity).optional(),
      }),
    )
    .min(1)
    .max(50_000),
  relations: z
    .array(
      z.discriminatedUnion('kind', [
        quantity.extend({ id, kind: z.literal('transfer'), flow: id, of: z.array(id).min(1) }),
        z.object({ id, kind: z.literal('equal'), flows: z.tuple([id, id]), factor: z.number().finite().optional() }),
      ]),
    )
    .max(50_000)
    .optional(),
  layers: z.array(z.object({ id, name: z.string().max(200), unbalanced: z.array(id).optional() })).max(20).optional(),
});
export type BalanceModelInput = z.infer<typeof balanceModelSchema>;

export const reconcileOptions = z
  .object({
    alpha: z.number().gt(0).lt(0.5).optional(),
    maxIterations: z.number().int().min(1).max(500).optional(),
    serialElimination: z.boolean().optional(),
  })
  .default({});

export const reconcileBody = z.object({ model: balanceModelSchema, options: reconcileOptions });

export const balanceModelBody = z.object({ name: z.string().trim().min(1).max(120), model: balanceModelSchema });

export const balanceModelView = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  name: z.string(),
  model: balanceModelSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const balanceModelIdParams = z.object({ id: z.uuid() });
export const listModelsQuery = z.object({ organisationId: z.uuid().optional() });

const estimate = z.object({
  value: z.number().nullable(),
  sd: z.number().nullable(),
  status: z.enum(['measured', 'fixed', 'computed', 'undetermined']),
  measured: z.number().optional(),
  measuredSd: z.number().optional(),
});
const test = z.object({
  id: z.string(),
  measured: z.number(),
  reconciled: z.number(),
  adjustment: z.number(),
  normalizedAdjustment: z.number(),
  pValue: z.number(),
  suspect: z.boolean(),
});
const chiSquare = z.object({
  statistic: z.number(),
  degreesOfFreedom: z.number().int(),
  critical: z.number(),
  pValue: z.number(),
  alpha: z.number(),
  passed: z.boolean(),
  tested: z.boolean().describe('false with 0 degrees of freedom: nothing could be tested (not "passed")'),
});

const noteParams = z.record(z.string(), z.union([z.string(), z.number()]));

export const reconciliationView = z.object({
  flows: z.record(z.string(), estimate),
  relations: z.record(z.string(), estimate),
  stocks: z.record(z.string(), estimate),
  layers: z.record(z.string(), z.object({ flows: z.record(z.string(), estimate), concentrations: z.record(z.string(), estimate), stocks: z.record(z.string(), estimate) })),
  undetermined: z.array(z.string()),
  nonRedundant: z.array(z.string()),
  grossErrors: z.array(test),
  measurementTests: z.array(test),
  chiSquare,
  contradictions: z.array(
    z.object({
      equations: z.array(z.string()),
      residual: z.number(),
      code: z.enum(['violatedByFixed', 'combinedViolatedByFixed', 'inconsistentEquations']).describe('stable code; the web renders accounts.msg.balance.<code>'),
      params: noteParams,
      message: z.string().describe('the message in English'),
    }),
  ),
  serialElimination: z.object({ removed: z.array(z.string()), chiSquare }).optional(),
  iterations: z.number().int(),
  converged: z.boolean(),
  warnings: z.array(
    z.object({
      code: z.enum(['notConverged', 'equallySuspect', 'negativeFlow', 'chiSquareFailed']).describe('stable code; the web renders accounts.msg.balance.<code>'),
      params: noteParams,
      message: z.string().describe('the message in English'),
    }),
  ),
});

export const regionModelsQuery = z.object({ region: z.string().regex(/^[0-9]{6}$/, 'a GB/T 2260 code').optional() });

export const regionModelView = z.object({
  id: z.uuid(),
  name: z.string(),
  organisationId: z.uuid(),
  organisationCode: z.string(),
  organisationName: z.string(),
  region: z.string(),
  processes: z.number().int(),
  flows: z.number().int(),
  period: z.string().nullable(),
  updatedAt: z.string(),
});
