import { z } from 'zod';
import type { Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { defineImport, type ImportedRow, RowIssues, writeInBatches } from '../../platform/import/index';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { listSites } from '../organisations';
import { organisationOwner, streamRowColumns } from './byproducts.mapping';
import { defaultName, fieldErrors } from './byproducts.parse';
import { byproductsPolicy } from './byproducts.policy';
import { findOrganisationRef, type Organisation, type Site } from './byproducts.references';
import * as repo from './byproducts.repository';
import type { StreamWithOwner } from './byproducts.repository';
import { type ByproductStream, parseStream } from './engine';

/** Streams from CSV/.xlsx: the file's definition, a row as a stream, the all-or-nothing import (server-only). */

/** Rows a stream file may have. */
const STREAM_IMPORT_MAX_ROWS = 20_000;

// Cells stay text: the engine's `parseStream` reads them as it reads JSON (ids or Chinese
// labels, numbers in range), so a file and the API refuse the same values with the same codes.
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

/** The cells of the file that are proximate assays (the constituents cell holds the rest). */
const PROXIMATE_FILE_KEYS = ['crudeFibre', 'crudeProtein', 'crudeFat', 'polysaccharides', 'ash', 'cod'] as const;

/** The stream file (columns above; `stage` is the one every row needs). */
export const streamImport = defineImport({ schema: importRow, columns: streamColumns, required: ['stage'], maxRows: STREAM_IMPORT_MAX_ROWS });

/** Thousands separators and spaces people type into numbers. */
const plainNumber = (v: string | undefined) => (v === undefined ? undefined : v.replace(/[,，\s]/g, ''));

function rowToStreamJson(v: ImportRow, row: number, issues: RowIssues): Record<string, unknown> {
  const assays: Record<string, unknown> = {};
  for (const k of PROXIMATE_FILE_KEYS) {
    if (v[k] !== undefined) assays[k] = plainNumber(v[k]);
  }
  if (v.constituents) {
    for (const part of v.constituents.split(/[;；]/).map((s) => s.trim()).filter(Boolean)) {
      const m = /^(.+?)\s*[=:：]\s*(.+)$/.exec(part);
      if (!m) issues.add({ field: `row ${row}: constituents`, message: `"${part}" is not name=mg/g (e.g. 水苏糖=120; 挥发油=8)` });
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
    tonnesPerYear: plainNumber(v.tonnesPerYear),
    tonnesPerMonth: plainNumber(v.tonnesPerMonth),
    moisture: plainNumber(v.moisture),
    assays,
    contamination: v.contamination,
    hazardous: v.hazardous,
    hazardousCode: v.hazardousCode,
    currentHandling: v.currentHandling,
    currentHandlingCostPerTonne: plainNumber(v.currentHandlingCostPerTonne),
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

interface PlannedStream {
  code: string | undefined;
  existing: StreamWithOwner | undefined;
  org: Organisation;
  site: Site;
  stream: ByproductStream;
  name: string;
}

/** Codes for new streams of each firm (ORG-S01, ORG-S02, …): the stored ones read once per firm, none reused. */
function codeAllocator(trx: Trx, taken: Set<string>) {
  const next = new Map<string, number>();
  return async (orgCode: string): Promise<string> => {
    const prefix = `${orgCode}-S`;
    if (!next.has(orgCode)) {
      for (const code of await repo.streamCodesWithPrefix(trx, prefix)) taken.add(code);
      next.set(orgCode, 1);
    }
    for (let n = next.get(orgCode)!; ; n++) {
      const code = `${prefix}${String(n).padStart(2, '0')}`;
      if (!taken.has(code)) {
        next.set(orgCode, n + 1);
        taken.add(code);
        return code;
      }
    }
  };
}

/**
 * Imports streams validated by `streamImport`: every row is checked (taxonomy, numbers,
 * organisation, site, permission) before anything is written; any error rejects the whole file
 * with `row N: field` messages. A row whose code exists updates that stream (same firm only);
 * others are created.
 */
export async function importStreams(
  trx: Trx,
  ctx: ServiceContext,
  file: { name: string; rows: readonly ImportedRow<ImportRow>[] },
  onProgress?: (done: number, total: number) => void,
): Promise<StreamImportOutcome> {
  const issues = new RowIssues();
  const orgs = new Map<string, Organisation | null>();
  const sitesOf = new Map<string, Site[]>();
  const planned: PlannedStream[] = [];
  const codesInFile = new Map<string, number>();
  for (const { row, value } of file.rows) {
    const orgRef = value.organisation ?? actorOf(ctx.viewer)?.organisationId;
    if (orgRef === undefined) {
      issues.add({ field: `row ${row}: organisation`, message: 'is required' });
      continue;
    }
    if (!orgs.has(orgRef)) orgs.set(orgRef, (await findOrganisationRef(trx, orgRef)) ?? null);
    const org = orgs.get(orgRef);
    if (!org) {
      issues.add({ field: `row ${row}: organisation`, message: `unknown organisation ${orgRef}` });
      continue;
    }
    if (org.type !== 'manufacturer') issues.add({ field: `row ${row}: organisation`, message: `${org.code} is not a manufacturer` });
    if (!byproductsPolicy.write(ctx.viewer, organisationOwner(org))) {
      throw errors.forbidden(`row ${row}: you may not write the by-product streams of ${org.code}.`);
    }
    if (!sitesOf.has(org.id)) sitesOf.set(org.id, await listSites(trx, org.id));
    const sites = sitesOf.get(org.id)!;
    const site = value.site === undefined ? sites[0] : sites.find((s) => s.id === value.site || s.name === value.site);
    if (!site) issues.add({ field: `row ${row}: site`, message: value.site === undefined ? `${org.code} has no site` : `no site "${value.site}" of ${org.code}` });
    const result = parseStream(rowToStreamJson(value, row, issues));
    if (!result.ok) for (const issue of fieldErrors(result.errors, `row ${row}: `)) issues.add(issue);
    let existing: StreamWithOwner | undefined;
    if (value.code !== undefined) {
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$/.test(value.code)) issues.add({ field: `row ${row}: code`, message: 'letters, digits, . _ - (at most 60)' });
      const first = codesInFile.get(value.code);
      if (first !== undefined) issues.add({ field: `row ${row}: code`, message: `${value.code} appears again (first in row ${first})` });
      else codesInFile.set(value.code, row);
      existing = await repo.findStream(trx, value.code);
      if (existing && existing.organisation_id !== org.id) issues.add({ field: `row ${row}: code`, message: `${value.code} belongs to another organisation` });
    }
    if (result.ok && site) planned.push({ code: value.code, existing, org, site, stream: result.value, name: value.name ?? existing?.name ?? defaultName(result.value) });
  }
  issues.throwIfAny();

  let created = 0;
  let updated = 0;
  const codes: string[] = [];
  const newCode = codeAllocator(trx, new Set(codesInFile.keys()));
  await writeInBatches(planned, async (batch, firstIndex) => {
    const inserts = [];
    for (const p of batch) {
      if (p.existing) {
        await repo.updateStream(trx, p.existing.id, { name: p.name, site_id: p.site.id, ...streamRowColumns(p.stream) });
        updated++;
        codes.push(p.existing.code);
      } else {
        const code = p.code ?? (await newCode(p.org.code));
        inserts.push({ code, organisation_id: p.org.id, site_id: p.site.id, name: p.name, ...streamRowColumns(p.stream) });
        created++;
        codes.push(code);
      }
    }
    await repo.insertStreams(trx, inserts);
    onProgress?.(firstIndex + batch.length, planned.length);
  });
  await recordAudit(trx, ctx, {
    action: 'byproduct_stream.import',
    entityType: 'byproduct_streams',
    entityId: null,
    organisationId: actorOf(ctx.viewer)?.organisationId ?? (planned.length > 0 ? planned[0]!.org.id : null),
    after: { file_name: file.name, rows: planned.length, created, updated, codes },
  });
  return { rows: planned.length, created, updated, codes };
}
