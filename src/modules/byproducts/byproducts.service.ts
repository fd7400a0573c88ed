import { z } from 'zod';
import type { ByproductStreamTable, Executor, OrganisationRow, SiteRow, Trx } from '../../db/database';
import type { Insertable } from 'kysely';
import { type Actor, regionPrefix, type RequestContext } from '../../platform/actor';
import { recordAudit, type SystemContext } from '../../platform/audit';
import { visible } from '../../platform/classification';
import { errors, type FieldIssue } from '../../platform/errors';
import { authorize, byproductsPolicy, type StreamOwnerRef } from '../../platform/policies';
import { actorViewer } from '../../platform/viewer';
import { canReadFirmBalance, latestReconciledOutflows } from '../balance';
import { parseRows, readTable, type TableFormat, writeTable } from '../../platform/tabular';
import * as orgRepo from '../organisations/organisations.repository';
import {
  adviceOutput,
  adviseStream,
  type ByproductStream,
  cascadeSankey,
  circularityFigures,
  classifyStream,
  compareWithBalance,
  outflowTotal,
  defaultPathwayKnowledgeBase,
  DISPOSAL_HANDLING_IDS,
  EMISSION_FACTORS,
  findHerb,
  firmInputsForPeriod,
  firmMaterialCircularity,
  type FirmMciInputs,
  generationBreakdown,
  monthlyCircularitySeries,
  monthlyQuantities,
  parseStream,
  parseWeights,
  planCascade,
  type FieldError,
  type Pathway,
  type PathwayKnowledgeBase,
  type ScopeLevel,
  type StreamPeriodRecord,
  validatePathway,
  validatePathwayKnowledgeBase,
  type CriterionWeights,
  type UtilisationMode,
  type DisposalHandlingId,
} from './engine';
import * as repo from './byproducts.repository';
import type { StreamWithOwner } from './byproducts.repository';
import type { CreateStreamBody, FiguresQuery, FirmInputsBody, ListStreamsQuery, RecordBody, UpdateStreamBody } from './byproducts.schema';

type Ctx = RequestContext | SystemContext;

export const ownerOf = (row: { organisation_id: string; region_code: string; park_id: string | null }): StreamOwnerRef => ({
  organisationId: row.organisation_id,
  regionCode: row.region_code,
  parkId: row.park_id,
});
const orgOwner = (org: OrganisationRow): StreamOwnerRef => ({ organisationId: org.id, regionCode: org.region_code, parkId: org.park_id });

/** CLI and demo (no actor) see everything. */
export function streamClearance(actor: Actor | null | undefined, row: StreamWithOwner) {
  return actor === undefined || actor === null ? 'confidential' : byproductsPolicy.clearance(actor, ownerOf(row));
}

function fieldErrors(errs: FieldError[], prefix = ''): FieldIssue[] {
  return errs.map((e) => ({ field: `${prefix}${e.field}`, message: e.message, ...(e.code ? { code: e.code } : {}), ...(e.params ? { params: e.params } : {}) }));
}

// ---- engine mapping -------------------------------------------------------------------------

const num = (v: string | null) => (v === null ? null : Number(v));

export function toEngineStream(row: StreamWithOwner): ByproductStream & { id: string; name: string } {
  return {
    id: row.id,
    name: row.name,
    herb: row.herb,
    part: row.part as ByproductStream['part'],
    residue: row.residue as ByproductStream['residue'],
    stage: row.stage as ByproductStream['stage'],
    state: row.state,
    tonnesPerYear: Number(row.tonnes_per_year),
    moisture: num(row.moisture),
    assays: { constituents: {}, ...(row.assays as Partial<ByproductStream['assays']>) },
    contamination: row.contamination as ByproductStream['contamination'],
    hazardous: row.hazardous,
    hazardousCode: row.hazardous_code,
    currentHandling: row.current_handling as ByproductStream['currentHandling'],
    currentHandlingCostPerTonne: num(row.handling_cost_per_tonne),
    seasonality: row.seasonality,
    classOverride: row.class_override as ByproductStream['classOverride'],
  };
}

/** The stream as JSON in the --file format (ids), e.g. to merge a PATCH into it. */
export function streamJson(s: ByproductStream): Record<string, unknown> {
  return {
    herb: s.herb,
    part: s.part,
    residue: s.residue,
    stage: s.stage,
    state: s.state,
    tonnesPerYear: s.tonnesPerYear,
    moisture: s.moisture,
    assays: s.assays,
    contamination: s.contamination,
    hazardous: s.hazardous,
    hazardousCode: s.hazardousCode,
    currentHandling: s.currentHandling,
    currentHandlingCostPerTonne: s.currentHandlingCostPerTonne,
    seasonality: s.seasonality,
    classOverride: s.classOverride,
  };
}

/** Parses a stream described in JSON (what-if, --file); errors name the field. */
export function parseStreamOrThrow(input: unknown, prefix = ''): ByproductStream {
  const result = parseStream(input);
  if (!result.ok) throw errors.validation(`The stream is invalid: ${result.errors.length} error(s).`, fieldErrors(result.errors, prefix));
  return result.value;
}

/** A stream's columns as stored; the demo loader writes its streams through it too. */
export function streamRowColumns(s: ByproductStream): Omit<Insertable<ByproductStreamTable>, 'code' | 'organisation_id' | 'site_id' | 'name'> {
  return {
    herb: s.herb,
    part: s.part,
    residue: s.residue,
    stage: s.stage,
    state: s.state,
    tonnes_per_year: s.tonnesPerYear,
    seasonality: s.seasonality === null ? null : JSON.stringify(s.seasonality),
    moisture: s.moisture,
    assays: JSON.stringify(s.assays),
    contamination: JSON.stringify(s.contamination),
    hazardous: s.hazardous,
    hazardous_code: s.hazardousCode,
    current_handling: s.currentHandling,
    handling_cost_per_tonne: s.currentHandlingCostPerTonne,
    class_override: s.classOverride === null ? null : JSON.stringify(s.classOverride),
  };
}

function defaultName(s: ByproductStream): string {
  const herb = s.herb === null ? '' : (findHerb(s.herb)?.zh ?? s.herb);
  return `${herb}${s.residue ?? s.part ?? ''}`.trim() || 'stream';
}

// ---- references ---------------------------------------------------------------------------

export async function resolveOrganisation(db: Executor, ref: string, field = 'organisation'): Promise<OrganisationRow> {
  const org = repo.isUuid(ref) ? await orgRepo.findOrganisation(db, ref) : await orgRepo.findOrganisationByCode(db, ref);
  if (!org) throw errors.validation(`Unknown organisation ${ref}.`, [{ field, message: `unknown organisation ${ref} (give its code or id)` }]);
  return org;
}

async function resolveSite(db: Executor, org: OrganisationRow, ref: string | undefined, field = 'site'): Promise<SiteRow> {
  const sites = await orgRepo.listSites(db, org.id);
  const site = ref === undefined ? sites[0] : sites.find((s) => s.id === ref || s.name === ref);
  if (!site) {
    throw errors.validation(ref === undefined ? `${org.code} has no site.` : `Unknown site ${ref}.`, [
      { field, message: ref === undefined ? `${org.code} has no site; add one first` : `no site "${ref}" of ${org.code}; its sites: ${sites.map((s) => s.name).join(', ') || '(none)'}` },
    ]);
  }
  return site;
}

