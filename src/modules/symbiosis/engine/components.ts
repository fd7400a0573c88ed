/**
 * Strongly connected components of an integer-indexed directed graph (Tarjan 1972), iterative
 * over typed arrays. Finn's cycling index and the cycle count are both computed one component
 * at a time: a cycle, and every walk from a node back to itself, stays inside the node's
 * component. Johnson's cycle search asks again for the components left after each start node,
 * so this runs thousands of times per park: building a graph library's object graph each time
 * (graphology, before) cost more than the search itself.
 */

/**
 * Components of the graph induced by `members` (all nodes when omitted), following `successors`.
 * Nodes are numbered 0…n−1. Components come out in reverse topological order (Tarjan's order).
 */
export function strongComponents(successors: readonly (readonly number[])[], members?: readonly number[]): number[][] {
  const n = successors.length;
  const nodes = members ?? Array.from({ length: n }, (_, i) => i);
  // Induced subgraph: a mark per member (stamped, so the arrays could be reused).
  const member = members === undefined ? null : new Uint8Array(n);
  if (member !== null) for (const v of nodes) member[v] = 1;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(nodes.length);
  let top = 0;
  const callNode = new Int32Array(nodes.length);
  const callArc = new Int32Array(nodes.length);
  let next = 0;
  const components: number[][] = [];
  for (const root of nodes) {
    if (index[root] !== -1) continue;
    let depth = 0;
    callNode[0] = root;
    callArc[0] = 0;
    index[root] = low[root] = next++;
    stack[top++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callNode[depth]!;
      const out = successors[v]!;
      let descended = false;
      while (callArc[depth]! < out.length) {
        const w = out[callArc[depth]!++]!;
        if (member !== null && member[w] === 0) continue;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack[top++] = w;
          onStack[w] = 1;
          depth += 1;
          callNode[depth] = w;
          callArc[depth] = 0;
          descended = true;
          break;
        }
        if (onStack[w] === 1 && index[w]! < low[v]!) low[v] = index[w]!;
      }
      if (descended) continue;
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack[--top]!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        components.push(component);
      }
      depth -= 1;
      if (depth >= 0) {
        const parent = callNode[depth]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
    }
  }
  return components;
}
