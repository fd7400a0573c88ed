/**
 * The material network an analyst or the symbiosis module hands to the engine, and its one
 * validator: the CLI's `--file`, the module's map and the benchmark all go through
 * `parseNetwork`, so a file and a stored park are refused for the same reasons, each error
 * naming the row (`flows[3].to`).
 */
import { z } from 'zod';

/** Bounds that keep one analysis inside memory on the reference machine (README "Limits"). */
export const NETWORK_LIMITS = {
  maxNodes: 100_000,
  maxFlows: 1_000_000,
  maxIdLength: 200,
} as const;

const nodeId = z.string().min(1).max(NETWORK_LIMITS.maxIdLength);

export const networkNodeSchema = z
  .object({
    id: nodeId,
    /** Firm, site, utility or city-node type; the figures use it only to tell disposal apart. */
    type: z.string().min(1).max(100),
  })
  .strict();

export const networkFlowSchema = z
  .object({
    /** null = from outside the park (raw materials, imports). */
    from: nodeId.nullable(),
    /** null = to outside the park (sales, exports, off-site disposal). */
    to: nodeId.nullable(),
    tonnes: z.number().finite().nonnegative(),
    /** How the receiver handles the flow (`utilisation`, `landfill`, …): only the disposal mix reads it. */
    kind: z.string().min(1).max(100).optional(),
  })
  .strict();

export const networkSchema = z
  .object({
    nodes: z.array(networkNodeSchema).max(NETWORK_LIMITS.maxNodes),
    flows: z.array(networkFlowSchema).max(NETWORK_LIMITS.maxFlows),
  })
  .strict();

export type NetworkNode = z.infer<typeof networkNodeSchema>;
export type NetworkFlow = z.infer<typeof networkFlowSchema>;
export type Network = z.infer<typeof networkSchema>;

export interface NetworkFieldError {
  /** The row and field, e.g. `flows[3].to`, or `(root)`. */
  field: string;
  message: string;
}

export type NetworkParseResult = { ok: true; value: Network } | { ok: false; errors: NetworkFieldError[] };

function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Shape first (Zod), then what a schema cannot say: node ids are unique, flows name known nodes,
 * and a flow has at least one end inside the park. Every error is reported, not just the first.
 */
export function parseNetwork(input: unknown): NetworkParseResult {
  const shaped = networkSchema.safeParse(input);
  if (!shaped.success) {
    return { ok: false, errors: shaped.error.issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message })) };
  }
  const network = shaped.data;
  const errors: NetworkFieldError[] = [];
  const firstRow = new Map<string, number>();
  network.nodes.forEach((node, row) => {
    const first = firstRow.get(node.id);
    if (first === undefined) firstRow.set(node.id, row);
    else errors.push({ field: `nodes[${row}].id`, message: `duplicate id "${node.id}" (also nodes[${first}])` });
  });
  network.flows.forEach((flow, row) => {
    if (flow.from === null && flow.to === null) {
      errors.push({ field: `flows[${row}]`, message: 'from and to are both null (outside): a flow needs one end inside the park' });
    }
    for (const end of ['from', 'to'] as const) {
      const id = flow[end];
      if (id !== null && !firstRow.has(id)) errors.push({ field: `flows[${row}].${end}`, message: `unknown node "${id}"` });
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: network };
}

/**
 * A network with dense integer indices and repeated pairs summed: what every figure reads.
 * Arcs are the distinct inside → inside pairs (self-loops included) with tonnes > 0.
 */
export interface CompiledNetwork {
  ids: string[];
  types: string[];
  /** Arc list, sorted by source then target; node i's arcs are arcStart[i] … arcStart[i + 1] − 1. */
  arcStart: Int32Array;
  arcFrom: Int32Array;
  arcTo: Int32Array;
  arcTonnes: Float64Array;
  /** Tonnes each node receives from outside / sends outside. */
  fromOutside: Float64Array;
  toOutside: Float64Array;
}

/** Sums repeated pairs; a zero-tonne flow adds nothing (it is not a link). Input must be parsed. */
export function compileNetwork(network: Network): CompiledNetwork {
  const n = network.nodes.length;
  const index = new Map<string, number>();
  network.nodes.forEach((node, i) => index.set(node.id, i));
  const fromOutside = new Float64Array(n);
  const toOutside = new Float64Array(n);
  // Pair key i·n + j stays an exact integer below 2^53 for any n within the limits.
  const pairs = new Map<number, number>();
  for (const flow of network.flows) {
    if (!(flow.tonnes > 0)) continue;
    const from = flow.from === null ? -1 : index.get(flow.from)!;
    const to = flow.to === null ? -1 : index.get(flow.to)!;
    if (from < 0) fromOutside[to]! += flow.tonnes;
    else if (to < 0) toOutside[from]! += flow.tonnes;
    else {
      const key = from * n + to;
      pairs.set(key, (pairs.get(key) ?? 0) + flow.tonnes);
    }
  }
  const keys = [...pairs.keys()].sort((a, b) => a - b);
  const arcFrom = new Int32Array(keys.length);
  const arcTo = new Int32Array(keys.length);
  const arcTonnes = new Float64Array(keys.length);
  const arcStart = new Int32Array(n + 1);
  keys.forEach((key, a) => {
    arcFrom[a] = Math.floor(key / n);
    arcTo[a] = key % n;
    arcTonnes[a] = pairs.get(key)!;
    arcStart[arcFrom[a] + 1]! += 1;
  });
  for (let i = 0; i < n; i++) arcStart[i + 1]! += arcStart[i]!;
  return { ids: network.nodes.map((node) => node.id), types: network.nodes.map((node) => node.type), arcStart, arcFrom, arcTo, arcTonnes, fromOutside, toOutside };
}
