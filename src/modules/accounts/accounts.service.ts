import type { DB, Executor, Trx } from '../../db/database';
import type { RequestContext } from '../../platform/actor';
import { recordAudit, type SystemContext } from '../../platform/audit';
import { errors, type FieldIssue } from '../../platform/errors';
import { accountsPolicy, authorize } from '../../platform/policies';
import { parseRows, readTable, type TableFormat } from '../../platform/tabular';
import { listRegions } from '../organisations/organisations.repository';
import {
  type AccountsDataSet,
  AccountsDataError,
  checkAccountsQuality,
  decomposeProductivityChange,
  indicatorSeries,
  type IndicatorOptions,
  materialIndicators,
  type MaterialAccountRow,
  type MessageParams,
  productivityChange,
  productivityRoadmap,
  projectScenarios,
  type QualityFinding,
  type ResourceKind,
  type ScenarioDefinition,
  type TonnageBasis,
  unitConversionFactor,
} from './engine';
import * as repo from './accounts.repository';
import { type CatalogueCreateBody, type CatalogueUpdateBody, economyColumns, economyRowInput, materialColumns, materialRowInput, type ScenarioBody } from './accounts.schema';

/** Quality rules that make an import invalid: the file itself is wrong, not merely implausible. */
const BLOCKING_RULES = new Set(['duplicateRow', 'negativeValue', 'unknownKind', 'unitMismatch', 'gdpInconsistent']);

/** Resolves a region given as a GB/T 2260 code or a Chinese name (浙江 or 浙江省). */
export async function regionResolver(db: Executor): Promise<(text: string) => string | undefined> {
  const regions = await listRegions(db);
  const byCode = new Map(regions.map((r) => [r.code, r.code]));
  const byName = new Map<string, string>();
  for (const r of regions) {
    byName.set(r.name_zh, r.code);
    byName.set(r.name_en.toLowerCase(), r.code);
    // 浙江省 → 浙江, 广西壮族自治区 → 广西, 北京市 → 北京: the short names people write.
    const short = r.name_zh.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, '');
    if (r.level === 'province' && !byName.has(short)) byName.set(short, r.code);
  }
  return (text) => byCode.get(text) ?? byName.get(text) ?? byName.get(text.toLowerCase());
}

export async function resolveRegionOrThrow(db: Executor, text: string, field = 'region'): Promise<string> {
  const code = (await regionResolver(db))(text.trim());
  if (!code) throw errors.validation(`Unknown region ${text}.`, [{ field, message: `unknown region ${text} (give a GB/T 2260 code or a Chinese name)` }]);
  return code;
}

export async function loadDataSet(db: Executor, regions?: readonly string[]): Promise<AccountsDataSet> {
  const { materials, economy } = await repo.loadAccounts(db, regions);
  const baseYears = new Set(economy.map((e) => e.baseYear));
  // Regions are compared one by one; a single base year per region is enforced at import.
  const baseYear = baseYears.size === 1 ? [...baseYears][0]! : (economy[0]?.baseYear ?? 0);
  return { baseYear, materials, economy };
}

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

function engineError(error: unknown): never {
  if (error instanceof AccountsDataError || error instanceof RangeError) throw errors.validation(error.message, [{ field: 'region', message: error.message }]);
  throw error;
}

export async function regionIndicators(db: DB, region: string, span: { from?: number | undefined; to?: number | undefined }, basis: TonnageBasis) {
  const data = await loadDataSet(db, [region]);
  const catalogue = await repo.loadCatalogue(db);
  try {
    const { indicators, yearOnYear } = indicatorSeries(
      data,
      region,
      { ...(span.from !== undefined ? { from: span.from } : {}), ...(span.to !== undefined ? { to: span.to } : {}) },
      { catalogue, basis },
    );
    if (indicators.length === 0) throw errors.notFound('Accounts of region', region);
    const quality = checkAccountsQuality(data, { catalogue }).scores.filter((s) => s.region === region);
    return { region, basis, indicators, yearOnYear, quality };
  } catch (error) {
    return engineError(error);
  }
}