async function nextCode(db: Executor, orgCode: string, taken: Set<string> = new Set()): Promise<string> {
  const prefix = `${orgCode}-S`;
  const used = new Set([...(await repo.streamCodesWithPrefix(db, prefix)), ...taken]);
  for (let n = 1; ; n++) {
    const code = `${prefix}${String(n).padStart(2, '0')}`;
    if (!used.has(code)) return code;
  }
}

export async function getStream(db: Executor, actor: Actor | null, idOrCode: string, need: 'internal' | 'confidential' = 'confidential'): Promise<StreamWithOwner> {
  const row = await repo.findStream(db, idOrCode);
  if (!row) throw errors.notFound('Stream', idOrCode);
  if (actor && need === 'confidential') authorize(byproductsPolicy.read(actor, ownerOf(row)), 'By-product volumes are confidential to the firm, its park administration and its regulators.');
  return row;
}

// ---- stream commands -------------------------------------------------------------------------

const manufacturerOnly = (org: OrganisationRow) => {
  if (org.type !== 'manufacturer') {
    throw errors.validation(`${org.code} is not a manufacturer.`, [{ field: 'organisation', message: 'by-product streams belong to manufacturers' }]);
  }
};

function splitBody<T extends Record<string, unknown>>(body: T, omit: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => !omit.includes(k) && v !== undefined));
}

export async function createStream(trx: Trx, ctx: Ctx, body: CreateStreamBody): Promise<StreamWithOwner> {
  const orgRef = body.organisation ?? ctx.actor?.organisationId;
  if (orgRef === undefined) throw errors.validation('Give the organisation.', [{ field: 'organisation', message: 'is required' }]);
  const org = await resolveOrganisation(trx, orgRef);
  if (ctx.actor) authorize(byproductsPolicy.write(ctx.actor, orgOwner(org)), 'Only the firm (or its park administration) declares its by-product streams.');
  manufacturerOnly(org);
  const site = await resolveSite(trx, org, body.site);
  const stream = parseStreamOrThrow(splitBody(body, ['code', 'organisation', 'site']));
  if (body.code !== undefined && (await repo.findStream(trx, body.code))) {
    throw errors.conflict(`A stream with code ${body.code} exists already.`, [{ field: 'code', message: 'already taken' }]);
  }
  const code = body.code ?? (await nextCode(trx, org.code));
  const id = await repo.insertStream(trx, { code, organisation_id: org.id, site_id: site.id, name: body.name ?? defaultName(stream), ...streamRowColumns(stream) });
  const row = (await repo.findStream(trx, id))!;
  await recordAudit(trx, ctx, { action: 'byproduct_stream.create', entityType: 'byproduct_streams', entityId: id, organisationId: org.id, after: { ...row } });
  return row;
}

export async function updateStream(trx: Trx, ctx: Ctx, idOrCode: string, body: UpdateStreamBody): Promise<StreamWithOwner> {
  const before = await repo.findStream(trx, idOrCode);
  if (!before) throw errors.notFound('Stream', idOrCode);
  await repo.lockStream(trx, before.id);
  if (ctx.actor) authorize(byproductsPolicy.write(ctx.actor, ownerOf(before)), 'Only the firm (or its park administration) changes its by-product streams.');
  const patch = splitBody(body, ['site']);
  const merged: Record<string, unknown> = { ...streamJson(toEngineStream(before)), ...patch };
  if ('tonnesPerMonth' in patch) delete merged.tonnesPerYear;
  if ('classes' in merged) delete merged.classes;
  const name = (patch.name as string | undefined) ?? before.name;
  delete merged.name;
  const stream = parseStreamOrThrow(merged);
  const site = body.site === undefined ? undefined : await resolveSite(trx, (await orgRepo.findOrganisation(trx, before.organisation_id))!, body.site);
  await repo.updateStream(trx, before.id, { name, ...(site ? { site_id: site.id } : {}), ...streamRowColumns(stream) });
  const after = (await repo.findStream(trx, before.id))!;
  await recordAudit(trx, ctx, { action: 'byproduct_stream.update', entityType: 'byproduct_streams', entityId: before.id, organisationId: before.organisation_id, before: { ...before }, after: { ...after } });
  return after;
}

export async function deleteStream(trx: Trx, ctx: Ctx, idOrCode: string): Promise<void> {
  const before = await repo.findStream(trx, idOrCode);
  if (!before) throw errors.notFound('Stream', idOrCode);
  if (ctx.actor) authorize(byproductsPolicy.write(ctx.actor, ownerOf(before)), 'Only the firm (or its park administration) removes its by-product streams.');
  await repo.deleteStream(trx, before.id);
  await recordAudit(trx, ctx, { action: 'byproduct_stream.delete', entityType: 'byproduct_streams', entityId: before.id, organisationId: before.organisation_id, before: { ...before } });
}

/**
 * Which streams a list shows by default: a firm its own, a park administration its park, a
 * regulator its region, platform admins and the CLI everything. Others must filter; rows they
 * are not cleared for show internal fields only.
 */
export async function listStreams(db: Executor, actor: Actor | null, query: Partial<ListStreamsQuery>) {
  const filter: repo.StreamFilter = {};
  if (query.organisation) filter.organisationId = (await resolveOrganisation(db, query.organisation, 'organisation')).id;
  if (query.park) {
    const park = repo.isUuid(query.park) ? await orgRepo.findPark(db, query.park) : (await orgRepo.listParks(db)).find((p) => p.code === query.park);
    if (!park) throw errors.validation(`Unknown park ${query.park}.`, [{ field: 'park', message: `unknown park ${query.park}` }]);
    filter.parkId = park.id;
  }
  if (query.region) filter.regionPrefix = regionPrefix(query.region);
  if (query.site) filter.siteId = query.site;
  const unfiltered = !filter.organisationId && !filter.parkId && !filter.regionPrefix && !filter.siteId;
  if (unfiltered && actor) {
    if (actor.organisationType === 'park-admin' && actor.parkId) filter.parkId = actor.parkId;
    else if (actor.organisationType === 'regulator') filter.regionPrefix = regionPrefix(actor.regionCode);
    else if (actor.organisationType !== 'platform-admin') filter.organisationId = actor.organisationId;
  }
  return repo.listStreams(db, filter, query.limit, query.offset);
}

// ---- import / export -------------------------------------------------------------------------

const cell = z.string().trim().optional();
const importRow = z.object({
  code: cell,
  organisation: cell,
  site: cell,
  name: cell,
  herb: cell,
  part: cell,
  residue: cell,
  stage: cell,
  state: cell,
  tonnesPerYear: cell,
  tonnesPerMonth: cell,
  moisture: cell,
  crudeFibre: cell,
  crudeProtein: cell,
  crudeFat: cell,
  polysaccharides: cell,
  ash: cell,
  cod: cell,
  constituents: cell,
  contamination: cell,
  hazardous: cell,
  hazardousCode: cell,
  currentHandling: cell,
  currentHandlingCostPerTonne: cell,
  seasonality: cell,
  classOverride: cell,
});
type ImportRow = z.infer<typeof importRow>;

