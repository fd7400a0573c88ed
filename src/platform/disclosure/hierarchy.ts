/**
 * Complementary suppression over a hierarchy of published cells (regions ⊇ sub-regions ⊇ parks).
 *
 * Cells that nest (every two are disjoint or one holds the other) let a reader subtract: a
 * region minus its published parks and sub-regions is the "residual" of the region, and any sum
 * or difference of published cells is a sum of such residuals. So the published figures disclose
 * no firm when every published cell and every residual passes the cell rule. When a residual does
 * not, the smallest cell it was computed against is suppressed as well (its contributions join
 * the residual), until every residual passes; at worst the residual becomes the cell itself,
 * which passed on its own. Breakdowns of a cell (months of a year, stages, …) are published
 * whole or not at all per cell, each part checked over the hierarchy the same way.
 *
 * Assumes no collusion: a firm knows its own figures, not those of others.
 * Pure: no I/O, no clock.
 */
import { cellSize, type Contributions, difference, DISCLOSURE_RULE, type DisclosureRule, primaryReason, type SuppressionReason } from './rule';

export interface HierarchyNode {
  id: string;
  /** The smallest published cell holding this one, or null. */
  parent: string | null;
}

/** Per node: why it is suppressed, or null when it is published. */
export type Decisions = Map<string, SuppressionReason | null>;

const EMPTY: Contributions = new Map();

function childrenOf(nodes: readonly HierarchyNode[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const n of nodes) if (n.parent !== null) out.set(n.parent, [...(out.get(n.parent) ?? []), n.id]);
  return out;
}

/** One measure set over the hierarchy: which cells are published. */
export function protectHierarchy(
  nodes: readonly HierarchyNode[],
  cells: ReadonlyMap<string, Contributions>,
  options: { rule?: DisclosureRule; forced?: ReadonlyMap<string, SuppressionReason> } = {},
): Decisions {
  const rule = options.rule ?? DISCLOSURE_RULE;
  const cell = (id: string) => cells.get(id) ?? EMPTY;
  const children = childrenOf(nodes);
  const decisions: Decisions = new Map(nodes.map((n) => [n.id, options.forced?.get(n.id) ?? primaryReason(cell(n.id), rule)]));
  const publishedBelow = (id: string): string[] =>
    (children.get(id) ?? []).flatMap((c) => (decisions.get(c) === null ? [c] : publishedBelow(c)));
  let changed = true;
  while (changed) {
    changed = false;
    for (const n of nodes) {
      if (decisions.get(n.id) !== null) continue;
      const below = publishedBelow(n.id);
      if (below.length === 0) continue;
      if (primaryReason(difference(cell(n.id), below.map(cell)), rule) === null) continue;
      const smallest = [...below].sort((a, b) => cellSize(cell(a)) - cellSize(cell(b)) || a.localeCompare(b))[0]!;
      decisions.set(smallest, 'complementary');
      changed = true;
    }
  }
  return decisions;
}

/** A breakdown of the total: part → node → contributions (months of a year, stages, …). */
export type Breakdown = ReadonlyMap<string, ReadonlyMap<string, Contributions>>;

export interface TableDecisions {
  total: Decisions;
  /** Per breakdown: per node, why its breakdown is suppressed (as a whole), or null. */
  breakdowns: Map<string, Decisions>;
}

/**
 * A table: totals per node and breakdowns of them. A node's breakdown is published only with its
 * total (the parts would add up to it), and only when every part passes over the hierarchy;
 * suppressing one node's breakdown changes the residuals of the others, so this repeats until
 * nothing changes. `forcedTotal`: totals decided elsewhere (a month decided with its year).
 */
export function protectTable(input: {
  nodes: readonly HierarchyNode[];
  total: ReadonlyMap<string, Contributions>;
  breakdowns?: ReadonlyMap<string, Breakdown>;
  forcedTotal?: ReadonlyMap<string, SuppressionReason>;
  rule?: DisclosureRule;
}): TableDecisions {
  const rule = input.rule ?? DISCLOSURE_RULE;
  const total = protectHierarchy(input.nodes, input.total, { rule, ...(input.forcedTotal ? { forced: input.forcedTotal } : {}) });
  const breakdowns = new Map<string, Decisions>();
  for (const [name, parts] of input.breakdowns ?? new Map<string, Breakdown>()) {
    const forced = new Map<string, SuppressionReason>();
    for (const [id, reason] of total) if (reason !== null) forced.set(id, reason);
    let changed = true;
    while (changed) {
      changed = false;
      for (const cells of parts.values()) {
        for (const [id, reason] of protectHierarchy(input.nodes, cells, { rule, forced })) {
          if (reason !== null && !forced.has(id)) {
            forced.set(id, reason);
            changed = true;
          }
        }
      }
    }
    breakdowns.set(name, new Map(input.nodes.map((n) => [n.id, forced.get(n.id) ?? null])));
  }
  return { total, breakdowns };
}
