/**
 * The ledgers as workbooks: one sheet per table of the official forms, Chinese headers (English
 * with `lang=en`), tonnes with three decimals, a total row under every table. The table names
 * follow the ledger guideline and HJ 1259 as recalled (docs/ledgers.md lists what is unverified).
 */
import { HANDLINGS, PHYSICAL_STATES, SOURCE_STAGES } from '../byproducts/engine';
import { writeWorkbook, type WorkbookSheet } from '../../platform/table-writer';
import { disposalRoutes, type GeneralLedger, type HazardousYear, type Kg, type PlanRow, type ReceiverTotal, type StreamFlows, type TransferRow, utilisationModes } from './engine/ledger';

export type LedgerLang = 'zh' | 'en';

export interface FirmFacts {
  code: string;
  nameZh: string;
  nameEn: string;
  creditCode: string | null;
  regionCode: string;
}

type Text = { zh: string; en: string };
const T = (zh: string, en: string): Text => ({ zh, en });

const t3 = (v: Kg | null): number | null => (v === null ? null : v / 1000);
const TONNES = '0.000';

interface Col {
  key: string;
  label: Text;
  tonnes?: boolean;
  width?: number;
}

function sheet(lang: LedgerLang, name: Text, title: Text, cols: Col[], rows: Record<string, unknown>[], totals: Record<string, unknown>[] = [], notes: Text[] = []): WorkbookSheet {
  return {
    name: name[lang],
    title: title[lang],
    columns: cols.map((c) => ({ key: c.key, header: c.tonnes ? `${c.label[lang]}${lang === 'zh' ? '（吨）' : ' (t)'}` : c.label[lang], ...(c.tonnes ? { numFmt: TONNES, width: 14 } : {}), ...(c.width ? { width: c.width } : {}) })),
    rows,
    totals,
    notes: notes.map((n) => n[lang]),
  };
}

const label = (entries: readonly { id: string; zh: string; en: string }[], id: string | null, lang: LedgerLang) => (id === null ? '' : (entries.find((e) => e.id === id)?.[lang] ?? id));
const totalLabel = T('合计', 'Total');
const monthLabel = T('月份', 'Month');
const streamCode = T('固体废物编号', 'Waste ID');
const streamName = T('固体废物名称', 'Waste name');

