/**
 * The statutory ledgers of a firm computed from what the platform already holds (issue 13): the
 * general industrial solid-waste ledger (一般工业固体废物管理台账), and for hazardous waste the
 * management plan (危险废物管理计划) and the annual declaration (年度申报). Pure: the caller reads
 * the firm's streams, monthly records and manifests. Quantities are integer kilograms (tonnes
 * with three decimals) so that every total is the exact sum of its rows and the storage balance
 * (opening + generated − utilised − disposed = closing) holds to the kilogram.
 *
 * Where the figures come from: generation, utilisation by mode and disposal by route are the
 * firm's monthly records; storage is what was generated and not yet utilised or disposed,
 * accumulated from the stream's first record; the entrusted transfers (委托利用处置) are the
 * manifests the firm generated, dated by their first pickup, with the receiver's licence.
 */

export type WasteList = 'general' | 'hazardous';

export interface LedgerStream {
  id: string;
  code: string;
  name: string;
  stage: string;
  state: string;
  hazardous: boolean;
  hazardousCode: string | null;
  currentHandling: string | null;
  tonnesPerYear: string;
}

export interface LedgerRecord {
  streamId: string;
  /** YYYY-MM */
  period: string;
  generated: string;
  utilised: { lowValue: string; reduceEfficiency: string; valueAdded: string; unspecified: string };
  disposed: { landfill: string; incineration: string; discharge: string; harmless: string };
}

/** A manifest as the ledgers read it (the manifests module's transfer record has this shape). */
export interface LedgerTransfer {
  number: string;
  status: string;
  pickedUpAt: Date | null;
  receivedAt: Date | null;
  treatmentCode: string | null;
  receiver: { nameZh: string; nameEn: string; creditCode: string | null };
  licence: { number: string; categories: string[]; validFrom: string; validUntil: string } | null;
  transporters: { nameZh: string; nameEn: string; plate: string }[];
  lines: { line: number; wasteCode: string; list: WasteList | null; category: string; codeNameZh: string | null; codeNameEn: string | null; description: string; quantity: string; unit: 't' | 'kg'; pickedUp: string | null; received: string | null; refused: string | null }[];
}

/** Inclusive months YYYY-MM. */
export interface LedgerPeriod {
  from: string;
  to: string;
}

export interface LedgerInput {
  period: LedgerPeriod;
  streams: readonly LedgerStream[];
  records: readonly LedgerRecord[];
  transfers: readonly LedgerTransfer[];
}

/** Kilograms: tonnes × 1000, rounded (records carry at most three decimals). */
export type Kg = number;

export const utilisationModes = ['lowValue', 'reduceEfficiency', 'valueAdded', 'unspecified'] as const;
export const disposalRoutes = ['landfill', 'incineration', 'discharge', 'harmless'] as const;

export function kg(tonnes: string | null | undefined): Kg {
  if (tonnes === null || tonnes === undefined || tonnes === '') return 0;
  const n = Number(tonnes);
  if (!Number.isFinite(n)) throw new RangeError(`not a quantity: ${tonnes}`);
  return Math.round(n * 1000);
}

/** A line's quantity in kilograms whatever its unit. */
const lineKg = (q: string | null, unit: 't' | 'kg'): Kg => (unit === 'kg' ? Math.round(Number(q ?? 0)) : kg(q));

/** The months of a period, in order. */
export function monthsOf(p: LedgerPeriod): string[] {
  const out: string[] = [];
  let [y, m] = p.from.split('-').map(Number) as [number, number];
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > p.to) return out;
    out.push(month);
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
}

/** A transfer's month and day in China Standard Time (firms and regulators count days there). */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function listOf(line: { list: WasteList | null; category: string }): WasteList {
  return line.list ?? (line.category.toUpperCase().startsWith('HW') ? 'hazardous' : 'general');
}

export const streamList = (s: LedgerStream): WasteList => (s.hazardous ? 'hazardous' : 'general');

export interface MonthFlow {
  period: string;
  generated: Kg;
  utilised: Record<(typeof utilisationModes)[number], Kg>;
  disposed: Record<(typeof disposalRoutes)[number], Kg>;
  utilisedTotal: Kg;
  disposedTotal: Kg;
  opening: Kg;
  closing: Kg;
  /** Whether the firm recorded this month (a month without a record counts nothing). */
  recorded: boolean;
}

export interface StreamFlows {
  stream: LedgerStream;
  months: MonthFlow[];
  /** Storage before the period: everything recorded before it, generated less utilised and disposed. */
  opening: Kg;
  closing: Kg;
  totals: { generated: Kg; utilised: Kg; disposed: Kg };
}

