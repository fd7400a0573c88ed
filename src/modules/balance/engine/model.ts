import type { BalanceModel, QuantityInput } from './types';

/**
 * From a balance model to variables and equations: every flow, stock change, transfer
 * coefficient and (per substance layer) concentration and substance flow becomes a variable;
 * process balances and relations become equations f(x) = 0 that can report their residual and
 * gradient at any point, which is all the linearisation needs.
 */

export type VarKind = 'flow' | 'relation' | 'stock' | 'substanceFlow' | 'concentration' | 'substanceStock';
export type VarStatus = 'measured' | 'fixed' | 'unknown';

export interface Variable {
  key: string;
  kind: VarKind;
  id: string;
  /** Substance layer of substanceFlow, concentration and substanceStock variables. */
  layer?: string;
  status: VarStatus;
  /** Measured or fixed value; for unknowns the starting guess. */
  value: number;
  sd: number;
}

export interface Equation {
  label: string;
  /** Residual f(x) and gradient at x; the gradient map is new on every call (callers mutate it). */
  evaluate(x: Float64Array): { residual: number; grad: Map<number, number> };
  nonlinear: boolean;
}

/**
 * A structural problem of a model, with a stable code and the ids it names (for translation);
 * `message` is the English text. `what` names the kind of thing: process, flow, layer,
 * relation, stock (of a process), concentration (of a layer in a flow) or layerStock.
 */
export interface ModelProblem {
  code:
    | 'duplicateId'
    | 'unknownProcess'
    | 'outsideToOutside'
    | 'unknownLayer'
    | 'unknownFlow'
    | 'emptyOf'
    | 'badFactor'
    | 'valueNotFinite'
    | 'sdNegative'
    | 'sdRelativeNegative'
    | 'uncertaintyWithoutValue';
  params: Record<string, string>;
  message: string;
}

export class BalanceModelError extends Error {
  /** The English messages, one per problem. */
  readonly problems: string[];
  constructor(readonly details: ModelProblem[]) {
    super(`invalid balance model: ${details.map((d) => d.message).join('; ')}`);
    this.name = 'BalanceModelError';
    this.problems = details.map((d) => d.message);
  }
}

type Subject = { what: 'stock' | 'flow' | 'concentration' | 'layerStock' | 'relation'; id: string; layer?: string };

function subjectText(s: Subject): string {
  switch (s.what) {
    case 'stock':
      return `stock of ${s.id}`;
    case 'flow':
      return `flow ${s.id}`;
    case 'concentration':
      return `concentration of ${s.layer!} in flow ${s.id}`;
    case 'layerStock':
      return `stock of ${s.layer!} in ${s.id}`;
    case 'relation':
      return `relation ${s.id}`;
  }
}

function subjectParams(s: Subject): Record<string, string> {
  return { what: s.what, id: s.id, ...(s.layer !== undefined ? { layer: s.layer } : {}) };
}

/** Structural problems of a model (unknown references, duplicate ids, bad numbers). */
export function validateBalanceModel(model: BalanceModel): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const add = (code: ModelProblem['code'], params: Record<string, string>, message: string) => problems.push({ code, params, message });
  const duplicate = (what: string, id: string) => add('duplicateId', { what, id }, `duplicate ${what} id ${id}`);
  const processIds = new Set<string>();
  for (const p of model.processes) {
    if (processIds.has(p.id)) duplicate('process', p.id);
    processIds.add(p.id);
    if (p.stock) problems.push(...quantityProblems({ what: 'stock', id: p.id }, p.stock));
  }
  const flowIds = new Set<string>();
  for (const f of model.flows) {
    if (flowIds.has(f.id)) duplicate('flow', f.id);
    flowIds.add(f.id);
    for (const end of [f.from, f.to]) {
      if (end !== null && !processIds.has(end)) add('unknownProcess', { what: 'flow', id: f.id, process: end }, `flow ${f.id}: unknown process ${end}`);
    }
    if (f.from === null && f.to === null) add('outsideToOutside', { id: f.id }, `flow ${f.id} connects the outside to the outside`);
    problems.push(...quantityProblems({ what: 'flow', id: f.id }, f));
  }
  const layerIds = new Set<string>();
  for (const l of model.layers ?? []) {
    if (layerIds.has(l.id)) duplicate('layer', l.id);
    layerIds.add(l.id);
    for (const p of l.unbalanced ?? []) if (!processIds.has(p)) add('unknownProcess', { what: 'layer', id: l.id, process: p }, `layer ${l.id}: unknown process ${p}`);
  }
  for (const f of model.flows) {
    for (const [layer, q] of Object.entries(f.concentrations ?? {})) {
      if (!layerIds.has(layer)) add('unknownLayer', { what: 'flow', id: f.id, layer }, `flow ${f.id}: unknown layer ${layer}`);
      problems.push(...quantityProblems({ what: 'concentration', id: f.id, layer }, q));
    }
  }
  for (const p of model.processes) {
    for (const [layer, q] of Object.entries(p.layerStocks ?? {})) {
      if (!layerIds.has(layer)) add('unknownLayer', { what: 'process', id: p.id, layer }, `process ${p.id}: unknown layer ${layer}`);
      problems.push(...quantityProblems({ what: 'layerStock', id: p.id, layer }, q));
    }
  }
  const relationIds = new Set<string>();
  const unknownFlow = (relation: string, flow: string) => add('unknownFlow', { id: relation, flow }, `relation ${relation}: unknown flow ${flow}`);
  for (const r of model.relations ?? []) {
    if (relationIds.has(r.id)) duplicate('relation', r.id);
    relationIds.add(r.id);
    switch (r.kind) {
      case 'transfer':
        if (!flowIds.has(r.flow)) unknownFlow(r.id, r.flow);
        if (r.of.length === 0) add('emptyOf', { id: r.id }, `relation ${r.id}: empty "of"`);
        for (const o of r.of) if (!flowIds.has(o)) unknownFlow(r.id, o);
        problems.push(...quantityProblems({ what: 'relation', id: r.id }, r));
        break;
      case 'equal':
        for (const o of r.flows) if (!flowIds.has(o)) unknownFlow(r.id, o);
        if (r.factor !== undefined && !Number.isFinite(r.factor)) add('badFactor', { id: r.id }, `relation ${r.id}: bad factor`);
        break;
      default: {
        const never: never = r;
        throw new Error(`unknown relation kind in ${JSON.stringify(never)}`);
      }
    }
  }
  return problems;
}

