/**
 * Genealogy checks at a transfer station (issue 13: "the genealogy is kept and quantities
 * balance"): an operation has the shape its kind implies and its outputs weigh what its inputs
 * weighed, within a tolerance (moisture loss, scale resolution).
 */
import type { GenealogyLoad, GenealogyOperation } from './interchange';
import { gramsToTonnes, tonnesToGrams } from './tonnes';

export type GenealogyIssue =
  | { code: 'manifests.genealogy-shape'; operation: string; params: { kind: GenealogyOperation['kind']; inputs: number; outputs: number } }
  | { code: 'manifests.genealogy-quantity'; operation: string; params: { manifest: string; lineNo: number; quantity: string } }
  | { code: 'manifests.genealogy-unbalanced'; operation: string; params: { input: string; output: string; tolerance: string } }
  | { code: 'manifests.genealogy-load-reused'; operation: string; params: { manifest: string } };

/** Grams of all lines of some loads; null if any quantity is not a decimal of tonnes. */
function totalGrams(loads: GenealogyLoad[]): number | null {
  let sum = 0;
  for (const load of loads) {
    for (const line of load.lines) {
      const g = tonnesToGrams(line.quantity);
      if (g === null) return null;
      sum += g;
    }
  }
  return sum;
}

function shapeHolds(op: GenealogyOperation): boolean {
  const i = op.inputs.length;
  const o = op.outputs.length;
  switch (op.kind) {
    case 'group':
      return i >= 1 && o === 1;
    case 'split':
      return i === 1 && o >= 2;
    case 'blend':
      return i >= 2 && o === 1;
  }
}

/**
 * Issues of a batch's genealogy; empty when it holds. `toleranceShare` is the share of the
 * inputs' weight the outputs may differ by (default 0.5 %, a class III weighbridge's error
 * at both ends); a load may leave through at most one operation.
 */
export function genealogyIssues(operations: GenealogyOperation[], toleranceShare = 0.005): GenealogyIssue[] {
  const issues: GenealogyIssue[] = [];
  const consumed = new Set<string>();
  for (const op of operations) {
    if (!shapeHolds(op)) {
      issues.push({ code: 'manifests.genealogy-shape', operation: op.id, params: { kind: op.kind, inputs: op.inputs.length, outputs: op.outputs.length } });
    }
    for (const load of [...op.inputs, ...op.outputs]) {
      for (const line of load.lines) {
        if (tonnesToGrams(line.quantity) === null) {
          issues.push({ code: 'manifests.genealogy-quantity', operation: op.id, params: { manifest: load.manifestNumber, lineNo: line.lineNo, quantity: line.quantity } });
        }
      }
    }
    for (const load of op.inputs) {
      if (consumed.has(load.manifestNumber)) issues.push({ code: 'manifests.genealogy-load-reused', operation: op.id, params: { manifest: load.manifestNumber } });
      consumed.add(load.manifestNumber);
    }
    const input = totalGrams(op.inputs);
    const output = totalGrams(op.outputs);
    if (input === null || output === null) continue;
    const tolerance = Math.round(input * toleranceShare);
    if (Math.abs(input - output) > tolerance) {
      issues.push({
        code: 'manifests.genealogy-unbalanced',
        operation: op.id,
        params: { input: gramsToTonnes(input), output: gramsToTonnes(output), tolerance: gramsToTonnes(tolerance) },
      });
    }
  }
  return issues;
}
