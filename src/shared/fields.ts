import { z } from 'zod';

/**
 * Field schemas shared by every entry point (JSON bodies, path and query parameters, CSV/.xlsx
 * cells, CLI options) and by the web app's forms: one validation per field, so a value the
 * database or an engine cannot take is refused where it enters, as a 400 naming the field,
 * instead of failing later as a 500 (an id past int4 reaching an `integer` column, a price of
 * 1e308 or a price cap of 5e-324 making a cost or a ratio infinite).
 */

/** The largest PostgreSQL `integer` (int4): serial keys and integer columns stop here. */
const INT4_MAX = 2_147_483_647;

export const fieldLimits = {
  /** 元 per unit (kg, g, 斤) of a herb; no market price comes near 1e8. */
  price: { max: 100_000_000 },
} as const;

/**
 * A positive integer key stored in an int4 column (supply specs, herbs, markets), as a path or
 * query parameter: `/specs/2147483648` is a validation error, not a database error.
 */
export const intKey = z.coerce.number({ error: 'a positive integer' }).int('a positive integer').positive('a positive integer').max(INT4_MAX, `at most ${INT4_MAX}`);

/**
 * A finite number within a field's documented range, from JSON or text (query strings, cells).
 * `above` excludes its bound (a yield or a factor must be more than 0, not 0 itself).
 */
export function boundedNumber(range: { min?: number; above?: number; max: number }) {
  let schema = z.coerce.number({ error: 'a number' }).max(range.max, `at most ${range.max}`);
  if (range.above !== undefined) schema = schema.gt(range.above, `must be > ${range.above}`);
  if (range.min !== undefined) schema = schema.min(range.min, `at least ${range.min}`);
  return schema;
}