function quantityProblems(subject: Subject, q: QuantityInput): ModelProblem[] {
  const out: ModelProblem[] = [];
  const label = subjectText(subject);
  const params = subjectParams(subject);
  if (q.value !== undefined && !Number.isFinite(q.value)) out.push({ code: 'valueNotFinite', params, message: `${label}: value is not a finite number` });
  if (q.sd !== undefined && !(Number.isFinite(q.sd) && q.sd >= 0)) out.push({ code: 'sdNegative', params, message: `${label}: sd must be ≥ 0` });
  if (q.sdRelative !== undefined && !(Number.isFinite(q.sdRelative) && q.sdRelative >= 0)) out.push({ code: 'sdRelativeNegative', params, message: `${label}: sdRelative must be ≥ 0` });
  if (q.value === undefined && (q.sd !== undefined || q.sdRelative !== undefined)) out.push({ code: 'uncertaintyWithoutValue', params, message: `${label}: an uncertainty without a value` });
  return out;
}

function classify(q: QuantityInput, unknownGuess: number): { status: VarStatus; value: number; sd: number } {
  if (q.value === undefined) return { status: 'unknown', value: unknownGuess, sd: 0 };
  const sd = q.sd ?? (q.sdRelative !== undefined ? q.sdRelative * Math.abs(q.value) : 0);
  return sd > 0 ? { status: 'measured', value: q.value, sd } : { status: 'fixed', value: q.value, sd: 0 };
}

