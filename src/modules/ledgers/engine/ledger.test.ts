import { describe, expect, it } from 'vitest';
import { generalLedger, hazardousPlan, hazardousYear, type LedgerInput, type LedgerTransfer, monthsOf } from './ledger';
import { nationalFields, nationalRows, type NationalSource } from './national';

const stream = (id: string, hazardous = false) => ({ id, code: id.toUpperCase(), name: `stream ${id}`, stage: 'extraction', state: 'solid', hazardous, hazardousCode: hazardous ? 'HW02' : null, currentHandling: null, tonnesPerYear: '120' });
const zero = { lowValue: '0', reduceEfficiency: '0', valueAdded: '0', unspecified: '0' };
const none = { landfill: '0', incineration: '0', discharge: '0', harmless: '0' };
const record = (streamId: string, period: string, generated: string, utilised: string, disposed: string) => ({
  streamId,
  period,
  generated,
  utilised: { ...zero, valueAdded: utilised },
  disposed: { ...none, incineration: disposed },
});

const transfer = (number: string, pickedUp: string, category: string, received: string, refused: string | null = null): LedgerTransfer => ({
  number,
  status: 'closed',
  pickedUpAt: new Date(pickedUp),
  receivedAt: new Date(pickedUp),
  treatmentCode: 'R3',
  receiver: { nameZh: '绿源', nameEn: 'Lvyuan', creditCode: '9134' },
  licence: { number: 'L-1', categories: ['SW13'], validFrom: '2026-01-01', validUntil: '2026-12-31' },
  transporters: [
    { nameZh: '通达', nameEn: 'Tongda', plate: 'A1' },
    { nameZh: '顺安', nameEn: 'Shunan', plate: 'B2' },
  ],
  lines: [{ line: 1, wasteCode: category, list: category.startsWith('HW') ? 'hazardous' : 'general', category, codeNameZh: null, codeNameEn: null, description: 'residue', quantity: '5', unit: 't', pickedUp: '5', received, refused }],
});

describe('ledger engine', () => {
  const input: LedgerInput = {
    period: { from: '2026-02', to: '2026-03' },
    streams: [stream('a'), stream('h', true)],
    records: [
      record('a', '2026-01', '10', '4', '1'), // before the period: 5 t stay in storage
      record('a', '2026-02', '8.125', '6', '1'),
      record('h', '2026-02', '3', '0', '2.5'),
    ],
    transfers: [
      // 2026-02-28 20:00 UTC is 1 March in China: counted in March.
      transfer('HL-1', '2026-02-28T20:00:00Z', 'SW13', '4.9', '0.4'),
      transfer('HL-2', '2026-02-10T02:00:00Z', 'HW02', '2'),
    ],
  };

  it('lists the months of a period across a year end', () => {
    expect(monthsOf({ from: '2025-11', to: '2026-02' })).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('carries storage from earlier records and balances to the kilogram', () => {
    const l = generalLedger(input);
    expect(l.flows).toHaveLength(1);
    const [feb, mar] = l.flows[0]!.months;
    expect(feb).toMatchObject({ opening: 5000, generated: 8125, utilisedTotal: 6000, disposedTotal: 1000, closing: 6125, recorded: true });
    expect(mar).toMatchObject({ opening: 6125, generated: 0, closing: 6125, recorded: false });
    const s = l.summary;
    expect(s.totals.generated).toBe(s.totals.utilised + s.totals.disposed + s.totals.storageChange);
    expect(s.closing).toBe(s.opening + s.totals.storageChange);
  });

  it('dates transfers by the pickup day in China time and keeps hazardous lines out of the general ledger', () => {
    const l = generalLedger(input);
    expect(l.transfers.map((t) => [t.number, t.period, t.accepted, t.licenceCovers, t.transportersZh])).toEqual([['HL-1', '2026-03', 4500, true, '通达 → 顺安']]);
    expect(l.summary.months.map((m) => [m.period, m.entrusted, m.selfHandled])).toEqual([
      ['2026-02', 0, 7000],
      ['2026-03', 4500, -4500],
    ]);
  });

  it('declares the hazardous year and plans the next from it', () => {
    const y = hazardousYear(input, 2026);
    expect(y.flows.map((f) => [f.stream.id, f.totals.generated, f.closing])).toEqual([['h', 3000, 500]]);
    expect(y.receivers).toEqual([expect.objectContaining({ wasteCode: 'HW02', manifests: 1, accepted: 2000 })]);
    const plan = hazardousPlan(input, 2027);
    expect(plan.rows.map((r) => [r.planned, r.previousGenerated, r.previousClosing])).toEqual([[120000, 3000, 500]]);
    expect(plan.receivers.map((r) => r.accepted)).toEqual([2000]);
  });
});

describe('national layout', () => {
  it('maps every field of each line, leaving what the platform does not hold empty', () => {
    const m: NationalSource = {
      number: 'HL-9',
      pickedUpAt: new Date('2026-05-01T01:00:00Z'),
      receivedAt: new Date('2026-05-01T16:30:00Z'),
      treatmentCode: 'D10',
      generator: { nameZh: '药都', creditCode: '91A', phone: '0558', siteAddress: '亳州' },
      receiver: { nameZh: '清源', creditCode: '91B', phone: '0559', siteAddress: '园区' },
      licence: { number: 'HW-L' },
      transporters: [{ nameZh: '绿运', creditCode: '91C', plate: 'W1', driverName: '谢鹏' }],
      lines: [{ wasteCode: '271-001-02', category: 'HW02', codeNameZh: '蒸馏残余物', description: '滤饼', packaging: '钢桶', packageCount: 4, quantity: '800', unit: 'kg', pickedUp: '800', received: '790', refused: '40', refusalReason: '破损', discrepancies: ['weight-mismatch'] }],
    };
    const [row] = nationalRows(m);
    expect(Object.keys(row!).sort()).toEqual(nationalFields.map((f) => f.key).sort());
    expect(row).toMatchObject({ quantityT: 0.8, receivedT: 0.75, pickupDate: '2026-05-01', receiptDate: '2026-05-02', wasteName: '蒸馏残余物（滤饼）', hazardProperties: null, carrierPermit: null });
    expect(row!.discrepancy).toBe('拒收 0.04 吨：破损；称重差异超出允许范围');
    expect(nationalFields.filter((f) => !f.held).map((f) => f.key)).toEqual(['hazardProperties', 'physicalForm', 'carrierPermit']);
  });
});
