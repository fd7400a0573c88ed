import type { Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { defineImport, type ImportedRow, type ImportSpec, RowIssues, writeInBatches } from '../../platform/import/index';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { type AccountsDataSet, checkAccountsQuality, type MaterialAccountRow, type MessageParams, type QualityFinding } from './engine';
import { accountsPolicy } from './accounts.policy';
import * as repo from './accounts.repository';
import { type EconomyRowInput, economyColumns, economyRowInput, materialColumns, type MaterialRowInput, materialRowInput } from './accounts.schema';
import { loadDataSet, regionResolver } from './accounts.service';

/** Accounts files (server-only: the schema file is bundled into the web app, the import pipeline is not). */

/** Rows an accounts file may have. */
const ACCOUNTS_IMPORT_MAX_ROWS = 200_000;

/** A row of either kind of accounts file, tagged with its kind. */
export type AccountsFileRow = { kind: 'materials'; value: MaterialRowInput } | { kind: 'economy'; value: EconomyRowInput };

const materialImport: ImportSpec<AccountsFileRow> = defineImport({
  schema: materialRowInput.transform((value) => ({ kind: 'materials' as const, value })),
  columns: materialColumns,
  required: ['region', 'year', 'kind', 'unit'],
  maxRows: ACCOUNTS_IMPORT_MAX_ROWS,
});
const economyImport: ImportSpec<AccountsFileRow> = defineImport({
  schema: economyRowInput.transform((value) => ({ kind: 'economy' as const, value })),
  columns: economyColumns,
  required: ['region', 'year', 'baseYear', 'gdpCurrent', 'population'],
  maxRows: ACCOUNTS_IMPORT_MAX_ROWS,
});

/** Quality rules that make an import invalid: the file itself is wrong, not merely implausible. */
const BLOCKING_RULES = new Set(['duplicateRow', 'negativeValue', 'unknownKind', 'unitMismatch', 'gdpInconsistent']);

export interface ImportOutcome {
  kind: 'materials' | 'economy';
  importId: string;
  rows: number;
  regions: string[];
  findings: { rule: string; severity: string; region: string; year: number; kind: string | null; fileRow: number | null; code: string; params: MessageParams; message: string }[];
  scores: { region: string; year: number; score: number; errors: number; warnings: number }[];
}

function detectKind(columns: string[]): 'materials' | 'economy' {
  const norm = columns.map((c) => c.toLowerCase().replace(/[\s_]/g, ''));
  const has = (names: readonly string[]) => names.some((n) => norm.includes(n.toLowerCase().replace(/[\s_]/g, '')));
  if (has(['kind', ...materialColumns.kind])) return 'materials';
  if (has(['gdpCurrent', ...economyColumns.gdpCurrent])) return 'economy';
  throw errors.validation('Cannot tell what the file holds.', [
    { field: 'file', message: 'expected a material-accounts file (column kind / 资源种类) or an economy file (column gdpCurrent / 地区生产总值)' },
  ]);
}

/** The accounts file: material accounts or economy rows, told apart by the header. */
export const accountsImport = (columns: string[]): ImportSpec<AccountsFileRow> => (detectKind(columns) === 'materials' ? materialImport : economyImport);

/**
 * Imports a file read through `accountsImport`: resolve regions, refuse rows repeated in the
 * file (naming both), check the caller may write every region, run the quality checks on the
 * region's whole history with the new rows in place, refuse the file if any row is
 * structurally wrong, otherwise write rows, findings and the audit record in the caller's
 * transaction.
 */
export async function importAccountsFile(
  trx: Trx,
  ctx: ServiceContext,
  file: { name: string; columns: string[]; rows: readonly ImportedRow<AccountsFileRow>[] },
  onProgress?: (done: number, total: number) => void,
): Promise<ImportOutcome> {
  // Anonymous callers learn nothing from a file: refused before any row is looked at.
  permit(ctx.viewer, ctx.viewer.kind !== 'anonymous');
  const kind = detectKind(file.columns);
  const resolve = await regionResolver(trx);
  const issues = new RowIssues();
  const regionOf = (text: string, row: number) => {
    const code = resolve(text);
    if (!code) issues.add({ field: `row ${row}: region`, message: `unknown region ${text}`, code: 'accounts.unknownRegion', params: { region: text } });
    return code;
  };
  // The database keeps one row per region and year (and kind): a second one in the file would
  // silently replace the first, so both are named instead.
  const firstRowOf = new Map<string, number>();
  const repeated = (row: number, region: string, year: number, kindCode: string | null): boolean => {
    const key = `${region}|${year}|${kindCode ?? ''}`;
    const first = firstRowOf.get(key);
    if (first === undefined) {
      firstRowOf.set(key, row);
      return false;
    }
    const what = kindCode === null ? `${region} ${year}` : `${region} ${year} ${kindCode}`;
    issues.add({
      field: `row ${row}: ${kindCode === null ? 'year' : 'kind'}`,
      message: `${what} appears again (first in row ${first})`,
      code: 'accounts.repeatedRow',
      params: { row, firstRow: first, region, year, what },
    });
    return true;
  };

  const materialRows: (MaterialAccountRow & { fileRow: number })[] = [];
  const economyRows: { fileRow: number; region: string; year: number; baseYear: number; gdpCurrent: number; gdpConstant?: number; deflator?: number; population: number }[] = [];
  for (const { row, value: tagged } of file.rows) {
    switch (tagged.kind) {
      case 'materials': {
        const value = tagged.value;
        const region = regionOf(value.region, row);
        if (region && !repeated(row, region, value.year, value.kind)) materialRows.push({ ...value, region, fileRow: row });
        break;
      }
      case 'economy': {
        const value = tagged.value;
        const region = regionOf(value.region, row);
        if (!region || repeated(row, region, value.year, null)) break;
        economyRows.push({
          fileRow: row,
          region,
          year: value.year,
          baseYear: value.baseYear,
          gdpCurrent: value.gdpCurrent,
          ...(value.gdpConstant !== undefined ? { gdpConstant: value.gdpConstant } : {}),
          ...(value.deflator !== undefined ? { deflator: value.deflator } : {}),
          population: value.population,
        });
        break;
      }
    }
  }
  issues.throwIfAny();
  const inFile = new Set([...materialRows, ...economyRows].map((r) => r.region));
  const regions = [...inFile].sort();
  for (const region of regions) permit(ctx.viewer, accountsPolicy.write(ctx.viewer, region), `You may not write the accounts of region ${region}.`);

  // The region's stored history with the file's rows in place, so jumps are judged against history.
  const stored = await loadDataSet(trx, regions);
  const fileRowOf = new Map<string, number>();
  const key = (r: { region: string; year: number; kind?: string }) => `${r.region}|${r.year}|${r.kind ?? ''}`;
  const merged: AccountsDataSet = { baseYear: stored.baseYear, materials: [...stored.materials], economy: [...stored.economy] };
  if (kind === 'materials') {
    const replaced = new Set(materialRows.map(key));
    merged.materials = merged.materials.filter((r) => !replaced.has(key(r)));
    for (const r of materialRows) {
      fileRowOf.set(`m${merged.materials.length}`, r.fileRow);
      const { fileRow: _fileRow, ...row } = r;
      merged.materials.push(row);
    }
  } else {
    const replaced = new Set(economyRows.map(key));
    merged.economy = merged.economy.filter((r) => !replaced.has(key(r)));
    for (const r of economyRows) {
      fileRowOf.set(`e${merged.economy.length}`, r.fileRow);
      const { fileRow: _fileRow, ...row } = r;
      merged.economy.push(row);
    }
    // One pass over the region's rows, not one per region: a national file has thousands of counties.
    const baseYearsOf = new Map<string, Set<number | undefined>>();
    for (const e of merged.economy) {
      if (!inFile.has(e.region)) continue;
      const years = baseYearsOf.get(e.region) ?? new Set<number | undefined>();
      years.add((e as { baseYear?: number }).baseYear);
      baseYearsOf.set(e.region, years);
    }
    for (const [region, years] of baseYearsOf) {
      if (years.size > 1) {
        issues.add({
          field: 'baseYear',
          message: `region ${region} would have several base years (${[...years].join(', ')}); re-import all its years on one base`,
          code: 'accounts.severalBaseYears',
          params: { region, years: [...years].join(', ') },
        });
      }
    }
    if (issues.count > 0) throw errors.validation('Inconsistent base years; nothing was imported.', issues.listed);
  }
  const catalogue = await repo.loadCatalogue(trx);
  const report = checkAccountsQuality(merged, { catalogue });
  const fileRow = (f: QualityFinding) => (f.row.index < 0 ? null : (fileRowOf.get(`${f.row.table === 'materials' ? 'm' : 'e'}${f.row.index}`) ?? null));
  const blocking = report.findings.filter((f) => f.severity === 'error' && BLOCKING_RULES.has(f.rule) && fileRow(f) !== null);
  const blockingIssues = new RowIssues();
  for (const f of blocking) blockingIssues.add({ field: `row ${fileRow(f)}${f.kind ? `: ${f.kind}` : ''}`, message: f.message, code: `accounts.${f.code}`, params: f.params });
  blockingIssues.throwIfAny();

  const actor = actorOf(ctx.viewer);
  const imported = await repo.insertImport(trx, {
    organisation_id: actor?.organisationId ?? null,
    file_name: file.name,
    kind,
    rows: kind === 'materials' ? materialRows.length : economyRows.length,
    created_by: actor?.userId ?? null,
  });
  const progress = (done: number) => onProgress?.(done, imported.rows);
  if (kind === 'materials') {
    await writeInBatches(materialRows, async (batch, first) => {
      await repo.upsertMaterialRows(trx, batch.map(({ fileRow: _f, ...r }) => ({ ...r, importId: imported.id })));
      progress(first + batch.length);
    });
  } else {
    await writeInBatches(economyRows, async (batch, first) => {
      await repo.upsertEconomyRows(trx, batch.map(({ fileRow: _f, ...r }) => ({ ...r, importId: imported.id })));
      progress(first + batch.length);
    });
  }
  const findings = report.findings.filter((f) => inFile.has(f.region)).map((f) => ({ ...f, fileRow: fileRow(f), importId: imported.id }));
  await repo.replaceOpenFindings(trx, regions, findings);
  await recordAudit(trx, ctx, {
    action: 'accounts.import',
    entityType: 'account_imports',
    entityId: imported.id,
    organisationId: actor?.organisationId ?? null,
    after: { file_name: file.name, kind, rows: imported.rows, regions, findings: findings.length },
  });
  return {
    kind,
    importId: imported.id,
    rows: imported.rows,
    regions,
    findings: findings.map((f) => ({ rule: f.rule, severity: f.severity, region: f.region, year: f.year, kind: f.kind ?? null, fileRow: f.fileRow, code: f.code, params: f.params, message: f.message })),
    scores: report.scores.filter((s) => inFile.has(s.region)),
  };
}
