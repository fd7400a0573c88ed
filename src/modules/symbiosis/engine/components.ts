/**
 * Strongly connected components of an integer-indexed directed graph, through graphology's
 * implementation (Tarjan). Finn's cycling index and the cycle count are both computed one
 * component at a time: a cycle, and every walk from a node back to itself, stays inside the
 * node's component.
 */
import { DirectedGraph } from 'graphology';
import { stronglyConnectedComponents } from 'graphology-components';

/**
 * Components of the graph induced by `members` (all nodes when omitted), following `successors`.
 * Nodes are numbered 0…n−1; graphology keys are their decimal strings.
 */
export function strongComponents(successors: readonly (readonly number[])[], members?: readonly number[]): number[][] {
  const graph = new DirectedGraph({ allowSelfLoops: true, multi: false });
  const nodes = members ?? successors.map((_, i) => i);
  const inside = members === undefined ? null : new Set(members);
  for (const v of nodes) graph.addNode(String(v));
  for (const v of nodes) {
    for (const w of successors[v]!) {
      if (inside !== null && !inside.has(w)) continue;
      graph.mergeEdge(String(v), String(w));
    }
  }
  return stronglyConnectedComponents(graph).map((component) => component.map(Number));
}