function firmSheet(lang: LedgerLang, firm: FirmFacts, title: Text, period: string, now: Date, sources: Text[]): WorkbookSheet {
  const rows = [
    { k: T('单位名称', 'Organisation')[lang], v: lang === 'zh' ? firm.nameZh : firm.nameEn },
    { k: T('统一社会信用代码', 'Unified social credit code')[lang], v: firm.creditCode ?? '' },
    { k: T('平台编码', 'Platform code')[lang], v: firm.code },
    { k: T('行政区划代码', 'Region code')[lang], v: firm.regionCode },
    { k: T('台账期间', 'Period')[lang], v: period },
    { k: T('计量单位', 'Unit')[lang], v: T('吨', 'tonne (t)')[lang] },
    { k: T('生成时间（北京时间）', 'Generated at (China Standard Time)')[lang], v: new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') },
  ];
  return sheet(lang, T('单位信息', 'Organisation'), title, [{ key: 'k', label: T('项目', 'Item'), width: 28 }, { key: 'v', label: T('内容', 'Value'), width: 48 }], rows, [], sources);
}

const recordsSource = T('产生、利用、处置量取自企业在平台填报的月度记录；贮存量为累计产生量减去累计利用处置量（自该固体废物首条记录起）；未填报的月份计为零。', 'Generation, utilisation and disposal are the monthly records the firm filed on the platform; storage is what was generated and not yet utilised or disposed since the waste’s first record; months without a record count zero.');
const manifestsSource = T('委托利用处置量取自本单位作为产生单位的电子联单，按首次起运日期（北京时间）计入月份，接受量为接收量减拒收量。', 'Entrusted transfers are the electronic manifests the firm generated, dated by their first pickup (China Standard Time); accepted = received less refused.');

const basicsCols: Col[] = [
  { key: 'no', label: T('序号', 'No.') },
  { key: 'code', label: streamCode },
  { key: 'name', label: streamName, width: 24 },
  { key: 'stage', label: T('产生环节', 'Generating stage') },
  { key: 'state', label: T('物理性状', 'Physical state') },
  { key: 'hazardousCode', label: T('废物代码', 'Waste code') },
  { key: 'declared', label: T('年申报产生量', 'Declared yearly generation'), tonnes: true },
  { key: 'handling', label: T('现行处理方式', 'Current handling') },
];

function basicsRows(flows: readonly StreamFlows[], lang: LedgerLang) {
  return flows.map((f, i) => ({
    no: i + 1,
    code: f.stream.code,
    name: f.stream.name,
    stage: label(SOURCE_STAGES, f.stream.stage, lang),
    state: label(PHYSICAL_STATES, f.stream.state, lang),
    hazardousCode: f.stream.hazardousCode ?? '',
    declared: Number(f.stream.tonnesPerYear),
    handling: label(HANDLINGS, f.stream.currentHandling, lang),
  }));
}

const perMonth = (flows: readonly StreamFlows[]) => flows.flatMap((f) => f.months.map((m) => ({ f, m })));

function generationSheet(lang: LedgerLang, flows: readonly StreamFlows[], name: Text): WorkbookSheet {
  const rows = perMonth(flows).map(({ f, m }) => ({ period: m.period, code: f.stream.code, name: f.stream.name, stage: label(SOURCE_STAGES, f.stream.stage, lang), generated: t3(m.generated), recorded: m.recorded ? '' : T('未填报', 'not filed')[lang] }));
  const total = { period: totalLabel[lang], generated: t3(flows.reduce((a, f) => a + f.totals.generated, 0)) };
  return sheet(
    lang,
    name,
    T('产生环节记录表', 'Generation record'),
    [{ key: 'period', label: monthLabel }, { key: 'code', label: streamCode }, { key: 'name', label: streamName, width: 24 }, { key: 'stage', label: T('产生环节', 'Generating stage') }, { key: 'generated', label: T('产生量', 'Generated'), tonnes: true }, { key: 'recorded', label: T('备注', 'Remark') }],
    rows,
    [total],
    [recordsSource],
  );
}

function storageSheet(lang: LedgerLang, flows: readonly StreamFlows[], name: Text): WorkbookSheet {
  const rows = perMonth(flows).map(({ f, m }) => ({ period: m.period, code: f.stream.code, name: f.stream.name, opening: t3(m.opening), in: t3(m.generated), out: t3(m.utilisedTotal + m.disposedTotal), closing: t3(m.closing) }));
  const sum = (k: 'generated' | 'utilised' | 'disposed') => flows.reduce((a, f) => a + f.totals[k], 0);
  const total = { period: totalLabel[lang], opening: t3(flows.reduce((a, f) => a + f.opening, 0)), in: t3(sum('generated')), out: t3(sum('utilised') + sum('disposed')), closing: t3(flows.reduce((a, f) => a + f.closing, 0)) };
  return sheet(
    lang,
    name,
    T('贮存环节记录表', 'Storage record'),
    [
      { key: 'period', label: monthLabel },
      { key: 'code', label: streamCode },
      { key: 'name', label: streamName, width: 24 },
      { key: 'opening', label: T('期初贮存量', 'Opening storage'), tonnes: true },
      { key: 'in', label: T('入库量', 'Into storage'), tonnes: true },
      { key: 'out', label: T('出库量', 'Out of storage'), tonnes: true },
      { key: 'closing', label: T('期末贮存量', 'Closing storage'), tonnes: true },
    ],
    rows,
    [total],
    [T('期末贮存量 = 期初贮存量 + 入库量 − 出库量；出库量为当月利用量与处置量之和。', 'Closing = opening + into storage − out of storage; out of storage is the month’s utilisation and disposal.'), recordsSource],
  );
}

const modeLabels: Record<(typeof utilisationModes)[number], Text> = {
  lowValue: T('低值利用', 'Low-value utilisation'),
  reduceEfficiency: T('减量利用', 'Utilisation reducing input'),
  valueAdded: T('高值利用', 'Value-added utilisation'),
  unspecified: T('其他利用', 'Other utilisation'),
};
const routeLabels: Record<(typeof disposalRoutes)[number], Text> = {
  landfill: T('填埋', 'Landfill'),
  incineration: T('焚烧', 'Incineration'),
  discharge: T('排放', 'Discharge'),
  harmless: T('无害化处理', 'Harmless treatment'),
};

function handlingSheet(lang: LedgerLang, flows: readonly StreamFlows[], name: Text): WorkbookSheet {
  const rows = perMonth(flows).map(({ f, m }) => ({
    period: m.period,
    code: f.stream.code,
    name: f.stream.name,
    ...Object.fromEntries(utilisationModes.map((k) => [`u_${k}`, t3(m.utilised[k])])),
    utilised: t3(m.utilisedTotal),
    ...Object.fromEntries(disposalRoutes.map((k) => [`d_${k}`, t3(m.disposed[k])])),
    disposed: t3(m.disposedTotal),
  }));
  const all = perMonth(flows).map((x) => x.m);
  const total = {
    period: totalLabel[lang],
    ...Object.fromEntries(utilisationModes.map((k) => [`u_${k}`, t3(all.reduce((a, m) => a + m.utilised[k], 0))])),
    utilised: t3(all.reduce((a, m) => a + m.utilisedTotal, 0)),
    ...Object.fromEntries(disposalRoutes.map((k) => [`d_${k}`, t3(all.reduce((a, m) => a + m.disposed[k], 0))])),
    disposed: t3(all.reduce((a, m) => a + m.disposedTotal, 0)),
  };
  return sheet(
    lang,
    name,
    T('利用/处置环节记录表', 'Utilisation and disposal record'),
    [
      { key: 'period', label: monthLabel },
      { key: 'code', label: streamCode },
      { key: 'name', label: streamName, width: 24 },
      ...utilisationModes.map((k) => ({ key: `u_${k}`, label: modeLabels[k], tonnes: true })),
      { key: 'utilised', label: T('利用量小计', 'Utilised, subtotal'), tonnes: true },
      ...disposalRoutes.map((k) => ({ key: `d_${k}`, label: routeLabels[k], tonnes: true })),
      { key: 'disposed', label: T('处置量小计', 'Disposed, subtotal'), tonnes: true },
    ],
    rows,
    [total],
    [recordsSource],
  );
}

function transfersSheet(lang: LedgerLang, rows: readonly TransferRow[], name: Text, title: Text): WorkbookSheet {
  const yes = T('是', 'yes')[lang];
  const no = T('否', 'no')[lang];
  const data = rows.map((r) => ({
    day: r.day,
    number: r.number,
    line: r.line,
    wasteCode: r.wasteCode,
    codeName: (lang === 'zh' ? r.codeNameZh : r.codeNameEn) ?? '',
    description: r.description,
    receiver: lang === 'zh' ? r.receiverZh : r.receiverEn,
    creditCode: r.receiverCreditCode ?? '',
    licence: r.licenceNumber ?? '',
    categories: r.licenceCategories ?? '',
    validUntil: r.licenceValidUntil ?? '',
    covers: r.licenceCovers ? yes : no,
    transporters: lang === 'zh' ? r.transportersZh : r.transportersEn,
    plates: r.plates,
    declared: t3(r.declared),
    pickedUp: t3(r.pickedUp),
    received: t3(r.received),
    refused: t3(r.refused),
    accepted: t3(r.accepted),
    treatment: r.treatmentCode ?? '',
  }));
  const sum = (k: 'declared' | 'accepted') => rows.reduce((a, r) => a + r[k], 0);
  const sumN = (k: 'pickedUp' | 'received' | 'refused') => rows.reduce((a, r) => a + (r[k] ?? 0), 0);
  const total = { day: totalLabel[lang], declared: t3(sum('declared')), pickedUp: t3(sumN('pickedUp')), received: t3(sumN('received')), refused: t3(sumN('refused')), accepted: t3(sum('accepted')) };
  return sheet(
    lang,
    name,
    title,
    [
      { key: 'day', label: T('起运日期', 'Pickup date') },
      { key: 'number', label: T('联单编号', 'Manifest number'), width: 22 },
      { key: 'line', label: T('明细行', 'Line') },
      { key: 'wasteCode', label: T('废物代码', 'Waste code') },
      { key: 'codeName', label: T('代码名称', 'Code name'), width: 24 },
      { key: 'description', label: T('废物描述', 'Description'), width: 20 },
      { key: 'receiver', label: T('受托单位名称', 'Receiver'), width: 28 },
      { key: 'creditCode', label: T('受托单位统一社会信用代码', 'Receiver credit code'), width: 22 },
      { key: 'licence', label: T('受托单位许可证编号', 'Receiver licence number'), width: 26 },
      { key: 'categories', label: T('许可类别', 'Licensed categories') },
      { key: 'validUntil', label: T('许可证有效期至', 'Licence valid until') },
      { key: 'covers', label: T('许可覆盖该废物', 'Licence covers the waste') },
      { key: 'transporters', label: T('运输单位', 'Transporters'), width: 28 },
      { key: 'plates', label: T('车牌号', 'Plates') },
      { key: 'declared', label: T('申报量', 'Declared'), tonnes: true },
      { key: 'pickedUp', label: T('起运量', 'Picked up'), tonnes: true },
      { key: 'received', label: T('接收量', 'Received'), tonnes: true },
      { key: 'refused', label: T('拒收量', 'Refused'), tonnes: true },
      { key: 'accepted', label: T('接受量', 'Accepted'), tonnes: true },
      { key: 'treatment', label: T('利用处置方式代码', 'Treatment code') },
    ],
    data,
    [total],
    [manifestsSource],
  );
}

export function generalLedgerWorkbook(l: GeneralLedger, firm: FirmFacts, periodText: string, lang: LedgerLang, now: Date): Promise<Buffer> {
  const s = l.summary;
  const summaryRows = s.months.map((m) => ({
    period: m.period,
    generated: t3(m.generated),
    utilised: t3(m.utilised),
    disposed: t3(m.disposed),
    storageChange: t3(m.storageChange),
    closing: t3(m.closing),
    entrusted: t3(m.entrusted),
    selfHandled: t3(m.selfHandled),
    check: m.selfHandled < 0 ? T('联单接受量大于记录的利用处置量，请核对', 'Manifests exceed recorded utilisation and disposal: check')[lang] : '',
    filed: `${m.recordedStreams}/${m.streams}`,
  }));
  const totals = [
    { period: T('期初贮存量', 'Opening storage')[lang], closing: t3(s.opening) },
    { period: totalLabel[lang], generated: t3(s.totals.generated), utilised: t3(s.totals.utilised), disposed: t3(s.totals.disposed), storageChange: t3(s.totals.storageChange), closing: t3(s.closing), entrusted: t3(s.totals.entrusted), selfHandled: t3(s.totals.selfHandled) },
  ];
  return writeWorkbook([
    firmSheet(lang, firm, T('一般工业固体废物管理台账', 'General industrial solid waste ledger'), periodText, now, [recordsSource, manifestsSource]),
    sheet(lang, T('表1 基础信息', 'T1 Basic information'), T('一般工业固体废物基础信息表', 'Basic information of general industrial solid waste'), basicsCols, basicsRows(l.flows, lang)),
    sheet(
      lang,
      T('表2 流向汇总', 'T2 Flow summary'),
      T('一般工业固体废物流向汇总表', 'Flow summary of general industrial solid waste'),
      [
        { key: 'period', label: monthLabel },
        { key: 'generated', label: T('产生量', 'Generated'), tonnes: true },
        { key: 'utilised', label: T('利用量', 'Utilised'), tonnes: true },
        { key: 'disposed', label: T('处置量', 'Disposed'), tonnes: true },
        { key: 'storageChange', label: T('贮存变化量', 'Change in storage'), tonnes: true },
        { key: 'closing', label: T('期末贮存量', 'Closing storage'), tonnes: true },
        { key: 'entrusted', label: T('其中委托利用处置量', 'Of which entrusted'), tonnes: true },
        { key: 'selfHandled', label: T('其中自行利用处置量', 'Of which handled by the firm'), tonnes: true },
        { key: 'check', label: T('核对', 'Check'), width: 30 },
        { key: 'filed', label: T('已填报/固体废物数', 'Filed / wastes') },
      ],
      summaryRows,
      totals,
      [T('产生量 = 利用量 + 处置量 + 贮存变化量；期末贮存量 = 期初贮存量 + 贮存变化量合计。', 'Generated = utilised + disposed + change in storage; closing storage = opening storage + total change.'), recordsSource, manifestsSource],
    ),
    generationSheet(lang, l.flows, T('附表1 产生环节', 'A1 Generation')),
    storageSheet(lang, l.flows, T('附表2 贮存环节', 'A2 Storage')),
    handlingSheet(lang, l.flows, T('附表3 利用处置环节', 'A3 Utilisation, disposal')),
    transfersSheet(lang, l.transfers, T('附表4 委托利用处置', 'A4 Entrusted'), T('委托利用/处置环节记录表', 'Entrusted utilisation and disposal record')),
  ]);
}

const receiverCols: Col[] = [
  { key: 'receiver', label: T('受托单位名称', 'Receiver'), width: 28 },
  { key: 'creditCode', label: T('统一社会信用代码', 'Credit code'), width: 22 },
  { key: 'licence', label: T('危险废物经营许可证编号', 'Hazardous-waste licence number'), width: 26 },
  { key: 'validUntil', label: T('许可证有效期至', 'Licence valid until') },
  { key: 'wasteCode', label: T('废物代码', 'Waste code') },
  { key: 'category', label: T('废物类别', 'Category') },
  { key: 'manifests', label: T('联单数', 'Manifests') },
  { key: 'accepted', label: T('接受量', 'Accepted'), tonnes: true },
  { key: 'treatment', label: T('利用处置方式代码', 'Treatment codes') },
];

function receiverRows(rows: readonly ReceiverTotal[], lang: LedgerLang) {
  return rows.map((r) => ({ receiver: lang === 'zh' ? r.receiverZh : r.receiverEn, creditCode: r.receiverCreditCode ?? '', licence: r.licenceNumber ?? '', validUntil: r.licenceValidUntil ?? '', wasteCode: r.wasteCode, category: r.category, manifests: r.manifests, accepted: t3(r.accepted), treatment: r.treatmentCodes }));
}

const receiverTotal = (rows: readonly ReceiverTotal[], lang: LedgerLang) => ({ receiver: totalLabel[lang], manifests: rows.reduce((a, r) => a + r.manifests, 0), accepted: t3(rows.reduce((a, r) => a + r.accepted, 0)) });

export function hazardousPlanWorkbook(plan: { year: number; rows: PlanRow[]; receivers: ReceiverTotal[] }, firm: FirmFacts, lang: LedgerLang, now: Date): Promise<Buffer> {
  const rows = plan.rows.map((r, i) => ({
    no: i + 1,
    code: r.stream.code,
    name: r.stream.name,
    hazardousCode: r.stream.hazardousCode ?? '',
    stage: label(SOURCE_STAGES, r.stream.stage, lang),
    state: label(PHYSICAL_STATES, r.stream.state, lang),
    planned: t3(r.planned),
    previous: t3(r.previousGenerated),
    storage: t3(r.previousClosing),
    handling: label(HANDLINGS, r.stream.currentHandling, lang),
  }));
  const total = { no: totalLabel[lang], planned: t3(plan.rows.reduce((a, r) => a + r.planned, 0)), previous: t3(plan.rows.reduce((a, r) => a + r.previousGenerated, 0)), storage: t3(plan.rows.reduce((a, r) => a + r.previousClosing, 0)) };
  const basis = T(`计划产生量取自各危险废物的年申报产生量；上年（${plan.year - 1} 年）产生量与年末贮存量取自月度记录；拟委托单位为上年危险废物联单的接受单位。`, `Planned generation is each hazardous waste's declared yearly tonnes; the previous year's (${plan.year - 1}) generation and year-end storage come from the monthly records; the intended receivers are those of the previous year's hazardous-waste manifests.`);
  return writeWorkbook([
    firmSheet(lang, firm, T('危险废物管理计划', 'Hazardous waste management plan'), String(plan.year), now, [basis]),
    sheet(
      lang,
      T('产生情况', 'Generation'),
      T(`危险废物产生情况（${plan.year} 年计划）`, `Hazardous waste generation (plan ${plan.year})`),
      [
        { key: 'no', label: T('序号', 'No.') },
        { key: 'code', label: streamCode },
        { key: 'name', label: T('危险废物名称', 'Waste name'), width: 24 },
        { key: 'hazardousCode', label: T('废物代码/类别', 'Waste code or category') },
        { key: 'stage', label: T('产生环节', 'Generating stage') },
        { key: 'state', label: T('形态', 'Physical form') },
        { key: 'planned', label: T('计划产生量', 'Planned generation'), tonnes: true },
        { key: 'previous', label: T('上年产生量', 'Previous year generated'), tonnes: true },
        { key: 'storage', label: T('上年末贮存量', 'Storage at end of previous year'), tonnes: true },
        { key: 'handling', label: T('现行处理方式', 'Current handling') },
      ],
      rows,
      [total],
      [basis],
    ),
    sheet(lang, T('委托利用处置', 'Entrusted'), T('危险废物委托利用处置计划（拟委托单位）', 'Intended receivers of hazardous waste'), receiverCols, receiverRows(plan.receivers, lang), [receiverTotal(plan.receivers, lang)], [basis]),
  ]);
}

export function hazardousDeclarationWorkbook(y: HazardousYear, firm: FirmFacts, lang: LedgerLang, now: Date): Promise<Buffer> {
  const rows = y.flows.map((f, i) => ({
    no: i + 1,
    code: f.stream.code,
    name: f.stream.name,
    hazardousCode: f.stream.hazardousCode ?? '',
    opening: t3(f.opening),
    generated: t3(f.totals.generated),
    utilised: t3(f.totals.utilised),
    disposed: t3(f.totals.disposed),
    closing: t3(f.closing),
  }));
  const s = y.summary;
  const total = { no: totalLabel[lang], opening: t3(s.opening), generated: t3(s.totals.generated), utilised: t3(s.totals.utilised), disposed: t3(s.totals.disposed), closing: t3(s.closing) };
  const monthRows = s.months.map((m) => ({ period: m.period, generated: t3(m.generated), utilised: t3(m.utilised), disposed: t3(m.disposed), entrusted: t3(m.entrusted), closing: t3(m.closing) }));
  return writeWorkbook([
    firmSheet(lang, firm, T('危险废物年度申报', 'Hazardous waste annual declaration'), String(y.year), now, [recordsSource, manifestsSource]),
    sheet(
      lang,
      T('产生贮存利用处置', 'Generation and handling'),
      T(`${y.year} 年危险废物产生、贮存、利用、处置情况`, `Hazardous waste generated, stored, utilised and disposed in ${y.year}`),
      [
        { key: 'no', label: T('序号', 'No.') },
        { key: 'code', label: streamCode },
        { key: 'name', label: T('危险废物名称', 'Waste name'), width: 24 },
        { key: 'hazardousCode', label: T('废物代码/类别', 'Waste code or category') },
        { key: 'opening', label: T('上年末贮存量', 'Storage at start of year'), tonnes: true },
        { key: 'generated', label: T('产生量', 'Generated'), tonnes: true },
        { key: 'utilised', label: T('利用量', 'Utilised'), tonnes: true },
        { key: 'disposed', label: T('处置量', 'Disposed'), tonnes: true },
        { key: 'closing', label: T('年末贮存量', 'Storage at end of year'), tonnes: true },
      ],
      rows,
      [total],
      [T('年末贮存量 = 上年末贮存量 + 产生量 − 利用量 − 处置量。', 'Storage at end of year = storage at start + generated − utilised − disposed.'), recordsSource],
    ),
    sheet(
      lang,
      T('月度汇总', 'Monthly'),
      T(`${y.year} 年危险废物月度汇总`, `Hazardous waste by month, ${y.year}`),
      [
        { key: 'period', label: monthLabel },
        { key: 'generated', label: T('产生量', 'Generated'), tonnes: true },
        { key: 'utilised', label: T('利用量', 'Utilised'), tonnes: true },
        { key: 'disposed', label: T('处置量', 'Disposed'), tonnes: true },
        { key: 'entrusted', label: T('委托利用处置量', 'Entrusted'), tonnes: true },
        { key: 'closing', label: T('月末贮存量', 'Storage at month end'), tonnes: true },
      ],
      monthRows,
      [{ period: totalLabel[lang], generated: t3(s.totals.generated), utilised: t3(s.totals.utilised), disposed: t3(s.totals.disposed), entrusted: t3(s.totals.entrusted), closing: t3(s.closing) }],
    ),
    sheet(lang, T('转移情况', 'Transfers'), T(`${y.year} 年危险废物转移情况（按接受单位）`, `Hazardous waste transferred in ${y.year}, by receiver`), receiverCols, receiverRows(y.receivers, lang), [receiverTotal(y.receivers, lang)], [manifestsSource]),
    transfersSheet(lang, y.transfers, T('转移联单明细', 'Manifest lines'), T('危险废物转移联单明细', 'Hazardous waste manifest lines')),
  ]);
}
