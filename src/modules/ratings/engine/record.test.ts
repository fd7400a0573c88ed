import { describe, expect, it } from 'vitest';
import { fulfilmentRecord, manifestRecord, mergeRecords, rateParticipant, type DeliveryFact, type ManifestFact } from './index';

const AS_OF = '2026-12-01T00:00:00.000Z';

describe('the record from exchange deliveries', () => {
  const d = (ref: string, over: Partial<DeliveryFact>): DeliveryFact => ({ ref, supplier: 'S', plannedOn: '2026-11-01', plannedTonnes: 10, status: 'delivered', deliveredOn: '2026-11-01', deliveredTonnes: 10, ...over });

  it('on time and in full is met; late, short or overdue is missed; not yet due or cancelled counts nothing', () => {
    const record = fulfilmentRecord(
      [
        d('on-time', {}),
        d('within-grace', { deliveredOn: '2026-11-08', deliveredTonnes: 9.5 }),
        d('late', { deliveredOn: '2026-11-09' }),
        d('short', { deliveredTonnes: 9.4 }),
        d('overdue', { status: 'planned', deliveredOn: null, deliveredTonnes: null, plannedOn: '2026-11-20' }),
        d('not-due', { status: 'planned', deliveredOn: null, deliveredTonnes: null, plannedOn: '2026-11-28' }),
        d('cancelled', { status: 'cancelled', deliveredOn: null, deliveredTonnes: null }),
        d('other', { supplier: 'T' }),
      ],
      AS_OF,
    );
    expect(record.get('S')!.map((e) => [e.ref, e.kind === 'obligation' && e.met, e.at])).toEqual([
      ['on-time', true, '2026-11-01T00:00:00.000Z'],
      ['within-grace', true, '2026-11-08T00:00:00.000Z'],
      ['late', false, '2026-11-09T00:00:00.000Z'],
      ['short', false, '2026-11-01T00:00:00.000Z'],
      // Planned 20 November, 7 days' grace: missed at the end of 27 November.
      ['overdue', false, '2026-11-27T23:59:59.999Z'],
    ]);
    expect(record.get('T')).toHaveLength(1);
  });
});

describe('the record from manifests', () => {
  const m: ManifestFact = {
    ref: 'HB-1',
    generator: 'G',
    transporters: ['T1', 'T2'],
    receiver: 'R',
    pickedUpAt: '2026-11-02T02:00:00Z',
    pickupDueBy: '2026-11-02T08:00:00Z',
    deliveredAt: '2026-11-02T06:00:00Z',
    receivedAt: '2026-11-02T07:00:00Z',
    receiptDueBy: '2026-11-03T02:00:00Z',
    weightWithin: false,
    refusal: 'partial',
  };

  it('gives each obligation to the party that had to act', () => {
    const record = manifestRecord([m], AS_OF);
    const view = (org: string) => record.get(org)?.map((e) => (e.kind === 'obligation' ? `${e.dimension}:${e.met}` : e.kind));
    expect(view('T1')).toEqual(['pickup:true', 'weight:false']);
    expect(view('T2')).toEqual(['weight:false']);
    expect(view('R')).toEqual(['receipt:true']);
    expect(view('G')).toEqual(['acceptance:false']);
  });

  it('an overdue pickup is missed once its time has passed, not before', () => {
    const waiting = { ...m, ref: 'HB-2', pickedUpAt: null, deliveredAt: null, receivedAt: null, receiptDueBy: null, weightWithin: null, refusal: 'none' as const };
    expect(manifestRecord([waiting], '2026-11-02T07:00:00Z').size).toBe(0);
    expect(manifestRecord([waiting], AS_OF).get('T1')).toEqual([{ kind: 'obligation', dimension: 'pickup', met: false, at: m.pickupDueBy, ref: 'HB-2' }]);
  });

  it('ratings move with the record: a refused load lowers the generator’s rating', () => {
    const clean = { ...m, refusal: 'none' as const };
    const before = rateParticipant(manifestRecord([clean], AS_OF).get('G')!, AS_OF).score;
    const after = rateParticipant(mergeRecords(manifestRecord([clean], AS_OF), manifestRecord([{ ...m, ref: 'HB-3' }], AS_OF)).get('G')!, AS_OF).score;
    expect(after).toBeLessThan(before);
  });
});
