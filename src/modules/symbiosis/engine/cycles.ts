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
  const inSub = new Uint8Array(n);
  const blocked = new Uint8Array(n);
  const closed = new Uint8Array(n);
  const blockedBy: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  let count = 0;

  const unblock = (start: number): void => {
    const stack = [start];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (blocked[node] === 0) continue;
      blocked[node] = 0;
      for (const waiting of blockedBy[node]!) stack.push(waiting);
      blockedBy[node]!.clear();
    }
  };

  const pending = strongComponents(successors).filter((c) => c.length > 1);
  while (pending.length > 0) {
    const component = pending.pop()!;
    for (const v of component) {
      inSub[v] = 1;
      blocked[v] = 0;
      closed[v] = 0;
      blockedBy[v]!.clear();
    }
    const start = component[0]!;
    const path = [start];
    const cursor = [0];
    blocked[start] = 1;
    while (path.length > 0) {
      const depth = path.length - 1;
      const v = path[depth]!;
      const next = successors[v]!;
      let pushed = false;
      while (cursor[depth]! < next.length) {
        const w = next[cursor[depth]!++]!;
        if (inSub[w] === 0) continue;
        if (w === start) {
          count += 1;
          if (count >= cap) return { count, truncated: true };
          for (const u of path) closed[u] = 1;
        } else if (blocked[w] === 0) {
          path.push(w);
          cursor.push(0);
          closed[w] = 0;
          blocked[w] = 1;
          pushed = true;
          break;
        }
      }
      if (pushed) continue;
      // All successors of v tried: a node on a found cycle is freed for other paths; one that
      // led nowhere stays blocked until one of its successors is freed.
      if (closed[v] === 1) unblock(v);
      else for (const w of next) if (inSub[w] === 1) blockedBy[w]!.add(v);
      path.pop();
      cursor.pop();
    }
    for (const v of component) inSub[v] = 0;
    const rest = component.slice(1);
    for (const c of strongComponents(successors, rest)) if (c.length > 1) pending.push(c);
  }
  return { count, truncated: false };
}
