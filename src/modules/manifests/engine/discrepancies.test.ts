import { describe, expect, it } from 'vitest';
import { licenceCovers, licenceDiscrepancies, receiptDiscrepancies } from './discrepancies';
import { fromMilli, isQuantity, normaliseQuantity, toMilli } from './quantity';

describe('quantities', () => {
  it('reads and writes decimal strings exactly', () => {
    expect(toMilli('12.5')).toBe(12_500);
    expect(toMilli('0.001')).toBe(1);
    expect(fromMilli(12_500)).toBe('12.5');
    expect(normaliseQuantity('7.250')).toBe('7.25');
    expect(normaliseQuantity('3.000')).toBe('3');
    for (const bad of ['', '-1', '1.2345', '01', '1e3', 'NaN', '1.']) expect(isQuantity(bad)).toBe(false);
  });
});

describe('licence discrepancies', () => {
  const licence = { categories: ['HW02', 'SW17-001'], annualCapacity: '100', validFrom: '2026-01-01', validUntil: '2026-12-31' };

  it('covers codes by category prefix at a separator', () => {
    expect(licenceCovers(licence.categories, '271-001-02', 'HW02')).toBe(true);
    expect(licenceCovers(licence.categories, '900-041-49', 'HW49')).toBe(false);
    expect(licenceCovers(['SW17'], 'SW17-001', 'SW17')).toBe(true);
    expect(licenceCovers(['SW1'], 'SW17-001', 'SW17')).toBe(false);
    expect(licenceCovers(['*'], '900-041-49', 'HW49')).toBe(true);
  });

  it('flags an unlicensed code, a lapsed licence and a load over the annual capacity', () => {
    const lines = [
      { line: 1, wasteCode: '271-001-02', category: 'HW02', quantity: '10' },
      { line: 2, wasteCode: '900-041-49', category: 'HW49', quantity: '5' },
    ];
    expect(licenceDiscrepancies(lines, licence, '2026-06-01', '0')).toEqual([{ kind: 'unlicensed-code', line: 2 }]);
    expect(licenceDiscrepancies(lines.slice(0, 1), licence, '2027-01-02', '0')).toEqual([{ kind: 'licence-lapsed', line: 1 }]);
    expect(licenceDiscrepancies(lines.slice(0, 1), licence, '2026-06-01', '90')).toEqual([]);
    expect(licenceDiscrepancies(lines.slice(0, 1), licence, '2026-06-01', '90.001')).toEqual([{ kind: 'over-capacity', line: 1 }]);
    expect(licenceDiscrepancies(lines.slice(0, 1), null, '2026-06-01', '0')).toEqual([{ kind: 'unlicensed-code', line: 1 }]);
  });
});

describe('receipt discrepancies', () => {
  it('compares the received weight with the picked-up weight, else the declared quantity, within the tolerance', () => {
    const found = receiptDiscrepancies(
      [
        { line: 1, wasteCode: 'a', category: 'SW59', quantity: '100', pickedUp: null, received: '103' },
        { line: 2, wasteCode: 'a', category: 'SW59', quantity: '100', pickedUp: null, received: '103.001' },
        { line: 3, wasteCode: 'a', category: 'SW59', quantity: '100', pickedUp: '90', received: '96' },
        { line: 4, wasteCode: 'a', category: 'SW59', quantity: '10', pickedUp: null, received: null },
        { line: 5, wasteCode: 'a', category: 'SW59', quantity: '0', pickedUp: null, received: '1' },
      ],
      0.03,
    );
    expect(found).toEqual([
      { kind: 'weight-mismatch', line: 2, deviation: 0.03 },
      { kind: 'weight-mismatch', line: 3, deviation: 0.0667 },
      { kind: 'missing-line', line: 4 },
      { kind: 'weight-mismatch', line: 5 },
    ]);
  });
});
