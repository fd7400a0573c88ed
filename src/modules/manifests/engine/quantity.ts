/**
 * Quantities on manifests are decimal strings with at most three decimals (kilograms when the
 * unit is the tonne): they are hashed as text (RFC 8785 would otherwise print binary doubles),
 * so arithmetic runs on integer thousandths, exact up to 10^12.
 */

export const QUANTITY_PATTERN = /^(0|[1-9]\d{0,8})(\.\d{1,3})?$/;

export function isQuantity(text: string): boolean {
  return QUANTITY_PATTERN.test(text);
}

/** Thousandths of the unit; throws on text that is not a quantity (callers validate first). */
export function toMilli(text: string): number {
  if (!isQuantity(text)) throw new RangeError(`not a quantity: ${text}`);
  const [whole, fraction = ''] = text.split('.') as [string, string?];
  return Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
}

/** The canonical text of a quantity: no trailing zeros, no trailing point ("12.500" → "12.5"). */
export function fromMilli(milli: number): string {
  if (!Number.isSafeInteger(milli) || milli < 0) throw new RangeError(`not a quantity: ${milli}`);
  const whole = Math.floor(milli / 1000);
  const fraction = String(milli % 1000).padStart(3, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

export function normaliseQuantity(text: string): string {
  return fromMilli(toMilli(text));
}
