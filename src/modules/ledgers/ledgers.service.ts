/**
 * The statutory ledgers of a firm and its manifests in the national system's layout (issue 13).
 * Reads the by-product module's streams and records and the manifests module's transfer records
 * through their index, under this module's policy; computes with the pure engines; writes the
 * workbooks. Nothing is stored: a ledger is always computed from what the firm already entered.
 */
import type { Executor } from '../../db/database';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { writeWorkbook } from '../../platform/table-writer';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { ledgerStreamFacts } from '../byproducts';
import { grantorsFor } from '../delegations';
import { getManifest, transferRecords, type TransferRecord } from '../manifests';
import { findOrganisation, listOrganisations } from '../organisations';
import { generalLedger as computeGeneral, hazardousPlan as computePlan, hazardousYear, type LedgerInput, type LedgerPeriod, type LedgerRecord, type LedgerStream, listOf } from './engine/ledger';
import { nationalFields, nationalRows, type NationalRow } from './engine/national';
import { ledgersPolicy } from './ledgers.policy';
import type { GeneralLedgerQuery, HazardousLedgerQuery, NationalExportView, NationalPeriodQuery } from './ledgers.schema';
import { type FirmFacts, generalLedgerWorkbook, hazardousDeclarationWorkbook, hazardousPlanWorkbook, type LedgerLang } from './ledgers.workbooks';

export const NATIONAL_MAPPING_VERSION = '2026-12-03 (unverified names)';

/** The firm, after the policy allowed the viewer: 403 before 404 for viewers who may see no firm's ledger. */
async function firmFor(db: Executor, ctx: ServiceContext, organisationId: string): Promise<FirmFacts & { id: string }> {
  permit(ctx.viewer, ledgersPolicy.ask(ctx.viewer));
  const org = await findOrganisation(db, organisationId);
  const owner = org ? { organisationId: org.id, regionCode: org.region_code } : { organisationId, regionCode: '' };
  const delegated = (await grantorsFor(db, ctx.viewer, 'manifests.ledgers')).some((g) => g.grantor.id === organisationId);
  permit(ctx.viewer, ledgersPolicy.read(ctx.viewer, owner, delegated), "Only the firm, organisations it delegated its ledgers to, regulators of its region and platform admins read a firm's ledgers.");
  if (!org) throw errors.notFound('Organisation', organisationId);
  return { id: org.id, code: org.code, nameZh: org.name_zh, nameEn: org.name_en, creditCode: org.credit_code, regionCode: org.region_code };
}

export function periodOf(q: { year?: number | undefined; from?: string | undefined; to?: string | undefined }): LedgerPeriod {
  return q.year !== undefined ? { from: `${q.year}-01`, to: `${q.year}-12` } : { from: q.from!, to: q.to! };
}

const periodText = (p: LedgerPeriod) => (p.from.endsWith('-01') && p.to === `${p.from.slice(0, 4)}-12` ? p.from.slice(0, 4) : `${p.from} – ${p.to}`);

/** The first instant of a month in China Standard Time, and the first of the month after `to`. */
function instants(p: LedgerPeriod): { from: Date; before: Date } {
  const [y, m] = p.to.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: new Date(`${p.from}-01T00:00:00+08:00`), before: new Date(`${next}-01T00:00:00+08:00`) };
}

async function ledgerInput(db: Executor, firmId: string, period: LedgerPeriod, transfersFrom: LedgerPeriod = period): Promise<LedgerInput> {
  const facts = await ledgerStreamFacts(db, firmId, period.to);
  const span = instants(transfersFrom);
  const transfers = await transferRecords(db, { generatorId: firmId, pickedUpFrom: span.from, pickedUpBefore: span.before });
  const streams: LedgerStream[] = facts.streams.map((s) => ({
    id: s.id,
    code: s.code,
    name: s.name,
    stage: s.stage,
    state: s.state,
    hazardous: s.hazardous,
    hazardousCode: s.hazardous_code,
    currentHandling: s.current_handling,
    tonnesPerYear: s.tonnes_per_year,
  }));
  const records: LedgerRecord[] = facts.records.map((r) => ({
    streamId: r.stream_id,
    period: r.period,
    generated: r.generated_t,
    utilised: { lowValue: r.utilised_low_value_t, reduceEfficiency: r.utilised_reduce_efficiency_t, valueAdded: r.utilised_value_added_t, unspecified: r.utilised_unspecified_t },
    disposed: { landfill: r.disposed_landfill_t, incineration: r.disposed_incineration_t, discharge: r.disposed_discharge_t, harmless: r.disposed_harmless_t },
  }));
  return { period, streams, records, transfers };
}

export async function generalLedger(db: Executor, ctx: ServiceContext, q: GeneralLedgerQuery, now = new Date()): Promise<{ file: Buffer; filename: string }> {
  const firm = await firmFor(db, ctx, q.organisationId);
  const period = periodOf(q);
  const ledger = computeGeneral(await ledgerInput(db, firm.id, period));
  const file = await generalLedgerWorkbook(ledger, firm, periodText(period), q.lang, now);
  return { file, filename: `general-ledger-${firm.code}-${periodText(period).replace(' – ', '_')}.xlsx` };
}