function flowOf(r: LedgerRecord | undefined, period: string, opening: Kg): MonthFlow {
  const utilised = Object.fromEntries(utilisationModes.map((k) => [k, kg(r?.utilised[k])])) as MonthFlow['utilised'];
  const disposed = Object.fromEntries(disposalRoutes.map((k) => [k, kg(r?.disposed[k])])) as MonthFlow['disposed'];
  const utilisedTotal = utilisationModes.reduce((a, k) => a + utilised[k], 0);
  const disposedTotal = disposalRoutes.reduce((a, k) => a + disposed[k], 0);
  const generated = kg(r?.generated);
  return { period, generated, utilised, disposed, utilisedTotal, disposedTotal, opening, closing: opening + generated - utilisedTotal - disposedTotal, recorded: r !== undefined };
}

/** Each stream's months in the period, with storage carried from its earlier records. */
export function streamFlows(input: LedgerInput, list: WasteList): StreamFlows[] {
  const months = monthsOf(input.period);
  return input.streams
    .filter((s) => streamList(s) === list)
    .map((stream) => {
      const own = input.records.filter((r) => r.streamId === stream.id);
      const opening = own.filter((r) => r.period < input.period.from).reduce((a, r) => a + flowOf(r, r.period, 0).closing, 0);
      const byMonth = new Map(own.map((r) => [r.period, r]));
      let stock = opening;
      const flows = months.map((p) => {
        const f = flowOf(byMonth.get(p), p, stock);
        stock = f.closing;
        return f;
      });
      return {
        stream,
        months: flows,
        opening,
        closing: stock,
        totals: {
          generated: flows.reduce((a, f) => a + f.generated, 0),
          utilised: flows.reduce((a, f) => a + f.utilisedTotal, 0),
          disposed: flows.reduce((a, f) => a + f.disposedTotal, 0),
        },
      };
    });
}

export interface TransferRow {
  day: string;
  period: string;
  number: string;
  status: string;
  line: number;
  wasteCode: string;
  category: string;
  codeNameZh: string | null;
  codeNameEn: string | null;
  description: string;
  receiverZh: string;
  receiverEn: string;
  receiverCreditCode: string | null;
  licenceNumber: string | null;
  licenceCategories: string | null;
  licenceValidUntil: string | null;
  /** Whether the licence named the line's code or category and was valid on the pickup day. */
  licenceCovers: boolean;
  transportersZh: string;
  transportersEn: string;
  plates: string;
  declared: Kg;
  pickedUp: Kg | null;
  received: Kg | null;
  refused: Kg | null;
  /** Received less refused: what the receiver took for utilisation or disposal. */
  accepted: Kg;
  treatmentCode: string | null;
}

/** The lines of the firm's manifests on `list`, picked up in the period, one row per line. */
export function transferRows(input: LedgerInput, list: WasteList): TransferRow[] {
  const months = new Set(monthsOf(input.period));
  const rows: TransferRow[] = [];
  for (const t of input.transfers) {
    if (!t.pickedUpAt) continue;
    const day = chinaDay(t.pickedUpAt);
    if (!months.has(day.slice(0, 7))) continue;
    for (const l of t.lines) {
      if (listOf(l) !== list) continue;
      const received = l.received === null ? null : lineKg(l.received, l.unit);
      const refused = l.refused === null ? null : lineKg(l.refused, l.unit);
      const lic = t.licence;
      rows.push({
        day,
        period: day.slice(0, 7),
        number: t.number,
        status: t.status,
        line: l.line,
        wasteCode: l.wasteCode,
        category: l.category,
        codeNameZh: l.codeNameZh,
        codeNameEn: l.codeNameEn,
        description: l.description,
        receiverZh: t.receiver.nameZh,
        receiverEn: t.receiver.nameEn,
        receiverCreditCode: t.receiver.creditCode,
        licenceNumber: lic?.number ?? null,
        licenceCategories: lic ? lic.categories.join('、') : null,
        licenceValidUntil: lic?.validUntil ?? null,
        licenceCovers: lic !== null && (lic.categories.includes(l.category) || lic.categories.includes(l.wasteCode)) && lic.validFrom <= day && day <= lic.validUntil,
        transportersZh: t.transporters.map((x) => x.nameZh).join(' → '),
        transportersEn: t.transporters.map((x) => x.nameEn).join(' → '),
        plates: t.transporters.map((x) => x.plate).join(' → '),
        declared: lineKg(l.quantity, l.unit),
        pickedUp: l.pickedUp === null ? null : lineKg(l.pickedUp, l.unit),
        received,
        refused,
        accepted: Math.max(0, (received ?? 0) - (refused ?? 0)),
        treatmentCode: t.treatmentCode,
      });
    }
  }
  return rows.sort((a, b) => a.day.localeCompare(b.day) || a.number.localeCompare(b.number) || a.line - b.line);
}

export interface SummaryMonth {
  period: string;
  generated: Kg;
  utilised: Kg;
  disposed: Kg;
  storageChange: Kg;
  closing: Kg;
  /** Accepted by receivers on the firm's manifests picked up that month. */
  entrusted: Kg;
  /** Utilised and disposed less what was entrusted on manifests: the firm's own utilisation and disposal. */
  selfHandled: Kg;
  /** Months the firm recorded, out of its streams. */
  recordedStreams: number;
  streams: number;
}