/** Accepted headers per column (English id first, then Chinese labels); README "By-product data formats". */
export const streamColumns = {
  code: ['编码', '流编码', 'stream'],
  organisation: ['企业', '企业编码', 'org', 'firm'],
  site: ['场地', '厂区'],
  name: ['名称'],
  herb: ['药材', '来源药材'],
  part: ['部位', '药用部位'],
  residue: ['残渣类型', '副产品类型', 'residueKind'],
  stage: ['环节', '来源环节'],
  state: ['形态', '物理形态'],
  tonnesPerYear: ['年产生量', '年产生量(吨)', '吨/年'],
  tonnesPerMonth: ['月产生量', '吨/月'],
  moisture: ['含水率', '含水率(%)'],
  crudeFibre: ['粗纤维', 'crudeFiber'],
  crudeProtein: ['粗蛋白'],
  crudeFat: ['粗脂肪'],
  polysaccharides: ['多糖'],
  ash: ['灰分'],
  cod: ['COD'],
  constituents: ['成分', '活性成分'],
  contamination: ['污染', '污染物'],
  hazardous: ['危险废物', '是否危废'],
  hazardousCode: ['危废代码'],
  currentHandling: ['现处置方式', '处置方式'],
  currentHandlingCostPerTonne: ['处置成本', '处置成本(元/吨)'],
  seasonality: ['季节系数'],
  classOverride: ['类别', '人工类别'],
} as const satisfies Record<keyof ImportRow, readonly string[]>;

const numberCell = (v: string | undefined) => (v === undefined ? undefined : v.replace(/[,，\s]/g, ''));

function rowToStreamJson(v: ImportRow, row: number, issues: FieldIssue[]): Record<string, unknown> {
  const assays: Record<string, unknown> = {};
  for (const k of ['crudeFibre', 'crudeProtein', 'crudeFat', 'polysaccharides', 'ash', 'cod'] as const) {
    if (v[k] !== undefined) assays[k] = numberCell(v[k]);
  }
  if (v.constituents) {
    for (const part of v.constituents.split(/[;；]/).map((s) => s.trim()).filter(Boolean)) {
      const m = /^(.+?)\s*[=:：]\s*(.+)$/.exec(part);
      if (!m) issues.push({ field: `row ${row}: constituents`, message: `"${part}" is not name=mg/g (e.g. 水苏糖=120; 挥发油=8)` });
      else assays[m[1]!.trim()] = m[2]!.trim();
    }
  }
  let seasonality: unknown;
  if (v.seasonality) seasonality = v.seasonality.split(/[;；\s|]+/).filter(Boolean);
  return {
    ...(v.name !== undefined ? { name: v.name } : {}),
    herb: v.herb,
    part: v.part,
    residue: v.residue,
    stage: v.stage,
    state: v.state,
    tonnesPerYear: numberCell(v.tonnesPerYear),
    tonnesPerMonth: numberCell(v.tonnesPerMonth),
    moisture: numberCell(v.moisture),
    assays,
    contamination: v.contamination,
    hazardous: v.hazardous,
    hazardousCode: v.hazardousCode,
    currentHandling: v.currentHandling,
    currentHandlingCostPerTonne: numberCell(v.currentHandlingCostPerTonne),
    seasonality,
    classOverride: v.classOverride,
  };
}

export interface StreamImportOutcome {
  rows: number;
  created: number;
  updated: number;
  codes: string[];
}

/**
 * Imports streams from CSV/.xlsx: every row is checked (taxonomy, numbers, organisation, site,
 * permission) before anything is written; any error rejects the whole file with `row N: field`
 * messages. A row whose code exists updates that stream (same firm only); others are created.
 */
export async function importStreams(trx: Trx, ctx: Ctx, file: { name: string; data: Buffer; format: TableFormat }, onProgress?: (done: number, total: number) => void): Promise<StreamImportOutcome> {
  const table = await readTable(file.data, file.format);
  const parsed = parseRows(table, importRow, streamColumns, { required: ['stage'], maxRows: 20_000 });
  const issues: FieldIssue[] = [];
  const orgs = new Map<string, OrganisationRow | null>();
  const planned: { row: number; code: string | undefined; existing: StreamWithOwner | undefined; org: OrganisationRow; site: SiteRow; stream: ByproductStream; name: string }[] = [];
  const codesInFile = new Map<string, number>();
  for (const { row, value } of parsed) {
    const orgRef = value.organisation ?? ctx.actor?.organisationId;
    if (orgRef === undefined) {
      issues.push({ field: `row ${row}: organisation`, message: 'is required' });
      continue;
    }
    if (!orgs.has(orgRef)) orgs.set(orgRef, (repo.isUuid(orgRef) ? await orgRepo.findOrganisation(trx, orgRef) : await orgRepo.findOrganisationByCode(trx, orgRef)) ?? null);
    const org = orgs.get(orgRef);
    if (!org) {
      issues.push({ field: `row ${row}: organisation`, message: `unknown organisation ${orgRef}` });
      continue;
    }
    if (org.type !== 'manufacturer') issues.push({ field: `row ${row}: organisation`, message: `${org.code} is not a manufacturer` });
    if (ctx.actor && !byproductsPolicy.write(ctx.actor, orgOwner(org))) {
      throw errors.forbidden(`row ${row}: you may not write the by-product streams of ${org.code}.`);
    }
    const sites = await orgRepo.listSites(trx, org.id);
    const site = value.site === undefined ? sites[0] : sites.find((s) => s.id === value.site || s.name === value.site);
    if (!site) issues.push({ field: `row ${row}: site`, message: value.site === undefined ? `${org.code} has no site` : `no site "${value.site}" of ${org.code}` });
    const json = rowToStreamJson(value, row, issues);
    const result = parseStream(json);
    if (!result.ok) issues.push(...fieldErrors(result.errors, `row ${row}: `));
    let existing: StreamWithOwner | undefined;
    if (value.code !== undefined) {
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$/.test(value.code)) issues.push({ field: `row ${row}: code`, message: 'letters, digits, . _ - (at most 60)' });
      const first = codesInFile.get(value.code);
      if (first !== undefined) issues.push({ field: `row ${row}: code`, message: `${value.code} appears again (first in row ${first})` });
      else codesInFile.set(value.code, row);
      existing = await repo.findStream(trx, value.code);
      if (existing && existing.organisation_id !== org.id) issues.push({ field: `row ${row}: code`, message: `${value.code} belongs to another organisation` });
    }
    if (result.ok && site) planned.push({ row, code: value.code, existing, org, site, stream: result.value, name: value.name ?? existing?.name ?? defaultName(result.value) });
  }
  if (issues.length > 0) throw errors.validation(`${issues.length} error(s) in the file; nothing was imported.`, issues.slice(0, 200));

  let created = 0;
  let updated = 0;
  const codes: string[] = [];
  const taken = new Set(codesInFile.keys());
  for (const [i, p] of planned.entries()) {
    if (p.existing) {
      await repo.updateStream(trx, p.existing.id, { name: p.name, site_id: p.site.id, ...streamRowColumns(p.stream) });
      updated++;
      codes.push(p.existing.code);
    } else {
      const code = p.code ?? (await nextCode(trx, p.org.code, taken));
      taken.add(code);
      await repo.insertStream(trx, { code, organisation_id: p.org.id, site_id: p.site.id, name: p.name, ...streamRowColumns(p.stream) });
      created++;
      codes.push(code);
    }
    onProgress?.(i + 1, planned.length);
  }
  await recordAudit(trx, ctx, {
    action: 'byproduct_stream.import',
    entityType: 'byproduct_streams',
    entityId: null,
    organisationId: ctx.actor?.organisationId ?? (planned.length > 0 ? planned[0]!.org.id : null),
    after: { file_name: file.name, rows: planned.length, created, updated, codes },
  });
  return { rows: planned.length, created, updated, codes };
}

