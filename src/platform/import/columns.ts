import { errors } from '../errors';

/**
 * Maps the sheet's columns to schema keys. Each key lists the headers it accepts (English id
 * and Chinese label), compared without case and spaces.
 */
export type ColumnMap<K extends string> = Record<K, readonly string[]>;

const norm = (s: string) => s.toLowerCase().replace(/[\s_\-（）()]/g, '');

export function cleanHeader(h: string): string {
  return h.replace(/^\uFEFF/, '').trim();
}

/**
 * Which schema key each header column holds, by column position. Refuses the file when a
 * required key has no column or a column matches no key (it would be silently ignored).
 */
export function mapColumns<K extends string>(columns: readonly string[], columnMap: ColumnMap<K>, required: readonly K[] = []): (K | null)[] {
  const keyOfColumn = new Map<string, K>();
  for (const key of Object.keys(columnMap) as K[]) {
    for (const alias of [key, ...columnMap[key]]) {
      const found = columns.find((c) => norm(c) === norm(alias));
      if (found && !keyOfColumn.has(found)) {
        keyOfColumn.set(found, key);
        break;
      }
    }
  }
  const present = new Set(keyOfColumn.values());
  const missing = required.filter((k) => !present.has(k));
  if (missing.length > 0) {
    throw errors.validation(
      `Missing column(s): ${missing.map((k) => `${k} (${columnMap[k].join(' / ')})`).join(', ')}.`,
      missing.map((k) => ({ field: `column ${k}`, message: `missing; accepted headers: ${[k, ...columnMap[k]].join(', ')}` })),
    );
  }
  const unknown = columns.filter((c) => c !== '' && !keyOfColumn.has(c));
  if (unknown.length > 0) {
    throw errors.validation(`Unknown column(s): ${unknown.join(', ')}.`, unknown.map((c) => ({ field: `column ${c}`, message: 'not a known column' })));
  }
  // A header written twice maps both; the later cell wins, as it always has.
  return columns.map((c) => keyOfColumn.get(c) ?? null);
}
