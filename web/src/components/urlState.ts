/**
 * Typed search parameters: how a page's filters and tabs are read from and written to the URL
 * (issue 11: the URL is the source of truth, so back/forward work and a view can be shared).
 * A value equal to its default is left out of the URL, so the plain path is the default view;
 * a value that does not parse (an edited or outdated link) falls back to the default.
 */
export interface UrlParam<T> {
  readonly defaultValue: T;
  parse(values: readonly string[]): T;
  format(value: T): string[];
}

/** A list chosen empty, where absent means a default list. */
const EMPTY = '-';

const same = <T>(a: T, b: T): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;

export const param = {
  /** Free text (a search box); empty is the default. */
  text: (): UrlParam<string> => ({
    defaultValue: '',
    parse: (v) => v[0] ?? '',
    format: (x) => (x === '' ? [] : [x]),
  }),
  /** An optional identifier or code (a region, an organisation, a model). */
  optional: (): UrlParam<string | undefined> => ({
    defaultValue: undefined,
    parse: (v) => (v[0] === undefined || v[0] === '' ? undefined : v[0]),
    format: (x) => (x === undefined ? [] : [x]),
  }),
  /** One of a fixed set; anything else reads as the default. */
  oneOf: <T extends string>(values: readonly T[], defaultValue: T): UrlParam<T> => ({
    defaultValue,
    parse: (v) => values.find((x) => x === v[0]) ?? defaultValue,
    format: (x) => [x],
  }),
  /** One of a fixed set, or nothing chosen. */
  optionalOneOf: <T extends string>(values: readonly T[]): UrlParam<T | undefined> => ({
    defaultValue: undefined,
    parse: (v) => values.find((x) => x === v[0]),
    format: (x) => (x === undefined ? [] : [x]),
  }),
  /** A whole number within [min, max]; absent or out of range: the default. */
  int: <D extends number | undefined>(defaultValue: D, range: { min?: number; max?: number } = {}): UrlParam<number | D> => ({
    defaultValue,
    parse: (v) => {
      const n = v[0] === undefined || !/^-?\d+$/.test(v[0]) ? NaN : Number(v[0]);
      if (!Number.isSafeInteger(n) || (range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max)) return defaultValue;
      return n;
    },
    format: (x) => (x === undefined ? [] : [String(x)]),
  }),
  /**
   * Several values, repeated (`?level=red&level=orange`); `allowed` drops unknown ones. With a
   * non-empty default, an empty choice is written as `-` (absent means the default).
   */
  list: <T extends string = string>(allowed?: readonly T[], defaultValue: readonly T[] = []): UrlParam<T[]> => ({
    defaultValue: [...defaultValue],
    parse: (v) => {
      if (v.length === 0) return [...defaultValue];
      if (defaultValue.length > 0 && v.length === 1 && v[0] === EMPTY) return [];
      return v.filter((x): x is T => (allowed ? allowed.some((a) => a === x) : x !== ''));
    },
    format: (x) => (x.length === 0 && defaultValue.length > 0 ? [EMPTY] : x),
  }),
};

export type UrlSchema = Record<string, UrlParam<unknown>>;
export type UrlValues<S extends UrlSchema> = { [K in keyof S]: S[K] extends UrlParam<infer T> ? T : never };

export function readUrlState<S extends UrlSchema>(schema: S, search: URLSearchParams): UrlValues<S> {
  const out: Record<string, unknown> = {};
  for (const [key, p] of Object.entries(schema)) out[key] = p.parse(search.getAll(key));
  return out as UrlValues<S>;
}

/**
 * The search string with `patch` applied: patched keys are rewritten (left out when equal to the
 * default), every other parameter of the URL is kept as it was.
 */
export function writeUrlState<S extends UrlSchema>(schema: S, search: URLSearchParams, patch: Partial<UrlValues<S>>): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const key of Object.keys(patch)) {
    const p = schema[key];
    if (!p) continue;
    const value = patch[key];
    next.delete(key);
    if (same(value, p.defaultValue)) continue;
    for (const v of p.format(value)) next.append(key, v);
  }
  return next;
}