const EXPORT_COLUMNS: { key: keyof typeof streamColumns; column: keyof ByproductStreamTable | null }[] = [
  { key: 'code', column: 'code' },
  { key: 'organisation', column: 'organisation_id' },
  { key: 'site', column: 'site_id' },
  { key: 'name', column: 'name' },
  { key: 'herb', column: 'herb' },
  { key: 'part', column: 'part' },
  { key: 'residue', column: 'residue' },
  { key: 'stage', column: 'stage' },
  { key: 'state', column: 'state' },
  { key: 'tonnesPerYear', column: 'tonnes_per_year' },
  { key: 'moisture', column: 'moisture' },
  { key: 'crudeFibre', column: 'assays' },
  { key: 'crudeProtein', column: 'assays' },
  { key: 'crudeFat', column: 'assays' },
  { key: 'polysaccharides', column: 'assays' },
  { key: 'ash', column: 'assays' },
  { key: 'cod', column: 'assays' },
  { key: 'constituents', column: 'assays' },
  { key: 'contamination', column: 'contamination' },
  { key: 'hazardous', column: 'hazardous' },
  { key: 'hazardousCode', column: 'hazardous_code' },
  { key: 'currentHandling', column: 'current_handling' },
  { key: 'currentHandlingCostPerTonne', column: 'handling_cost_per_tonne' },
  { key: 'seasonality', column: 'seasonality' },
  { key: 'classOverride', column: 'class_override' },
];

/**
 * Exports the streams a list would show, in the import format (so the file round-trips).
 * Cells the viewer is not cleared for (the classification of the column) are left empty.
 */
export async function exportStreams(db: Executor, actor: Actor | null, query: Partial<ListStreamsQuery>, format: TableFormat): Promise<Buffer> {
  const { rows } = await listStreams(db, actor, { ...query, limit: 100_000, offset: 0 });
  const out = rows.map((row) => {
    const clearance = streamClearance(actor, row);
    const s = toEngineStream(row);
    const a = s.assays;
    const values: Record<string, unknown> = {
      code: row.code,
      organisation: row.organisation_code,
      site: row.site_name,
      name: row.name,
      herb: s.herb,
      part: s.part,
      residue: s.residue,
      stage: s.stage,
      state: s.state,
      tonnesPerYear: s.tonnesPerYear,
      moisture: s.moisture,
      crudeFibre: a.crudeFibre,
      crudeProtein: a.crudeProtein,
      crudeFat: a.crudeFat,
      polysaccharides: a.polysaccharides,
      ash: a.ash,
      cod: a.cod,
      constituents: Object.entries(a.constituents).map(([k, v]) => `${k}=${v}`).join('; '),
      contamination: s.contamination.join(','),
      hazardous: s.hazardous,
      hazardousCode: s.hazardousCode,
      currentHandling: s.currentHandling,
      currentHandlingCostPerTonne: s.currentHandlingCostPerTonne,
      seasonality: s.seasonality?.join(';') ?? null,
      classOverride: s.classOverride?.join(',') ?? null,
    };
    for (const c of EXPORT_COLUMNS) {
      if (c.column !== null && !visible('byproduct_streams', c.column, clearance)) values[c.key] = null;
    }
    return values;
  });
  return writeTable(EXPORT_COLUMNS.map((c) => ({ key: c.key, header: c.key })), out, format);
}

// ---- classification, advice, cascade ---------------------------------------------------------

export function weightsOrThrow(spec: string | undefined, field = 'weights'): CriterionWeights | undefined {
  if (spec === undefined || spec === '') return undefined;
  const result = parseWeights(spec);
  if (!result.ok) throw errors.validation(`Invalid weights "${spec}".`, result.errors.map((e) => ({ field: e.field === '(root)' || e.field === '' ? field : `${field}.${e.field}`, message: e.message })));
  return result.value;
}

export function classify(stream: ByproductStream) {
  return classifyStream(stream);
}

export function advise(stream: ByproductStream, pathways: readonly Pathway[], weights?: CriterionWeights) {
  const advice = adviseStream(stream, pathways, weights);
  const short = adviceOutput(advice);
  return {
    classes: advice.classes,
    options: advice.options.map((o, i) => ({ ...short.options[i]!, ...o, evaluation: { ...o.evaluation } })),
    excluded: advice.excluded,
    weights: advice.weights,
    sensitivity: advice.sensitivity,
  };
}

export function cascade(stream: ByproductStream, pathways: readonly Pathway[], weights?: CriterionWeights) {
  const plan = planCascade(stream, pathways, weights ? { weights } : {});
  return { ...plan, sankey: cascadeSankey(plan, stream.name ? { zh: stream.name, en: stream.name } : undefined) };
}

// ---- pathway knowledge base ------------------------------------------------------------------

export interface CurrentKnowledgeBase extends PathwayKnowledgeBase {
  /** Row id of the version; 0 = the knowledge base shipped with herbloop (none stored yet). */
  revision: number;
}

export async function currentKnowledgeBase(db: Executor, version?: string): Promise<CurrentKnowledgeBase> {
  const row = version ? await repo.findKbVersion(db, version) : await repo.latestKbVersion(db);
  if (!row) {
    if (version && version !== defaultPathwayKnowledgeBase().version) throw errors.notFound('Knowledge-base version', version);
    return { ...defaultPathwayKnowledgeBase(), revision: 0 };
  }
  return { ...(row.data as PathwayKnowledgeBase), revision: row.id };
}

export async function currentPathways(db: Executor): Promise<Pathway[]> {
  return (await currentKnowledgeBase(db)).pathways;
}

