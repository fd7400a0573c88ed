import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { expectProblem, FIXTURE_PASSWORD, makeMember, orgId, userId } from '../../../test/helpers/fixtures';
import type { MeResponse } from '../auth/auth.schema';
import type { MemberView } from './users.schema';

describe.each(backends)('members (%s)', (kind) => {
  let t: TestApp;
  let shunan: TestClient;
  let shunanId: string;
  beforeAll(async () => {
    t = await createTestApp({ kind });
    shunan = await t.login('shunan');
    shunanId = await orgId(t.db, 'BZ-TRN-SHUNAN');
  });
  afterAll(() => t.close());

  const members = async () => (await shunan.get(`/api/v1/organisations/${shunanId}/members`)).json<{ items: MemberView[] }>().items;

  it('lists members without any secret', async () => {
    const res = await shunan.get(`/api/v1/organisations/${shunanId}/members`);
    expect(res.json<{ items: MemberView[] }>().items).toEqual([
      expect.objectContaining({ username: 'shunan', role: 'admin', disabled: false, displayName: '罗斌（顺安物流）' }),
    ]);
    expect(res.body).not.toMatch(/scrypt|password/i);
  });

  it('creates a new user who can log in at once', async () => {
    const res = await shunan.post(`/api/v1/organisations/${shunanId}/members`, {
      username: ' Driver.Wang ',
      displayName: '王师傅',
      email: 'wang@example.com',
      password: 'a-long-enough-password',
      role: 'driver',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<MemberView & { created: boolean }>()).toMatchObject({ username: 'driver.wang', role: 'driver', created: true, email: 'wang@example.com' });
    const me = (await (await t.login('driver.wang', 'a-long-enough-password')).get('/api/v1/auth/me')).json<MeResponse>();
    expect(me.actingAs).toMatchObject({ organisationId: shunanId, role: 'driver' });
    const stored = await t.db.selectFrom('users').select('password_hash').where('username', '=', 'driver.wang').executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^scrypt\$/);
    expect(stored.password_hash).not.toContain('a-long-enough-password');
  });

  it('adds an existing user (no password) so one person acts for two organisations', async () => {
    const res = await shunan.post(`/api/v1/organisations/${shunanId}/members`, { username: 'lvyun', role: 'reader' });
    expect(res.statusCode).toBe(201);
    expect(res.json<{ created: boolean }>().created).toBe(false);
    const me = (await (await t.login('lvyun')).get('/api/v1/auth/me')).json<MeResponse>();
    expect(me.memberships.map((m) => m.organisationCode).sort()).toEqual(['BZ-TRN-LVYUN', 'BZ-TRN-SHUNAN']);
  });

  it('validates new members: fields are named', async () => {
    const missing = expectProblem(await shunan.post(`/api/v1/organisations/${shunanId}/members`, { username: 'brand-new', role: 'member' }), 400, 'validation');
    expect(missing.errors!.map((e) => e.field).sort()).toEqual(['displayName', 'password']);
    const bad = expectProblem(
      await shunan.post(`/api/v1/organisations/${shunanId}/members`, { username: 'x', displayName: 'X', password: 'short', role: 'owner', email: 'not-mail' }),
      400,
      'validation',
    );
    expect(bad.errors!.map((e) => e.field).sort()).toEqual(['body.email', 'body.password', 'body.role', 'body.username']);
  });

  it('changes roles and keeps at least one admin', async () => {
    const person = await makeMember(t.db, shunanId, 'member');
    const url = `/api/v1/organisations/${shunanId}/members/${person.userId}`;
    expect((await shunan.patch(url, { role: 'admin' })).statusCode).toBe(204);
    // Two admins now: the original one may step down, then the last one may not.
    const shunanUser = await userId(t.db, 'shunan');
    expect((await shunan.patch(`/api/v1/organisations/${shunanId}/members/${shunanUser}`, { role: 'member' })).statusCode).toBe(204);
    // The session of the former admin now acts as a member: managing members is over.
    expectProblem(await shunan.patch(url, { role: 'reader' }), 403, 'forbidden');
    const newAdmin = await t.login(person.username, FIXTURE_PASSWORD);
    expectProblem(await newAdmin.patch(url, { role: 'member' }), 409, 'conflict');
    expectProblem(await newAdmin.delete(url), 409, 'conflict');
    expect((await newAdmin.patch(`/api/v1/organisations/${shunanId}/members/${shunanUser}`, { role: 'admin' })).statusCode).toBe(204);
    expect((await members()).filter((m) => m.role === 'admin').map((m) => m.username).sort()).toEqual([person.username, 'shunan'].sort());
  });

  it('answers 404 for a user who is not a member', async () => {
    const stranger = await userId(t.db, 'huatuo');
    expectProblem(await shunan.patch(`/api/v1/organisations/${shunanId}/members/${stranger}`, { role: 'reader' }), 404, 'not_found');
    expectProblem(await shunan.delete(`/api/v1/organisations/${shunanId}/members/${stranger}`), 404, 'not_found');
  });
});
