/**
 * The allocation of the by-product exchange: which listing sends how many tonnes to which
 * demand so that the total value is as large as possible, under each listing's supply and each
 * demand's capacity (a transportation problem in which nothing has to be shipped).
 *
 * Solved exactly by the primal network simplex on the min-cost-flow form: a node per listing
 * (supply s_i), a node per demand, one sink K; arcs listing → demand (cost −value, uncapacitated),
 * demand → K (capacity c_j) and listing → K (what stays unsold). The star of the arcs into K is a
 * strongly feasible first basis, so no artificial arcs are needed. The spanning tree is kept in the
 * parent/thread/successor-count form, entering arcs are chosen by block search (blocks of about
 * √arcs), which is what makes it fast on hundreds of thousands of arcs.
 *
 * Quantities are real numbers: flows only ever add and subtract supplies and capacities, and
 * the leaving arc is set to its bound exactly, so no rounding error builds up in the flows.
 */

const STATE_UPPER = -1;
const STATE_TREE = 0;
const STATE_LOWER = 1;
const DIR_UP = 1;
const DIR_DOWN = -1;

export interface TransportProblem {
  /** Tonnes each listing offers (> 0). */
  supply: ArrayLike<number>;
  /** Tonnes each demand takes at most (> 0). */
  capacity: ArrayLike<number>;
  /** The eligible pairs: listing index, demand index, value per tonne (> 0). */
  from: ArrayLike<number>;
  to: ArrayLike<number>;
  value: ArrayLike<number>;
}

export interface TransportSolution {
  /** Tonnes on each pair, in the order of the problem's pairs. */
  tonnes: Float64Array;
  /** Σ tonnes × value. */
  objective: number;
  /** Basis changes the simplex made (for the benchmark). */
  pivots: number;
}

