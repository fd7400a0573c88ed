/**
 * Manifest numbers, unique nationwide: `HL` + the year + the generator's region code (GB/T 2260,
 * six digits) + a serial of seven digits counted per region and year, e.g.
 * `HL20263416020000012` (19 characters). The region code makes numbers from different regions
 * distinct without coordination; the serial is drawn under the region-year counter's row lock.
 */

export const MANIFEST_NUMBER_PATTERN = /^HL(\d{4})(\d{6})(\d{7})$/;

export function manifestNumber(year: number, regionCode: string, serial: number): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`region code must be six digits: ${regionCode}`);
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`year out of range: ${year}`);
  if (!Number.isInteger(serial) || serial < 1 || serial > 9_999_999) throw new RangeError(`serial out of range: ${serial}`);
  return `HL${year}${regionCode}${String(serial).padStart(7, '0')}`;
}

export function parseManifestNumber(number: string): { year: number; regionCode: string; serial: number } | null {
  const m = MANIFEST_NUMBER_PATTERN.exec(number);
  if (!m) return null;
  return { year: Number(m[1]), regionCode: m[2]!, serial: Number(m[3]) };
}