function semver(v: string): number[] {
  return v.split('.').map(Number);
}
function semverGreater(a: string, b: string): boolean {
  const x = semver(a);
  const y = semver(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! > y[i]!;
  return false;
}
function bumpPatch(v: string): string {
  const [a, b, c] = semver(v);
  return `${a}.${b}.${(c ?? 0) + 1}`;
}
const today = () => new Date().toISOString().slice(0, 10);

function authorizeKb(ctx: Ctx) {
  if (ctx.actor) authorize(byproductsPolicy.editPathways(ctx.actor), 'Only platform administrators edit the pathway knowledge base.');
}

/** Stores a whole knowledge base as a new version (import). Its version must be above the current one. */
export async function importKnowledgeBase(trx: Trx, ctx: Ctx, input: unknown, note?: string): Promise<CurrentKnowledgeBase> {
  authorizeKb(ctx);
  const result = validatePathwayKnowledgeBase(input);
  if (!result.ok) throw errors.validation(`The knowledge base is invalid: ${result.errors.length} error(s).`, fieldErrors(result.errors));
  await repo.lockKnowledgeBase(trx);
  const latest = await repo.latestKbVersion(trx);
  if (latest && !semverGreater(result.value.version, latest.version)) {
    throw errors.conflict(`Version ${result.value.version} is not above the current ${latest.version}.`, [{ field: 'version', message: `must be above ${latest.version}` }]);
  }
  const row = await repo.insertKbVersion(trx, { version: result.value.version, data: result.value, created_by: ctx.actor?.userId ?? null, note: note ?? null });
  await recordAudit(trx, ctx, {
    action: 'pathways.import',
    entityType: 'pathway_kb_versions',
    entityId: String(row.id),
    organisationId: ctx.actor?.organisationId ?? null,
    before: latest ? { version: latest.version } : null,
    after: { version: row.version, note: row.note, pathways: result.value.pathways.length },
  });
  return { ...result.value, revision: row.id };
}

/** Adds (id not yet present) or replaces one pathway: a new patch version of the knowledge base. */
export async function savePathway(trx: Trx, ctx: Ctx, input: unknown, options: { id?: string; note?: string } = {}): Promise<{ knowledgeBase: CurrentKnowledgeBase; pathway: Pathway; created: boolean }> {
  authorizeKb(ctx);
  const result = validatePathway(input);
  if (!result.ok) throw errors.validation(`The pathway is invalid: ${result.errors.length} error(s).`, fieldErrors(result.errors));
  const pathway = result.value;
  if (options.id !== undefined && options.id !== pathway.id) {
    throw errors.validation('The pathway id cannot change.', [{ field: 'id', message: `must be ${options.id} (the path names it)` }]);
  }
  await repo.lockKnowledgeBase(trx);
  const current = await currentKnowledgeBase(trx);
  const index = current.pathways.findIndex((p) => p.id === pathway.id);
  if (options.id !== undefined && index < 0) throw errors.notFound('Pathway', options.id);
  if (options.id === undefined && index >= 0) throw errors.conflict(`Pathway ${pathway.id} exists already.`, [{ field: 'id', message: 'already taken; edit it instead' }]);
  const before = index >= 0 ? current.pathways[index]! : null;
  const pathways = index >= 0 ? current.pathways.map((p, i) => (i === index ? pathway : p)) : [...current.pathways, pathway];
  let version = bumpPatch(current.version);
  while (await repo.findKbVersion(trx, version)) version = bumpPatch(version);
  const kb: PathwayKnowledgeBase = { version, updated: today(), pathways };
  const row = await repo.insertKbVersion(trx, { version, data: kb, created_by: ctx.actor?.userId ?? null, note: options.note ?? `${before ? 'edit' : 'add'} ${pathway.id}` });
  await recordAudit(trx, ctx, {
    action: before ? 'pathway.update' : 'pathway.create',
    entityType: 'pathway_kb_versions',
    entityId: String(row.id),
    organisationId: ctx.actor?.organisationId ?? null,
    before: before ? { version: current.version, pathway: before } : null,
    after: { version, note: row.note, pathway },
  });
  return { knowledgeBase: { ...kb, revision: row.id }, pathway, created: before === null };
}

// ---- monthly records and circularity figures -------------------------------------------------

const MODE_COLUMNS = {
  'low-value-conversion': 'utilised_low_value_t',
  'reduce-efficiency': 'utilised_reduce_efficiency_t',
  'value-added': 'utilised_value_added_t',
  unspecified: 'utilised_unspecified_t',
} as const satisfies Record<UtilisationMode, string>;
const ROUTE_COLUMNS = {
  landfill: 'disposed_landfill_t',
  incineration: 'disposed_incineration_t',
  discharge: 'disposed_discharge_t',
  'harmless-treatment': 'disposed_harmless_t',
} as const satisfies Record<DisposalHandlingId, string>;

type RecordRow = Awaited<ReturnType<typeof repo.listRecords>>[number];

export function presentRecord(r: RecordRow) {
  return {
    period: r.period,
    generatedT: Number(r.generated_t),
    utilised: Object.fromEntries(Object.entries(MODE_COLUMNS).map(([m, c]) => [m, Number(r[c])])),
    disposed: Object.fromEntries(Object.entries(ROUTE_COLUMNS).map(([m, c]) => [m, Number(r[c])])),
    valueCreatedYuan: Number(r.value_created_yuan),
    disposalCostYuan: Number(r.disposal_cost_yuan),
  };
}

export function recordColumns(streamId: string, period: string, body: RecordBody) {
  const utilised = body.utilised as Partial<Record<UtilisationMode, number>>;
  const disposed = body.disposed as Partial<Record<DisposalHandlingId, number>>;
  return {
    stream_id: streamId,
    period,
    generated_t: body.generatedT,
    ...Object.fromEntries(Object.entries(MODE_COLUMNS).map(([m, c]) => [c, utilised[m as UtilisationMode] ?? 0])),
    ...Object.fromEntries(Object.entries(ROUTE_COLUMNS).map(([m, c]) => [c, disposed[m as DisposalHandlingId] ?? 0])),
    value_created_yuan: body.valueCreatedYuan,
    disposal_cost_yuan: body.disposalCostYuan,
  };
}

/** Reports (or corrects) one month of a stream. */
export async function putRecord(trx: Trx, ctx: Ctx, idOrCode: string, period: string, body: RecordBody) {
  const stream = await repo.findStream(trx, idOrCode);
  if (!stream) throw errors.notFound('Stream', idOrCode);
  if (ctx.actor) authorize(byproductsPolicy.write(ctx.actor, ownerOf(stream)), 'Only the firm (or its park administration) reports its by-product records.');
  const accounted = Object.values(body.utilised).reduce((a, b) => a + (b ?? 0), 0) + Object.values(body.disposed).reduce((a, b) => a + (b ?? 0), 0);
  if (accounted > body.generatedT * 1.5 + 1) {
    throw errors.validation('Utilised and disposed tonnes exceed what was generated.', [{ field: 'generatedT', message: `utilised + disposed = ${accounted} t is far above ${body.generatedT} t generated` }]);
  }
  const before = await repo.findRecord(trx, stream.id, period);
  await repo.upsertRecords(trx, [recordColumns(stream.id, period, body)]);
  const after = (await repo.findRecord(trx, stream.id, period))!;
  await recordAudit(trx, ctx, { action: 'byproduct_record.put', entityType: 'byproduct_records', entityId: `${stream.id}:${period}`, organisationId: stream.organisation_id, before: before ?? null, after });
  return presentRecord(after);
}

// ---- monthly records import -------------------------------------------------------------------

const recordImportRow = z.object({
  stream: z.string().trim(),
  period: z.string().trim(),
  generatedT: cell,
  lowValueConversionT: cell,
  reduceEfficiencyT: cell,
  valueAddedT: cell,
  unspecifiedT: cell,
  landfillT: cell,
  incinerationT: cell,
  dischargeT: cell,
  harmlessTreatmentT: cell,
  valueCreatedYuan: cell,
  disposalCostYuan: cell,
});
type RecordImportRow = z.infer<typeof recordImportRow>;

/** Accepted headers of the records file (English id first, then Chinese); README "By-product data formats". */
export const recordColumnsMap = {
  stream: ['编码', '流编码', 'code'],
  period: ['月份', '期间'],
  generatedT: ['产生量', '产生量(吨)'],
  lowValueConversionT: ['低值转化', '低值转化(吨)'],
  reduceEfficiencyT: ['减量增效', '减量增效(吨)'],
  valueAddedT: ['高效增值', '高效增值(吨)'],
  unspecifiedT: ['其他利用', '其他利用(吨)', '外售或赠送'],
  landfillT: ['填埋', '填埋(吨)'],
  incinerationT: ['焚烧', '焚烧(吨)'],
  dischargeT: ['排放', '排放(吨)'],
  harmlessTreatmentT: ['无害化处理', '无害化处理(吨)'],
  valueCreatedYuan: ['创造价值', '创造价值(元)'],
  disposalCostYuan: ['处置费用', '处置费用(元)'],
} as const satisfies Record<keyof RecordImportRow, readonly string[]>;

const RECORD_MODE_KEYS = { 'low-value-conversion': 'lowValueConversionT', 'reduce-efficiency': 'reduceEfficiencyT', 'value-added': 'valueAddedT', unspecified: 'unspecifiedT' } as const satisfies Record<UtilisationMode, keyof RecordImportRow>;
const RECORD_ROUTE_KEYS = { landfill: 'landfillT', incineration: 'incinerationT', discharge: 'dischargeT', 'harmless-treatment': 'harmlessTreatmentT' } as const satisfies Record<DisposalHandlingId, keyof RecordImportRow>;

export interface RecordImportOutcome {
  rows: number;
  created: number;
  updated: number;
  streams: number;
}

/**
 * Imports monthly records (one row per stream and month) from CSV/.xlsx. Every row is checked
 * (stream known and writable, month, numbers, utilised + disposed against generated, the same
 * stream and month twice) before anything is written; any error rejects the file with
 * `row N: column` messages. A month already reported is replaced, so importing the same file
 * again changes nothing.
 */
export async function importRecords(trx: Trx, ctx: Ctx, file: { name: string; data: Buffer; format: TableFormat }, onProgress?: (done: number, total: number) => void): Promise<RecordImportOutcome> {
  const table = await readTable(file.data, file.format);
  const parsed = parseRows(table, recordImportRow, recordColumnsMap, { required: ['stream', 'period', 'generatedT'], maxRows: 100_000 });
  const issues: FieldIssue[] = [];
  const streams = new Map<string, StreamWithOwner | null>();
  const seen = new Map<string, number>();
  const planned: { row: number; stream: StreamWithOwner; period: string; body: RecordBody }[] = [];
  const numberOf = (v: string | undefined, row: number, column: string, required: boolean, allowNegative = false): number | undefined => {
    if (v === undefined) {
      if (required) issues.push({ field: `row ${row}: ${column}`, message: 'is required' });
      return required ? undefined : 0;
    }
    const x = Number(numberCell(v));
    if (!Number.isFinite(x)) issues.push({ field: `row ${row}: ${column}`, message: `"${v}" is not a number` });
    else if (!allowNegative && x < 0) issues.push({ field: `row ${row}: ${column}`, message: 'must be ≥ 0' });
    else if (Math.abs(x) > 1e12) issues.push({ field: `row ${row}: ${column}`, message: 'is implausibly large' });
    else return x;
    return undefined;
  };
  for (const { row, value } of parsed) {
    if (!streams.has(value.stream)) streams.set(value.stream, (await repo.findStream(trx, value.stream)) ?? null);
    const stream = streams.get(value.stream);
    if (!stream) issues.push({ field: `row ${row}: stream`, message: `unknown stream ${value.stream} (give its code or id)` });
    else if (ctx.actor && !byproductsPolicy.write(ctx.actor, ownerOf(stream))) issues.push({ field: `row ${row}: stream`, message: `you may not report the records of ${stream.code} (${stream.organisation_code})` });
    // An Excel month cell arrives as its first day (2025-03-01).
    const month = /^(\d{4})[-/.年]?(0?[1-9]|1[0-2])(?:月|[-/.]0?1)?$/.exec(value.period);
    const period = month ? `${month[1]}-${month[2]!.padStart(2, '0')}` : null;
    if (!period) issues.push({ field: `row ${row}: period`, message: `"${value.period}" is not a month (YYYY-MM)` });
    const generatedT = numberOf(value.generatedT, row, 'generatedT', true);
    const utilised: Partial<Record<UtilisationMode, number>> = {};
    const disposed: Partial<Record<DisposalHandlingId, number>> = {};
    let accounted = 0;
    let numbersOk = generatedT !== undefined;
    for (const [mode, key] of Object.entries(RECORD_MODE_KEYS) as [UtilisationMode, keyof RecordImportRow][]) {
      const x = numberOf(value[key], row, key, false);
      if (x === undefined) numbersOk = false;
      else if (x > 0) { utilised[mode] = x; accounted += x; }
    }
    for (const [route, key] of Object.entries(RECORD_ROUTE_KEYS) as [DisposalHandlingId, keyof RecordImportRow][]) {
      const x = numberOf(value[key], row, key, false);
      if (x === undefined) numbersOk = false;
      else if (x > 0) { disposed[route] = x; accounted += x; }
    }
    const valueCreatedYuan = numberOf(value.valueCreatedYuan, row, 'valueCreatedYuan', false, true);
    const disposalCostYuan = numberOf(value.disposalCostYuan, row, 'disposalCostYuan', false);
    if (valueCreatedYuan === undefined || disposalCostYuan === undefined) numbersOk = false;
    if (numbersOk && generatedT !== undefined && accounted > generatedT * 1.5 + 1) {
      issues.push({ field: `row ${row}: generatedT`, message: `utilised + disposed = ${accounted} t is far above ${generatedT} t generated` });
      numbersOk = false;
    }
    if (stream && period) {
      const key = `${stream.id}:${period}`;
      const first = seen.get(key);
      if (first !== undefined) issues.push({ field: `row ${row}: period`, message: `${stream.code} ${period} appears again (first in row ${first})` });
      else seen.set(key, row);
    }
    if (stream && period && numbersOk) {
      planned.push({ row, stream, period, body: { generatedT: generatedT!, utilised, disposed, valueCreatedYuan: valueCreatedYuan!, disposalCostYuan: disposalCostYuan! } });
    }
  }
  if (issues.length > 0) throw errors.validation(`${issues.length} error(s) in the file; nothing was imported.`, issues.slice(0, 200));

  const existing = new Set<string>();
  const byStream = new Map<string, string[]>();
  for (const p of planned) byStream.set(p.stream.id, [...(byStream.get(p.stream.id) ?? []), p.period]);
  for (const [streamId, periods] of byStream) {
    for (const r of await repo.recordsIn(trx, streamId, periods)) existing.add(`${streamId}:${r.period}`);
  }
  const rows = planned.map((p) => recordColumns(p.stream.id, p.period, p.body));
  for (let i = 0; i < rows.length; i += 500) {
    await repo.upsertRecords(trx, rows.slice(i, i + 500));
    onProgress?.(Math.min(rows.length, i + 500), rows.length);
  }
  const updated = planned.filter((p) => existing.has(`${p.stream.id}:${p.period}`)).length;
  const outcome = { rows: planned.length, created: planned.length - updated, updated, streams: byStream.size };
  const orgIds = new Set(planned.map((p) => p.stream.organisation_id));
  await recordAudit(trx, ctx, {
    action: 'byproduct_record.import',
    entityType: 'byproduct_records',
    entityId: null,
    organisationId: ctx.actor?.organisationId ?? (orgIds.size === 1 ? [...orgIds][0]! : null),
    after: { file_name: file.name, ...outcome, streamCodes: [...new Set(planned.map((p) => p.stream.code))] },
  });
  return outcome;
}

function monthsOf(period: string, upTo: string): string[] {
  if (period.length === 7) return period <= upTo ? [period] : [];
  const out: string[] = [];
  for (let m = 1; m <= 12; m++) {
    const p = `${period}-${String(m).padStart(2, '0')}`;
    if (p <= upTo) out.push(p);
  }
  return out;
}

const DISPOSAL_OF_HANDLING: Record<string, DisposalHandlingId | null> = {
  landfill: 'landfill',
  incineration: 'incineration',
  discharge: 'discharge',
  'harmless-treatment': 'harmless-treatment',
  'given-away': null,
  sold: null,
};

/**
 * The records of a scope for a period. Months a stream has no reported record for (from the
 * month it was declared up to the current month) are estimated from its declaration: the
 * month's share of tonnes per year, handled as today (sold / given away count as utilised of
 * unspecified mode). So a newly declared stream moves its firm's, park's and region's figures
 * at once; the answer counts the estimated months.
 */
async function scopeRecords(db: Executor, streams: StreamWithOwner[], period: string, scopeIds: { region?: string }): Promise<{ records: StreamPeriodRecord[]; estimated: number }> {
  const stored = await repo.recordsFor(db, streams.map((s) => s.id), period);
  const byStream = new Map<string, Set<string>>();
  for (const r of stored) {
    if (!byStream.has(r.stream_id)) byStream.set(r.stream_id, new Set());
    byStream.get(r.stream_id)!.add(r.period);
  }
  const streamById = new Map(streams.map((s) => [s.id, s]));
  const classOf = new Map(streams.map((s) => [s.id, classifyStream(toEngineStream(s)).classes[0]?.class]));
  const base = (s: StreamWithOwner, p: string): Omit<StreamPeriodRecord, 'generatedT' | 'utilised' | 'disposed'> => {
    const e = toEngineStream(s);
    const cls = classOf.get(s.id);
    return {
      streamId: s.id,
      siteId: s.site_id,
      firmId: s.organisation_id,
      parkId: s.park_id ?? 'none',
      regionId: scopeIds.region ?? s.region_code,
      period: p,
      ...(e.moisture !== null ? { moisture: e.moisture } : {}),
      state: e.state,
      stage: e.stage,
      ...(cls !== undefined ? { compositionClass: cls } : {}),
      ...(e.assays.cod !== undefined ? { cod: e.assays.cod } : {}),
    };
  };
  const records: StreamPeriodRecord[] = stored.map((r) => {
    const s = streamById.get(r.stream_id)!;
    const disposed = DISPOSAL_HANDLING_IDS.map((route) => ({ route, tonnes: Number(r[ROUTE_COLUMNS[route]]) })).filter((d) => d.tonnes > 0);
    const totalDisposed = disposed.reduce((a, d) => a + d.tonnes, 0);
    const cost = Number(r.disposal_cost_yuan);
    const valueYuan = Number(r.value_created_yuan);
    const utilised = (Object.keys(MODE_COLUMNS) as UtilisationMode[]).map((mode) => ({ mode, tonnes: Number(r[MODE_COLUMNS[mode]]), valueYuan: 0 })).filter((u) => u.tonnes > 0);
    // The record holds the month's total value; spread it over the utilised tonnes.
    const utilisedT = utilised.reduce((a, u) => a + u.tonnes, 0);
    for (const u of utilised) u.valueYuan = utilisedT > 0 ? (valueYuan * u.tonnes) / utilisedT : 0;
    return {
      ...base(s, r.period),
      generatedT: Number(r.generated_t),
      utilised,
      disposed: disposed.map((d) => ({ ...d, costYuan: totalDisposed > 0 ? (cost * d.tonnes) / totalDisposed : 0 })),
    };
  });
  const now = new Date().toISOString().slice(0, 7);
  let estimated = 0;
  for (const s of streams) {
    const from = s.created_at.toISOString().slice(0, 7);
    const have = byStream.get(s.id) ?? new Set<string>();
    const e = toEngineStream(s);
    const monthly = monthlyQuantities(e);
    const route = DISPOSAL_OF_HANDLING[e.currentHandling ?? 'landfill'] ?? null;
    const costPerT = e.currentHandlingCostPerTonne ?? 0;
    // A stream that reports monthly is not estimated past its latest report: the month under
    // way is simply not reported yet, and "handled as today" would drag its figures down.
    const latest = [...have].sort().at(-1);
    for (const p of monthsOf(period, now)) {
      if (p < from || have.has(p) || (latest !== undefined && p > latest)) continue;
      const t = monthly[Number(p.slice(5, 7)) - 1]!;
      estimated++;
      records.push({
        ...base(s, p),
        generatedT: t,
        utilised: route === null ? [{ mode: 'unspecified', tonnes: t, valueYuan: Math.max(0, -costPerT) * t }] : [],
        disposed: route === null ? [] : [{ route, tonnes: t, costYuan: Math.max(0, costPerT) * t }],
      });
    }
  }
  return { records, estimated };
}

/** Whether the viewer may see figures of a single firm (site, stream): they reveal its volumes. */
export async function figures(db: Executor, actor: Actor | null, query: FiguresQuery) {
  let streams: StreamWithOwner[];
  let key: string;
  let name: string;
  const level: ScopeLevel = query.scope;
  const scopeIds: { region?: string } = {};
  let firmOwner: StreamOwnerRef | null = null;
  const readable = (owner: StreamOwnerRef) => {
    if (actor) authorize(byproductsPolicy.read(actor, owner), 'Figures of a single firm reveal its by-product volumes: confidential. Park and region figures are public.');
  };
  switch (query.scope) {
    case 'stream': {
      const s = await getStream(db, actor, query.id);
      streams = [s];
      key = s.id;
      name = s.name;
      break;
    }
    case 'site': {
      if (!repo.isUuid(query.id)) throw errors.validation('Give the site id.', [{ field: 'id', message: 'must be a site id (uuid)' }]);
      const site = await orgRepo.findSite(db, query.id);
      if (!site) throw errors.notFound('Site', query.id);
      const org = (await orgRepo.findOrganisation(db, site.organisation_id))!;
      readable(orgOwner(org));
      streams = (await repo.listStreams(db, { siteId: site.id })).rows;
      key = site.id;
      name = `${org.name_zh} ${site.name}`;
      break;
    }
    case 'firm': {
      const org = await resolveOrganisation(db, query.id, 'id');
      firmOwner = orgOwner(org);
      readable(firmOwner);
      streams = (await repo.listStreams(db, { organisationId: org.id })).rows;
      key = org.id;
      name = org.name_zh;
      break;
    }
    case 'park': {
      const park = repo.isUuid(query.id) ? await orgRepo.findPark(db, query.id) : (await orgRepo.listParks(db)).find((p) => p.code === query.id);
      if (!park) throw errors.validation(`Unknown park ${query.id}.`, [{ field: 'id', message: `unknown park ${query.id} (give its code)` }]);
      streams = (await repo.listStreams(db, { parkId: park.id })).rows;
      key = park.id;
      name = park.name_zh;
      break;
    }
    case 'region': {
      const region = (await orgRepo.listRegions(db)).find((r) => r.code === query.id);
      if (!region) throw errors.validation(`Unknown region ${query.id}.`, [{ field: 'id', message: `unknown region ${query.id} (give a GB/T 2260 code)` }]);
      streams = (await repo.listStreams(db, { regionPrefix: regionPrefix(region.code) })).rows;
      key = region.code;
      scopeIds.region = region.code;
      name = region.name_zh;
      break;
    }
  }
  const { records, estimated } = await scopeRecords(db, streams, query.period, scopeIds);
  const main = circularityFigures(records, level, key, query.period);
  const mci = query.scope === 'firm' ? await firmMci(db, key, query.period, main) : null;
  const series = query.period.length === 4 ? monthlyCircularitySeries(records, level, key, query.period) : [];
  const balance = firmOwner ? await firmBalance(db, actor, firmOwner, key, query.period, main.generatedT) : { balance: null, balanceReasonCode: null };
  return {
    scope: query.scope,
    id: key,
    name,
    period: query.period,
    streams: streams.length,
    estimatedRecords: estimated,
    figures: main,
    series,
    byStage: generationBreakdown(records, level, key, query.period, 'stage'),
    byClass: generationBreakdown(records, level, key, query.period, 'class'),
    emissionFactors: EMISSION_FACTORS as unknown as Record<string, unknown>,
    mci,
    ...balance,
  };
}

/**
 * The firm's reconciled balance beside its figures (issue 5). The stricter of the two policies
 * applies: whoever may see the firm's figures but not its balance (its park administration)
 * gets null with `not-permitted`, since the balance reveals process yields.
 */
async function firmBalance(db: Executor, actor: Actor | null, owner: StreamOwnerRef, organisationId: string, period: string, declaredT: number) {
  if (actor && !(canReadFirmBalance(actorViewer(actor), owner) && byproductsPolicy.read(actor, owner))) return { balance: null, balanceReasonCode: 'not-permitted' as const };
  const b = await latestReconciledOutflows(db, organisationId);
  if (!b) return { balance: null, balanceReasonCode: 'no-model' as const };
  const byproducts = outflowTotal(b.outflows, 'byproduct');
  const losses = outflowTotal(b.outflows, 'loss');
  const { comparison, reasonCode } = compareWithBalance(declaredT, b.period, period, byproducts);
  return {
    balance: {
      modelId: b.modelId,
      modelName: b.modelName,
      period: b.period,
      updatedAt: b.updatedAt,
      chiSquarePassed: b.chiSquarePassed,
      contradictions: b.contradictions,
      byproducts,
      losses,
      outflows: b.outflows,
      comparison,
      comparisonReasonCode: reasonCode,
    },
    balanceReasonCode: null,
  };
}

// ---- a firm's declared inputs and its Material Circularity Indicator --------------------------

type FirmInputRow = Awaited<ReturnType<typeof repo.listFirmInputs>>[number];

export function presentFirmInputs(r: FirmInputRow) {
  return {
    period: r.period,
    virginFeedstockT: Number(r.virgin_feedstock_t),
    recycledFeedstockT: Number(r.recycled_feedstock_t),
    reusedFeedstockT: Number(r.reused_feedstock_t),
    recycledFeedstockEfficiency: num(r.recycled_feedstock_efficiency),
    productRecycledFraction: Number(r.product_recycled_fraction),
    productReusedFraction: Number(r.product_reused_fraction),
    recyclingEfficiency: num(r.recycling_efficiency),
    utility: num(r.utility),
    note: r.note,
    updatedAt: r.updated_at.toISOString(),
  };
}

function engineInputs(v: ReturnType<typeof presentFirmInputs>): FirmMciInputs {
  return {
    virginFeedstockT: v.virginFeedstockT,
    recycledFeedstockT: v.recycledFeedstockT,
    reusedFeedstockT: v.reusedFeedstockT,
    recycledFeedstockEfficiency: v.recycledFeedstockEfficiency,
    productRecycledFraction: v.productRecycledFraction,
    productReusedFraction: v.productReusedFraction,
    recyclingEfficiency: v.recyclingEfficiency,
    utility: v.utility,
  };
}

/** The MCI of a firm for a period from its declared inputs and its by-product figures; null + reason when inputs are missing. */
async function firmMci(db: Executor, organisationId: string, period: string, figures: { generatedT: number; utilisedT: number }) {
  const rows = (await repo.firmInputsFor(db, organisationId, period)).map(presentFirmInputs);
  const declared = new Map(rows.map((r) => [r.period, engineInputs(r)]));
  const { inputs, assumptions } = firmInputsForPeriod(declared, period);
  const used = rows.find((r) => r.period === period) ?? rows.find((r) => r.period === period.slice(0, 4)) ?? null;
  const r = firmMaterialCircularity(figures, inputs, assumptions);
  return { value: r.value, reasonCode: r.reasonCode, reason: r.reason, assumptions: r.assumptions, inputs: used, terms: r.terms ? { ...r.terms } : null };
}

async function writableFirm(db: Executor, ctx: Ctx, ref: string): Promise<OrganisationRow> {
  const org = await resolveOrganisation(db, ref, 'organisation');
  if (ctx.actor) authorize(byproductsPolicy.write(ctx.actor, orgOwner(org)), 'Only the firm (or its park administration) declares its inputs.');
  manufacturerOnly(org);
  return org;
}

export async function listFirmInputs(db: Executor, actor: Actor | null, ref: string) {
  const org = await resolveOrganisation(db, ref, 'organisation');
  if (actor) authorize(byproductsPolicy.read(actor, orgOwner(org)), 'A firm’s inputs are confidential to it, its park administration and its regulators.');
  return (await repo.listFirmInputs(db, org.id)).map(presentFirmInputs);
}

/** Declares (or corrects) a firm's inputs for a period (YYYY or YYYY-MM). */
export async function putFirmInputs(trx: Trx, ctx: Ctx, ref: string, period: string, body: FirmInputsBody) {
  const org = await writableFirm(trx, ctx, ref);
  const before = await repo.findFirmInputs(trx, org.id, period);
  await repo.upsertFirmInputs(trx, {
    organisation_id: org.id,
    period,
    virgin_feedstock_t: body.virginFeedstockT,
    recycled_feedstock_t: body.recycledFeedstockT,
    reused_feedstock_t: body.reusedFeedstockT,
    recycled_feedstock_efficiency: body.recycledFeedstockEfficiency,
    product_recycled_fraction: body.productRecycledFraction,
    product_reused_fraction: body.productReusedFraction,
    recycling_efficiency: body.recyclingEfficiency,
    utility: body.utility,
    note: body.note,
    updated_by: ctx.actor?.userId ?? null,
  });
  const after = (await repo.findFirmInputs(trx, org.id, period))!;
  await recordAudit(trx, ctx, { action: 'byproduct_firm_inputs.put', entityType: 'byproduct_firm_inputs', entityId: `${org.id}:${period}`, organisationId: org.id, before: before ?? null, after });
  return presentFirmInputs(after);
}

export async function deleteFirmInputs(trx: Trx, ctx: Ctx, ref: string, period: string): Promise<void> {
  const org = await writableFirm(trx, ctx, ref);
  const before = await repo.findFirmInputs(trx, org.id, period);
  if (!before) throw errors.notFound('Inputs', `${org.code} ${period}`);
  await repo.deleteFirmInputs(trx, org.id, period);
  await recordAudit(trx, ctx, { action: 'byproduct_firm_inputs.delete', entityType: 'byproduct_firm_inputs', entityId: `${org.id}:${period}`, organisationId: org.id, before });
}

