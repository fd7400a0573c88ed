import type { BalanceModel } from './api';

/** Editing rows of the balance editor; converted to and from the API's model JSON. */
export type QuantityMode = 'measured' | 'fixed' | 'unknown';
type Quantity = { value?: number; sd?: number; sdRelative?: number };
type ApiProcess = BalanceModel['processes'][number];
type ApiFlow = BalanceModel['flows'][number];
type ApiRelation = NonNullable<BalanceModel['relations']>[number];

export interface QuantityFields {
  mode: QuantityMode;
  value?: number | null;
  sd?: number | null;
  /** Percent of |value| (the API's sdRelative × 100). */
  sdPct?: number | null;
}

export interface ProcessRow {
  key: string;
  id: string;
  name: string;
  /** 'none': no stock change (inputs = outputs). */
  stock: QuantityFields | null;
  rest: Omit<ApiProcess, 'id' | 'name' | 'stock'>;
}

export interface FlowRow extends QuantityFields {
  key: string;
  id: string;
  name: string;
  from: string | null;
  to: string | null;
  rest: Omit<ApiFlow, 'id' | 'name' | 'from' | 'to' | 'value' | 'sd' | 'sdRelative'>;
}

export interface RelationRow extends QuantityFields {
  key: string;
  id: string;
  kind: 'transfer' | 'equal';
  flow?: string;
  of: string[];
  a?: string;
  b?: string;
  factor?: number | null;
}

export type FlowKind = NonNullable<ApiFlow['kind']>;

export interface EditorState {
  /** Model-level unit and period, kept as they are (the editor does not change them). */
  meta: Pick<BalanceModel, 'unit' | 'period'>;
  processes: ProcessRow[];
  flows: FlowRow[];
  relations: RelationRow[];
  layers: BalanceModel['layers'];
}

let counter = 0;
export const newKey = () => `k${++counter}`;

function fromQuantity(q: Quantity): QuantityFields {
  if (q.value === undefined) return { mode: 'unknown' };
  if (q.sd !== undefined && q.sd > 0) return { mode: 'measured', value: q.value, sd: q.sd };
  if (q.sdRelative !== undefined && q.sdRelative > 0) return { mode: 'measured', value: q.value, sdPct: +(q.sdRelative * 100).toPrecision(10) };
  return { mode: 'fixed', value: q.value };
}

function toQuantity(q: QuantityFields): Quantity {
  if (q.mode === 'unknown' || q.value === null || q.value === undefined) return {};
  if (q.mode === 'fixed') return { value: q.value };
  if (q.sdPct !== null && q.sdPct !== undefined) return { value: q.value, sdRelative: q.sdPct / 100 };
  return { value: q.value, sd: q.sd ?? 0 };
}

export function toEditor(model: BalanceModel): EditorState {
  return {
    meta: { ...(model.unit ? { unit: model.unit } : {}), ...(model.period ? { period: model.period } : {}) },
    processes: model.processes.map(({ id, name, stock, ...rest }) => ({ key: newKey(), id, name, stock: stock ? fromQuantity(stock) : null, rest })),
    flows: model.flows.map(({ id, name, from, to, value, sd, sdRelative, ...rest }) => ({ key: newKey(), id, name: name ?? '', from, to, ...fromQuantity({ value, sd, sdRelative }), rest })),
    relations: (model.relations ?? []).map((r) =>
      r.kind === 'transfer'
        ? { key: newKey(), id: r.id, kind: 'transfer', flow: r.flow, of: r.of, a: undefined, b: undefined, ...fromQuantity(r) }
        : { key: newKey(), id: r.id, kind: 'equal', of: [], a: r.flows[0], b: r.flows[1], factor: r.factor ?? null, mode: 'fixed' },
    ),
    layers: model.layers,
  };
}

export function toModel(state: EditorState): BalanceModel {
  const relations: ApiRelation[] = state.relations.map((r) =>
    r.kind === 'transfer'
      ? { id: r.id, kind: 'transfer', flow: r.flow ?? '', of: r.of, ...toQuantity(r) }
      : { id: r.id, kind: 'equal', flows: [r.a ?? '', r.b ?? ''], ...(r.factor !== null && r.factor !== undefined ? { factor: r.factor } : {}) },
  );
  return {
    ...state.meta,
    processes: state.processes.map((p) => ({ id: p.id, name: p.name, ...p.rest, ...(p.stock ? { stock: toQuantity(p.stock) } : {}) })),
    flows: state.flows.map((f) => ({ id: f.id, ...(f.name ? { name: f.name } : {}), from: f.from, to: f.to, ...f.rest, ...toQuantity(f) })),
    ...(relations.length ? { relations } : {}),
    ...(state.layers?.length ? { layers: state.layers } : {}),
  };
}

/**
 * Columns of a left-to-right drawing: a process sits one column right of the furthest
 * process feeding it (cycles are cut after as many rounds as there are processes).
 */
export function processLevels(processes: { id: string }[], flows: { from: string | null; to: string | null }[]): Map<string, number> {
  const level = new Map(processes.map((p) => [p.id, 0]));
  for (let round = 0; round < processes.length; round++) {
    let changed = false;
    for (const f of flows) {
      if (f.from === null || f.to === null || !level.has(f.from) || !level.has(f.to)) continue;
      const wanted = level.get(f.from)! + 1;
      if (wanted > level.get(f.to)!) {
        level.set(f.to, wanted);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return level;
}

export function hasCycle(processes: { id: string }[], flows: { from: string | null; to: string | null }[]): boolean {
  const out = new Map<string, string[]>(processes.map((p) => [p.id, []]));
  for (const f of flows) if (f.from !== null && f.to !== null) out.get(f.from)?.push(f.to);
  const state = new Map<string, 1 | 2>();
  const visit = (id: string): boolean => {
    if (state.get(id) === 1) return true;
    if (state.get(id) === 2) return false;
    state.set(id, 1);
    for (const next of out.get(id) ?? []) if (visit(next)) return true;
    state.set(id, 2);
    return false;
  };
  return processes.some((p) => visit(p.id));
}
