/**
 * Elementary directed cycles, counted up to a cap, by Johnson's algorithm (Johnson 1975,
 * "Finding all the elementary circuits of a directed graph", SIAM J. Comput. 4(1)). The search is
 * iterative (an explicit stack, not recursion) so a long path through a large component cannot
 * overflow the call stack. For each start node s, Johnson searches the strongly connected
 * component of s in the graph left after removing the nodes already used as starts; `blocked`
 * and the B lists keep the search from re-walking dead ends, so the work per cycle found is
 * O(nodes + arcs). The count stops at `cap` and says so: a dense park has more cycles than any
 * page can show, and 10 000 is already "very many".
 */
import { strongComponents } from './components';

export const CYCLE_COUNT_CAP = 10_000;

export interface CycleCount {
  count: number;
  /** True when the cap was reached: the graph has at least `count` cycles. */
  truncated: boolean;
}

/**
 * Counts elementary cycles of length ≥ 2 (`successors` must not contain self-loops; the caller
 * removes them) up to `cap`.
 */
export function countElementaryCycles(successors: readonly (readonly number[])[], cap: number = CYCLE_COUNT_CAP): CycleCount {
  const n = successors.length;
  // Successor lists in one typed array (compressed rows): the inner loop reads nothing else.
  const first = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) first[v + 1] = first[v]! + successors[v]!.length;
  const target = new Int32Array(first[n]!);
  for (let v = 0; v < n; v++) target.set(successors[v]!, first[v]);

  const inSub = new Uint8Array(n);
  const blocked = new Uint8Array(n);
  // Johnson's B lists. A node may appear twice in one list (it is added on every fruitless
  // visit): unblocking skips nodes already free, and skipping the membership test is cheaper
  // than a set.
  const blockedBy: number[][] = Array.from({ length: n }, () => []);
  const path = new Int32Array(n);
  const cursor = new Int32Array(n);
  const stack: number[] = [];
  const inDegree = new Int32Array(n);
  let count = 0;

  const unblock = (start: number): void => {
    stack.push(start);
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (blocked[node] === 0) continue;
      blocked[node] = 0;
      const waiting = blockedBy[node]!;
      for (let k = 0; k < waiting.length; k++) stack.push(waiting[k]!);
      waiting.length = 0;
    }
  };

  const pending = strongComponents(successors).filter((c) => c.length > 1);
  while (pending.length > 0) {
    const component = pending.pop()!;
    for (const v of component) {
      inSub[v] = 1;
      blocked[v] = 0;
      blockedBy[v]!.length = 0;
    }
    // Any start order is correct (each start's cycles are counted in the component without the
    // earlier starts); the node with the most arcs into it closes cycles soonest, so a capped
    // count of a dense park ends after far fewer steps.
    let start = component[0]!;
    let bestIn = -1;
    for (const v of component) inDegree[v] = 0;
    for (const v of component) for (let a = first[v]!; a < first[v + 1]!; a++) if (inSub[target[a]!] === 1) inDegree[target[a]!]! += 1;
    for (const v of component) {
      if (inDegree[v]! > bestIn) {
        bestIn = inDegree[v]!;
        start = v;
      }
    }
    path[0] = start;
    cursor[0] = first[start]!;
    blocked[start] = 1;
    let depth = 0;
    // Johnson's "closed" flags: a cycle found at depth d closes path[0…d], and a node pushed
    // later is open, so the closed nodes are always a prefix of the path: path[0…closedTo].
    let closedTo = -1;
    while (depth >= 0) {
      const v = path[depth]!;
      const end = first[v + 1]!;
      let pushed = false;
      while (cursor[depth]! < end) {
        const w = target[cursor[depth]!++]!;
        if (inSub[w] === 0) continue;
        if (w === start) {
          count += 1;
          if (count >= cap) return { count, truncated: true };
          closedTo = depth;
        } else if (blocked[w] === 0) {
          depth += 1;
          path[depth] = w;
          cursor[depth] = first[w]!;
          blocked[w] = 1;
          pushed = true;
          break;
        }
      }
      if (pushed) continue;
      // All successors of v tried: a node on a found cycle is freed for other paths; one that
      // led nowhere stays blocked until one of its successors is freed.
      if (depth <= closedTo) {
        unblock(v);
        closedTo = depth - 1;
      } else {
        for (let a = first[v]!; a < end; a++) if (inSub[target[a]!] === 1) blockedBy[target[a]!]!.push(v);
      }
      depth -= 1;
    }
    for (const v of component) inSub[v] = 0;
    const rest = component.filter((v) => v !== start);
    for (const c of strongComponents(successors, rest)) if (c.length > 1) pending.push(c);
  }
  return { count, truncated: false };
}