export async function hazardousPlan(db: Executor, ctx: ServiceContext, q: HazardousLedgerQuery, now = new Date()): Promise<{ file: Buffer; filename: string }> {
  const firm = await firmFor(db, ctx, q.organisationId);
  // The plan starts from the year before: its records and its manifests' receivers.
  const previous = { from: `${q.year - 1}-01`, to: `${q.year - 1}-12` };
  const plan = computePlan(await ledgerInput(db, firm.id, previous), q.year);
  return { file: await hazardousPlanWorkbook(plan, firm, q.lang, now), filename: `hazardous-plan-${firm.code}-${q.year}.xlsx` };
}

export async function hazardousDeclaration(db: Executor, ctx: ServiceContext, q: HazardousLedgerQuery, now = new Date()): Promise<{ file: Buffer; filename: string }> {
  const firm = await firmFor(db, ctx, q.organisationId);
  const year = hazardousYear(await ledgerInput(db, firm.id, { from: `${q.year}-01`, to: `${q.year}-12` }), q.year);
  return { file: await hazardousDeclarationWorkbook(year, firm, q.lang, now), filename: `hazardous-declaration-${firm.code}-${q.year}.xlsx` };
}

function nationalView(records: readonly TransferRecord[]): NationalExportView {
  const rows: NationalRow[] = records.flatMap((r) => nationalRows(r));
  return { layout: 'cn-national-hw-transfer-manifest', mappingVersion: NATIONAL_MAPPING_VERSION, fields: [...nationalFields], rows };
}

export function nationalWorkbook(view: NationalExportView, lang: LedgerLang): Promise<Buffer> {
  const unverified = lang === 'zh' ? '字段名称系凭记忆整理，未与官方表样核对；标“（平台无此数据）”的列需在全国系统中补填。' : 'Field names were recalled, not checked against the official form; columns marked "(not held)" are to be completed in the national system.';
  return writeWorkbook([
    {
      name: lang === 'zh' ? '危险废物转移联单' : 'HW transfer manifest',
      title: lang === 'zh' ? '危险废物转移联单（全国固体废物管理信息系统字段格式）' : 'Hazardous-waste transfer manifest (national solid-waste information system layout)',
      columns: view.fields.map((f) => ({ key: f.key, header: `${lang === 'zh' ? f.nameZh : f.nameEn}${f.held ? '' : lang === 'zh' ? '（平台无此数据）' : ' (not held)'}`, ...(f.key.endsWith('T') ? { numFmt: '0.000' } : {}) })),
      rows: view.rows,
      notes: [unverified],
    },
  ]);
}

/** One manifest: whoever may read it (the manifests module's policy decides through getManifest). */
export async function nationalManifest(db: Executor, ctx: ServiceContext, id: string): Promise<NationalExportView> {
  await getManifest(db, ctx, id);
  return nationalView(await transferRecords(db, { ids: [id] }));
}

export async function nationalPeriod(db: Executor, ctx: ServiceContext, q: NationalPeriodQuery): Promise<NationalExportView> {
  const firm = await firmFor(db, ctx, q.organisationId);
  const span = instants(periodOf(q));
  const records = await transferRecords(db, { generatorId: firm.id, pickedUpFrom: span.from, pickedUpBefore: span.before });
  return nationalView(q.wasteList === 'all' ? records : records.filter((r) => r.lines.some((l) => listOf(l) === 'hazardous')));
}

const FIRM_TYPES = new Set(['manufacturer', 'utilizer', 'service-provider']);
/** A regulator's or platform admin's picker lists at most this many firms (by code). */
const FIRM_LIST_LIMIT = 1000;

/** The firms whose ledgers the viewer may download: its own, its grantors', and those a regulator or platform admin oversees. */
export async function ledgerFirms(db: Executor, ctx: ServiceContext): Promise<{ id: string; code: string; nameZh: string; nameEn: string }[]> {
  permit(ctx.viewer, ledgersPolicy.ask(ctx.viewer));
  const actor = actorOf(ctx.viewer);
  const present = (o: { id: string; code: string; name_zh: string; name_en: string }) => ({ id: o.id, code: o.code, nameZh: o.name_zh, nameEn: o.name_en });
  if (!actor || actor.organisationType === 'platform-admin' || actor.organisationType === 'regulator') {
    const filter = actor?.organisationType === 'regulator' ? { regionCode: actor.regionCode } : {};
    const { rows } = await listOrganisations(db, filter, FIRM_LIST_LIMIT, 0);
    return rows.filter((o) => FIRM_TYPES.has(o.type)).map(present);
  }
  const ids = [...(FIRM_TYPES.has(actor.organisationType) ? [actor.organisationId] : []), ...(await grantorsFor(db, ctx.viewer, 'manifests.ledgers')).map((g) => g.grantor.id)];
  const rows = await Promise.all([...new Set(ids)].map((id) => findOrganisation(db, id)));
  return rows.filter((o) => o !== undefined).map(present);
}
