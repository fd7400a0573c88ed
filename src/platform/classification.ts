import type { Database } from '../db/database';

/**
 * Data classification registry (seed 002: classification and grading of data). Every column
 * of every table carries one level; APIs, exports and the audit log ask this registry what a
 * viewer may see. A test checks that every column in the database is registered, so a new
 * column cannot leak by default.
 *
 * - public: anyone, also without login (published bulletins, indices, the firm directory);
 * - internal: any logged-in platform user;
 * - confidential: the owning organisation, regulators of its region, platform admins
 *   (e.g. a firm's by-product volumes; aggregates of them are public);
 * - restricted: never leaves the server through APIs or exports (password and token hashes).
 */
export const classificationLevels = ['public', 'internal', 'confidential', 'restricted'] as const;
export type ClassificationLevel = (typeof classificationLevels)[number];

type Registry = { [T in keyof Database]: { [C in keyof Database[T]]-?: ClassificationLevel } };

export const dataClassification: Registry = {
  regions: { code: 'public', name_zh: 'public', name_en: 'public', level: 'public', parent_code: 'public' },
  parks: {
    id: 'public',
    code: 'public',
    name_zh: 'public',
    name_en: 'public',
    region_code: 'public',
    created_at: 'public',
  },
  organisations: {
    id: 'public',
    code: 'public',
    name_zh: 'public',
    name_en: 'public',
    type: 'public',
    region_code: 'public',
    park_id: 'public',
    credit_code: 'internal',
    contact_phone: 'confidential',
    created_at: 'internal',
    updated_at: 'internal',
  },
  sites: {
    id: 'internal',
    organisation_id: 'internal',
    name: 'internal',
    address: 'confidential',
    latitude: 'confidential',
    longitude: 'confidential',
    created_at: 'internal',
    updated_at: 'internal',
  },
  users: {
    id: 'confidential',
    username: 'confidential',
    display_name: 'confidential',
    email: 'confidential',
    password_hash: 'restricted',
    locale: 'confidential',
    disabled: 'confidential',
    created_at: 'confidential',
    updated_at: 'confidential',
  },
  memberships: { user_id: 'confidential', organisation_id: 'confidential', role: 'confidential', created_at: 'confidential' },
  sessions: {
    token_hash: 'restricted',
    user_id: 'restricted',
    organisation_id: 'restricted',
    csrf_token: 'restricted',
    created_at: 'restricted',
    last_seen_at: 'restricted',
    expires_at: 'restricted',
    ip: 'restricted',
    user_agent: 'restricted',
  },
  api_tokens: {
    id: 'confidential',
    organisation_id: 'confidential',
    name: 'confidential',
    prefix: 'confidential',
    token_hash: 'restricted',
    role: 'confidential',
    created_by: 'confidential',
    created_at: 'confidential',
    last_used_at: 'confidential',
    expires_at: 'confidential',
    revoked_at: 'confidential',
  },
  audit_log: {
    id: 'confidential',
    at: 'confidential',
    actor_user_id: 'confidential',
    actor_token_id: 'confidential',
    organisation_id: 'confidential',
    action: 'confidential',
    entity_type: 'confidential',
    entity_id: 'confidential',
    before: 'confidential',
    after: 'confidential',
    request_id: 'confidential',
  },
  rate_limits: { key: 'restricted', window_start: 'restricted', count: 'restricted' },
};

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
