/**
 * The network a "firm stops" cascade runs on: firms with their stop thresholds and the yearly
 * flows between them, each with the current handling cost of its stream (what the sender pays
 * to dispose of those tonnes when the outlet is gone). The module builds it from streams,
 * contracts and manifests; `parseCascadeNetwork` guards it like `parseNetwork`.
 */
import { z } from 'zod';
import { NETWORK_LIMITS, type NetworkFieldError } from './network-input';

/** A firm stops when the share of its inputs it has lost exceeds this (issue 14). */
export const DEFAULT_STOP_THRESHOLD = 0.5;

const firmId = z.string().min(1).max(NETWORK_LIMITS.maxIdLength);

export const cascadeNetworkSchema = z
  .object({
    firms: z
      .array(
        z
          .object({
            id: firmId,
            /** Share of inputs (0–1) whose loss the firm survives; default 0.5. */
            threshold: z.number().min(0).max(1).optional(),
          })
          .strict(),
      )
      .max(NETWORK_LIMITS.maxNodes),
    flows: z
      .array(
        z
          .object({
            from: firmId.nullable(),
            to: firmId.nullable(),
            /** Tonnes per year. */
            tonnes: z.number().finite().nonnegative(),
            /** 元 per tonne the sender pays to dispose of the stream today (negative = it sold it). */
            handlingCostPerTonne: z.number().finite(),
            /** The stream the tonnes belong to, passed through to the answer for the alternatives. */
            stream: z.string().min(1).max(NETWORK_LIMITS.maxIdLength).optional(),
          })
          .strict(),
      )
      .max(NETWORK_LIMITS.maxFlows),
  })
  .strict();

export type CascadeNetwork = z.infer<typeof cascadeNetworkSchema>;

export const cascadeShockSchema = z
  .object({
    /** Firms that stop in year 0 (chosen by the user, or halted by a price fall). */
    stop: z.array(firmId).default([]),
    /** Inputs a firm loses in year 0 from outside (a herb shortage), in tonnes per year. */
    inputLoss: z.array(z.object({ firm: firmId, tonnes: z.number().finite().nonnegative() }).strict()).default([]),
  })
  .strict();

export type CascadeShock = z.input<typeof cascadeShockSchema>;

export type CascadeParseResult = { ok: true; value: CascadeNetwork } | { ok: false; errors: NetworkFieldError[] };

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('') || '(root)';
}

/** Shape, unique firm ids, known firms in flows, one end inside. */
export function parseCascadeNetwork(input: unknown): CascadeParseResult {
  const shaped = cascadeNetworkSchema.safeParse(input);
  if (!shaped.success) return { ok: false, errors: shaped.error.issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message })) };
  const errors: NetworkFieldError[] = [];
  const firstRow = new Map<string, number>();
  shaped.data.firms.forEach((firm, row) => {
    const first = firstRow.get(firm.id);
    if (first === undefined) firstRow.set(firm.id, row);
    else errors.push({ field: `firms[${row}].id`, message: `duplicate id "${firm.id}" (also firms[${first}])` });
  });
  shaped.data.flows.forEach((flow, row) => {
    if (flow.from === null && flow.to === null) errors.push({ field: `flows[${row}]`, message: 'from and to are both null (outside): a flow needs one end inside' });
    for (const end of ['from', 'to'] as const) {
      const id = flow[end];
      if (id !== null && !firstRow.has(id)) errors.push({ field: `flows[${row}].${end}`, message: `unknown firm "${id}"` });
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: shaped.data };
}