export function buildSystem(model: BalanceModel): { vars: Variable[]; equations: Equation[] } {
  const vars: Variable[] = [];
  const flowIndex = new Map<string, number>();
  for (const f of model.flows) {
    flowIndex.set(f.id, vars.length);
    vars.push({ key: f.id, kind: 'flow', id: f.id, ...classify(f, 0) });
  }
  const stockIndex = new Map<string, number>();
  for (const p of model.processes) {
    if (!p.stock) continue;
    stockIndex.set(p.id, vars.length);
    vars.push({ key: `stock:${p.id}`, kind: 'stock', id: p.id, ...classify(p.stock, 0) });
  }
  const equations: Equation[] = [];
  const inflows = new Map<string, number[]>();
  const outflows = new Map<string, number[]>();
  for (const f of model.flows) {
    const i = flowIndex.get(f.id)!;
    if (f.to !== null) (inflows.get(f.to) ?? inflows.set(f.to, []).get(f.to)!).push(i);
    if (f.from !== null) (outflows.get(f.from) ?? outflows.set(f.from, []).get(f.from)!).push(i);
  }
  for (const p of model.processes) {
    if (p.balanced === false) continue;
    const coef = new Map<number, number>();
    const add = (i: number, c: number) => coef.set(i, (coef.get(i) ?? 0) + c);
    for (const i of inflows.get(p.id) ?? []) add(i, 1);
    for (const i of outflows.get(p.id) ?? []) add(i, -1);
    const s = stockIndex.get(p.id);
    if (s !== undefined) add(s, -1);
    for (const [k, v] of coef) if (v === 0) coef.delete(k);
    if (coef.size === 0) continue;
    equations.push({
      label: `balance:${p.id}`,
      nonlinear: false,
      evaluate: (x) => {
        let r = 0;
        for (const [k, v] of coef) r += v * x[k]!;
        return { residual: r, grad: new Map(coef) };
      },
    });
  }
  for (const rel of model.relations ?? []) {
    switch (rel.kind) {
      case 'transfer': {
        const k = vars.length;
        vars.push({ key: rel.id, kind: 'relation', id: rel.id, ...classify(rel, 0.5) });
        const target = flowIndex.get(rel.flow)!;
        const sources = rel.of.map((o) => flowIndex.get(o)!);
        const kVar = vars[k]!;
        const sourcesVary = sources.some((s) => vars[s]!.status !== 'fixed');
        equations.push({
          label: `relation:${rel.id}`,
          nonlinear: kVar.status !== 'fixed' && sourcesVary,
          evaluate: (x) => {
            let sum = 0;
            for (const s of sources) sum += x[s]!;
            const grad = new Map<number, number>();
            const add = (i: number, c: number) => grad.set(i, (grad.get(i) ?? 0) + c);
            add(target, 1);
            add(k, -sum);
            for (const s of sources) add(s, -x[k]!);
            return { residual: x[target]! - x[k]! * sum, grad };
          },
        });
        break;
      }
      case 'equal': {
        const a = flowIndex.get(rel.flows[0])!;
        const b = flowIndex.get(rel.flows[1])!;
        const factor = rel.factor ?? 1;
        equations.push({
          label: `relation:${rel.id}`,
          nonlinear: false,
          evaluate: (x) => {
            const grad = new Map<number, number>();
            grad.set(a, 1);
            grad.set(b, (grad.get(b) ?? 0) - factor);
            return { residual: x[a]! - factor * x[b]!, grad };
          },
        });
        break;
      }
      default: {
        const never: never = rel;
        throw new Error(`unknown relation ${JSON.stringify(never)}`);
      }
    }
  }
  for (const layer of model.layers ?? []) {
    const unbalanced = new Set(layer.unbalanced ?? []);
    const substance = new Map<string, number>();
    for (const f of model.flows) {
      const x = flowIndex.get(f.id)!;
      const c = vars.length;
      vars.push({ key: `${layer.id}:concentration:${f.id}`, kind: 'concentration', id: f.id, layer: layer.id, ...classify(f.concentrations?.[layer.id] ?? {}, 0.5) });
      const sub = vars.length;
      vars.push({ key: `${layer.id}:flow:${f.id}`, kind: 'substanceFlow', id: f.id, layer: layer.id, status: 'unknown', value: 0, sd: 0 });
      substance.set(f.id, sub);
      const cVar = vars[c]!;
      equations.push({
        label: `concentration:${layer.id}:${f.id}`,
        nonlinear: cVar.status !== 'fixed' && vars[x]!.status !== 'fixed',
        evaluate: (xs) => {
          const grad = new Map<number, number>();
          grad.set(sub, 1);
          grad.set(c, -xs[x]!);
          grad.set(x, -xs[c]!);
          return { residual: xs[sub]! - xs[c]! * xs[x]!, grad };
        },
      });
    }
    for (const p of model.processes) {
      if (p.balanced === false || unbalanced.has(p.id)) continue;
      const coef = new Map<number, number>();
      const add = (i: number, v: number) => coef.set(i, (coef.get(i) ?? 0) + v);
      for (const f of model.flows) {
        if (f.to === p.id) add(substance.get(f.id)!, 1);
        if (f.from === p.id) add(substance.get(f.id)!, -1);
      }
      const stock = p.layerStocks?.[layer.id];
      if (stock) {
        const s = vars.length;
        vars.push({ key: `${layer.id}:stock:${p.id}`, kind: 'substanceStock', id: p.id, layer: layer.id, ...classify(stock, 0) });
        add(s, -1);
      }
      for (const [k, v] of coef) if (v === 0) coef.delete(k);
      if (coef.size === 0) continue;
      equations.push({
        label: `balance:${layer.id}:${p.id}`,
        nonlinear: false,
        evaluate: (xs) => {
          let r = 0;
          for (const [k, v] of coef) r += v * xs[k]!;
          return { residual: r, grad: new Map(coef) };
        },
      });
    }
  }
  return { vars, equations };
}

/** Masses (flows, stocks) as opposed to dimensionless coefficients and fractions. */
export function isMass(kind: VarKind): boolean {
  switch (kind) {
    case 'flow':
    case 'stock':
    case 'substanceFlow':
    case 'substanceStock':
      return true;
    case 'relation':
    case 'concentration':
      return false;
    default: {
      const never: never = kind;
      throw new Error(`unexpected kind ${String(never)}`);
    }
  }
}