export async function regionChange(db: DB, region: string, from: number, to: number, basis: TonnageBasis) {
  const data = await loadDataSet(db, [region]);
  const catalogue = await repo.loadCatalogue(db);
  try {
    const change = productivityChange(data, region, from, to, { catalogue, basis });
    return { ...change, decomposition: decomposeProductivityChange(change) };
  } catch (error) {
    return engineError(error);
  }
}

/**
 * Default scenarios when the user names none: the region's own trend (average GDP growth and
 * per-category intensity change over its last five years), a green-transition variant
 * (intensities falling 2 points a year faster) and a frozen-intensity reference.
 */
export function trendScenarios(data: AccountsDataSet, region: string, baseYear: number, options: IndicatorOptions): ScenarioDefinition[] {
  const years = data.economy.filter((e) => e.region === region && e.year <= baseYear).map((e) => e.year);
  const fromYear = Math.max(Math.min(...years), baseYear - 5);
  if (!(fromYear < baseYear)) return [{ name: 'trend', gdpGrowth: 0.05, intensityChange: {} }];
  const a = materialIndicators(data, region, fromYear, options);
  const b = materialIndicators(data, region, baseYear, options);
  const span = baseYear - fromYear;
  const rate = (x: number, y: number) => (x > 0 && y > 0 ? Math.pow(y / x, 1 / span) - 1 : 0);
  const gdpGrowth = rate(a.gdpConstant, b.gdpConstant);
  const categories = ['biomass', 'metalOres', 'nonMetallicMinerals', 'fossilEnergy'] as const;
  const trend: Partial<Record<(typeof categories)[number], number>> = {};
  const green: Partial<Record<(typeof categories)[number], number>> = {};
  for (const c of categories) {
    trend[c] = rate(a.byCategory[c].dmc / a.gdpConstant, b.byCategory[c].dmc / b.gdpConstant);
    green[c] = trend[c] - 0.02;
  }
  return [
    { name: 'trend', gdpGrowth, intensityChange: trend },
    { name: 'green', gdpGrowth, intensityChange: green },
    // Productivity is GDP over DMC, so only intensities move it: the reference of no improvement.
    { name: 'frozen', gdpGrowth, intensityChange: {} },
  ];
}

export async function regionScenarios(db: DB, body: ScenarioBody & { region: string }) {
  const data = await loadDataSet(db, [body.region]);
  const catalogue = await repo.loadCatalogue(db);
  const years = data.economy.filter((e) => e.region === body.region).map((e) => e.year);
  if (years.length === 0) throw errors.notFound('Accounts of region', body.region);
  const baseYear = body.baseYear ?? Math.max(...years);
  try {
    const base = materialIndicators(data, body.region, baseYear, { catalogue, basis: body.basis });
    const scenarios: ScenarioDefinition[] =
      body.scenarios?.map((s) => ({ name: s.name, gdpGrowth: s.gdpGrowth, intensityChange: s.intensityChange, ...(s.intensityChangeOther !== undefined ? { intensityChangeOther: s.intensityChangeOther } : {}) })) ??
      trendScenarios(data, body.region, baseYear, { catalogue, basis: body.basis });
    const target =
      body.targetProductivity !== undefined
        ? { productivity: body.targetProductivity }
        : body.targetChange !== undefined
          ? { productivity: base.productivityDmc * (1 + body.targetChange) }
          : undefined;
    const projections = projectScenarios(base, scenarios, body.targetYear, target);
    const roadmap = target
      ? productivityRoadmap(base, { targetYear: body.targetYear, gdpGrowth: scenarios[0]!.gdpGrowth, targetProductivity: target.productivity })
      : null;
    return { region: body.region, baseYear, basis: body.basis, base, scenarios, projections, roadmap };
  } catch (error) {
    return engineError(error);
  }
}

// ---- resource catalogue (editable reference data) ------------------------------------------

function presentKind(row: Parameters<typeof repo.resourceKindOfRow>[0]) {
  return repo.resourceKindOfRow(row);
}

/**
 * A unit change must leave every stored row of the kind convertible, or the kind's history would
 * turn into unit-mismatch errors: refused with the units that would break.
 */
