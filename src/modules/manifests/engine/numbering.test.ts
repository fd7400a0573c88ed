import { describe, expect, it } from 'vitest';
import { manifestNumber, parseManifestNumber } from './numbering';

describe('manifest numbers', () => {
  it('formats and parses HL + year + region + serial', () => {
    const n = manifestNumber(2026, '341602', 12);
    expect(n).toBe('HL20263416020000012');
    expect(parseManifestNumber(n)).toEqual({ year: 2026, regionCode: '341602', serial: 12 });
    expect(parseManifestNumber('HL2026341602')).toBeNull();
    expect(() => manifestNumber(2026, '3416', 1)).toThrow(RangeError);
    expect(() => manifestNumber(2026, '341602', 10_000_000)).toThrow(RangeError);
  });
});
