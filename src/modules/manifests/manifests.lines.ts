/**
 * A new manifest's line rows with the licence's flags on them (code outside the licence, licence
 * not valid that day, capacity exceeded): the one derivation for a manifest created through the
 * service and for the demo history's bulk writer, so both store and sign the same flags.
 */
import { type Discrepancy, licenceDiscrepancies } from './engine/discrepancies';
import { tonnesOf } from './manifests.presenter';
import type { CreateManifestBody } from './manifests.schema';
import type { ManifestLicenceRow, ManifestLineRow } from './manifests.tables';

export type NewLine = CreateManifestBody['lines'][number] & { line: number; category: string; quantity: string };

export function newLineRows(
  manifestId: string,
  lines: readonly NewLine[],
  licence: Pick<ManifestLicenceRow, 'categories' | 'annual_capacity' | 'valid_from' | 'valid_until'> | null | undefined,
  day: string,
  tonnesThisYear: string,
): { rows: ManifestLineRow[]; flags: Discrepancy[] } {
  const licenceFacts = licence ? { categories: licence.categories, annualCapacity: licence.annual_capacity, validFrom: licence.valid_from, validUntil: licence.valid_until } : null;
  const loadInTonnes = lines.map((l) => ({ line: l.line, wasteCode: l.wasteCode, category: l.category, quantity: l.unit === 'kg' ? tonnesOf([{ quantity: l.quantity, unit: 'kg' }]) : l.quantity }));
  const flags = licenceDiscrepancies(loadInTonnes, licenceFacts, day, tonnesThisYear);
  const rows = lines.map((l) => ({
    manifest_id: manifestId,
    line_no: l.line,
    waste_code: l.wasteCode,
    category: l.category,
    description: l.description,
    packaging: l.packaging ?? null,
    package_count: l.packageCount ?? null,
    quantity: l.quantity,
    unit: l.unit,
    measure: l.measure,
    grade: l.grade ?? null,
    picked_up: null,
    received: null,
    refused: null,
    outcome: null,
    refusal_reason: null,
    discrepancies: flags.filter((f) => f.line === l.line).map((f) => f.kind),
  }));
  return { rows, flags };
}
