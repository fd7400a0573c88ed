/**
 * Quantities of a manifest travel as decimal strings of tonnes (issue 13: canonical JSON keeps
 * quantities as decimal strings, so a hash never depends on a float's printing). The engines
 * compute on whole grams (1e-6 t): exact, and far inside Number's safe integers (9e9 t).
 */

const DECIMAL = /^(\d{1,10})(?:\.(\d{1,6}))?$/;

/** Grams of a decimal string of tonnes ("12.5" → 12 500 000); null when it is not one. */
export function tonnesToGrams(tonnes: string): number | null {
  const m = DECIMAL.exec(tonnes);
  if (!m) return null;
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'));
}

/** The decimal string of tonnes of whole grams, without trailing zeros (12 500 000 → "12.5"). */
export function gramsToTonnes(grams: number): string {
  const sign = grams < 0 ? '-' : '';
  const g = Math.abs(Math.round(grams));
  const whole = Math.floor(g / 1_000_000);
  const fraction = String(g % 1_000_000).padStart(6, '0').replace(/0+$/, '');
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

/** Grams of a number of tonnes, rounded to the gram (imports: partners send JSON numbers). */
export function numberToGrams(tonnes: number): number {
  return Math.round(tonnes * 1_000_000);
}
