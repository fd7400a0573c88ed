import { dataClassification, type Database } from '../db/database';

/**
 * Data classification registry (seed 002: classification and grading of data). Every column
 * of every table carries one level; APIs, exports and the audit log ask this registry what a
 * viewer may see. A test checks that every column in the database is registered, so a new
 * column cannot leak by default.
 *
 * - public: anyone, also without login (published bulletins, indices, the firm directory);
 * - internal: every logged-in platform user;
 * - confidential: the owning organisation, regulators of its region, platform admins
 *   (e.g. a firm's by-product volumes; aggregates of them are public);
 * - restricted: never leaves the server through APIs or exports (password and token hashes).
 */
export const classificationLevels = ['public', 'internal', 'confidential', 'restricted'] as const;
export type ClassificationLevel = (typeof classificationLevels)[number];

/** Every column of the tables `T` with its level: the compiler insists none is missing. */
export type TableClassification<T> = { [K in keyof T]: { [C in keyof T[K]]-?: ClassificationLevel } };

export { dataClassification };


const rank: Record<ClassificationLevel, number> = { public: 0, internal: 1, confidential: 2, restricted: 3 };

export function maySee(clearance: ClassificationLevel, level: ClassificationLevel): boolean {
  return level !== 'restricted' && rank[level] <= rank[clearance];
}

export function columnLevel(table: string, column: string): ClassificationLevel | undefined {
  const columns = (dataClassification as Record<string, Record<string, ClassificationLevel>>)[table];
  return columns?.[column];
}

/**
 * Keeps only the columns the clearance allows. Unregistered columns are dropped (fail closed);
 * the registry test makes sure none exist.
 */
export function redactRow<T extends keyof Database, R extends Partial<Record<keyof Database[T], unknown>>>(
  table: T,
  row: R,
  clearance: ClassificationLevel,
): Partial<R> {
  const out: Partial<R> = {};
  for (const key of Object.keys(row) as (keyof R & string)[]) {
    const level = columnLevel(table, key);
    if (level !== undefined && maySee(clearance, level)) out[key] = row[key];
  }
  return out;
}

/** Whether a column may be shown at a clearance: presenters use it field by field. */
export function visible<T extends keyof Database>(table: T, column: keyof Database[T] & string, clearance: ClassificationLevel): boolean {
  const level = columnLevel(table, column);
  return level !== undefined && maySee(clearance, level);
}