async function checkUnitChange(trx: Trx, kind: ResourceKind, unit: string): Promise<void> {
  const broken = (await repo.unitsInUse(trx, kind.code)).filter((u) => unitConversionFactor(u.unit, { ...kind, unit }) === null);
  if (broken.length > 0) {
    throw errors.conflict(
      `Stored rows of ${kind.code} use units that do not convert to ${unit}; nothing was changed.`,
      broken.map((u) => ({
        field: 'body.unit',
        message: `${u.rows} stored row(s) in ${u.unit} would not convert to ${unit}`,
        code: 'accounts.unitChangeBreaksRows',
        params: { rows: u.rows, unit: u.unit, expected: unit },
      })),
    );
  }
}

export async function createResourceKind(trx: Trx, ctx: RequestContext, body: CatalogueCreateBody) {
  authorize(accountsPolicy.editCatalogue(ctx.actor), 'Only statistics offices (admins) and platform admins edit the catalogue.');
  if (await repo.lockResourceKind(trx, body.code)) {
    throw errors.conflict(`Resource kind ${body.code} exists.`, [{ field: 'body.code', message: `${body.code} exists`, code: 'accounts.kindExists', params: { kind: body.code } }]);
  }
  const row = await repo.insertResourceKind(trx, body);
  await recordAudit(trx, ctx, { action: 'resource_kind.create', entityType: 'resource_kinds', entityId: row.code, organisationId: ctx.actor.organisationId, after: row });
  return presentKind(row);
}

export async function updateResourceKind(trx: Trx, ctx: RequestContext, code: string, b: CatalogueUpdateBody) {
  authorize(accountsPolicy.editCatalogue(ctx.actor), 'Only statistics offices (admins) and platform admins edit the catalogue.');
  const before = await repo.lockResourceKind(trx, code);
  if (!before) throw errors.notFound('Resource kind', code);
  // The 14 national kinds belong to fixed categories (the sub-indicators of seed 004).
  if (b.category !== undefined && b.category !== before.category && before.national) {
    throw errors.conflict(`${code} is a national resource kind; its category is fixed.`, [
      { field: 'body.category', message: 'the category of a national kind is fixed', code: 'accounts.nationalCategoryFixed', params: { kind: code } },
    ]);
  }
  if (b.unit !== undefined && b.unit !== before.unit) await checkUnitChange(trx, presentKind(before), b.unit);
  const after = await repo.updateResourceKind(trx, code, {
    ...(b.nameZh !== undefined ? { name_zh: b.nameZh } : {}),
    ...(b.nameEn !== undefined ? { name_en: b.nameEn } : {}),
    ...(b.category !== undefined ? { category: b.category } : {}),
    ...(b.unit !== undefined ? { unit: b.unit } : {}),
    ...(b.toTonnes !== undefined ? { to_tonnes: String(b.toTonnes) } : {}),
    ...(b.primaryEquivalent !== undefined ? { primary_equivalent: String(b.primaryEquivalent) } : {}),
    ...(b.basis !== undefined ? { basis: b.basis } : {}),
  });
  await recordAudit(trx, ctx, { action: 'resource_kind.update', entityType: 'resource_kinds', entityId: code, organisationId: ctx.actor.organisationId, before, after });
  return presentKind(after);
}

export async function deleteResourceKind(trx: Trx, ctx: RequestContext, code: string): Promise<void> {
  authorize(accountsPolicy.editCatalogue(ctx.actor), 'Only statistics offices (admins) and platform admins edit the catalogue.');
  const before = await repo.lockResourceKind(trx, code);
  if (!before) throw errors.notFound('Resource kind', code);
  if (before.national) {
    throw errors.conflict(`${code} is one of the 14 national resource kinds; it cannot be deleted.`, [
      { field: 'code', message: 'national kinds cannot be deleted', code: 'accounts.nationalKindKept', params: { kind: code } },
    ]);
  }
  const used = (await repo.unitsInUse(trx, code)).reduce((n, u) => n + u.rows, 0);
  if (used > 0) {
    throw errors.conflict(`${used} stored row(s) use ${code}; it cannot be deleted.`, [
      { field: 'code', message: `${used} stored row(s) use this kind`, code: 'accounts.kindInUse', params: { kind: code, rows: used } },
    ]);
  }
  await repo.deleteResourceKind(trx, code);
  await recordAudit(trx, ctx, { action: 'resource_kind.delete', entityType: 'resource_kinds', entityId: code, organisationId: ctx.actor.organisationId, before });
}
