/**
 * Discrepancies flagged on a manifest's lines (issue 13): weighed on receipt against picked up
 * beyond a tolerance, a line missing on receipt, and a receiver whose licence does not cover a
 * line's code, has lapsed, or whose annual capacity the load would exceed. They are flags shown
 * to every party and the regulator, not refusals: the load exists whatever the paperwork says.
 */
import { toMilli } from './quantity';

export const discrepancyKinds = ['weight-mismatch', 'missing-line', 'unlicensed-code', 'licence-lapsed', 'over-capacity'] as const;
export type DiscrepancyKind = (typeof discrepancyKinds)[number];

export interface Discrepancy {
  kind: DiscrepancyKind;
  /** 1-based line number. */
  line: number;
  /** Relative deviation of the weight (received / reference − 1) for `weight-mismatch`. */
  deviation?: number;
}

export interface LineFacts {
  line: number;
  wasteCode: string;
  /** The code's category in its list (e.g. `HW02` for `271-001-02`), which licences usually name. */
  category: string;
  /** Declared quantity (decimal string, the line's unit). */
  quantity: string;
  /** Weighed at pickup when the transporter weighed it, else null (the declared quantity is the reference). */
  pickedUp: string | null;
  /** What the receiver weighed, or null when the line was not received. */
  received: string | null;
}

export interface LicenceFacts {
  /** Codes or categories the licence covers ("HW02" covers every code of that category), or a code prefix ending at a separator; "*" covers every code. */
  categories: readonly string[];
  /** Tonnes a year; null when the licence sets none. */
  annualCapacity: string | null;
  validFrom: string;
  validUntil: string;
}

/** Whether a licence covers a waste code: its category, the code itself, or a prefix of it ending at a separator. */
export function licenceCovers(categories: readonly string[], code: string, category: string): boolean {
  return categories.some((c) => c === '*' || c === category || c === code || (code.startsWith(c) && /[-.]/.test(code.charAt(c.length))));
}

/**
 * The receiver's licence on `day` (`YYYY-MM-DD`): codes it does not cover, lapsed validity, and
 * capacity when `tonnesThisYear` (accepted so far this year, decimal string) plus this load's
 * tonnes exceed the annual capacity.
 */
export function licenceDiscrepancies(lines: readonly Pick<LineFacts, 'line' | 'wasteCode' | 'category' | 'quantity'>[], licence: LicenceFacts | null, day: string, tonnesThisYear: string): Discrepancy[] {
  const found: Discrepancy[] = [];
  for (const l of lines) {
    if (!licence || !licenceCovers(licence.categories, l.wasteCode, l.category)) found.push({ kind: 'unlicensed-code', line: l.line });
    else if (day < licence.validFrom || day > licence.validUntil) found.push({ kind: 'licence-lapsed', line: l.line });
  }
  if (licence?.annualCapacity != null) {
    const load = lines.reduce((s, l) => s + toMilli(l.quantity), 0);
    // Database sums and capacities may exceed what one line's quantity may be: read as numbers (thousandths stay exact far beyond any capacity).
    if (Math.round(Number(tonnesThisYear) * 1000) + load > Math.round(Number(licence.annualCapacity) * 1000)) {
      for (const l of lines) found.push({ kind: 'over-capacity', line: l.line });
    }
  }
  return found;
}

/**
 * On receipt: lines not received, and weights that differ from the reference (picked-up weight,
 * else the declared quantity) by more than `tolerance` (relative, e.g. 0.03 for 3 %).
 */
export function receiptDiscrepancies(lines: readonly LineFacts[], tolerance: number): Discrepancy[] {
  const found: Discrepancy[] = [];
  for (const l of lines) {
    if (l.received === null) {
      found.push({ kind: 'missing-line', line: l.line });
      continue;
    }
    const reference = toMilli(l.pickedUp ?? l.quantity);
    const received = toMilli(l.received);
    if (reference === 0) {
      // Nothing was expected, so every weight is a mismatch, with no finite relative deviation to show.
      if (received > 0) found.push({ kind: 'weight-mismatch', line: l.line });
      continue;
    }
    const deviation = received / reference - 1;
    // A tolerance compared in thousandths, so 3 % of 100 t is exactly 3 t either way.
    if (Math.abs(received - reference) * 1000 > Math.round(tolerance * 1000) * reference) found.push({ kind: 'weight-mismatch', line: l.line, deviation: Math.round(deviation * 10_000) / 10_000 });
  }
  return found;
}