export function solveTransport(problem: TransportProblem): TransportSolution {
  const nL = problem.supply.length;
  const nD = problem.capacity.length;
  const pairs = problem.from.length;
  if (problem.to.length !== pairs || problem.value.length !== pairs) throw new RangeError('from, to and value must have the same length');
  const sink = nL + nD;
  const nodes = sink + 1;
  const arcs = pairs + nL + nD;

  const source = new Int32Array(arcs);
  const target = new Int32Array(arcs);
  const cost = new Float64Array(arcs);
  const cap = new Float64Array(arcs);
  const flow = new Float64Array(arcs);
  const state = new Int8Array(arcs);

  let maxValue = 0;
  for (let a = 0; a < pairs; a++) {
    const i = problem.from[a]!;
    const j = problem.to[a]!;
    const v = problem.value[a]!;
    if (!(i >= 0 && i < nL && j >= 0 && j < nD) || !Number.isInteger(i) || !Number.isInteger(j)) throw new RangeError(`pair ${a} names a listing or demand that does not exist`);
    if (!(v > 0 && Number.isFinite(v))) throw new RangeError(`pair ${a} has a value per tonne that is not a positive finite number`);
    source[a] = i;
    target[a] = nL + j;
    cost[a] = -v;
    cap[a] = Infinity;
    state[a] = STATE_LOWER;
    if (v > maxValue) maxValue = v;
  }

  const parent = new Int32Array(nodes);
  const pred = new Int32Array(nodes);
  const predDir = new Int8Array(nodes);
  const thread = new Int32Array(nodes);
  const revThread = new Int32Array(nodes);
  const succNum = new Int32Array(nodes);
  const lastSucc = new Int32Array(nodes);
  const pi = new Float64Array(nodes);

  // The first basis: every listing and demand hangs from the sink by its own arc into it.
  for (let u = 0; u < sink; u++) {
    const a = pairs + u;
    source[a] = u;
    target[a] = sink;
    cost[a] = 0;
    state[a] = STATE_TREE;
    if (u < nL) {
      const s = problem.supply[u]!;
      if (!(s > 0 && Number.isFinite(s))) throw new RangeError(`listing ${u} has a supply that is not a positive finite number`);
      cap[a] = Infinity;
      flow[a] = s;
    } else {
      const c = problem.capacity[u - nL]!;
      if (!(c > 0 && Number.isFinite(c))) throw new RangeError(`demand ${u - nL} has a capacity that is not a positive finite number`);
      cap[a] = c;
      flow[a] = 0;
    }
    parent[u] = sink;
    pred[u] = a;
    predDir[u] = DIR_UP;
    thread[u] = u + 1;
    revThread[u + 1] = u;
    succNum[u] = 1;
    lastSucc[u] = u;
  }
  parent[sink] = -1;
  pred[sink] = -1;
  thread[sink] = 0;
  revThread[0] = sink;
  if (sink === 0) thread[sink] = sink;
  succNum[sink] = nodes;
  lastSucc[sink] = sink === 0 ? sink : sink - 1;

  // Reduced costs within this tolerance count as zero: costs are sums of values in yuan per
  // tonne, and a pivot on a rounding error would only cycle.
  const epsilon = Math.max(1e-12, maxValue * 1e-12) * 8;
  const blockSize = Math.max(10, Math.ceil(Math.sqrt(arcs)));
  let nextArc = 0;
  let pivots = 0;

  let inArc = -1;
  let join = 0;
  let uIn = 0;
  let vIn = 0;
  let uOut = 0;
  let delta = 0;
  let leavingAtUpper = false;

  const findEnteringArc = (): boolean => {
    let best = -epsilon;
    let cnt = blockSize;
    let e = nextArc;
    for (let k = 0; k < arcs; k++) {
      const st = state[e]!;
      if (st !== STATE_TREE) {
        const c = st * (cost[e]! + pi[source[e]!]! - pi[target[e]!]!);
        if (c < best) {
          best = c;
          inArc = e;
        }
      }
      if (++e === arcs) e = 0;
      if (--cnt === 0) {
        if (best < -epsilon) {
          nextArc = e;
          return true;
        }
        cnt = blockSize;
      }
    }
    if (best < -epsilon) {
      nextArc = e;
      return true;
    }
    return false;
  };

  const findJoinNode = () => {
    let u = source[inArc]!;
    let v = target[inArc]!;
    while (u !== v) {
      if (succNum[u]! < succNum[v]!) u = parent[u]!;
      else v = parent[v]!;
    }
    join = u;
  };

  const findLeavingArc = (): boolean => {
    let first: number;
    let second: number;
    if (state[inArc] === STATE_LOWER) {
      first = source[inArc]!;
      second = target[inArc]!;
    } else {
      first = target[inArc]!;
      second = source[inArc]!;
    }
    delta = cap[inArc]!;
    let result = 0;
    for (let u = first; u !== join; u = parent[u]!) {
      const e = pred[u]!;
      const up = predDir[u] === DIR_DOWN;
      const d = up ? cap[e]! - flow[e]! : flow[e]!;
      if (d < delta) {
        delta = d;
        uOut = u;
        leavingAtUpper = up;
        result = 1;
      }
    }
    for (let u = second; u !== join; u = parent[u]!) {
      const e = pred[u]!;
      const up = predDir[u] === DIR_UP;
      const d = up ? cap[e]! - flow[e]! : flow[e]!;
      if (d <= delta) {
        delta = d;
        uOut = u;
        leavingAtUpper = up;
        result = 2;
      }
    }
    if (result === 1) {
      uIn = first;
      vIn = second;
    } else {
      uIn = second;
      vIn = first;
    }
    return result !== 0;
  };

  const changeFlow = (change: boolean) => {
    if (delta > 0) {
      const val = state[inArc]! * delta;
      flow[inArc] = flow[inArc]! + val;
      for (let u = source[inArc]!; u !== join; u = parent[u]!) {
        const e = pred[u]!;
        flow[e] = flow[e]! - predDir[u]! * val;
      }
      for (let u = target[inArc]!; u !== join; u = parent[u]!) {
        const e = pred[u]!;
        flow[e] = flow[e]! + predDir[u]! * val;
      }
    }
    if (change) {
      state[inArc] = STATE_TREE;
      const out = pred[uOut]!;
      // Exactly at its bound: the difference computed above may be off by a rounding error.
      if (leavingAtUpper) {
        flow[out] = cap[out]!;
        state[out] = STATE_UPPER;
      } else {
        flow[out] = 0;
        state[out] = STATE_LOWER;
      }
    } else {
      // The entering arc itself reached its other bound (it has none here: kept for completeness).
      flow[inArc] = state[inArc] === STATE_LOWER ? cap[inArc]! : 0;
      state[inArc] = -state[inArc]!;
    }
  };

  const dirtyRevs: number[] = [];
  const updateTreeStructure = () => {
    const oldRevThread = revThread[uOut]!;
    const oldSuccNum = succNum[uOut]!;
    const oldLastSucc = lastSucc[uOut]!;
    const vOut = parent[uOut]!;

    if (uIn === uOut) {
      parent[uIn] = vIn;
      pred[uIn] = inArc;
      predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
      if (thread[vIn] !== uOut) {
        let after = thread[oldLastSucc]!;
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
        after = thread[vIn]!;
        thread[vIn] = uOut;
        revThread[uOut] = vIn;
        thread[oldLastSucc] = after;
        revThread[after] = oldLastSucc;
      }
    } else {
      const threadContinue = oldRevThread === vIn ? thread[oldLastSucc]! : thread[vIn]!;
      // Re-hang the stem (the path from uIn up to uOut) under vIn, reversing its arcs.
      let stem = uIn;
      let parStem = vIn;
      let last = lastSucc[uIn]!;
      let after = thread[last]!;
      thread[vIn] = uIn;
      dirtyRevs.length = 0;
      dirtyRevs.push(vIn);
      while (stem !== uOut) {
        const nextStem = parent[stem]!;
        thread[last] = nextStem;
        dirtyRevs.push(last);
        const before = revThread[stem]!;
        thread[before] = after;
        revThread[after] = before;
        parent[stem] = parStem;
        parStem = stem;
        stem = nextStem;
        last = lastSucc[stem] === lastSucc[parStem] ? revThread[parStem]! : lastSucc[stem]!;
        after = thread[last]!;
      }
      parent[uOut] = parStem;
      thread[last] = threadContinue;
      revThread[threadContinue] = last;
      lastSucc[uOut] = last;
      if (oldRevThread !== vIn) {
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
      }
      for (const u of dirtyRevs) revThread[thread[u]!] = u;

      let tmpSc = 0;
      const tmpLs = lastSucc[uOut]!;
      for (let u = uOut, p = parent[u]!; u !== uIn; u = p, p = parent[u]!) {
        pred[u] = pred[p]!;
        predDir[u] = -predDir[p]!;
        tmpSc += succNum[u]! - succNum[p]!;
        succNum[u] = tmpSc;
        lastSucc[p] = tmpLs;
      }
      pred[uIn] = inArc;
      predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
      succNum[uIn] = oldSuccNum;
    }

    const upLimitOut = lastSucc[join] === vIn ? join : -1;
    const lastSuccOut = lastSucc[uOut]!;
    for (let u = vIn; u !== -1 && lastSucc[u] === vIn; u = parent[u]!) lastSucc[u] = lastSuccOut;
    if (join !== oldRevThread && vIn !== oldRevThread) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]!) lastSucc[u] = oldRevThread;
    } else if (lastSuccOut !== oldLastSucc) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]!) lastSucc[u] = lastSuccOut;
    }
    for (let u = vIn; u !== join; u = parent[u]!) succNum[u] = succNum[u]! + oldSuccNum;
    for (let u = vOut; u !== join; u = parent[u]!) succNum[u] = succNum[u]! - oldSuccNum;
  };

  const updatePotential = () => {
    const sigma = pi[vIn]! - pi[uIn]! - predDir[uIn]! * cost[inArc]!;
    const end = thread[lastSucc[uIn]!]!;
    for (let u = uIn; u !== end; u = thread[u]!) pi[u] = pi[u]! + sigma;
  };

  while (findEnteringArc()) {
    findJoinNode();
    const change = findLeavingArc();
    changeFlow(change);
    if (change) {
      updateTreeStructure();
      updatePotential();
    }
    pivots++;
  }

  const tonnes = new Float64Array(pairs);
  let objective = 0;
  for (let a = 0; a < pairs; a++) {
    const t = flow[a]!;
    if (t > 0) {
      tonnes[a] = t;
      objective += t * -cost[a]!;
    }
  }
  return { tonnes, objective, pivots };
}
