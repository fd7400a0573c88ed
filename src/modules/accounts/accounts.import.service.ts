import type { Trx } from '../../db/database';
import type { RequestContext } from '../../platform/actor';
import { recordAudit, type SystemContext } from '../../platform/audit';
import { errors, type FieldIssue } from '../../platform/errors';
import { authorize } from '../../platform/policies';
import { parseRows, readTable, type TableFormat } from '../../platform/tabular';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { type AccountsDataSet, checkAccountsQuality, type MaterialAccountRow, type MessageParams, type QualityFinding } from './engine';
// The import's body is kept as it was until the shared import pipeline replaces it; it checks the
// write rule on the actor (null: the system) through the transitional context.
import { accountsImportPolicy as accountsPolicy } from './accounts.policy';
import * as repo from './accounts.repository';
import { economyColumns, economyRowInput, materialColumns, materialRowInput } from './accounts.schema';
import { loadDataSet, regionResolver } from './accounts.service';

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

/**
 * The import command: parse and validate every row, resolve regions, run the quality checks on
 * the region's whole history with the new rows in place, refuse the file if any row is
 * structurally wrong, otherwise write rows, findings and the audit record in one transaction.
 */
export async function importAccounts(
  trx: Trx,
  ctx: RequestContext | SystemContext,
  file: { name: string; data: Buffer; format: TableFormat },
  onProgress?: (done: number, total: number) => void,
): Promise<ImportOutcome> {
  const table = await readTable(file.data, file.format);
  const kind = detectKind(table.columns);
  const resolve = await regionResolver(trx);
  const issues: FieldIssue[] = [];
  const regionOf = (text: string, row: number) => {
    const code = resolve(text);
    if (!code) issues.push({ field: `row ${row}: region`, message: `unknown region ${text}`, code: 'accounts.unknownRegion', params: { region: text } });
    return code;
  };

  const materialRows: (MaterialAccountRow & { fileRow: number })[] = [];
  const economyRows: { fileRow: number; region: string; year: number; baseYear: number; gdpCurrent: number; gdpConstant?: number; deflator?: number; population: number }[] = [];
  if (kind === 'materials') {
    for (const { row, value } of parseRows(table, materialRowInput, materialColumns, { required: ['region', 'year', 'kind', 'unit'], maxRows: 200_000 })) {
      const region = regionOf(value.region, row);
      if (region) materialRows.push({ ...value, region, fileRow: row });
    }
  } else {
    for (const { row, value } of parseRows(table, economyRowInput, economyColumns, { required: ['region', 'year', 'baseYear', 'gdpCurrent', 'population'], maxRows: 200_000 })) {
      const region = regionOf(value.region, row);
      if (!region) continue;
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
    }
  }
  if (issues.length > 0) throw errors.validation(`${issues.length} error(s) in the file; nothing was imported.`, issues);
  const regions = [...new Set([...materialRows, ...economyRows].map((r) => r.region))].sort();
  if (ctx.actor) {
    for (const region of regions) {
      authorize(accountsPolicy.write(ctx.actor, region), `You may not write the accounts of region ${region}.`);
    }
  }

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
    for (const region of regions) {
      const years = new Set(merged.economy.filter((e) => e.region === region).map((e) => (e as { baseYear?: number }).baseYear));
      if (years.size > 1) {
        issues.push({
          field: 'baseYear',
          message: `region ${region} would have several base years (${[...years].join(', ')}); re-import all its years on one base`,
          code: 'accounts.severalBaseYears',
          params: { region, years: [...years].join(', ') },
        });
      }
    }
    if (issues.length > 0) throw errors.validation('Inconsistent base years; nothing was imported.', issues);
  }
  const catalogue = await repo.loadCatalogue(trx);
  const report = checkAccountsQuality(merged, { catalogue });
  const fileRow = (f: QualityFinding) => (f.row.index < 0 ? null : (fileRowOf.get(`${f.row.table === 'materials' ? 'm' : 'e'}${f.row.index}`) ?? null));
  const blocking = report.findings.filter((f) => f.severity === 'error' && BLOCKING_RULES.has(f.rule) && fileRow(f) !== null);
  if (blocking.length > 0) {
    throw errors.validation(
      `${blocking.length} error(s) in the file; nothing was imported.`,
      blocking.map((f) => ({ field: `row ${fileRow(f)}${f.kind ? `: ${f.kind}` : ''}`, message: f.message, code: `accounts.${f.code}`, params: f.params })),
    );
  }

  const imported = await repo.insertImport(trx, {
    organisation_id: ctx.actor?.organisationId ?? null,
    file_name: file.name,
    kind,
    rows: kind === 'materials' ? materialRows.length : economyRows.length,
    created_by: ctx.actor?.userId ?? null,
  });
  if (kind === 'materials') {
    await repo.upsertMaterialRows(trx, materialRows.map(({ fileRow: _f, ...r }) => ({ ...r, importId: imported.id })));
  } else {
    await repo.upsertEconomyRows(trx, economyRows.map(({ fileRow: _f, ...r }) => ({ ...r, importId: imported.id })));
  }
  onProgress?.(imported.rows, imported.rows);
  const findings = report.findings.filter((f) => regions.includes(f.region)).map((f) => ({ ...f, fileRow: fileRow(f), importId: imported.id }));
  await repo.replaceOpenFindings(trx, regions, findings);
  await recordAudit(trx, ctx, {
    action: 'accounts.import',
    entityType: 'account_imports',
    entityId: imported.id,
    organisationId: ctx.actor?.organisationId ?? null,
    after: { file_name: file.name, kind, rows: imported.rows, regions, findings: findings.length },
  });
  return {
    kind,
    importId: imported.id,
    rows: imported.rows,
    regions,
    findings: findings.map((f) => ({ rule: f.rule, severity: f.severity, region: f.region, year: f.year, kind: f.kind ?? null, fileRow: f.fileRow, code: f.code, params: f.params, message: f.message })),
    scores: report.scores.filter((s) => regions.includes(s.region)),
  };
}

/**
 * The import for a service context (HTTP, CLI): anonymous callers are refused before the file is
 * read; the system viewer imports without a region check, as the CLI always did.
 */
export function importAccountsFile(
  trx: Trx,
  ctx: ServiceContext,
  file: { name: string; data: Buffer; format: TableFormat },
  onProgress?: (done: number, total: number) => void,
): Promise<ImportOutcome> {
  if (ctx.viewer.kind === 'anonymous') throw errors.unauthenticated();
  const actor = actorOf(ctx.viewer);
  return importAccounts(trx, actor ? { actor, requestId: ctx.requestId } : { actor: null, requestId: ctx.requestId }, file, onProgress);
}
