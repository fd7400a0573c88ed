/** Statistical disclosure control of public aggregates (see rule.ts and hierarchy.ts). */
export { cellSize, type Contributions, difference, DISCLOSURE_RULE, type DisclosureRule, primaryReason, sumCells, type SuppressionReason, suppressionReasons } from './rule';
export { type Breakdown, type Decisions, type HierarchyNode, protectHierarchy, protectTable, type TableDecisions } from './hierarchy';
