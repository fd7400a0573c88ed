import type { Selectable } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { DB, MembershipRole } from '../../src/db/database';
import type { AuditLogTable } from '../../src/modules/audit/audit.tables';
import { systemServiceContext } from '../../src/platform/viewer';
import { hashPassword } from '../../src/platform/password';
import { createApiToken } from '../../src/modules/tokens/tokens.service';
import { addMember } from '../../src/modules/users/users.service';
import { insertSite } from '../../src/modules/organisations/organisations.repository';

/**
 * Small factories for API tests (in the spirit of Outline's `buildUser`): they write straight
 * through the services with a system context, so a test sets up exactly the rows it needs.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  requestId: string;
  errors?: { field: string; message: string }[];
  retryAfter?: number;
}

export function problemOf(res: LightMyRequestResponse): Problem {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json<Problem>();
  expect(body.status).toBe(res.statusCode);
  return body;
}

/** Asserts the status and the problem code in one go; returns the problem for more checks. */
export function expectProblem(res: LightMyRequestResponse, status: number, code: string): Problem {
  expect({ status: res.statusCode, body: res.body }).toMatchObject({ status });
  const problem = problemOf(res);
  expect(problem.code).toBe(code);
  return problem;
}

export async function orgId(db: DB, code: string): Promise<string> {
  const row = await db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return row.id;
}

export async function userId(db: DB, username: string): Promise<string> {
  const row = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return row.id;
}

let cheapHash: Promise<string> | undefined;
/** One scrypt hash shared by every fixture user (hashing costs ~60 ms each). */
export function fixturePasswordHash(): Promise<string> {
  cheapHash ??= hashPassword(FIXTURE_PASSWORD);
  return cheapHash;
}
export const FIXTURE_PASSWORD = 'fixture-password-1';

let counter = 0;
/** Unique, valid names for rows made by tests. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

export async function makeMember(db: DB, organisationId: string, role: MembershipRole, username = unique('fx-')): Promise<{ userId: string; username: string }> {
  const passwordHash = await fixturePasswordHash();
  const { user } = await db
    .transaction()
    .execute((trx) => addMember(trx, systemServiceContext('test'), organisationId, { username, displayName: username, password: FIXTURE_PASSWORD, role }, { passwordHash }));
  return { userId: user.id, username };
}

export async function makeSite(db: DB, organisationId: string): Promise<string> {
  const row = await db
    .transaction()
    .execute((trx) => insertSite(trx, { organisation_id: organisationId, name: unique('site-'), address: 'fixture address 1', latitude: 33.84, longitude: 115.79 }));
  return row.id;
}

export async function makeToken(db: DB, organisationId: string, role: 'member' | 'reader' = 'member'): Promise<{ id: string; token: string }> {
  const { row, token } = await db
    .transaction()
    .execute((trx) => createApiToken(trx, systemServiceContext('test'), organisationId, { name: unique('token-'), role, expiresInDays: 30 }));
  return { id: row.id, token };
}

/** An audit record as stored, with its bigint id as a number for comparisons. */
export type AuditRow = Omit<Selectable<AuditLogTable>, 'id'> & { id: number };

export async function auditRowsFor(db: DB, requestId: string): Promise<AuditRow[]> {
  const rows = await db.selectFrom('audit_log').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function countRows(db: DB, table: string): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int8 as n from ${sql.table(table)}`.execute(db);
  return result.rows[0]!.n;
}