export interface LedgerSummary {
  months: SummaryMonth[];
  opening: Kg;
  closing: Kg;
  totals: Omit<SummaryMonth, 'period' | 'closing' | 'recordedStreams' | 'streams'>;
}

/** The month-by-month flow summary (流向汇总) of all streams on a list, with the manifests' transfers. */
export function summary(flows: readonly StreamFlows[], transfers: readonly TransferRow[], period: LedgerPeriod): LedgerSummary {
  const months = monthsOf(period).map((p, i) => {
    const of = flows.map((f) => f.months[i]!);
    const generated = of.reduce((a, m) => a + m.generated, 0);
    const utilised = of.reduce((a, m) => a + m.utilisedTotal, 0);
    const disposed = of.reduce((a, m) => a + m.disposedTotal, 0);
    const entrusted = transfers.filter((t) => t.period === p).reduce((a, t) => a + t.accepted, 0);
    return {
      period: p,
      generated,
      utilised,
      disposed,
      storageChange: generated - utilised - disposed,
      closing: of.reduce((a, m) => a + m.closing, 0),
      entrusted,
      selfHandled: utilised + disposed - entrusted,
      recordedStreams: of.filter((m) => m.recorded).length,
      streams: of.length,
    };
  });
  const sum = (k: 'generated' | 'utilised' | 'disposed' | 'storageChange' | 'entrusted' | 'selfHandled') => months.reduce((a, m) => a + m[k], 0);
  const opening = flows.reduce((a, f) => a + f.opening, 0);
  return {
    months,
    opening,
    closing: flows.reduce((a, f) => a + f.closing, 0),
    totals: { generated: sum('generated'), utilised: sum('utilised'), disposed: sum('disposed'), storageChange: sum('storageChange'), entrusted: sum('entrusted'), selfHandled: sum('selfHandled') },
  };
}

/** Entrusted tonnes per receiver and code (the declaration's transfer table and the plan's receivers). */
export interface ReceiverTotal {
  receiverZh: string;
  receiverEn: string;
  receiverCreditCode: string | null;
  licenceNumber: string | null;
  licenceValidUntil: string | null;
  wasteCode: string;
  category: string;
  manifests: number;
  accepted: Kg;
  treatmentCodes: string;
}

export function receiverTotals(rows: readonly TransferRow[]): ReceiverTotal[] {
  const groups = new Map<string, TransferRow[]>();
  for (const r of rows) {
    const key = `${r.receiverZh}|${r.licenceNumber ?? ''}|${r.wasteCode}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const first = g[0]!;
    return {
      receiverZh: first.receiverZh,
      receiverEn: first.receiverEn,
      receiverCreditCode: first.receiverCreditCode,
      licenceNumber: first.licenceNumber,
      licenceValidUntil: first.licenceValidUntil,
      wasteCode: first.wasteCode,
      category: first.category,
      manifests: new Set(g.map((r) => r.number)).size,
      accepted: g.reduce((a, r) => a + r.accepted, 0),
      treatmentCodes: [...new Set(g.map((r) => r.treatmentCode).filter((c): c is string => c !== null))].sort().join('、'),
    };
  });
}

export interface GeneralLedger {
  flows: StreamFlows[];
  transfers: TransferRow[];
  summary: LedgerSummary;
}

export function generalLedger(input: LedgerInput): GeneralLedger {
  const flows = streamFlows(input, 'general');
  const transfers = transferRows(input, 'general');
  return { flows, transfers, summary: summary(flows, transfers, input.period) };
}

/** The hazardous-waste figures of one year: the declaration states them, the next year's plan starts from them. */
export interface HazardousYear {
  year: number;
  flows: StreamFlows[];
  transfers: TransferRow[];
  receivers: ReceiverTotal[];
  summary: LedgerSummary;
}

export function hazardousYear(input: Omit<LedgerInput, 'period'>, year: number): HazardousYear {
  const full = { ...input, period: { from: `${year}-01`, to: `${year}-12` } };
  const flows = streamFlows(full, 'hazardous');
  const transfers = transferRows(full, 'hazardous');
  return { year, flows, transfers, receivers: receiverTotals(transfers), summary: summary(flows, transfers, full.period) };
}

export interface PlanRow {
  stream: LedgerStream;
  /** The plan's generation: the stream's declared yearly tonnes. */
  planned: Kg;
  /** What the records say of the year before. */
  previousGenerated: Kg;
  previousClosing: Kg;
}

/**
 * The management plan for `year`: each hazardous stream's planned generation (its declaration),
 * the previous year's recorded generation and storage at its end, and the receivers (with
 * licences) the previous year's manifests went to.
 */
export function hazardousPlan(input: Omit<LedgerInput, 'period'>, year: number): { year: number; rows: PlanRow[]; receivers: ReceiverTotal[] } {
  const previous = hazardousYear(input, year - 1);
  return {
    year,
    rows: previous.flows.map((f) => ({ stream: f.stream, planned: kg(f.stream.tonnesPerYear), previousGenerated: f.totals.generated, previousClosing: f.closing })),
    receivers: previous.receivers,
  };
}
