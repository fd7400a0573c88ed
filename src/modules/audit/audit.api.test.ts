import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { type AuditRow, auditRowsFor, countRows, expectProblem, FIXTURE_PASSWORD, orgId, unique, userId } from '../../../test/helpers/fixtures';

/**
 * Every write leaves an audit record written in the same transaction: actor, organisation,
 * action, entity, before/after summary and the request id the client saw in x-request-id.
 * Restricted columns (password and token hashes) never reach the audit JSON.
 */
function requestIdOf(res: LightMyRequestResponse): string {
  const id = res.headers['x-request-id'];
  expect(typeof id).toBe('string');
  return id as string;
}

function expectNoSecrets(rows: AuditRow[]): void {
  const text = JSON.stringify(rows);
  for (const leak of ['password_hash', 'token_hash', 'csrf_token', 'scrypt$', 'hlp_']) expect(text).not.toContain(leak);
}

describe.each(backends)('audit log (%s)', (kind) => {
  let t: TestApp;
  let admin: TestClient;
  let huatuo: TestClient;
  let huatuoId: string;
  let huatuoUserId: string;
  let adminUserId: string;

  beforeAll(async () => {
    t = await createTestApp({ kind });
    admin = await t.login('admin');
    huatuo = await t.login('huatuo');
    huatuoId = await orgId(t.db, 'BZ-MFR-HUATUO');
    huatuoUserId = await userId(t.db, 'huatuo');
    adminUserId = await userId(t.db, 'admin');
  });
  afterAll(() => t.close());

  async function audited(res: LightMyRequestResponse, status: number): Promise<AuditRow[]> {
    expect(res.statusCode, res.body).toBe(status);
    const rows = await auditRowsFor(t.db, requestIdOf(res));
    expectNoSecrets(rows);
    return rows;
  }

  it('organisation create and update', async () => {
    const code = unique('A-').toUpperCase();
    const created = await admin.post('/api/v1/organisations', { code, nameZh: '审计测试', nameEn: 'Audit test', type: 'utilizer', regionCode: '341602', contactPhone: '0558-1' });
    const [create, ...more] = await audited(created, 201);
    const id = created.json<{ id: string }>().id;
    expect(more).toEqual([]);
    expect(create).toMatchObject({
      actor_user_id: adminUserId,
      actor_token_id: null,
      organisation_id: id,
      action: 'organisation.create',
      entity_type: 'organisations',
      entity_id: id,
      before: null,
      after: { code, name_en: 'Audit test', contact_phone: '0558-1', region_code: '341602' },
    });

    const updated = await huatuo.patch(`/api/v1/organisations/${huatuoId}`, { nameEn: 'Huatuo Pharma (audited)' });
    const [update] = await audited(updated, 200);
    expect(update).toMatchObject({
      actor_user_id: huatuoUserId,
      organisation_id: huatuoId,
      action: 'organisation.update',
      entity_id: huatuoId,
      before: { name_en: 'Huatuo Bencao Pharmaceutical Co.' },
      after: { name_en: 'Huatuo Pharma (audited)' },
    });
  });

  it('site create, update and delete', async () => {
    const created = await huatuo.post(`/api/v1/organisations/${huatuoId}/sites`, { name: '仓库', address: '药都大道 1700 号', latitude: 33.8421, longitude: 115.794 });
    const siteId = created.json<{ id: string }>().id;
    expect(await audited(created, 201)).toMatchObject([
      { action: 'site.create', entity_type: 'sites', entity_id: siteId, organisation_id: huatuoId, actor_user_id: huatuoUserId, after: { name: '仓库', latitude: '33.842100' } },
    ]);
    const updated = await huatuo.patch(`/api/v1/sites/${siteId}`, { name: '成品仓库' });
    expect(await audited(updated, 200)).toMatchObject([{ action: 'site.update', entity_id: siteId, before: { name: '仓库' }, after: { name: '成品仓库' } }]);
    const deleted = await admin.delete(`/api/v1/sites/${siteId}`);
    expect(await audited(deleted, 204)).toMatchObject([
      { action: 'site.delete', entity_id: siteId, organisation_id: huatuoId, actor_user_id: adminUserId, before: { name: '成品仓库' }, after: null },
    ]);
  });

  it('member invitation (new account), first login, role change and removal', async () => {
    const username = unique('audited-');
    const invited = await huatuo.post(`/api/v1/organisations/${huatuoId}/members`, { username, displayName: 'Audited Person', password: FIXTURE_PASSWORD, role: 'member' });
    const rows = await audited(invited, 202);
    const newUserId = await userId(t.db, username);
    // The account's creation is audited at platform level: the organisation's log would tell its admins the username was free.
    expect(rows).toMatchObject([
      { action: 'user.create', entity_type: 'users', entity_id: newUserId, organisation_id: null, after: { username, display_name: 'Audited Person' } },
      { action: 'invitation.create', entity_type: 'membership_invitations', organisation_id: huatuoId, after: { username, role: 'member' } },
    ]);
    expect(Object.keys(rows[0]!.after as object)).not.toContain('password_hash');
    await t.login(username, FIXTURE_PASSWORD);
    const joined = await t.db.selectFrom('audit_log').selectAll().where('request_id', 'like', `login:${username}`).execute();
    expect(joined.map((r) => r.action).sort()).toEqual(['invitation.accept', 'membership.create']);
    expect(joined.find((r) => r.action === 'membership.create')).toMatchObject({ entity_id: `${newUserId}:${huatuoId}`, after: { role: 'member', user_id: newUserId } });

    const changed = await huatuo.patch(`/api/v1/organisations/${huatuoId}/members/${newUserId}`, { role: 'admin' });
    expect(await audited(changed, 204)).toMatchObject([{ action: 'membership.update', before: { role: 'member' }, after: { role: 'admin' } }]);
    const removed = await huatuo.delete(`/api/v1/organisations/${huatuoId}/members/${newUserId}`);
    expect(await audited(removed, 204)).toMatchObject([{ action: 'membership.delete', before: { role: 'admin' }, after: null, actor_user_id: huatuoUserId }]);
  });

  it('token create and revoke, with no secret or hash in the audit', async () => {
    const created = await huatuo.post(`/api/v1/organisations/${huatuoId}/tokens`, { name: 'price feed', role: 'reader' });
    const token = created.json<{ id: string; token: string; prefix: string }>();
    const [create] = await audited(created, 201);
    expect(create).toMatchObject({ action: 'api_token.create', entity_type: 'api_tokens', entity_id: token.id, organisation_id: huatuoId, after: { prefix: token.prefix, role: 'reader' } });
    expect(JSON.stringify(create)).not.toContain(token.token);

    const revoked = await admin.delete(`/api/v1/tokens/${token.id}`);
    const [revoke] = await audited(revoked, 200);
    expect(revoke).toMatchObject({ action: 'api_token.revoke', entity_id: token.id, actor_user_id: adminUserId, before: { revoked_at: null } });
    expect((revoke!.after as { revoked_at: string | null }).revoked_at).toMatch(/^\d{4}-/);
    // Revoking again changes nothing and records nothing.
    expect(await audited(await admin.delete(`/api/v1/tokens/${token.id}`), 200)).toEqual([]);
  });

  it('uses the caller’s x-request-id when it is well formed, and the audit API shows it', async () => {
    const requestId = `trace-${unique('')}`;
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/organisations/${huatuoId}`,
      headers: { cookie: huatuo.cookie!, 'x-csrf-token': huatuo.csrf!, 'x-request-id': requestId },
      payload: { contactPhone: '0558-5510001' },
    });
    expect(res.headers['x-request-id']).toBe(requestId);
    expect(await audited(res, 200)).toHaveLength(1);
    const listed = await huatuo.get(`/api/v1/audit?organisationId=${huatuoId}&action=organisation.update`);
    const entry = listed.json<{ items: { requestId: string; actorUsername: string; organisationCode: string }[] }>().items[0];
    expect(entry).toMatchObject({ requestId, actorUsername: 'huatuo', organisationCode: 'BZ-MFR-HUATUO' });
    // A malformed upstream id is replaced by our own.
    const other = await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'bad id!' } });
    expect(other.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('failed writes leave neither audit rows nor partial data', () => {
    it('conflicts: duplicate code, duplicate credit code, existing member, last admin', async () => {
      const before = { orgs: await countRows(t.db, 'organisations'), audit: await countRows(t.db, 'audit_log'), members: await countRows(t.db, 'memberships') };
      const base = { nameZh: '重复', nameEn: 'Duplicate', type: 'manufacturer', regionCode: '341602' };

      const dupCode = await admin.post('/api/v1/organisations', { ...base, code: 'BZ-MFR-HUATUO' });
      expect(expectProblem(dupCode, 409, 'conflict').errors).toEqual([{ field: 'code', message: 'already taken' }]);
      const dupCredit = await admin.post('/api/v1/organisations', { ...base, code: unique('D-').toUpperCase(), creditCode: '91341600MA2N000A01' });
      expect(expectProblem(dupCredit, 409, 'conflict').errors).toEqual([{ field: 'creditCode', message: 'already taken' }]);
      const shaodu = await orgId(t.db, 'BZ-MFR-SHAODU');
      const dupCreditUpdate = await admin.patch(`/api/v1/organisations/${shaodu}`, { creditCode: '91341600MA2N000A01' });
      expectProblem(dupCreditUpdate, 409, 'conflict');
      const existing = await huatuo.post(`/api/v1/organisations/${huatuoId}/members`, { username: 'huatuo-ops', role: 'reader' });
      expectProblem(existing, 409, 'conflict');
      const shaoduAdmin = await t.login('shaodu');
      const lastAdmin = await shaoduAdmin.delete(`/api/v1/organisations/${shaodu}/members/${await userId(t.db, 'shaodu')}`);
      expect(expectProblem(lastAdmin, 409, 'conflict').detail).toMatch(/at least one administrator/);
      const demote = await shaoduAdmin.patch(`/api/v1/organisations/${shaodu}/members/${await userId(t.db, 'shaodu')}`, { role: 'member' });
      expectProblem(demote, 409, 'conflict');

      for (const res of [dupCode, dupCredit, dupCreditUpdate, existing, lastAdmin, demote]) {
        expect(await auditRowsFor(t.db, requestIdOf(res))).toEqual([]);
      }
      expect({ orgs: await countRows(t.db, 'organisations'), audit: await countRows(t.db, 'audit_log'), members: await countRows(t.db, 'memberships') }).toEqual(before);
      const org = await t.db.selectFrom('organisations').select('credit_code').where('id', '=', shaodu).executeTakeFirstOrThrow();
      expect(org.credit_code).toBe('91341600MA2N000B02');
    });

    it('a failure after the first insert rolls the whole write back (user + invitation)', async () => {
      // Make the invitation insert fail after the user row was written in the same transaction.
      await sql`alter table membership_invitations add constraint test_no_drivers check (role <> 'driver') not valid`.execute(t.db);
      try {
        const username = unique('half-');
        const res = await huatuo.post(`/api/v1/organisations/${huatuoId}/members`, { username, displayName: 'Half Written', password: FIXTURE_PASSWORD, role: 'driver' });
        expectProblem(res, 500, 'internal');
        expect(await t.db.selectFrom('users').select('id').where('username', '=', username).execute()).toEqual([]);
        expect(await auditRowsFor(t.db, requestIdOf(res))).toEqual([]);
      } finally {
        await sql`alter table membership_invitations drop constraint test_no_drivers`.execute(t.db);
      }
    });

    it('a failing audit insert rolls the write back: the audit is in the same transaction', async () => {
      await sql`alter table audit_log add constraint test_no_site_audit check (action <> 'site.create') not valid`.execute(t.db);
      try {
        const sites = await countRows(t.db, 'sites');
        const res = await huatuo.post(`/api/v1/organisations/${huatuoId}/sites`, { name: 'never', address: 'nowhere 1', latitude: 1, longitude: 2 });
        expectProblem(res, 500, 'internal');
        expect(await countRows(t.db, 'sites')).toBe(sites);
      } finally {
        await sql`alter table audit_log drop constraint test_no_site_audit`.execute(t.db);
      }
    });

    it('two concurrent creates of the same code: one wins, the other is a 409 conflict, one audit row', async () => {
      const code = unique('RACE-').toUpperCase();
      const body = { code, nameZh: '并发', nameEn: 'Race', type: 'utilizer', regionCode: '341602' };
      const [a, b] = await Promise.all([admin.post('/api/v1/organisations', body), admin.post('/api/v1/organisations', body)]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expectProblem(loser, 409, 'conflict');
      expect(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'organisation.create').where('after', '@>', JSON.stringify({ code })).execute()).toHaveLength(1);
    });
  });
});
