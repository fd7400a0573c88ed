import type { FindingRow, RegionWithAccountsRow } from './accounts.repository';

export function presentRegion(r: RegionWithAccountsRow) {
  return { region: r.region_code, nameZh: r.name_zh, nameEn: r.name_en, firstYear: r.first_year, lastYear: r.last_year };
}

export function presentFinding(f: FindingRow) {
  return {
    id: f.id,
    region: f.region_code,
    year: f.year,
    kind: f.kind,
    rule: f.rule,
    severity: f.severity,
    status: f.status,
    code: f.message_code,
    params: f.message_params,
    message: f.message,
    fileRow: f.file_row,
    importId: f.import_id,
    note: f.note,
    updatedAt: f.updated_at.toISOString(),
  };
}

/** What the API says after a finding changed. */
export function presentFindingUpdate(f: FindingRow) {
  return { id: f.id, status: f.status, note: f.note };
}
